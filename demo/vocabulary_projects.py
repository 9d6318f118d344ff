"""Italian words the demo composes projects, needs, campaigns, calls and applications from.

Data only. `{place}` is a neighbourhood's short name ("Giambellino"), `{year}` a calendar year.
"""

from dataclasses import dataclass

THEME_CODES: tuple[str, ...] = (
    "social-inclusion",
    "education",
    "health",
    "innovation",
    "culture",
    "public-space",
    "greening",
)

# The skills a theme's volunteering asks for, most typical first.
THEME_SKILLS: dict[str, tuple[str, ...]] = {
    "greening": ("gardening", "manual-work", "project-management", "communication"),
    "education": ("teaching", "languages", "mentoring", "digital-literacy"),
    "health": ("elderly-care", "healthcare", "sport-coaching", "cooking"),
    "social-inclusion": ("cooking", "logistics", "languages", "legal", "elderly-care"),
    "innovation": ("mentoring", "software", "digital-literacy", "data-analysis", "accounting"),
    "culture": ("event-organisation", "communication", "photography-video", "design"),
    "public-space": ("manual-work", "design", "project-management", "event-organisation"),
}

PROJECT_TITLES: dict[str, tuple[str, ...]] = {
    "greening": (
        "Cento alberi per {place}",
        "Un bosco di quartiere a {place}",
        "Orti condivisi a {place}",
        "Cortili verdi a {place}",
        "Via l'asfalto dal cortile della scuola di {place}",
        "Ombra in piazza a {place}",
        "Tetti verdi per le case popolari di {place}",
        "Un giardino della pioggia a {place}",
        "Rifugi climatici a {place}",
        "Il mercato all'ombra a {place}",
    ),
    "education": (
        "Doposcuola aperto a {place}",
        "Compiti insieme a {place}",
        "Estate in cortile a {place}",
        "Una biblioteca di classe per le scuole di {place}",
        "Laboratori scientifici per le ragazze di {place}",
        "Italiano per le mamme di {place}",
        "Orientamento al futuro a {place}",
        "Un pc per ogni studente a {place}",
        "Scuola aperta il pomeriggio a {place}",
    ),
    "health": (
        "Nonni in rete a {place}",
        "Palestra all'aperto a {place}",
        "Camminate della salute a {place}",
        "Custodi sociali per gli anziani di {place}",
        "Un defibrillatore in ogni piazza di {place}",
        "Sport per tutti a {place}",
        "Ambulatorio solidale a {place}",
        "Estate al fresco per gli anziani di {place}",
    ),
    "social-inclusion": (
        "Emporio solidale a {place}",
        "Portineria di quartiere a {place}",
        "Cucina comunitaria a {place}",
        "Sportello di ascolto a {place}",
        "Pasti caldi a {place}",
        "Tutti a tavola a {place}",
        "Mediazione culturale nei cortili di {place}",
        "Casa dell'accoglienza a {place}",
    ),
    "innovation": (
        "Competenze digitali per {place}",
        "Un laboratorio per nuove imprese a {place}",
        "Coding per ragazzi a {place}",
        "Ciclofficina e lavoro per i giovani di {place}",
        "Coworking sociale a {place}",
        "La bottega dei mestieri a {place}",
        "Botteghe di quartiere a {place}",
    ),
    "culture": (
        "Una biblioteca di condominio a {place}",
        "Cinema in cortile a {place}",
        "Murales partecipati a {place}",
        "Musica nei cortili di {place}",
        "Teatro di quartiere a {place}",
        "Festival delle culture a {place}",
        "L'archivio della memoria di {place}",
    ),
    "public-space": (
        "Piazza aperta a {place}",
        "Una piazza per giocare a {place}",
        "Cortili aperti a {place}",
        "Percorsi sicuri casa-scuola a {place}",
        "Più luce nei sottopassi di {place}",
        "Panchine e ombra a {place}",
        "Una strada scolastica a {place}",
        "Il campetto rinnovato di {place}",
    ),
}

