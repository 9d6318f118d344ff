"""Italian words the demo composes companies and NGOs from: sectors, names, legal forms, CSR statements.

Data only. Every name is invented by combining common surnames and words, so no row is a real organisation.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    code: str
    weight: int
    ateco_codes: tuple[str, ...]
    name_words: tuple[str, ...]
    themes: tuple[str, ...]
    skills: tuple[str, ...]
    site_kinds: tuple[str, ...]
    activity: str  # completes "<the company> ..." in the third person
    branded: bool = False  # invented brand names ("Novalink") suit it better than family names


SECTORS: tuple[Sector, ...] = (
    Sector(
        "software", 14, ("62.01", "62.02", "63.11"), ("Software", "Digitale", "Informatica", "Sistemi"),
        ("innovation", "education"), ("software", "data-analysis", "digital-literacy", "project-management"),
        ("Uffici", "Hub tecnologico"),
        "sviluppa software e servizi digitali per imprese e pubbliche amministrazioni",
        branded=True,
    ),
    Sector(
        "consulting", 10, ("70.22", "69.20", "73.20"), ("Consulting", "Consulenza", "Advisory", "Partners"),
        ("innovation", "social-inclusion"), ("project-management", "accounting", "legal", "mentoring"),
        ("Uffici",), "affianca le imprese nella strategia, nell'organizzazione e nella finanza", branded=True,
    ),
    Sector(
        "finance", 5, ("64.19", "65.12", "66.19"), ("Finanza", "Assicurazioni", "Credito", "Investimenti"),
        ("social-inclusion", "education"), ("accounting", "mentoring", "data-analysis", "legal"),
        ("Filiale", "Uffici"), "offre servizi finanziari e assicurativi a famiglie e imprese",
    ),
    Sector(
        "construction", 10, ("41.20", "43.21", "43.39"), ("Costruzioni", "Edilizia", "Impianti", "Restauri"),
        ("public-space", "greening"), ("manual-work", "project-management", "design"),
        ("Uffici", "Cantiere", "Magazzino"), "costruisce e ristruttura edifici residenziali e spazi pubblici",
    ),
    Sector(
        "engineering", 6, ("71.11", "71.12"), ("Ingegneria", "Architettura", "Progetti", "Studio Tecnico"),
        ("public-space", "greening"), ("design", "project-management", "data-analysis"),
        ("Studio",), "progetta edifici, spazi aperti e infrastrutture sostenibili",
    ),
    Sector(
        "energy", 4, ("35.11", "35.14", "43.22"),
        ("Energia", "Energie Rinnovabili", "Solare", "Impianti Termici"),
        ("greening", "innovation"), ("project-management", "data-analysis", "manual-work"),
        ("Uffici", "Centrale operativa"), "produce e distribuisce energia da fonti rinnovabili", branded=True,
    ),
    Sector(
        "food", 10, ("56.10", "10.71", "47.11", "46.39"),
        ("Alimentari", "Ristorazione", "Gastronomia", "Forni"),
        ("social-inclusion", "health"), ("cooking", "logistics", "event-organisation"),
        ("Punto vendita", "Laboratorio", "Magazzino"), "produce e distribuisce cibo di qualità nei quartieri",
    ),
    Sector(
        "retail", 7, ("47.19", "47.71", "47.54"), ("Commercio", "Distribuzione", "Store", "Grandi Magazzini"),
        ("social-inclusion", "public-space"), ("logistics", "communication", "event-organisation"),
        ("Negozio", "Magazzino", "Uffici"), "gestisce negozi di prossimità in città",
    ),
    Sector(
        "logistics", 6, ("49.41", "52.29", "53.20"), ("Logistica", "Trasporti", "Spedizioni", "Corrieri"),
        ("social-inclusion", "greening"), ("logistics", "manual-work", "project-management"),
        ("Hub logistico", "Magazzino", "Uffici"),
        "trasporta e consegna merci in città con mezzi a basse emissioni",
    ),
    Sector(
        "fashion", 6, ("14.13", "15.12", "74.10"), ("Moda", "Tessile", "Design", "Atelier"),
        ("culture", "innovation"), ("design", "communication", "photography-video"),
        ("Showroom", "Atelier", "Uffici"), "disegna e produce abbigliamento e accessori", branded=True,
    ),
    Sector(
        "media", 6, ("73.11", "59.11", "58.14"), ("Comunicazione", "Media", "Produzioni", "Editoria"),
        ("culture", "education"), ("communication", "photography-video", "design", "event-organisation"),
        ("Studio", "Redazione"), "racconta marchi e storie con video, editoria e campagne", branded=True,
    ),
    Sector(
        "health", 5, ("21.20", "86.22", "86.90", "47.73"),
        ("Farmaceutica", "Salute", "Diagnostica", "Farmacie"),
        ("health", "social-inclusion"), ("healthcare", "elderly-care", "data-analysis"),
        ("Laboratorio", "Ambulatorio", "Uffici"), "si occupa di salute, prevenzione e diagnostica",
    ),
    Sector(
        "manufacturing", 6, ("25.62", "28.29", "27.12", "22.29"),
        ("Meccanica", "Industrie", "Componenti", "Officine"),
        ("innovation", "education"), ("manual-work", "project-management", "mentoring"),
        ("Stabilimento", "Uffici", "Magazzino"), "produce componenti e macchinari per l'industria",
    ),
    Sector(
        "landscaping", 3, ("81.30", "01.30"), ("Giardini", "Verde", "Vivai", "Paesaggi"),
        ("greening", "public-space"), ("gardening", "manual-work", "design"),
        ("Vivaio", "Magazzino"), "progetta e cura giardini, parchi e tetti verdi",
    ),
    Sector(
        "hospitality", 4, ("55.10", "82.30", "93.29"), ("Hotel", "Eventi", "Ospitalità", "Congressi"),
        ("culture", "social-inclusion"), ("event-organisation", "cooking", "languages", "communication"),
        ("Hotel", "Uffici"), "accoglie visitatori e organizza eventi e congressi",
    ),
    Sector(
        "education", 3, ("85.59", "85.32"), ("Formazione", "Scuola", "Academy", "Lingue"),
        ("education", "innovation"), ("teaching", "languages", "mentoring", "digital-literacy"),
        ("Sede didattica", "Uffici"), "forma giovani e adulti con corsi di lingue e competenze professionali",
    ),
    Sector(
        "real-estate", 3, ("68.20", "68.31"),
        ("Immobiliare", "Real Estate", "Patrimoni", "Gestioni Immobiliari"),
        ("public-space", "social-inclusion"), ("project-management", "legal", "manual-work"),
        ("Uffici",), "gestisce e valorizza immobili residenziali e commerciali",
    ),
    Sector(
        "telecom", 2, ("61.10", "61.20"), ("Telecomunicazioni", "Reti", "Connessioni", "Fibra"),
        ("innovation", "education"), ("software", "digital-literacy", "data-analysis"),
        ("Uffici", "Centrale"), "porta connessioni in fibra e servizi di rete a case e imprese", branded=True,
    ),
)

SURNAMES: tuple[str, ...] = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
    "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone",
    "Longo", "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo",
    "Marchetti", "Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri", "Bianco", "Marini", "Grasso",
    "Valentini", "Messina", "Sala", "De Angelis", "Gatti", "Pellegrini", "Palumbo", "Sanna", "Farina",
    "Rizzi",
    "Monti", "Cattaneo", "Morelli", "Amato", "Silvestri", "Mazza", "Testa", "Grassi", "Pellegrino", "Carbone",
    "Giuliani", "Benedetti", "Barone", "Rossetti", "Caputo", "Montanari", "Guerra", "Palmieri", "Bernardi",
    "Fiore", "De Rosa", "Ferretti", "Bellini", "Basile", "Riva", "Donati", "Piras", "Vitali", "Battaglia",
    "Sartori", "Neri", "Costantini", "Milani", "Pagano", "Ruggiero", "Sorrentino", "D'Amico", "Orlando",
    "Negri",
    "Brambilla", "Bassi", "Crippa", "Pozzi", "Mauri", "Meroni", "Galbiati", "Radaelli", "Longhi", "Sironi",
    "Viganò", "Redaelli", "Cazzaniga", "Fumagalli", "Mapelli", "Bonfanti", "Riboldi", "Ronchi", "Tagliabue",
    "Zanetti", "Beretta", "Brivio", "Castelli", "Corti", "Gerosa", "Oggioni", "Perego", "Rusconi", "Vergani",
)

FIRST_NAMES: tuple[str, ...] = (
    "Giulia", "Francesca", "Chiara", "Sara", "Martina", "Elena", "Valentina", "Alessandra", "Paola", "Silvia",
    "Marco", "Luca", "Andrea", "Matteo", "Davide", "Stefano", "Giorgio", "Paolo", "Alberto", "Federico",
    "Carla", "Anna", "Lucia", "Giovanni", "Carlo", "Enrico", "Teresa", "Rosa", "Franco", "Ada",
)

# Nouns that Milanese firms take their names from: districts, rivers, canals, landmarks.
PLACE_NOUNS: tuple[str, ...] = (
    "Brera", "Navigli", "Sempione", "Martesana", "Ticinese", "Lambro", "Seveso", "Olona", "Isola", "Darsena",
    "Bicocca", "Madonnina", "Brianza", "Adda", "Ambrosiana", "Lombardia", "Porta Nuova", "Castello", "Duomo",
)

BRAND_PREFIXES: tuple[str, ...] = (
    "Nova", "Ambro", "Navi", "Lumi", "Alta", "Tecno", "Eco", "Medio", "Inno", "Ital", "Lombar", "Brera",
    "Arco",
    "Vela", "Orbi", "Lino", "Sola", "Terra", "Volta", "Fila", "Duo", "Cora", "Astra", "Prima", "Viva",
)
BRAND_SUFFIXES: tuple[str, ...] = (
    "tech", "link", "lab", "sys", "net", "via", "data", "form", "tek", "ware", "nova", "pro", "logic",
    "works",
    "wave", "point", "hub", "mind", "gate", "line",
)

# (legal form, weight) by size class: family firms are S.r.l., the large ones mostly S.p.A.
COMPANY_LEGAL_FORMS: dict[str, tuple[tuple[str, int], ...]] = {
    "micro": (("S.r.l.", 80), ("S.a.s.", 8), ("S.n.c.", 7), ("S.c.a.r.l.", 5)),
    "small": (("S.r.l.", 84), ("S.p.A.", 4), ("S.c.a.r.l.", 7), ("S.a.s.", 5)),
    "medium": (("S.r.l.", 62), ("S.p.A.", 30), ("S.c.a.r.l.", 8)),
    "large": (("S.p.A.", 78), ("S.r.l.", 16), ("S.c.a.r.l.", 6)),
}

# (size class, weight, employees low-high, CSR budget EUR low-high, volunteer hours low-high, sites low-high)
Range = tuple[int, int]
SIZE_PROFILES: tuple[tuple[str, int, Range, Range, Range, Range], ...] = (
    ("micro", 30, (2, 9), (1_000, 12_000), (16, 120), (1, 1)),
    ("small", 36, (10, 49), (5_000, 60_000), (80, 600), (1, 2)),
    ("medium", 22, (50, 249), (30_000, 350_000), (300, 2_500), (1, 2)),
    ("large", 12, (250, 4_000), (200_000, 3_000_000), (1_500, 16_000), (2, 3)),
)

CSR_OPENINGS: tuple[str, ...] = (
    "{name} {activity} a Milano dal {year}.",
    "Da oltre {years} anni {name} {activity} tra Milano e la Lombardia.",
    "Siamo un'impresa milanese che {activity}.",
    "{name} {activity}: la nostra sede è a Milano dal {year}.",
)

CSR_COMMITMENTS: dict[str, tuple[str, ...]] = {
    "greening": (
        "Vogliamo restituire alla città parte di ciò che riceviamo, piantando alberi e curando il verde dei "
        "quartieri più esposti al calore.",
        "Ci impegniamo per una Milano più fresca: alberi, cortili depavimentati e orti condivisi.",
    ),
    "education": (
        "Crediamo nella scuola come primo presidio del quartiere e sosteniamo doposcuola e laboratori per "
        "ragazzi.",
        "Contrastiamo la dispersione scolastica portando le nostre persone nelle classi come tutor e mentor.",
    ),
    "health": (
        "Sosteniamo la prevenzione e lo sport di base, con un'attenzione particolare agli anziani che "
        "vivono soli.",
        "Vogliamo quartieri che si prendono cura di chi è più fragile, a partire dagli anziani.",
    ),
    "social-inclusion": (
        "Lavoriamo con gli enti del Terzo Settore per contrastare povertà e isolamento nei quartieri.",
        "Sosteniamo empori solidali, portinerie di quartiere e reti di vicinato.",
    ),
    "innovation": (
        "Mettiamo le nostre competenze digitali al servizio dei giovani che cercano lavoro.",
        "Vogliamo che l'innovazione arrivi in ogni quartiere, non solo in centro.",
    ),
    "culture": (
        "Sosteniamo biblioteche, musica e arte pubblica perché la cultura tiene insieme le comunità.",
        "Portiamo la cultura fuori dal centro, nei cortili e nelle piazze di periferia.",
    ),
    "public-space": (
        "Vogliamo piazze, cortili e strade più sicuri e curati, progettati insieme a chi li vive.",
        "Contribuiamo a restituire lo spazio pubblico ai residenti, a partire dai bambini.",
    ),
}

CSR_VOLUNTEERING: tuple[str, ...] = (
    "Ogni anno mettiamo a disposizione {hours} ore di volontariato d'impresa, con competenze di {skills}.",
    "Le nostre persone dedicano {hours} ore l'anno al volontariato: {skills} le competenze che offriamo.",
)

CSR_CLOSINGS: tuple[str, ...] = (
    "Rendicontiamo ogni anno il nostro impegno nel bilancio di sostenibilità.",
    "Cerchiamo progetti concreti, misurabili e vicini alle nostre sedi.",
    "Preferiamo partnership di lungo periodo a interventi spot.",
    "Ci interessano progetti che coinvolgano direttamente i residenti.",
)

SITE_HEADQUARTERS = "Sede legale"

# Third-sector organisations: (legal form value, weight, name patterns).
NGO_WORDS: tuple[str, ...] = (
    "Il Girasole", "La Tenda", "Arcobaleno", "Il Ponte", "Casa Aperta", "Il Cortile", "Semi di Quartiere",
    "Rete Viva", "Filo Rosso", "La Bussola", "Il Faro", "Mani Unite", "Passo dopo Passo", "Radici",
    "Terra Comune", "Il Melograno", "La Lanterna", "Spazio Ragazzi", "Orizzonti", "Il Sorriso",
    "Cascina Aperta",
    "Nuove Rotte", "Voci di Quartiere", "Insieme", "Il Granello", "La Fucina", "Ali Aperte", "Porte Aperte",
    "Il Tetto", "Il Chiostro", "Fili d'Erba", "L'Officina", "Il Germoglio", "La Rondine", "Strade Nuove",
    "Piazza Viva", "Il Mosaico", "Tessere", "Il Quadrifoglio", "La Scialuppa", "Il Pozzo", "La Corte",
)

NGO_FORMS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("odv", 20, ("{word} ODV", "Volontari di {place} ODV", "Amici di {place} ODV")),
    ("aps", 28, ("Associazione {word} APS", "Circolo {word} APS", "{word} APS")),
    ("coop", 18, ("{word} Società Cooperativa Sociale", "Cooperativa Sociale {word}")),
    ("social_enterprise", 7, ("{word} Impresa Sociale S.r.l.",)),
    ("foundation", 9, ("Fondazione {word}", "Fondazione {first_name} {surname}")),
    ("association", 12, ("Associazione {word}", "Comitato di quartiere {place}")),
    ("other", 6, ("Rete {word} ETS", "Ente Filantropico {word}")),
)

NGO_ACTIVITIES: dict[str, str] = {
    "social-inclusion": (
        "accompagna famiglie in difficoltà con un emporio solidale e uno sportello di "
        "ascolto"),
    "education": "gestisce un doposcuola e laboratori contro la dispersione scolastica",
    "health": "organizza attività motorie, prevenzione e compagnia per le persone anziane",
    "innovation": "insegna competenze digitali e accompagna i giovani verso il lavoro",
    "culture": "anima una biblioteca di quartiere, rassegne musicali e laboratori teatrali",
    "public-space": "cura cortili, giardini condivisi e piazze insieme ai residenti",
    "greening": "pianta alberi, cura orti condivisi e promuove la depavimentazione dei cortili",
}

NGO_DESCRIPTION_CLOSINGS: tuple[str, ...] = (
    "Conta su {volunteers} volontari e collabora con le scuole e le parrocchie della zona.",
    "Ogni anno raggiunge circa {people} persone, in rete con i servizi sociali del Municipio.",
    "È nata dall'iniziativa di un gruppo di residenti e oggi coinvolge {volunteers} volontari.",
)
