"""Demo campaigns, projects (with themes, partner NGOs) and their needs.

Projects land more often where the need index is higher, and take their themes from the City's priorities
there. What later stages need (dates, status, needs) is kept in small records.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from demo.context import CHUNK_SIZE, SeedContext, log_uniform, money, rounded, weighted
from demo.places import Place, with_place
from demo.seed_organisations import CompanyIndex, OrganisationIndex
from demo.vocabulary_projects import (
    CAMPAIGNS,
    FUNDING_TITLES,
    GOODS,
    PARTNER_ROLES,
    PROJECT_ACTIONS,
    PROJECT_ASKS,
    PROJECT_CONTEXTS,
    PROJECT_OUTCOMES,
    PROJECT_SUMMARIES,
    PROJECT_TITLES,
    REVIEW_NOTES,
    THEME_CODES,
    THEME_SKILLS,
    VOLUNTEER_HOUR_VALUES_CENTS,
    VOLUNTEERING_TITLES,
)
from projects.models import Campaign, Need, Project, ProjectPartner

Status = Project.Status
Origin = Project.Origin
Instrument = Project.Instrument

# The first projects show one of each kind, whatever the scale; the rest follow the weights.
SHOWCASE: tuple[tuple[str, str], ...] = (
    (Status.PUBLISHED, Origin.CITY),
    (Status.PUBLISHED, Origin.CITY),
    (Status.DRAFT, Origin.CITY),
    (Status.PROPOSED, Origin.COMPANY),
    (Status.PROPOSED, Origin.NGO),
    (Status.FUNDED, Origin.CITY),
    (Status.IN_PROGRESS, Origin.CITY),
    (Status.COMPLETED, Origin.CITY),
)
STATUS_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Status.PUBLISHED, 50),
    (Status.DRAFT, 9),
    (Status.PROPOSED, 5),
    (Status.CHANGES_REQUESTED, 1),
    (Status.DECLINED, 1),
    (Status.FUNDED, 8),
    (Status.CLOSED, 3),
    (Status.IN_PROGRESS, 9),
    (Status.COMPLETED, 8),
    (Status.REPORTED, 3),
    (Status.ARCHIVED, 2),
)
INITIATIVE_STATUSES = (Status.PROPOSED, Status.CHANGES_REQUESTED, Status.DECLINED)
INSTRUMENT_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Instrument.COLLECTIVE_ACTION, 18),
    (Instrument.FUNDRAISING, 16),
    (Instrument.VOLUNTEERING, 16),
    (Instrument.SPONSORSHIP, 12),
    (Instrument.CALL, 12),
    (Instrument.CAMPAIGN, 10),
    (Instrument.PUBLIC_PRIVATE_PARTNERSHIP, 8),
    (Instrument.AWARD, 8),
)
PRIORITY_RANK_WEIGHTS = (6, 3, 2, 1)
PUBLISHED_DAYS_AGO: dict[str, tuple[int, int]] = {
    Status.PUBLISHED: (1, 100),
    Status.FUNDED: (40, 200),
    Status.CLOSED: (120, 300),
    Status.IN_PROGRESS: (150, 400),
    Status.COMPLETED: (300, 700),
    Status.REPORTED: (400, 800),
    Status.ARCHIVED: (700, 1000),
}
ENDED_DAYS_AGO: dict[str, tuple[int, int]] = {
    Status.COMPLETED: (1, 90),
    Status.REPORTED: (60, 200),
    Status.ARCHIVED: (400, 550),
}


@dataclass(slots=True)
class NeedRecord:
    id: int
    kind: str
    target: int  # whole units: EUR, hours, items, kg or m²
    unit_value_cents: int
    allow_oversubscription: bool


@dataclass(slots=True)
class ProjectRecord:
    id: int
    place: Place
    themes: tuple[str, ...]
    status: str
    instrument: str
    title: str
    summary: str
    created_at: datetime
    published_at: datetime | None
    pledge_deadline: datetime | None
    partners: tuple[int, ...]  # organisation positions
    needs: list[NeedRecord]


@dataclass(frozen=True)
class _Timeline:
    created_at: datetime
    published_at: datetime | None
    pledge_deadline: datetime | None
    starts_on: date
    ends_on: date


def campaigns_create(ctx: SeedContext) -> list[tuple[int, tuple[str, ...]]]:
    """The City's current campaigns, named for the year they end: (id, themes) of each."""
    year = ctx.today.year + 1
    starts_on = ctx.today - timedelta(days=200)
    titles = [template.title.format(year=year) for template in CAMPAIGNS]
    rows = [
        Campaign(
            city=ctx.city,
            title=title,
            slug=ctx.slugs(Campaign).claim(title),
            description=template.description,
            starts_on=starts_on,
            ends_on=date(year, 12, 31),
            target_eur=money(template.target_eur * 100),
        )
        for title, template in zip(titles, CAMPAIGNS, strict=True)
    ]
    ctx.insert("campaigns", Campaign, rows)
    through = Campaign.themes.through
    ctx.insert(
        "campaign themes",
        through,
        [
            through(campaign_id=campaign.id, theme_id=ctx.theme_ids[theme])
            for campaign, template in zip(rows, CAMPAIGNS, strict=True)
            for theme in template.themes
        ],
    )
    return [(campaign.id, template.themes) for campaign, template in zip(rows, CAMPAIGNS, strict=True)]