PROJECT_SUMMARIES: dict[str, tuple[str, ...]] = {
    "greening": (
        "Alberi, ombra e suolo permeabile dove d'estate fa più caldo: con i residenti rendiamo {place} più "
        "fresca e vivibile.",
        "Togliamo asfalto e piantiamo verde a {place}, uno dei quartieri con meno alberi della città.",
    ),
    "education": (
        "Un posto sicuro dove fare i compiti, leggere e giocare dopo la scuola per i ragazzi di {place}.",
        "Contrastiamo la dispersione scolastica a {place} con tutor, laboratori e materiali per chi ne ha "
        "bisogno.",
    ),
    "health": (
        "Prevenzione, movimento e compagnia per gli anziani di {place}, perché nessuno resti solo.",
        "Portiamo la salute sotto casa a {place}: attività all'aperto, controlli e una rete di vicinato.",
    ),
    "social-inclusion": (
        "Un presidio di quartiere a {place} che accoglie, ascolta e aiuta le famiglie in difficoltà.",
        "Cibo, ascolto e orientamento ai servizi per chi a {place} fa fatica ad arrivare a fine mese.",
    ),
    "innovation": (
        "Competenze digitali e occasioni di lavoro per i giovani e gli adulti di {place}.",
        "Uno spazio a {place} dove imparare un mestiere, usare un computer e avviare una piccola impresa.",
    ),
    "culture": (
        "La cultura sotto casa: libri, musica e arte nei cortili e nelle piazze di {place}.",
        "Un programma culturale costruito con i residenti di {place}, aperto a tutte le età.",
    ),
    "public-space": (
        "Restituiamo piazze, cortili e marciapiedi di {place} a chi li vive, a partire dai bambini.",
        "Uno spazio pubblico più sicuro, curato e accogliente a {place}, progettato con i residenti.",
    ),
}

PROJECT_CONTEXTS: dict[str, tuple[str, ...]] = {
    "greening": (
        "{place} è tra i quartieri di Milano con meno verde e d'estate le sue strade trattengono il calore "
        "fino a notte.",
        "A {place} i cortili delle scuole e delle case popolari sono quasi tutti asfaltati.",
    ),
    "education": (
        "A {place} vivono molte famiglie con un solo genitore e figli minorenni, e il pomeriggio tanti "
        "ragazzi "
        "restano soli.",
        "Nelle scuole di {place} la dispersione scolastica è più alta della media cittadina.",
    ),
    "health": (
        "A {place} molte famiglie hanno un capofamiglia di 80 anni o più, spesso solo in casa.",
        "Gli anziani di {place} soffrono le ondate di calore e faticano a raggiungere i servizi.",
    ),
    "social-inclusion": (
        "{place} è un quartiere giovane e multiculturale, dove molte persone vivono da sole.",
        "A {place} cresce il numero di famiglie che chiedono aiuto ai servizi sociali del Municipio.",
    ),
    "innovation": (
        "A {place} molti giovani non studiano e non lavorano, e mancano spazi dove imparare un mestiere.",
        "Molti residenti di {place} non hanno un computer né le competenze per usare i servizi online.",
    ),
    "culture": (
        "A {place} l'offerta culturale è scarsa e la biblioteca più vicina è a mezz'ora di tram.",
        "{place} ha una storia ricca che rischia di perdersi con le generazioni più anziane.",
    ),
    "public-space": (
        "A {place} le piazze sono parcheggi e i bambini non hanno dove giocare in sicurezza.",
        "Sottopassi bui e marciapiedi stretti rendono {place} poco accogliente, soprattutto la sera.",
    ),
}

PROJECT_ACTIONS: dict[str, tuple[str, ...]] = {
    "greening": (
        "Il progetto mette a dimora alberi e arbusti, sostituisce l'asfalto con suolo permeabile e crea "
        "zone d'ombra attrezzate.",
        "Con i residenti e le scuole realizziamo orti condivisi, aiuole e un piano di cura del verde.",
    ),
    "education": (
        "Apriamo un doposcuola tre pomeriggi a settimana con educatori e volontari, e laboratori nei "
        "weekend.",
        "Offriamo tutoraggio, materiali scolastici e un percorso di orientamento per le scuole medie.",
    ),
    "health": (
        "Una rete di custodi sociali e volontari visita gli anziani, organizza camminate e controlli di "
        "prevenzione.",
        "Attrezziamo uno spazio all'aperto per l'attività fisica e un punto d'incontro climatizzato "
        "d'estate.",
    ),
    "social-inclusion": (
        "Un emporio solidale e uno sportello di ascolto accolgono le famiglie e le orientano ai servizi.",
        "Cuciniamo e distribuiamo pasti, con corsi di italiano e mediazione culturale per chi è appena "
        "arrivato.",
    ),
    "innovation": (
        "Corsi di competenze digitali, mentoring con professionisti e un piccolo incubatore per idee di "
        "quartiere.",
        "Un laboratorio di mestieri con tirocini nelle imprese della zona.",
    ),
    "culture": (
        "Una stagione di eventi nei cortili, una biblioteca di condominio e laboratori per bambini e adulti.",
        "Un murale partecipato e un archivio di storie raccolte dai residenti, da esporre in piazza.",
    ),
    "public-space": (
        "Trasformiamo la piazza con arredi, colori e giochi, e chiudiamo al traffico la strada davanti alla "
        "scuola.",
        "Nuova illuminazione, panchine e un programma di cura condiviso con i residenti.",
    ),
}

