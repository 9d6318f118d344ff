"""The demo's history and match-funding: what the services would have recorded had people clicked.

Projects carry their moves (created, proposed, published, and where they went since) and pledges theirs
(offered, then accepted, declined, withdrawn...), as audit events with plausible times; the City's fund
matches accepted funding pledges 1:1 until its pot runs out. Written in bulk, like the rest of the demo.
"""

from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from audit.models import Event, EventAction
from demo.context import SeedContext
from ledger.models import Fund, FundMatch, Pledge, PledgeStatus
from projects.models import NeedKind, Project, ProjectStatus

FUND_NAME = "Fondo Quartieri Milano"
FUND_SLUG = "fondo-quartieri-milano"
FUND_POT = Decimal("250000.00")
FUND_CAP_PER_PLEDGE = Decimal("10000.00")
FUND_DESCRIPTION = (
    "Il Comune raddoppia le donazioni delle imprese ai progetti nei quartieri, fino a esaurimento."
)
INITIATIVE_STEPS = (ProjectStatus.PROPOSED, ProjectStatus.CHANGES_REQUESTED, ProjectStatus.DECLINED)
AFTER_PUBLISHING = {
    ProjectStatus.FUNDED: (ProjectStatus.FUNDED,),
    ProjectStatus.CLOSED: (ProjectStatus.CLOSED,),
    ProjectStatus.IN_PROGRESS: (ProjectStatus.FUNDED, ProjectStatus.IN_PROGRESS),
    ProjectStatus.COMPLETED: (ProjectStatus.FUNDED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED),
    ProjectStatus.REPORTED: (
        ProjectStatus.FUNDED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED, ProjectStatus.REPORTED,
    ),
    ProjectStatus.ARCHIVED: (ProjectStatus.CLOSED, ProjectStatus.ARCHIVED),
}  # fmt: skip


def _between(start: datetime, end: datetime, share: float) -> datetime:
    return start + (max(end, start) - start) * share


def _project_events(project: Project, content_type: ContentType, officer_id: int) -> list[Event]:
    def event(moment: datetime, from_status: str, to_status: str, actor_id: int | None) -> Event:
        return Event(
            city_id=project.city_id, occurred_at=moment, actor_id=actor_id, content_type=content_type,
            object_id=project.pk, object_repr=project.title[:200], project_id=project.pk,
            action=EventAction.TRANSITION, from_status=from_status, to_status=to_status,
            note=project.review_note if to_status in INITIATIVE_STEPS[1:] else "",
        )  # fmt: skip

    initiative = project.origin != "city"
    events = [event(project.created_at, "", ProjectStatus.DRAFT, None if initiative else officer_id)]
    previous = ProjectStatus.DRAFT
    if initiative:
        proposed_at = _between(project.created_at, project.published_at or project.updated_at, 0.2)
        events.append(event(proposed_at, previous, ProjectStatus.PROPOSED, None))
        previous = ProjectStatus.PROPOSED
        if project.status in INITIATIVE_STEPS[1:]:
            events.append(event(project.updated_at, previous, project.status, officer_id))
            return events
    if project.published_at is None:
        return events
    events.append(event(project.published_at, previous, ProjectStatus.PUBLISHED, officer_id))
    steps = AFTER_PUBLISHING.get(project.status, ())
    for number, step in enumerate(steps, start=1):
        moment = _between(project.published_at, project.updated_at, number / len(steps))
        system_move = step in (ProjectStatus.FUNDED, ProjectStatus.CLOSED)
        events.append(event(moment, events[-1].to_status, step, None if system_move else officer_id))
    return events


def _pledge_events(pledge: Pledge, content_type: ContentType, city_id: int, officer_id: int) -> list[Event]:
    def event(moment: datetime, from_status: str, to_status: str, actor_id: int | None) -> Event:
        return Event(
            city_id=city_id, occurred_at=moment, actor_id=actor_id, content_type=content_type,
            object_id=pledge.pk,
            object_repr=f"{pledge.company.legal_name} → {pledge.need.title}"[:200],
            project_id=pledge.need.project_id, action=EventAction.TRANSITION, from_status=from_status,
            to_status=to_status,
        )  # fmt: skip

    events = [event(pledge.offered_at, "", PledgeStatus.OFFERED, pledge.offered_by_id)]
    decided = pledge.decided_at or pledge.offered_at
    if pledge.status in (PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED):
        events.append(event(decided, PledgeStatus.OFFERED, PledgeStatus.ACCEPTED, officer_id))
        if pledge.status == PledgeStatus.FULFILLED:
            events.append(event(pledge.fulfilled_at or decided, PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED,
                                pledge.offered_by_id))  # fmt: skip
    elif pledge.status == PledgeStatus.DECLINED:
        events.append(event(decided, PledgeStatus.OFFERED, PledgeStatus.DECLINED, officer_id))
    elif pledge.status != PledgeStatus.OFFERED:
        events.append(event(decided, PledgeStatus.OFFERED, pledge.status, pledge.offered_by_id))
    return events


def history_create(ctx: SeedContext, *, officer_id: int) -> None:
    """Every demo project's and pledge's moves, as the services record them."""
    project_type = ContentType.objects.get_for_model(Project)
    pledge_type = ContentType.objects.get_for_model(Pledge)
    projects = Project.objects.filter(city=ctx.city).order_by("id")
    for start in range(0, projects.count(), 5_000):
        batch = list(projects[start : start + 5_000])
        ctx.insert(
            "project events", Event, [e for p in batch for e in _project_events(p, project_type, officer_id)]
        )
    pledges = (
        Pledge.objects.filter(need__project__city=ctx.city)
        .select_related("company", "need")
        .only(
            "id",
            "status",
            "offered_at",
            "decided_at",
            "fulfilled_at",
            "offered_by_id",
            "company__legal_name",
            "need__title",
            "need__project_id",
        )
        .order_by("id")
    )
    for start in range(0, pledges.count(), 10_000):
        batch = list(pledges[start : start + 10_000])
        ctx.insert(
            "pledge events",
            Event,
            [e for p in batch for e in _pledge_events(p, pledge_type, ctx.city.pk, officer_id)],
        )
    ctx.progress(f"history: {ctx.report.counts.get('project events', 0):,} project events, "
                 f"{ctx.report.counts.get('pledge events', 0):,} pledge events")  # fmt: skip


def fund_create(ctx: SeedContext) -> None:
    """The City's 1:1 fund, matching accepted funding pledges in the order they were accepted."""
    fund = ctx.insert("funds", Fund, [
        Fund(
            city=ctx.city, name=FUND_NAME, slug=FUND_SLUG, status=Fund.Status.OPEN, pot_eur=FUND_POT,
            ratio=Decimal("1.00"), cap_per_pledge_eur=FUND_CAP_PER_PLEDGE, priority=10,
            description=FUND_DESCRIPTION,
        )
    ])[0]  # fmt: skip
    left = FUND_POT
    matches = []
    accepted = (
        Pledge.objects.filter(
            need__project__city=ctx.city,
            need__kind=NeedKind.FUNDING,
            status__in=[PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED],
        )
        .only("id", "value_eur", "decided_at")
        .order_by("decided_at", "id")
    )
    for pledge in accepted.iterator():
        amount = min(pledge.value_eur, FUND_CAP_PER_PLEDGE, left)
        if amount <= 0:
            break
        matches.append(FundMatch(fund=fund, pledge_id=pledge.pk, amount_eur=amount))
        left -= amount
    ctx.insert("fund matches", FundMatch, matches)
    Fund.objects.filter(pk=fund.pk).update(matched_eur=F("pot_eur") - left)