def _timeline(ctx: SeedContext, rng: random.Random, status: str) -> _Timeline:
    """Dates (in days from today) that fit the status: drafts are recent, completed projects ended."""
    published: float | None = None
    deadline: float | None = None
    if status == Status.DRAFT:
        created = -rng.uniform(1, 45)
        deadline = rng.uniform(30, 120)
        starts = deadline + rng.uniform(7, 45)
    elif status in INITIATIVE_STATUSES:
        created = -rng.uniform(2, 60)
        starts = rng.uniform(30, 150)
    else:
        published = -rng.uniform(*PUBLISHED_DAYS_AGO[status])
        created = published - rng.uniform(5, 40)
        if status == Status.PUBLISHED:
            deadline = rng.uniform(7, 120)
            starts = deadline + rng.uniform(7, 60)
        elif status == Status.CLOSED:
            deadline = -rng.uniform(1, 60)
            starts = rng.uniform(5, 60)
        else:
            deadline = published + rng.uniform(30, 90)
            if status == Status.FUNDED:
                starts = max(deadline, 0) + rng.uniform(7, 45)
            else:
                starts = deadline + rng.uniform(7, 30)
            if status == Status.IN_PROGRESS:
                starts = min(starts, -1)
    ends = starts + rng.uniform(60, 365)
    if status in ENDED_DAYS_AGO:
        ends = -rng.uniform(*ENDED_DAYS_AGO[status])
    elif status == Status.IN_PROGRESS:
        ends = rng.uniform(30, 300)
    ends = max(ends, starts + 14)
    return _Timeline(
        created_at=ctx.days_ago(-created),
        published_at=None if published is None else ctx.days_ago(-published),
        pledge_deadline=(
            None if deadline is None else datetime.combine(_day(ctx, deadline), time(17, 0), tzinfo=UTC)
        ),
        starts_on=_day(ctx, starts),
        ends_on=_day(ctx, ends),
    )


def _day(ctx: SeedContext, offset: float) -> date:
    return ctx.today + timedelta(days=int(offset))


@dataclass
class _NeedDraft:
    need: Need
    skills: tuple[str, ...]


@dataclass
class _ProjectDraft:
    project: Project
    place: Place
    themes: tuple[str, ...]
    partners: tuple[int, ...]
    needs: list[_NeedDraft]


def _origin(rng: random.Random, status: str) -> str:
    if status in INITIATIVE_STATUSES:
        return Origin.COMPANY if rng.random() < 0.55 else Origin.NGO
    if status == Status.DRAFT:
        return Origin.CITY
    return weighted(rng, ((Origin.CITY, 86), (Origin.COMPANY, 8), (Origin.NGO, 6)))