PROJECT_ASKS: tuple[str, ...] = (
    "Chiediamo alle imprese di contribuire con fondi, ore di volontariato e materiali: ogni impegno è "
    "rendicontato sulla piattaforma.",
    "Le imprese possono sostenere il progetto con un contributo economico, con le competenze delle loro "
    "persone o con beni in natura.",
    "Il Comune coordina il progetto con gli enti del quartiere; alle imprese chiediamo risorse e competenze.",
)

PROJECT_OUTCOMES: tuple[str, ...] = (
    "Alla fine del progetto misureremo insieme ai residenti che cosa è cambiato.",
    "I risultati saranno pubblicati su questa pagina, con foto e numeri.",
    "L'obiettivo è che il quartiere continui da solo, con una rete di volontari e imprese.",
)

PARTNER_ROLES: tuple[str, ...] = (
    "Ente attuatore",
    "Coordinamento dei volontari",
    "Attività educative",
    "Coinvolgimento dei residenti",
    "Gestione dello spazio",
    "Comunicazione e rendicontazione",
)


@dataclass(frozen=True)
class GoodsTemplate:
    title: str
    unit: str
    quantity: tuple[int, int]
    unit_value_cents: tuple[int, int]


FUNDING_TITLES: dict[str, tuple[str, ...]] = {
    "greening": (
        "Acquisto e messa a dimora degli alberi",
        "Lavori di depavimentazione",
        "Progetto del verde",
    ),
    "education": ("Educatori per il doposcuola", "Borse di studio e materiali", "Laboratori del weekend"),
    "health": (
        "Custodi sociali per un anno",
        "Attrezzature per l'attività fisica",
        "Controlli di prevenzione",
    ),
    "social-inclusion": ("Gestione dell'emporio solidale", "Pasti per un anno", "Sportello di ascolto"),
    "innovation": ("Corsi di competenze digitali", "Borse per tirocini", "Allestimento del laboratorio"),
    "culture": ("Stagione di eventi", "Allestimento della biblioteca", "Artisti e materiali per il murale"),
    "public-space": ("Arredi e giochi per la piazza", "Nuova illuminazione", "Progettazione partecipata"),
}

VOLUNTEERING_TITLES: dict[str, tuple[str, ...]] = {
    "greening": ("Giornate di piantumazione", "Cura degli orti il sabato mattina"),
    "education": ("Tutor per i compiti", "Mentor per l'orientamento"),
    "health": ("Compagnia agli anziani", "Accompagnamento alle visite"),
    "social-inclusion": ("Distribuzione dei pasti", "Turni all'emporio solidale"),
    "innovation": ("Mentor per giovani e nuove imprese", "Docenti per i corsi digitali"),
    "culture": ("Organizzazione delle serate", "Foto e video degli eventi"),
    "public-space": ("Manutenzione e pittura", "Cantiere partecipato del weekend"),
}

# Hourly values declared for volunteering, in cents: what reports total the hours at.
VOLUNTEER_HOUR_VALUES_CENTS: tuple[int, ...] = (1500, 1850, 2000, 2500, 3000, 4000)

