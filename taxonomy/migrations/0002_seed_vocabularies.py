"""The seven urban challenges of the mission, the 17 UN SDGs they serve, and a starting list of skills.

Kept as data in the migration (not imported from app code) so that it replays the same forever.
"""

from django.db import migrations

SDGS = [
    (1, "Sconfiggere la povertà", "No poverty"),
    (2, "Sconfiggere la fame", "Zero hunger"),
    (3, "Salute e benessere", "Good health and well-being"),
    (4, "Istruzione di qualità", "Quality education"),
    (5, "Parità di genere", "Gender equality"),
    (6, "Acqua pulita e servizi igienico-sanitari", "Clean water and sanitation"),
    (7, "Energia pulita e accessibile", "Affordable and clean energy"),
    (8, "Lavoro dignitoso e crescita economica", "Decent work and economic growth"),
    (9, "Imprese, innovazione e infrastrutture", "Industry, innovation and infrastructure"),
    (10, "Ridurre le disuguaglianze", "Reduced inequalities"),
    (11, "Città e comunità sostenibili", "Sustainable cities and communities"),
    (12, "Consumo e produzione responsabili", "Responsible consumption and production"),
    (13, "Lotta contro il cambiamento climatico", "Climate action"),
    (14, "Vita sott'acqua", "Life below water"),
    (15, "Vita sulla terra", "Life on land"),
    (16, "Pace, giustizia e istituzioni solide", "Peace, justice and strong institutions"),
    (17, "Partnership per gli obiettivi", "Partnerships for the goals"),
]

THEMES = [
    ("social-inclusion", "Inclusione sociale", "Social inclusion", [1, 5, 10, 11],
     "Contrasto alla povertà e all'isolamento, accoglienza, pari opportunità.",
     "Fighting poverty and isolation, welcoming newcomers, equal opportunities."),
    ("education", "Educazione", "Education", [4, 10],
     "Scuole, doposcuola, contrasto alla dispersione scolastica, formazione.",
     "Schools, after-school care, preventing early school leaving, training."),
    ("health", "Salute e benessere", "Health", [3, 10],
     "Prevenzione, sport di base, assistenza agli anziani e ai fragili.",
     "Prevention, grassroots sport, care for older and frail people."),
    ("innovation", "Innovazione e lavoro", "Innovation", [8, 9],
     "Competenze digitali, imprenditoria di quartiere, lavoro per i giovani.",
     "Digital skills, neighbourhood enterprise, work for young people."),
    ("culture", "Cultura", "Culture", [4, 11],
     "Biblioteche, spazi culturali, patrimonio, arte pubblica.",
     "Libraries, cultural spaces, heritage, public art."),
    ("public-space", "Spazio pubblico", "Public space", [11, 16],
     "Piazze, cortili, mobilità dolce, sicurezza e cura dei luoghi comuni.",
     "Squares, courtyards, active mobility, safe and cared-for common places."),
    ("greening", "Verde e clima", "Greening", [11, 13, 15],
     "Alberi, parchi, orti, depavimentazione, adattamento alle ondate di calore.",
     "Trees, parks, community gardens, depaving, adapting to heat waves."),
]

SKILLS = [
    ("project-management", "Gestione di progetti", "Project management"),
    ("software", "Sviluppo software", "Software development"),
    ("digital-literacy", "Alfabetizzazione digitale", "Digital literacy teaching"),
    ("data-analysis", "Analisi dei dati", "Data analysis"),
    ("legal", "Consulenza legale", "Legal advice"),
    ("accounting", "Contabilità e fisco", "Accounting and tax"),
    ("communication", "Comunicazione e marketing", "Communication and marketing"),
    ("design", "Design e grafica", "Design"),
    ("photography-video", "Foto e video", "Photography and video"),
    ("teaching", "Insegnamento e doposcuola", "Teaching and tutoring"),
    ("mentoring", "Mentoring e orientamento al lavoro", "Mentoring and career guidance"),
    ("languages", "Lingue e mediazione culturale", "Languages and cultural mediation"),
    ("gardening", "Giardinaggio e cura del verde", "Gardening"),
    ("manual-work", "Lavori manuali e manutenzione", "Manual work and repairs"),
    ("healthcare", "Assistenza sanitaria", "Healthcare"),
    ("elderly-care", "Compagnia e assistenza agli anziani", "Elderly companionship"),
    ("logistics", "Logistica", "Logistics"),
    ("event-organisation", "Organizzazione di eventi", "Event organisation"),
    ("cooking", "Cucina e distribuzione pasti", "Cooking and food distribution"),
    ("sport-coaching", "Allenamento sportivo", "Sport coaching"),
]


def seed(apps, schema_editor):
    SDG = apps.get_model("taxonomy", "SustainableDevelopmentGoal")
    Theme = apps.get_model("taxonomy", "Theme")
    Skill = apps.get_model("taxonomy", "Skill")
    sdgs = {}
    for number, name_it, name_en in SDGS:
        sdgs[number], _ = SDG.objects.update_or_create(number=number, defaults={"name_it": name_it, "name_en": name_en})
    for position, (code, name_it, name_en, numbers, description_it, description_en) in enumerate(THEMES):
        theme, _ = Theme.objects.update_or_create(
            code=code,
            defaults={
                "name_it": name_it,
                "name_en": name_en,
                "description_it": description_it,
                "description_en": description_en,
                "position": position,
            },
        )
        theme.sdgs.set([sdgs[number] for number in numbers])
    for code, name_it, name_en in SKILLS:
        Skill.objects.update_or_create(code=code, defaults={"name_it": name_it, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