def _project_themes(rng: random.Random, priorities: tuple[str, ...]) -> tuple[str, ...]:
    if not priorities:
        return (rng.choice(THEME_CODES),)
    first = rng.choices(priorities, weights=PRIORITY_RANK_WEIGHTS[: len(priorities)])[0]
    if rng.random() < 0.35:
        second = rng.choice([theme for theme in (*priorities, *THEME_CODES) if theme != first])
        return (first, second)
    return (first,)


def _funding_need(rng: random.Random, theme: str, instrument: str) -> _NeedDraft:
    smallest = 50_000 if instrument == Instrument.PUBLIC_PRIVATE_PARTNERSHIP else 5_000
    target_eur = rounded(log_uniform(rng, smallest, 250_000), 500)
    title = rng.choice(FUNDING_TITLES[theme])
    need = Need(
        kind=Need.Kind.FUNDING,
        title=title,
        description=f"Il contributo copre: {title.lower()}.",
        target_quantity=money(target_eur * 100),
        unit=Need.Unit.EUR,
        unit_value_eur=money(100),
        all_or_nothing=instrument == Instrument.FUNDRAISING and rng.random() < 0.3,
        allow_oversubscription=rng.random() < 0.05,
    )
    return _NeedDraft(need, ())


def _volunteering_need(ctx: SeedContext, rng: random.Random, theme: str, timeline: _Timeline) -> _NeedDraft:
    skills = tuple(rng.sample(THEME_SKILLS[theme], rng.randint(1, 3)))
    starts_on = timeline.starts_on + timedelta(days=rng.randint(0, 20))
    ends_on = max(starts_on, min(timeline.ends_on, starts_on + timedelta(days=rng.randint(14, 120))))
    skill_names = ", ".join(ctx.skill_names[skill].lower() for skill in skills)
    need = Need(
        kind=Need.Kind.VOLUNTEERING,
        title=rng.choice(VOLUNTEERING_TITLES[theme]),
        description=f"Turni di 3-4 ore, anche nel fine settimana. Competenze utili: {skill_names}.",
        target_quantity=money(rounded(log_uniform(rng, 20, 1_200), 10) * 100),
        unit=Need.Unit.HOURS,
        unit_value_eur=money(rng.choice(VOLUNTEER_HOUR_VALUES_CENTS)),
        starts_on=starts_on,
        ends_on=ends_on,
        allow_oversubscription=rng.random() < 0.15,
    )
    return _NeedDraft(need, skills)


def _in_kind_need(rng: random.Random, theme: str, timeline: _Timeline) -> _NeedDraft:
    goods = rng.choice(GOODS[theme])
    quantity = rng.randint(*goods.quantity)
    quantity = rounded(quantity, 10) if quantity >= 100 else quantity
    need = Need(
        kind=Need.Kind.IN_KIND,
        title=goods.title,
        description=f"Da consegnare entro l'avvio del progetto, il {timeline.starts_on:%d/%m/%Y}.",
        target_quantity=money(quantity * 100),
        unit=goods.unit,
        unit_value_eur=money(rounded(rng.randint(*goods.unit_value_cents), 50)),
        ends_on=timeline.starts_on,
    )
    return _NeedDraft(need, ())


def _needs(
    ctx: SeedContext, rng: random.Random, instrument: str, themes: tuple[str, ...], timeline: _Timeline
) -> list[_NeedDraft]:
    if instrument == Instrument.VOLUNTEERING:
        primary = Need.Kind.VOLUNTEERING
    elif instrument == Instrument.COLLECTIVE_ACTION:
        primary = rng.choice((Need.Kind.IN_KIND, Need.Kind.VOLUNTEERING))
    else:
        primary = Need.Kind.FUNDING
    others = [kind for kind in Need.Kind if kind != primary]
    rng.shuffle(others)
    kinds = [primary, *others[: rng.choices((0, 1, 2), weights=(4, 4, 2))[0]]]
    drafts = []
    for position, kind in enumerate(kinds):
        theme = themes[position % len(themes)]
        if kind == Need.Kind.FUNDING:
            drafts.append(_funding_need(rng, theme, instrument))
        elif kind == Need.Kind.VOLUNTEERING:
            drafts.append(_volunteering_need(ctx, rng, theme, timeline))
        else:
            drafts.append(_in_kind_need(rng, theme, timeline))
    return drafts