GOODS: dict[str, tuple[GoodsTemplate, ...]] = {
    "greening": (
        GoodsTemplate("Alberi da mettere a dimora", "items", (10, 150), (18_000, 45_000)),
        GoodsTemplate("Terriccio e compost", "kg", (500, 8_000), (40, 120)),
        GoodsTemplate("Pavimentazione drenante", "m2", (100, 2_500), (2_500, 9_000)),
    ),
    "education": (
        GoodsTemplate("Computer portatili ricondizionati", "items", (10, 80), (25_000, 60_000)),
        GoodsTemplate("Libri per la biblioteca di classe", "items", (100, 2_000), (800, 2_000)),
        GoodsTemplate("Kit di materiale scolastico", "items", (50, 600), (2_500, 6_000)),
    ),
    "health": (
        GoodsTemplate("Defibrillatori", "items", (1, 6), (90_000, 150_000)),
        GoodsTemplate("Attrezzi per la palestra all'aperto", "items", (4, 20), (40_000, 250_000)),
        GoodsTemplate("Ventilatori e climatizzatori portatili", "items", (10, 60), (6_000, 45_000)),
    ),
    "social-inclusion": (
        GoodsTemplate("Derrate alimentari a lunga conservazione", "kg", (500, 20_000), (200, 400)),
        GoodsTemplate("Coperte e sacchi a pelo", "items", (50, 500), (2_000, 4_500)),
        GoodsTemplate("Prodotti per l'igiene", "kg", (100, 2_000), (300, 800)),
    ),
    "innovation": (
        GoodsTemplate("Postazioni di lavoro complete", "items", (5, 40), (40_000, 150_000)),
        GoodsTemplate("Stampanti 3D", "items", (2, 10), (60_000, 250_000)),
        GoodsTemplate("Tablet per i corsi", "items", (10, 60), (15_000, 40_000)),
    ),
    "culture": (
        GoodsTemplate("Sedie pieghevoli per gli eventi", "items", (50, 400), (1_500, 4_000)),
        GoodsTemplate("Strumenti musicali", "items", (5, 40), (10_000, 80_000)),
        GoodsTemplate("Vernici per il murale", "kg", (50, 600), (800, 2_000)),
    ),
    "public-space": (
        GoodsTemplate("Panchine e arredi urbani", "items", (5, 40), (30_000, 120_000)),
        GoodsTemplate("Pavimentazione colorata antitrauma", "m2", (100, 1_500), (1_500, 6_000)),
        GoodsTemplate("Lampioni solari", "items", (4, 30), (80_000, 200_000)),
    ),
}


@dataclass(frozen=True)
class CampaignTemplate:
    slug: str
    title: str
    themes: tuple[str, ...]
    description: str
    target_eur: int


CAMPAIGNS: tuple[CampaignTemplate, ...] = (
    CampaignTemplate(
        "milano-piu-verde",
        "Milano più verde {year}",
        ("greening", "public-space"),
        "Alberi, ombra e suolo permeabile nei quartieri più esposti al calore: un obiettivo comune per "
        "imprese, enti e cittadini.",
        2_500_000,
    ),
    CampaignTemplate(
        "scuole-aperte",
        "Scuole aperte {year}",
        ("education", "culture"),
        "Scuole aperte il pomeriggio e d'estate, con doposcuola, laboratori e biblioteche per tutti.",
        1_200_000,
    ),
    CampaignTemplate(
        "quartieri-che-curano",
        "Quartieri che curano {year}",
        ("health", "social-inclusion"),
        "Reti di prossimità per gli anziani soli e le famiglie fragili, quartiere per quartiere.",
        1_500_000,
    ),
    CampaignTemplate(
        "piazze-aperte",
        "Piazze aperte {year}",
        ("public-space",),
        "Piazze restituite alle persone: arredi, giochi e strade scolastiche progettati con i residenti.",
        900_000,
    ),
    CampaignTemplate(
        "lavoro-e-futuro",
        "Lavoro e futuro {year}",
        ("innovation", "education"),
        "Competenze digitali, tirocini e nuove imprese per i giovani dei quartieri periferici.",
        800_000,
    ),
)

CITY_CALL_TITLES: dict[str, str] = {
    "greening": "Bando Quartieri più freschi {year}",
    "education": "Bando Doposcuola diffuso {year}",
    "health": "Bando Anziani e prossimità {year}",
    "social-inclusion": "Bando Comunità accoglienti {year}",
    "innovation": "Bando Competenze e lavoro {year}",
    "culture": "Bando Cultura di prossimità {year}",
    "public-space": "Bando Piazze e cortili {year}",
}

PROJECT_CALL_TITLE = "Avviso per partner: {project}"

CALL_DESCRIPTIONS: tuple[str, ...] = (
    "Il Comune cerca enti del Terzo Settore che progettino e realizzino le attività insieme ai residenti. "
    "{summary}",
    "Con questo avviso il Comune seleziona i partner che gestiranno il progetto per almeno dodici mesi. "
    "{summary}",
)

CALL_ELIGIBILITIES: tuple[str, ...] = (
    "Enti del Terzo Settore iscritti al RUNTS con sede operativa a Milano.",
    "Associazioni, cooperative sociali e fondazioni con almeno due anni di attività nel Municipio.",
    "Enti del Terzo Settore, anche in partenariato tra loro; è gradita la collaborazione con scuole e "
    "imprese "
    "del quartiere.",
)

