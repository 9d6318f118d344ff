"""Demo companies (with sites, themes, skills, preferred neighbourhoods) and third-sector organisations.

Generated and inserted in chunks, so memory stays flat at any scale; what later stages need to pick a company
or an NGO is kept in compact indexes.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from companies.models import Company, Site
from companies.validators import partita_iva_check_digit
from demo.context import (
    CHUNK_SIZE,
    SeedContext,
    demo_website,
    log_uniform,
    money,
    rounded,
    weighted,
)
from demo.places import with_place
from demo.vocabulary_organisations import (
    BRAND_PREFIXES,
    BRAND_SUFFIXES,
    COMPANY_LEGAL_FORMS,
    CSR_CLOSINGS,
    CSR_COMMITMENTS,
    CSR_OPENINGS,
    CSR_VOLUNTEERING,
    FIRST_NAMES,
    NGO_ACTIVITIES,
    NGO_DESCRIPTION_CLOSINGS,
    NGO_FORMS,
    NGO_WORDS,
    PLACE_NOUNS,
    SECTORS,
    SITE_HEADQUARTERS,
    SIZE_PROFILES,
    SURNAMES,
    Sector,
)
from demo.vocabulary_projects import THEME_CODES, THEME_SKILLS
from ngos.models import Organisation

# Positions 8-10 of a partita IVA name the tax office that issued it; Milan's is 015.
MILAN_TAX_OFFICE = "015"
# Non-commercial bodies get fiscal codes whose first digits say so (97..., 80...).
NON_COMMERCIAL_PREFIXES = ("97", "80")


@dataclass
class CompanyIndex:
    """Positions (0 = the demo company) with what choosing a pledging company needs."""

    ids: list[int] = field(default_factory=list)
    budgets_eur: list[int] = field(default_factory=list)
    volunteer_hours: list[int] = field(default_factory=list)
    by_theme: dict[str, list[int]] = field(default_factory=dict)
    by_skill: dict[str, list[int]] = field(default_factory=dict)
    by_place: dict[int, list[int]] = field(default_factory=dict)  # neighbourhood id → a site or preference


@dataclass
class OrganisationIndex:
    """Positions (0 = the demo NGO) with their themes and the neighbourhoods they work in."""

    ids: list[int] = field(default_factory=list)
    themes: list[tuple[str, ...]] = field(default_factory=list)
    places: list[tuple[int, ...]] = field(default_factory=list)
    by_theme: dict[str, list[int]] = field(default_factory=dict)
    by_place: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class _CompanyDraft:
    company: Company
    themes: tuple[str, ...]
    skills: tuple[str, ...]
    preferred: tuple[int, ...]  # place positions
    sites: int
    employees: int
    site_kinds: tuple[str, ...]


def eleven_digit_code(first_ten: str) -> str:
    return first_ten + str(partita_iva_check_digit(first_ten))


def _unique_code(rng: random.Random, taken: set[str], make: Callable[[random.Random], str]) -> str:
    for _ in range(1_000):  # a space this crowded would make the demo crawl: better to say so
        if (code := make(rng)) not in taken:
            taken.add(code)
            return code
    raise ValueError(f"No free identifier left after {len(taken):,}: ask for fewer organisations.")


def _company_vat(rng: random.Random) -> str:
    return eleven_digit_code(f"{rng.randrange(100_000, 10_000_000):07d}{MILAN_TAX_OFFICE}")


def _company_name(rng: random.Random, sector: Sector, legal_form: str) -> str:
    word = rng.choice(sector.name_words)
    if legal_form == "S.c.a.r.l.":
        return f"Consorzio {word} {rng.choice(PLACE_NOUNS)}"
    if sector.branded and rng.random() < 0.55:
        brand = rng.choice(BRAND_PREFIXES) + rng.choice(BRAND_SUFFIXES)
        return brand if rng.random() < 0.5 else f"{brand} {word}"
    surname, other = rng.sample(SURNAMES, 2)
    pattern = rng.random()
    if pattern < 0.4:
        return f"{surname} {word}"
    if pattern < 0.65:
        return f"{word} {rng.choice(PLACE_NOUNS)}"
    if pattern < 0.85:
        return f"{surname} & {other}"
    return f"{word} {surname} e Figli"


def _themes_for(rng: random.Random, preferred: tuple[str, ...]) -> tuple[str, ...]:
    count = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
    chosen = [rng.choice(preferred)]
    while len(chosen) < count:
        theme = rng.choice(preferred) if rng.random() < 0.5 else rng.choice(THEME_CODES)
        if theme not in chosen:
            chosen.append(theme)
    return tuple(chosen)


def _skills_for(rng: random.Random, sector: Sector, themes: tuple[str, ...]) -> tuple[str, ...]:
    theme_skills = [skill for theme in themes for skill in THEME_SKILLS[theme]]
    pool = list(dict.fromkeys((*sector.skills, *theme_skills)))
    count = min(len(pool), rng.randint(1, 4))
    return tuple(rng.sample(pool[: max(count, len(sector.skills))], count))


def _csr_statement(
    ctx: SeedContext,
    rng: random.Random,
    name: str,
    sector: Sector,
    themes: tuple[str, ...],
    skills: tuple[str, ...],
    hours: int,
) -> str:
    founded = ctx.today.year - rng.randint(3, 60)
    sentences = [
        rng.choice(CSR_OPENINGS).format(
            name=name, activity=sector.activity, year=founded, years=ctx.today.year - founded
        ),
        *(rng.choice(CSR_COMMITMENTS[theme]) for theme in themes[:2]),
    ]
    if skills:
        skill_names = [ctx.skill_names[skill].lower() for skill in skills]
        sentences.append(
            rng.choice(CSR_VOLUNTEERING).format(
                hours=f"{hours:,}".replace(",", "."), skills=", ".join(skill_names)
            )
        )
    sentences.append(rng.choice(CSR_CLOSINGS))
    return " ".join(sentences)


_SECTOR_WEIGHTS = [sector.weight for sector in SECTORS]
_SIZE_WEIGHTS = [profile[1] for profile in SIZE_PROFILES]
_LARGE = next(profile for profile in SIZE_PROFILES if profile[0] == Company.SizeClass.LARGE)


def _company_draft(ctx: SeedContext, rng: random.Random, number: int, vat_numbers: set[str]) -> _CompanyDraft:
    sector = rng.choices(SECTORS, weights=_SECTOR_WEIGHTS)[0]
    # The demo company (number 0) is a large one, so its pages have something to show.
    profile = _LARGE if number == 0 else rng.choices(SIZE_PROFILES, weights=_SIZE_WEIGHTS)[0]
    size, _, employees_range, budget_range, hours_range, sites_range = profile
    legal_form = weighted(rng, COMPANY_LEGAL_FORMS[size])
    name = _company_name(rng, sector, legal_form)
    legal_name = f"{name} {legal_form}"
    slug = ctx.slugs(Company).claim(legal_name)
    budget_eur = rounded(log_uniform(rng, *budget_range), 500 if budget_range[0] >= 5_000 else 100)
    hours = rounded(log_uniform(rng, *hours_range), 10)
    themes = _themes_for(rng, sector.themes)
    skills = _skills_for(rng, sector, themes)
    created_at = ctx.days_ago(rng.uniform(30, 900))
    preferred_count = rng.choices((0, 1, 2, 3), weights=(2, 4, 3, 1))[0]
    company = Company(
        city=ctx.city,
        legal_name=legal_name,
        slug=slug,
        vat_number=_unique_code(rng, vat_numbers, _company_vat),
        ateco_code=rng.choice(sector.ateco_codes),
        size_class=size,
        website=demo_website(slug),
        csr_statement=_csr_statement(ctx, rng, name, sector, themes, skills, hours),
        csr_budget_eur=money(budget_eur * 100),
        volunteer_hours_per_year=hours,
        public_consent=number == 0 or rng.random() < 0.85,
        created_at=created_at,
        updated_at=created_at + timedelta(days=rng.uniform(0, 25)),
    )
    return _CompanyDraft(
        company=company,
        themes=themes,
        skills=skills,
        preferred=tuple(ctx.needy_places(rng, preferred_count)),
        sites=rng.randint(*sites_range),
        employees=int(log_uniform(rng, *employees_range)),
        site_kinds=sector.site_kinds,
    )


def _site_rows(ctx: SeedContext, rng: random.Random, drafts: list[_CompanyDraft], chunk: int) -> list[Site]:
    positions = ctx.business_places(rng, sum(draft.sites for draft in drafts))
    latitudes, longitudes = ctx.sampler.sample(positions, ctx.numpy_rng("sites", chunk))
    rows, cursor = [], 0
    for draft in drafts:
        names: set[str] = set()
        for number in range(draft.sites):
            place = ctx.places[positions[cursor]]
            name = SITE_HEADQUARTERS if number == 0 else f"{rng.choice(draft.site_kinds)} {place.short_name}"
            while name in names:
                name = f"{name} bis"
            names.add(name)
            share = 0.6 if number == 0 and draft.sites > 1 else 1 / draft.sites
            rows.append(
                Site(
                    company_id=draft.company.id,
                    name=name,
                    address=f"Zona {place.short_name}, Milano",
                    latitude=float(latitudes[cursor]),
                    longitude=float(longitudes[cursor]),
                    neighbourhood_id=place.id,
                    employees=max(1, int(draft.employees * share)),
                    is_headquarters=number == 0,
                )
            )
            cursor += 1
    return rows


def _company_chunk(
    ctx: SeedContext, start: int, count: int, vat_numbers: set[str], index: CompanyIndex
) -> None:
    rng = ctx.rng("companies", start)
    drafts = [_company_draft(ctx, rng, start + offset, vat_numbers) for offset in range(count)]
    ctx.insert("companies", Company, [draft.company for draft in drafts])
    sites = ctx.insert("sites", Site, _site_rows(ctx, rng, drafts, start))
    themes, skills = Company.themes.through, Company.skills.through
    preferred = Company.preferred_neighbourhoods.through
    ctx.insert(
        "company themes",
        themes,
        [
            themes(company_id=draft.company.id, theme_id=ctx.theme_ids[theme])
            for draft in drafts
            for theme in draft.themes
        ],
    )
    ctx.insert(
        "company skills",
        skills,
        [
            skills(company_id=draft.company.id, skill_id=ctx.skill_ids[skill])
            for draft in drafts
            for skill in draft.skills
        ],
    )
    preferred_rows = {
        (draft.company.id, ctx.places[position].id): None for draft in drafts for position in draft.preferred
    }
    ctx.insert(
        "company preferred neighbourhoods",
        preferred,
        [
            preferred(company_id=company_id, neighbourhood_id=place_id)
            for company_id, place_id in preferred_rows
        ],
    )
    _index_companies(index, drafts, sites, preferred_rows)


def _index_companies(
    index: CompanyIndex,
    drafts: list[_CompanyDraft],
    sites: Sequence[Site],
    preferred: dict[tuple[int, int], None],
) -> None:
    position_of = {}
    for draft in drafts:
        position_of[draft.company.id] = len(index.ids)
        index.ids.append(draft.company.id)
        index.budgets_eur.append(int(draft.company.csr_budget_eur))
        index.volunteer_hours.append(draft.company.volunteer_hours_per_year)
        for theme in draft.themes:
            index.by_theme.setdefault(theme, []).append(position_of[draft.company.id])
        for skill in draft.skills:
            index.by_skill.setdefault(skill, []).append(position_of[draft.company.id])
    places = dict.fromkeys([(site.company_id, site.neighbourhood_id) for site in sites] + list(preferred))
    for company_id, place_id in places:
        index.by_place.setdefault(place_id, []).append(position_of[company_id])


def companies_create(ctx: SeedContext) -> CompanyIndex:
    index = CompanyIndex()
    vat_numbers = set(Company.objects.filter(city=ctx.city).values_list("vat_number", flat=True))
    total = ctx.options.companies
    for start in range(0, total, CHUNK_SIZE):
        _company_chunk(ctx, start, min(CHUNK_SIZE, total - start), vat_numbers, index)
        ctx.progress(f"companies {min(start + CHUNK_SIZE, total)}/{total}")
    return index


def _fiscal_code_maker(legal_form: str) -> Callable[[random.Random], str]:
    if legal_form in (Organisation.LegalForm.SOCIAL_COOPERATIVE, Organisation.LegalForm.SOCIAL_ENTERPRISE):
        return _company_vat  # companies under the law: their fiscal code is their VAT number
    return lambda rng: eleven_digit_code(
        f"{rng.choice(NON_COMMERCIAL_PREFIXES)}{rng.randrange(100_000):05d}{MILAN_TAX_OFFICE}"
    )


def _organisation_places(ctx: SeedContext, rng: random.Random) -> tuple[int, ...]:
    home = ctx.places[ctx.needy_places(rng, 1)[0]]
    nearby = [
        place.id for place in ctx.places if place.district_id == home.district_id and place.id != home.id
    ]
    count = min(len(nearby), rng.choices((0, 1, 2, 3), weights=(3, 3, 2, 1))[0])
    chosen = [home.id, *rng.sample(nearby, count)]
    if rng.random() < 0.1:
        chosen.append(ctx.places[ctx.needy_places(rng, 1)[0]].id)
    return tuple(dict.fromkeys(chosen))


def _organisation(
    ctx: SeedContext, rng: random.Random, fiscal_codes: set[str], runts_numbers: set[str]
) -> tuple[Organisation, tuple[str, ...], tuple[int, ...]]:
    legal_form, _, patterns = rng.choices(NGO_FORMS, weights=[form[1] for form in NGO_FORMS])[0]
    places = _organisation_places(ctx, rng)
    home = ctx.places[ctx.place_positions[places[0]]]
    name = rng.choice(patterns).format(
        word=rng.choice(NGO_WORDS),
        place=home.short_name,
        first_name=rng.choice(FIRST_NAMES),
        surname=rng.choice(SURNAMES),
    )
    themes = _themes_for(rng, ctx.priorities.get(home.id) or THEME_CODES)
    enrolled = rng.random() >= 0.15  # some are still waiting for their RUNTS number
    runts = _unique_code(rng, runts_numbers, lambda r: str(r.randrange(1_000, 400_000))) if enrolled else ""
    slug = ctx.slugs(Organisation).claim(name)
    description = with_place(
        f"{name} {NGO_ACTIVITIES[themes[0]]} a {{place}}. ", home.short_name
    ) + rng.choice(NGO_DESCRIPTION_CLOSINGS).format(
        volunteers=rng.randint(8, 200), people=rng.randint(80, 3000)
    )
    organisation = Organisation(
        city=ctx.city,
        name=name,
        slug=slug,
        legal_form=legal_form,
        fiscal_code=_unique_code(rng, fiscal_codes, _fiscal_code_maker(legal_form)),
        runts_number=runts,
        description=description,
        website=demo_website(slug),
        created_at=ctx.days_ago(rng.uniform(30, 900)),
    )
    return organisation, themes, places


def organisations_create(ctx: SeedContext) -> OrganisationIndex:
    index = OrganisationIndex()
    fiscal_codes = set(Organisation.objects.filter(city=ctx.city).values_list("fiscal_code", flat=True))
    runts_numbers = set(Organisation.objects.exclude(runts_number="").values_list("runts_number", flat=True))
    total = ctx.options.ngos
    for start in range(0, total, CHUNK_SIZE):
        rng = ctx.rng("organisations", start)
        count = min(CHUNK_SIZE, total - start)
        drafts = [_organisation(ctx, rng, fiscal_codes, runts_numbers) for _ in range(count)]
        ctx.insert("organisations", Organisation, [organisation for organisation, _, _ in drafts])
        themes, places = Organisation.themes.through, Organisation.neighbourhoods.through
        ctx.insert(
            "organisation themes",
            themes,
            [
                themes(organisation_id=organisation.id, theme_id=ctx.theme_ids[theme])
                for organisation, codes, _ in drafts
                for theme in codes
            ],
        )
        ctx.insert(
            "organisation neighbourhoods",
            places,
            [
                places(organisation_id=organisation.id, neighbourhood_id=place_id)
                for organisation, _, place_ids in drafts
                for place_id in place_ids
            ],
        )
        for organisation, codes, place_ids in drafts:
            position = len(index.ids)
            index.ids.append(organisation.id)
            index.themes.append(codes)
            index.places.append(place_ids)
            for theme in codes:
                index.by_theme.setdefault(theme, []).append(position)
            for place_id in place_ids:
                index.by_place.setdefault(place_id, []).append(position)
        ctx.progress(f"organisations {min(start + CHUNK_SIZE, total)}/{total}")
    return index