def _partners(
    rng: random.Random, organisations: OrganisationIndex, place: Place, theme: str, proposer: int | None
) -> tuple[int, ...]:
    candidates = organisations.by_place.get(place.id) or organisations.by_theme.get(theme) or []
    count = min(len(candidates), rng.choices((0, 1, 2), weights=(3, 4, 2))[0])
    chosen = rng.sample(candidates, count)
    return tuple(dict.fromkeys([*([proposer] if proposer is not None else []), *chosen]))


def _description(rng: random.Random, themes: tuple[str, ...], place: Place) -> str:
    paragraphs = [
        with_place(rng.choice(PROJECT_CONTEXTS[themes[0]]), place.short_name),
        " ".join(rng.choice(PROJECT_ACTIONS[theme]) for theme in themes),
        rng.choice(PROJECT_ASKS),
        rng.choice(PROJECT_OUTCOMES),
    ]
    return "\n\n".join(paragraphs)


class _ProjectFactory:
    """Drafts projects one after another, keeping what must stay unique or counted across them."""

    def __init__(
        self,
        ctx: SeedContext,
        *,
        officer_id: int,
        companies: CompanyIndex,
        organisations: OrganisationIndex,
        campaigns: list[tuple[int, tuple[str, ...]]],
    ) -> None:
        self.ctx = ctx
        self.officer_id = officer_id
        self.companies = companies
        self.organisations = organisations
        self.campaigns = campaigns
        self.title_editions: dict[str, int] = {}
        self.demo_partnerships_left = 3  # the demo NGO partners on the first public projects

    def title(self, rng: random.Random, theme: str, place: Place) -> str:
        base = with_place(rng.choice(PROJECT_TITLES[theme]), place.short_name)
        edition = self.title_editions[base] = self.title_editions.get(base, 0) + 1
        return base if edition == 1 else f"{base} ({edition}ª edizione)"

    def proposer(
        self, rng: random.Random, origin: str, place: Place, theme: str
    ) -> tuple[int | None, int | None]:
        """(company position, organisation position) of whoever proposed it."""
        if origin == Origin.COMPANY:
            return rng.choice(self.companies.by_theme.get(theme) or range(len(self.companies.ids))), None
        if origin == Origin.NGO:
            local = self.organisations.by_place.get(place.id) or range(len(self.organisations.ids))
            return None, rng.choice(local)
        return None, None

    def campaign(self, rng: random.Random, status: str, themes: tuple[str, ...]) -> int | None:
        if status in INITIATIVE_STATUSES or rng.random() >= 0.35:
            return None
        matching = [campaign_id for campaign_id, covered in self.campaigns if themes[0] in covered]
        return rng.choice(matching) if matching else None

    def draft(self, rng: random.Random, number: int) -> _ProjectDraft:
        ctx = self.ctx
        if number < len(SHOWCASE):
            status, origin = SHOWCASE[number]
            instrument = INSTRUMENT_WEIGHTS[number % len(INSTRUMENT_WEIGHTS)][0]
        else:
            status = weighted(rng, STATUS_WEIGHTS)
            origin = _origin(rng, status)
            instrument = weighted(rng, INSTRUMENT_WEIGHTS)
        place = ctx.places[ctx.needy_places(rng, 1)[0]]
        themes = _project_themes(rng, ctx.priorities.get(place.id, ()))
        company, organisation = self.proposer(rng, origin, place, themes[0])
        timeline = _timeline(ctx, rng, status)
        title = self.title(rng, themes[0], place)
        partners = _partners(rng, self.organisations, place, themes[0], organisation)
        if status in Project.PUBLIC_STATUSES and self.demo_partnerships_left and 0 not in partners:
            partners, self.demo_partnerships_left = (*partners, 0), self.demo_partnerships_left - 1
        edited = rng.uniform(0, 20)  # days between its last publication or creation and its last edit
        project = Project(
            city=ctx.city,
            neighbourhood_id=place.id,
            title=title,
            slug=ctx.slugs(Project).claim(title),
            summary=with_place(rng.choice(PROJECT_SUMMARIES[themes[0]]), place.short_name),
            description=_description(rng, themes, place),
            instrument=instrument,
            status=status,
            origin=origin,
            proposed_by_company_id=None if company is None else self.companies.ids[company],
            proposed_by_organisation_id=(
                None if organisation is None else self.organisations.ids[organisation]
            ),
            owner_id=self.officer_id,
            campaign_id=self.campaign(rng, status, themes),
            pledge_deadline=timeline.pledge_deadline,
            starts_on=timeline.starts_on,
            ends_on=timeline.ends_on,
            published_at=timeline.published_at,
            created_at=timeline.created_at,
            review_note=rng.choice(REVIEW_NOTES[status]) if status in REVIEW_NOTES else "",
            updated_at=min(ctx.now, (timeline.published_at or timeline.created_at) + timedelta(days=edited)),
        )
        return _ProjectDraft(project, place, themes, partners, _needs(ctx, rng, instrument, themes, timeline))