# (name, what reviewers look for)
CRITERIA: tuple[tuple[str, str], ...] = (
    ("Impatto sul quartiere", "Quanto la proposta risponde ai bisogni indicati dalla strategia del Comune."),
    ("Qualità della proposta", "Chiarezza degli obiettivi, del piano di lavoro e del cronoprogramma."),
    ("Esperienza dell'ente", "Attività già svolte sul territorio e competenze del gruppo di lavoro."),
    ("Sostenibilità economica", "Coerenza del budget e capacità di proseguire dopo il contributo."),
    ("Rete e partenariato", "Coinvolgimento di altri enti, scuole, imprese e residenti."),
    ("Misurabilità dei risultati", "Indicatori chiari e un piano di monitoraggio."),
    ("Coinvolgimento dei residenti", "Come i residenti partecipano alla progettazione e alla cura."),
)

# Weights (%) that add up to 100, for three or four criteria.
CRITERIA_WEIGHTS: tuple[tuple[int, ...], ...] = (
    (40, 30, 30),
    (50, 30, 20),
    (35, 35, 30),
    (30, 25, 25, 20),
    (40, 20, 20, 20),
    (25, 25, 25, 25),
    (35, 25, 20, 20),
)

APPLICATION_PROPOSALS: dict[str, str] = {
    "greening": "Proponiamo di coordinare le giornate di piantumazione e la cura del verde con le scuole.",
    "education": "Proponiamo un doposcuola tre pomeriggi a settimana con educatori qualificati e volontari.",
    "health": "Proponiamo una rete di custodi sociali e attività motorie settimanali per gli over 75.",
    "social-inclusion": (
        "Proponiamo di gestire l'emporio solidale e lo sportello di ascolto, in rete con i servizi."
    ),
    "innovation": (
        "Proponiamo corsi di competenze digitali e un percorso di mentoring con le imprese della zona."
    ),
    "culture": "Proponiamo una stagione di eventi nei cortili e laboratori artistici per bambini e adulti.",
    "public-space": "Proponiamo un percorso di progettazione partecipata e un patto di cura con i residenti.",
}

APPLICATION_EXPERIENCE: tuple[str, ...] = (
    "Lavoriamo nel quartiere da {years} anni e abbiamo gestito progetti simili con il Municipio.",
    "Il nostro gruppo di lavoro conta {volunteers} volontari e due educatori a tempo pieno.",
    "Abbiamo già collaborato con le scuole e le associazioni della zona.",
)

# What the City writes back on an initiative it asks to change, or declines (Status value → notes).
REVIEW_NOTES: dict[str, tuple[str, ...]] = {
    "changes_requested": (
        "Allineate il calendario con le attività già previste dal Municipio e indicate i partner locali.",
        "Serve un bilancio più dettagliato: separate attrezzature, personale e comunicazione.",
    ),
    "declined": (
        "L'intervento si sovrappone a un progetto comunale già finanziato nello stesso quartiere.",
        "L'area indicata non è di proprietà comunale: l'iniziativa non può rientrare nel piano.",
    ),
}

DECISION_REASONS: dict[str, tuple[str, ...]] = {
    "accepted": (
        "Proposta solida e ben radicata nel quartiere.",
        "Il punteggio più alto su impatto e rete di partner.",
    ),
    "rejected": (
        "Budget non coerente con le attività proposte.",
        "Altre proposte hanno ottenuto un punteggio più alto sull'impatto nel quartiere.",
        "Manca un piano di monitoraggio dei risultati.",
    ),
}

PLEDGE_MESSAGES: dict[str, tuple[str, ...]] = {
    "funding": (
        "Contributo dal nostro budget CSR {year}.",
        "Felici di sostenere il progetto: vorremmo raccontarlo anche ai nostri clienti.",
        "",
    ),
    "volunteering": (
        "Un gruppo di colleghi è disponibile nei giorni indicati.",
        "Possiamo organizzare turni anche il sabato.",
        "",
    ),
    "in_kind": (
        "Consegna possibile entro due settimane dall'accettazione.",
        "Materiale nuovo, con garanzia del produttore.",
        "",
    ),
}

PLEDGE_EVIDENCE: dict[str, str] = {
    "funding": "Bonifico eseguito il {day}.",
    "volunteering": "Ore registrate sul foglio presenze firmato dall'ente attuatore il {day}.",
    "in_kind": "Consegna con documento di trasporto del {day}.",
}
