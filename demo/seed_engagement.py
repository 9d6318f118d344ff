"""Demo calls with their criteria and NGO applications, and companies' pledges against needs.

Pledges never commit more than a need's target (unless it allows oversubscription): each need's committed
total is planned first, then split among companies.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from demo.context import CHUNK_SIZE, SeedContext, log_uniform, money, rounded, weighted
from demo.seed_organisations import CompanyIndex, OrganisationIndex
from demo.seed_projects import NeedRecord, ProjectRecord
from demo.vocabulary_projects import (
    APPLICATION_EXPERIENCE,
    APPLICATION_PROPOSALS,
    CALL_DESCRIPTIONS,
    CALL_ELIGIBILITIES,
    CITY_CALL_TITLES,
    CRITERIA,
    CRITERIA_WEIGHTS,
    DECISION_REASONS,
    PLEDGE_EVIDENCE,
    PLEDGE_MESSAGES,
    PROJECT_CALL_TITLE,
    THEME_CODES,
)
from ledger.models import Pledge
from neighborhoods.models import District
from projects.models import Application, Call, EvaluationCriterion, Need, Project

ProjectStatus = Project.Status
CallStatus = Call.Status
AppStatus = Application.Status
PledgeStatus = Pledge.Status

PROJECT_CALL_STATUS: dict[str, str] = {
    ProjectStatus.DRAFT: CallStatus.DRAFT,
    ProjectStatus.PUBLISHED: CallStatus.OPEN,
    ProjectStatus.CLOSED: CallStatus.CLOSED,
    ProjectStatus.FUNDED: CallStatus.AWARDED,
    ProjectStatus.IN_PROGRESS: CallStatus.AWARDED,
    ProjectStatus.COMPLETED: CallStatus.AWARDED,
    ProjectStatus.REPORTED: CallStatus.AWARDED,
    ProjectStatus.ARCHIVED: CallStatus.AWARDED,
}
CITY_CALL_STATUSES: tuple[tuple[str, int], ...] = (
    (CallStatus.OPEN, 50),
    (CallStatus.CLOSED, 25),
    (CallStatus.AWARDED, 15),
    (CallStatus.DRAFT, 10),
)
CITY_CALLS_PER_PROJECT = 1 / 20
DEMO_NGO_OPEN_CALLS = 2  # the demo NGO applies to the first open calls
DEMO_COMPANY_PLEDGES = 6  # the demo company pledges on the first published needs
MAX_PLEDGES_PER_NEED = 8
FUNDING_STEP_EUR = 50


@dataclass(frozen=True)
class _CallPlan:
    title: str
    status: str
    themes: tuple[str, ...]
    summary: str
    project: ProjectRecord | None


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random() if end > start else start


def _call_plans(ctx: SeedContext, rng: random.Random, projects: list[ProjectRecord]) -> list[_CallPlan]:
    plans = [
        _CallPlan(
            PROJECT_CALL_TITLE.format(project=record.title),
            PROJECT_CALL_STATUS[record.status],
            record.themes,
            record.summary,
            record,
        )
        for record in projects
        if record.instrument == Project.Instrument.CALL and record.status in PROJECT_CALL_STATUS
    ]
    districts = list(District.objects.filter(city=ctx.city).order_by("code").values_list("name", flat=True))
    for number in range(max(1, round(len(projects) * CITY_CALLS_PER_PROJECT))):
        theme = THEME_CODES[number % len(THEME_CODES)]
        district = rng.choice(districts) if districts else ctx.city.name
        status = CallStatus.OPEN if number == 0 else weighted(rng, CITY_CALL_STATUSES)
        summary = (
            f"Il bando sostiene progetti di {ctx.theme_names[theme].lower()} nei quartieri del {district} "
            "dove la strategia del Comune li mette al primo posto."
        )
        # The year is the deadline's, known once the call's dates are drawn.
        plans.append(_CallPlan(f"{CITY_CALL_TITLES[theme]} · {district}", status, (theme,), summary, None))
    return plans


def _call_window(ctx: SeedContext, rng: random.Random, plan: _CallPlan) -> tuple[datetime, datetime]:
    published = plan.project.published_at if plan.project else None
    if plan.status == CallStatus.DRAFT:
        opens = ctx.days_ago(-rng.uniform(10, 40))
        deadline = opens + timedelta(days=rng.uniform(30, 60))
    elif plan.status == CallStatus.OPEN:
        opens = published or ctx.days_ago(rng.uniform(5, 40))
        deadline = ctx.days_ago(-rng.uniform(10, 60))
    elif plan.status == CallStatus.CLOSED:
        deadline = ctx.days_ago(rng.uniform(1, 30))
        opens = published or deadline - timedelta(days=rng.uniform(30, 60))
    else:
        opens = published or ctx.days_ago(rng.uniform(90, 400))
        deadline = min(opens + timedelta(days=rng.uniform(20, 40)), ctx.days_ago(1))
    return opens, max(deadline, opens + timedelta(days=1))


def _criteria(rng: random.Random, call: Call) -> list[EvaluationCriterion]:
    weights = rng.choice(CRITERIA_WEIGHTS)
    return [
        EvaluationCriterion(
            call_id=call.id,
            name=name,
            description=description,
            weight=money(weight * 100),
            position=position,
        )
        for position, (weight, (name, description)) in enumerate(
            zip(weights, rng.sample(CRITERIA, len(weights)), strict=True)
        )
    ]


def _distinct(rng: random.Random, pools: Sequence[Sequence[int]], count: int) -> list[int]:
    """Up to `count` different positions, drawn from the first pools first."""
    chosen: list[int] = []
    for pool in pools:
        for _ in range(3 * count):
            if len(chosen) >= count or not pool:
                break
            candidate = rng.choice(pool)
            if candidate not in chosen:
                chosen.append(candidate)
    return chosen


class _Applications:
    """Applications, to calls or straight to projects, with dates and decisions that fit their status."""

    def __init__(self, ctx: SeedContext, organisations: OrganisationIndex, ngo_user_id: int) -> None:
        self.ctx = ctx
        self.organisations = organisations
        self.ngo_user_id = ngo_user_id
        self.demo_open_calls_left = DEMO_NGO_OPEN_CALLS

    def applicants(
        self, rng: random.Random, themes: tuple[str, ...], place_id: int | None, count: int
    ) -> list[int]:
        organisations = self.organisations
        pools = [
            organisations.by_place.get(place_id, []) if place_id else [],
            organisations.by_theme.get(themes[0], []),
            range(len(organisations.ids)),
        ]
        return _distinct(rng, pools, count)

    def build(
        self,
        rng: random.Random,
        position: int,
        status: str,
        theme: str,
        *,
        window: tuple[datetime, datetime],
        call: Call | None = None,
        project_id: int | None = None,
        budget_eur: int | None = None,
    ) -> Application:
        ctx = self.ctx
        opens, closes = window
        submitted_at = None if status == AppStatus.DRAFT else _between(rng, opens, min(closes, ctx.now))
        decided_at = decision_reason = None
        if status in (AppStatus.ACCEPTED, AppStatus.REJECTED):
            decided_at = max(submitted_at, min(closes + timedelta(days=rng.uniform(5, 30)), ctx.now))
            decision_reason = rng.choice(DECISION_REASONS[status])
        experience = rng.choice(APPLICATION_EXPERIENCE).format(
            years=rng.randint(2, 30), volunteers=rng.randint(8, 120)
        )
        asked = None if budget_eur is None else rounded(budget_eur * rng.uniform(0.1, 0.6), 100)
        return Application(
            organisation_id=self.organisations.ids[position],
            call_id=call.id if call else None,
            project_id=project_id,
            proposal=f"{APPLICATION_PROPOSALS[theme]} {experience}",
            budget_eur=None if asked is None else money(asked * 100),
            status=status,
            submitted_at=submitted_at,
            decided_at=decided_at,
            decision_reason=decision_reason or "",
            submitted_by_id=self.ngo_user_id if position == 0 and submitted_at else None,
            created_at=_between(rng, opens, submitted_at or min(closes, ctx.now)),
        )

    def to_call(self, rng: random.Random, call: Call, plan: _CallPlan) -> list[Application]:
        count = {
            CallStatus.DRAFT: 0,
            CallStatus.OPEN: rng.randint(0, 5),
            CallStatus.CLOSED: rng.randint(1, 6),
            CallStatus.AWARDED: rng.randint(1, 6),
        }[plan.status]
        applicants = self.applicants(rng, plan.themes, plan.project.place.id if plan.project else None, count)
        if plan.status == CallStatus.OPEN and self.demo_open_calls_left and 0 not in applicants:
            applicants.insert(0, 0)
            self.demo_open_calls_left -= 1
        applications = []
        for number, position in enumerate(applicants):
            if plan.status == CallStatus.OPEN:
                status = AppStatus.DRAFT if rng.random() < 0.25 else AppStatus.SUBMITTED
            elif plan.status == CallStatus.CLOSED:
                status = rng.choice((AppStatus.SUBMITTED, AppStatus.SHORTLISTED))
            else:
                status = AppStatus.ACCEPTED if number == 0 else AppStatus.REJECTED
            budget = int(call.budget_eur) if call.budget_eur is not None else None
            applications.append(
                self.build(
                    rng,
                    position,
                    status,
                    plan.themes[0],
                    window=(call.opens_at, call.deadline),
                    call=call,
                    budget_eur=budget,
                )
            )
        return applications

    def to_project(self, rng: random.Random, record: ProjectRecord) -> list[Application]:
        """A few NGOs offer to partner on a published project directly, outside any call."""
        if record.status != ProjectStatus.PUBLISHED or record.published_at is None or rng.random() >= 0.1:
            return []
        applicants = [
            position
            for position in self.applicants(rng, record.themes, record.place.id, rng.randint(1, 2))
            if position not in record.partners
        ]
        return [
            self.build(
                rng,
                position,
                weighted(
                    rng, ((AppStatus.SUBMITTED, 6), (AppStatus.SHORTLISTED, 3), (AppStatus.WITHDRAWN, 1))
                ),
                record.themes[0],
                window=(record.published_at, self.ctx.now),
                project_id=record.id,
            )
            for position in applicants
        ]


def calls_create(
    ctx: SeedContext,
    *,
    officer_id: int,
    ngo_user_id: int,
    projects: list[ProjectRecord],
    organisations: OrganisationIndex,
) -> None:
    rng = ctx.rng("calls")
    calls: list[Call] = []
    plans = _call_plans(ctx, rng, projects)
    for plan in plans:
        opens_at, deadline = _call_window(ctx, rng, plan)
        partners_only = plan.project is not None and rng.random() < 0.5  # a call for partners, no money
        budget = None if partners_only else rounded(log_uniform(rng, 20_000, 500_000), 1_000)
        title = plan.title.replace("{year}", str(deadline.year))
        calls.append(
            Call(
                city=ctx.city,
                project_id=plan.project.id if plan.project else None,
                title=title,
                slug=ctx.slugs(Call).claim(title),
                description=rng.choice(CALL_DESCRIPTIONS).format(summary=plan.summary),
                eligibility=rng.choice(CALL_ELIGIBILITIES),
                status=plan.status,
                opens_at=opens_at,
                deadline=deadline,
                budget_eur=None if budget is None else money(budget * 100),
                owner_id=officer_id,
            )
        )
    ctx.insert("calls", Call, calls)
    themes = Call.themes.through
    ctx.insert(
        "call themes",
        themes,
        [
            themes(call_id=call.id, theme_id=ctx.theme_ids[theme])
            for call, plan in zip(calls, plans, strict=True)
            for theme in plan.themes
        ],
    )
    criteria = [row for call in calls for row in _criteria(rng, call)]
    ctx.insert("evaluation criteria", EvaluationCriterion, criteria)
    builder = _Applications(ctx, organisations, ngo_user_id)
    applications = [
        application
        for call, plan in zip(calls, plans, strict=True)
        for application in builder.to_call(rng, call, plan)
    ]
    applications += [application for record in projects for application in builder.to_project(rng, record)]
    ctx.insert("applications", Application, applications)
    ctx.progress(f"calls {len(calls)}, applications {len(applications)}")


# Per project status: the share of each need's target its committed pledges reach, and their statuses.
PLEDGE_PLANS: dict[str, tuple[tuple[float, float], tuple[tuple[str, int], ...]]] = {
    ProjectStatus.PUBLISHED: ((0.0, 0.9), ((PledgeStatus.OFFERED, 1), (PledgeStatus.ACCEPTED, 1))),
    ProjectStatus.FUNDED: ((1.0, 1.0), ((PledgeStatus.ACCEPTED, 4), (PledgeStatus.FULFILLED, 1))),
    ProjectStatus.CLOSED: ((0.3, 0.9), ((PledgeStatus.ACCEPTED, 1),)),
    ProjectStatus.IN_PROGRESS: ((0.7, 1.0), ((PledgeStatus.ACCEPTED, 2), (PledgeStatus.FULFILLED, 3))),
    ProjectStatus.COMPLETED: ((0.85, 1.0), ((PledgeStatus.FULFILLED, 1),)),
    ProjectStatus.REPORTED: ((0.85, 1.0), ((PledgeStatus.FULFILLED, 1),)),
    ProjectStatus.ARCHIVED: ((0.85, 1.0), ((PledgeStatus.FULFILLED, 1),)),
}


class _Pledges:
    def __init__(self, ctx: SeedContext, companies: CompanyIndex, company_user_id: int) -> None:
        self.ctx = ctx
        self.companies = companies
        self.company_user_id = company_user_id
        self.demo_pledges_left = DEMO_COMPANY_PLEDGES

    def pledger(self, rng: random.Random, record: ProjectRecord, *, large: bool = False) -> int:
        """A company that cares about the place or the theme; `large`: the richest of a few, to fill a gap."""
        companies = self.companies
        local = companies.by_place.get(record.place.id)
        pool = local if local and rng.random() < 0.4 else companies.by_theme.get(record.themes[0])
        draws = [
            rng.choice(pool) if pool else rng.randrange(len(companies.ids)) for _ in range(8 if large else 1)
        ]
        return max(draws, key=lambda position: companies.budgets_eur[position])

    def capacity(self, rng: random.Random, position: int, need: NeedRecord) -> int:
        """How much one company offers at once, in the need's units."""
        if need.kind == Need.Kind.FUNDING:
            return rounded(self.companies.budgets_eur[position] * rng.uniform(0.05, 0.4), FUNDING_STEP_EUR)
        if need.kind == Need.Kind.VOLUNTEERING:
            return max(4, int(self.companies.volunteer_hours[position] * rng.uniform(0.05, 0.4)))
        return max(1, int(need.target * rng.uniform(0.1, 0.7)))

    def pledge(
        self,
        rng: random.Random,
        record: ProjectRecord,
        need: NeedRecord,
        position: int,
        quantity: int,
        status: str,
    ) -> Pledge:
        ctx = self.ctx
        window_end = min(ctx.now, record.pledge_deadline or ctx.now)
        offered_at = _between(rng, record.published_at or record.created_at, window_end)
        decided_at = fulfilled_at = None
        if status in (PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED, PledgeStatus.DECLINED):
            decided_at = min(offered_at + timedelta(days=rng.uniform(1, 14)), ctx.now)
        if status == PledgeStatus.FULFILLED:
            fulfilled_at = min(decided_at + timedelta(days=rng.uniform(5, 60)), ctx.now)
        return Pledge(
            company_id=self.companies.ids[position],
            need_id=need.id,
            quantity=money(quantity * 100),
            value_eur=money(quantity * need.unit_value_cents),
            status=status,
            message=rng.choice(PLEDGE_MESSAGES[need.kind]).format(year=ctx.today.year),
            offered_by_id=self.company_user_id if position == 0 else None,
            offered_at=offered_at,
            decided_at=decided_at,
            fulfilled_at=fulfilled_at,
            evidence_note=(
                PLEDGE_EVIDENCE[need.kind].format(day=f"{fulfilled_at:%d/%m/%Y}") if fulfilled_at else ""
            ),
        )

    def for_need(self, rng: random.Random, record: ProjectRecord, need: NeedRecord) -> list[Pledge]:
        (low, high), statuses = PLEDGE_PLANS[record.status]
        untouched = record.status == ProjectStatus.PUBLISHED and rng.random() < 0.15  # no pledge yet
        fill = 0.0 if untouched else rng.uniform(low, high)
        if need.allow_oversubscription and rng.random() < 0.5:
            fill *= 1.2
        planned = int(need.target * fill)
        must_complete = fill >= 1.0  # a funded project's needs are met in full
        step = FUNDING_STEP_EUR if need.kind == Need.Kind.FUNDING else 1
        pledges: list[Pledge] = []
        committed = 0
        while committed < planned and len(pledges) < MAX_PLEDGES_PER_NEED:
            closing = must_complete and len(pledges) == MAX_PLEDGES_PER_NEED - 1
            if not pledges and record.status == ProjectStatus.PUBLISHED and self.demo_pledges_left:
                position, self.demo_pledges_left = 0, self.demo_pledges_left - 1
            else:
                position = self.pledger(rng, record, large=closing)
            remaining = planned - committed
            quantity = remaining if closing else min(remaining, max(step, self.capacity(rng, position, need)))
            pledges.append(self.pledge(rng, record, need, position, quantity, weighted(rng, statuses)))
            committed += quantity
        if rng.random() < 0.2:  # one that does not count: the City declined it, or the company withdrew
            position = self.pledger(rng, record)
            quantity = max(1, min(need.target, self.capacity(rng, position, need)))
            status = rng.choice((PledgeStatus.DECLINED, PledgeStatus.WITHDRAWN))
            pledges.append(self.pledge(rng, record, need, position, quantity, status))
        return pledges


def pledges_create(
    ctx: SeedContext, *, company_user_id: int, projects: list[ProjectRecord], companies: CompanyIndex
) -> None:
    builder = _Pledges(ctx, companies, company_user_id)
    eligible = [record for record in projects if record.status in PLEDGE_PLANS]
    for start in range(0, len(eligible), CHUNK_SIZE):
        rng = ctx.rng("pledges", start)
        rows = [
            pledge
            for record in eligible[start : start + CHUNK_SIZE]
            for need in record.needs
            for pledge in builder.for_need(rng, record, need)
        ]
        ctx.insert("pledges", Pledge, rows)
        ctx.progress(f"pledges: projects {min(start + CHUNK_SIZE, len(eligible))}/{len(eligible)}")