def _insert_chunk(
    ctx: SeedContext, rng: random.Random, drafts: list[_ProjectDraft], organisations: OrganisationIndex
) -> list[ProjectRecord]:
    ctx.insert("projects", Project, [draft.project for draft in drafts])
    themes = Project.themes.through
    ctx.insert(
        "project themes",
        themes,
        [
            themes(project_id=draft.project.id, theme_id=ctx.theme_ids[theme])
            for draft in drafts
            for theme in draft.themes
        ],
    )
    ctx.insert(
        "project partners",
        ProjectPartner,
        [
            ProjectPartner(
                project_id=draft.project.id,
                organisation_id=organisations.ids[position],
                role="Proponente"
                if organisations.ids[position] == draft.project.proposed_by_organisation_id
                else rng.choice(PARTNER_ROLES),
                since=(draft.project.published_at or draft.project.created_at).date(),
            )
            for draft in drafts
            for position in draft.partners
        ],
    )
    for draft in drafts:
        for need_draft in draft.needs:
            need_draft.need.project_id = draft.project.id
    ctx.insert("needs", Need, [need_draft.need for draft in drafts for need_draft in draft.needs])
    skills = Need.skills.through
    ctx.insert(
        "need skills",
        skills,
        [
            skills(need_id=need_draft.need.id, skill_id=ctx.skill_ids[skill])
            for draft in drafts
            for need_draft in draft.needs
            for skill in need_draft.skills
        ],
    )
    return [
        ProjectRecord(
            id=draft.project.id,
            place=draft.place,
            themes=draft.themes,
            status=draft.project.status,
            instrument=draft.project.instrument,
            title=draft.project.title,
            summary=draft.project.summary,
            created_at=draft.project.created_at,
            published_at=draft.project.published_at,
            pledge_deadline=draft.project.pledge_deadline,
            partners=draft.partners,
            needs=[
                NeedRecord(
                    id=need_draft.need.id,
                    kind=need_draft.need.kind,
                    target=int(need_draft.need.target_quantity),
                    unit_value_cents=int(need_draft.need.unit_value_eur * 100),
                    allow_oversubscription=need_draft.need.allow_oversubscription,
                )
                for need_draft in draft.needs
            ],
        )
        for draft in drafts
    ]


def projects_create(
    ctx: SeedContext,
    *,
    officer_id: int,
    companies: CompanyIndex,
    organisations: OrganisationIndex,
    campaigns: list[tuple[int, tuple[str, ...]]],
) -> list[ProjectRecord]:
    factory = _ProjectFactory(
        ctx, officer_id=officer_id, companies=companies, organisations=organisations, campaigns=campaigns
    )
    records: list[ProjectRecord] = []
    total = ctx.options.projects
    for start in range(0, total, CHUNK_SIZE):
        rng = ctx.rng("projects", start)
        drafts = [factory.draft(rng, start + offset) for offset in range(min(CHUNK_SIZE, total - start))]
        records += _insert_chunk(ctx, rng, drafts, organisations)
        ctx.progress(f"projects {min(start + CHUNK_SIZE, total)}/{total}")
    return records
