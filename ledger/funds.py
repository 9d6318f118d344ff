"""Match-funding: the City's or a sponsor's pot adding to accepted funding pledges, by the fund's own rules.

One function, `_match_amount`, states the rules (ratio, caps, threshold, what is left in the pot); the
service that writes matches, the pledge form's preview and a draft fund's simulation all go through it.
Funds are locked in one fixed order, (priority, id), so two acceptances never wait on each other in a
circle; `matched_eur` never passes `pot_eur`, and the database refuses it if a bug ever tried.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_officer_of
from audit.models import EventAction
from audit.services import event_record, transition_record
from companies.models import Company
from ledger.models import Fund, FundMatch, Pledge
from ledger.selectors import project_funding
from projects.models import Need, Project

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


# --- the rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFacts:
    """What a fund's eligibility rules read about a project."""

    project_id: int
    city_id: int
    neighbourhood_id: int
    instrument: str
    theme_ids: frozenset[int]

    @classmethod
    def of(cls, project: Project) -> "ProjectFacts":
        return cls(
            project_id=project.pk,
            city_id=project.city_id,
            neighbourhood_id=project.neighbourhood_id,
            instrument=project.instrument,
            theme_ids=frozenset(project.themes.values_list("pk", flat=True)),
        )


def _fund_is_eligible(fund: Fund, facts: ProjectFacts, company_id: int) -> bool:
    """Themes, neighbourhoods and instruments: empty means any. A sponsor does not match itself."""
    theme_ids = {theme.pk for theme in fund.themes.all()}
    neighbourhood_ids = {neighbourhood.pk for neighbourhood in fund.neighbourhoods.all()}
    return (
        fund.city_id == facts.city_id
        and fund.sponsor_id != company_id
        and (not theme_ids or bool(theme_ids & facts.theme_ids))
        and (not neighbourhood_ids or facts.neighbourhood_id in neighbourhood_ids)
        and (not fund.instruments or facts.instrument in fund.instruments)
    )


def _fund_is_running(fund: Fund, today: date) -> bool:
    return (
        fund.status == Fund.Status.OPEN
        and (fund.opens_on is None or fund.opens_on <= today)
        and (fund.closes_on is None or today <= fund.closes_on)
    )


def _match_amount(
    fund: Fund,
    *,
    pledge_eur: Decimal,
    pot_left: Decimal,
    company_matched: Decimal,
    project_matched: Decimal,
    funding_target: Decimal,
    funding_called: Decimal,
) -> Decimal:
    """What the fund adds to one pledge: `funding_called` already includes the pledge itself."""
    if fund.threshold_share is not None and funding_called < fund.threshold_share * funding_target:
        return ZERO
    limits = [pledge_eur * fund.ratio, pot_left]
    if fund.cap_per_pledge_eur is not None:
        limits.append(fund.cap_per_pledge_eur)
    if fund.cap_per_company_eur is not None:
        limits.append(fund.cap_per_company_eur - company_matched)
    if fund.cap_per_project_eur is not None:
        limits.append(fund.cap_per_project_eur - project_matched)
    return max(ZERO, min(limits)).quantize(CENT, rounding=ROUND_DOWN)


def _candidate_funds(facts: ProjectFacts, company_id: int, today: date) -> list[Fund]:
    funds = Fund.objects.open().filter(city_id=facts.city_id).prefetch_related("themes", "neighbourhoods")
    return [
        fund
        for fund in funds.order_by("priority", "pk")
        if _fund_is_running(fund, today) and _fund_is_eligible(fund, facts, company_id)
    ]


def _matched_so_far(fund_ids: Iterable[int], **scope: Any) -> dict[int, Decimal]:
    rows = (
        FundMatch.objects.filter(fund_id__in=list(fund_ids), status=FundMatch.Status.ACTIVE, **scope)
        .order_by()
        .values_list("fund_id")
        .annotate(total=Sum("amount_eur"))
    )
    return dict(rows)


# --- matching an accepted pledge --------------------------------------------------------------------


def fund_match_pledge(*, pledge: Pledge) -> list[FundMatch]:
    """Match an accepted funding pledge from every eligible open fund, in priority order.

    Called by `pledge_accept` inside its transaction, with the pledge already locked: the funds are
    locked here, after it, in (priority, id) order.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("fund_match_pledge runs inside the transaction that accepts the pledge")
    need = pledge.need
    if pledge.status != Pledge.Status.ACCEPTED or need.kind != Need.Kind.FUNDING:
        return []
    project = need.project
    facts = ProjectFacts.of(project)
    today = timezone.localdate()
    candidate_ids = [fund.pk for fund in _candidate_funds(facts, pledge.company_id, today)]
    if not candidate_ids:
        return []
    locked = (
        Fund.objects.select_for_update(of=("self",))
        .select_related("city")
        .filter(pk__in=candidate_ids)
        .order_by("priority", "pk")
        .prefetch_related("themes", "neighbourhoods")
    )
    funding_target, funding_called = project_funding(project=project)
    company_matched = _matched_so_far(candidate_ids, pledge__company_id=pledge.company_id)
    project_matched = _matched_so_far(candidate_ids, pledge__need__project_id=project.pk)
    already = set(FundMatch.objects.filter(pledge=pledge).values_list("fund_id", flat=True))
    matches = []
    for fund in locked:  # re-read under the lock: the rules or the pot may have changed meanwhile
        if fund.pk in already or not (
            _fund_is_running(fund, today) and _fund_is_eligible(fund, facts, pledge.company_id)
        ):
            continue
        amount = _match_amount(
            fund,
            pledge_eur=pledge.value_eur,
            pot_left=fund.remaining_eur,
            company_matched=company_matched.get(fund.pk, ZERO),
            project_matched=project_matched.get(fund.pk, ZERO),
            funding_target=funding_target,
            funding_called=funding_called,
        )
        if amount > ZERO:
            matches.append(_match_record(fund=fund, pledge=pledge, amount=amount))
    return matches


def _match_record(*, fund: Fund, pledge: Pledge, amount: Decimal) -> FundMatch:
    match = FundMatch.objects.create(fund=fund, pledge=pledge, amount_eur=amount)
    before = fund.matched_eur
    Fund.objects.filter(pk=fund.pk).update(matched_eur=F("matched_eur") + amount)
    fund.matched_eur = before + amount
    event_record(
        subject=match,
        action=EventAction.CREATED,
        city=fund.city,
        project_id=pledge.need.project_id,
        to_status=FundMatch.Status.ACTIVE,
        changes={"fund_matched_eur": [before, fund.matched_eur]},
    )
    return match


def fund_matches_return(*, pledge: Pledge, actor: Any = None) -> Decimal:
    """Give back to their pots what funds added to a pledge that fell through; returns the total.

    Runs inside the caller's transaction, after the pledge was locked; a second call returns nothing.
    """
    active = FundMatch.objects.filter(pledge=pledge, status=FundMatch.Status.ACTIVE)
    fund_ids = list(active.values_list("fund_id", flat=True))
    if not fund_ids:
        return ZERO
    funds = (
        Fund.objects.select_for_update(of=("self",))
        .select_related("city")
        .filter(pk__in=fund_ids)
        .order_by("priority", "pk")
    )
    now = timezone.now()
    returned = ZERO
    for fund in funds:
        match = FundMatch.objects.filter(pledge=pledge, fund=fund, status=FundMatch.Status.ACTIVE).first()
        if match is None:
            continue
        updated = FundMatch.objects.filter(pk=match.pk, status=FundMatch.Status.ACTIVE).update(
            status=FundMatch.Status.RETURNED, returned_at=now
        )
        if updated != 1:
            continue
        Fund.objects.filter(pk=fund.pk).update(matched_eur=F("matched_eur") - match.amount_eur)
        transition_record(
            subject=match,
            from_status=FundMatch.Status.ACTIVE,
            to_status=FundMatch.Status.RETURNED,
            actor=actor,
            city=fund.city,
            project_id=pledge.need.project_id,
            note=_("%(amount)s EUR back to the pot") % {"amount": match.amount_eur},
        )
        returned += match.amount_eur
    return returned


# --- opening and closing a fund ---------------------------------------------------------------------


FUND_MOVES = {
    Fund.Status.OPEN: (Fund.Status.DRAFT, Fund.Status.CLOSED),
    Fund.Status.CLOSED: (Fund.Status.OPEN,),
}


def _fund_move(*, fund: Fund, to_status: Fund.Status, actor: Any) -> Fund:
    if not is_officer_of(actor, fund.city):
        raise ValidationError(_("Only an officer of the fund's city may open or close it."), code="forbidden")
    locked = Fund.objects.select_for_update().select_related("city").get(pk=fund.pk)
    from_status = locked.status
    if from_status not in FUND_MOVES[to_status]:
        raise ValidationError(
            _("A fund that is %(from)s cannot become %(to)s.")
            % {"from": Fund.Status(from_status).label, "to": Fund.Status(to_status).label},
            code="not_allowed",
        )
    locked.status = to_status
    locked.save(update_fields=["status"])
    transition_record(
        subject=locked, from_status=from_status, to_status=to_status, actor=actor, city=locked.city
    )
    fund.status = to_status
    return locked


@transaction.atomic
def fund_open(*, fund: Fund, actor: Any) -> Fund:
    """Open the fund: from now on it matches accepted funding pledges (a closed fund may reopen)."""
    return _fund_move(fund=fund, to_status=Fund.Status.OPEN, actor=actor)


@transaction.atomic
def fund_close(*, fund: Fund, actor: Any) -> Fund:
    """Close the fund: it matches nothing more; what it already matched stays."""
    return _fund_move(fund=fund, to_status=Fund.Status.CLOSED, actor=actor)


# --- previews and simulations (no writes) -----------------------------------------------------------


@dataclass(frozen=True)
class FundPreviewLine:
    fund: Fund
    amount_eur: Decimal


@dataclass(frozen=True)
class FundPreview:
    """For the pledge form: "your EUR 1,000 becomes EUR 2,000"."""

    pledge_eur: Decimal
    lines: list[FundPreviewLine]

    @property
    def matched_eur(self) -> Decimal:
        return sum((line.amount_eur for line in self.lines), ZERO)

    @property
    def becomes_eur(self) -> Decimal:
        return self.pledge_eur + self.matched_eur


def fund_preview(*, need: Need, company: Company, amount_eur: Decimal) -> FundPreview:
    """What each open fund would add if the City accepted this pledge now; writes nothing."""
    amount_eur = Decimal(amount_eur)
    if need.kind != Need.Kind.FUNDING or amount_eur <= 0:
        return FundPreview(pledge_eur=amount_eur, lines=[])
    project = need.project
    funds = _candidate_funds(ProjectFacts.of(project), company.pk, timezone.localdate())
    fund_ids = [fund.pk for fund in funds]
    funding_target, funding_called = project_funding(project=project)
    company_matched = _matched_so_far(fund_ids, pledge__company_id=company.pk)
    project_matched = _matched_so_far(fund_ids, pledge__need__project_id=project.pk)
    lines = []
    for fund in funds:
        amount = _match_amount(
            fund,
            pledge_eur=amount_eur,
            pot_left=fund.remaining_eur,
            company_matched=company_matched.get(fund.pk, ZERO),
            project_matched=project_matched.get(fund.pk, ZERO),
            funding_target=funding_target,
            funding_called=funding_called + amount_eur,
        )
        if amount > ZERO:
            lines.append(FundPreviewLine(fund=fund, amount_eur=amount))
    return FundPreview(pledge_eur=amount_eur, lines=lines)


@dataclass
class SimulatedProject:
    project_id: int
    title: str
    pledges_matched: int = 0
    matched_eur: Decimal = ZERO
    wanted_eur: Decimal = ZERO  # what the rules would give with a bottomless pot


@dataclass
class FundSimulation:
    fund: Fund
    pot_eur: Decimal
    matched_eur: Decimal = ZERO
    wanted_eur: Decimal = ZERO
    projects: list[SimulatedProject] = field(default_factory=list)

    @property
    def pot_runs_out(self) -> bool:
        return self.wanted_eur > self.pot_eur

    @property
    def pot_left_eur(self) -> Decimal:
        return self.pot_eur - self.matched_eur


def fund_simulate(*, fund: Fund) -> FundSimulation:
    """Run the fund's rules (even a draft's) over the accepted funding pledges on its city's published
    projects, in the order they were accepted, as if the fund had been open from the start; writes nothing.
    """
    pledges = (
        Pledge.objects.called()
        .filter(
            need__kind=Need.Kind.FUNDING,
            need__project__city_id=fund.city_id,
            need__project__status=Project.Status.PUBLISHED,
        )
        .select_related("need__project")
        .order_by(F("decided_at").asc(nulls_last=True), "pk")
    )
    pledges = list(pledges)
    project_ids = {pledge.need.project_id for pledge in pledges}
    facts = _project_facts(project_ids)
    targets = dict(
        Need.objects.filter(project_id__in=project_ids, kind=Need.Kind.FUNDING)
        .order_by()
        .values_list("project_id")
        .annotate(total=Sum("target_quantity"))
    )
    fund = Fund.objects.prefetch_related("themes", "neighbourhoods").get(pk=fund.pk)
    simulation = FundSimulation(fund=fund, pot_eur=fund.pot_eur)
    lines: dict[int, SimulatedProject] = {}
    called: dict[int, Decimal] = defaultdict(lambda: ZERO)
    per_company: dict[int, Decimal] = defaultdict(lambda: ZERO)
    per_company_wanted: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for pledge in pledges:
        project = pledge.need.project
        called[project.pk] += pledge.value_eur
        if not _fund_is_eligible(fund, facts[project.pk], pledge.company_id):
            continue
        line = lines.setdefault(project.pk, SimulatedProject(project_id=project.pk, title=project.title))
        rules = {
            "pledge_eur": pledge.value_eur,
            "funding_target": targets.get(project.pk, ZERO),
            "funding_called": called[project.pk],
        }
        wanted = _match_amount(
            fund,
            pot_left=pledge.value_eur * fund.ratio,
            company_matched=per_company_wanted[pledge.company_id],
            project_matched=line.wanted_eur,
            **rules,
        )
        amount = _match_amount(
            fund,
            pot_left=simulation.pot_left_eur,
            company_matched=per_company[pledge.company_id],
            project_matched=line.matched_eur,
            **rules,
        )
        line.wanted_eur += wanted
        per_company_wanted[pledge.company_id] += wanted
        simulation.wanted_eur += wanted
        if amount > ZERO:
            line.pledges_matched += 1
            line.matched_eur += amount
            per_company[pledge.company_id] += amount
            simulation.matched_eur += amount
    simulation.projects = [line for line in lines.values() if line.wanted_eur > ZERO]
    return simulation


def _project_facts(project_ids: set[int]) -> dict[int, ProjectFacts]:
    themes: dict[int, set[int]] = defaultdict(set)
    for project_id, theme_id in Project.themes.through.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "theme_id"
    ):
        themes[project_id].add(theme_id)
    rows = Project.objects.filter(pk__in=project_ids).values_list(
        "pk", "city_id", "neighbourhood_id", "instrument"
    )
    return {
        pk: ProjectFacts(
            project_id=pk,
            city_id=city_id,
            neighbourhood_id=neighbourhood_id,
            instrument=instrument,
            theme_ids=frozenset(themes[pk]),
        )
        for pk, city_id, neighbourhood_id, instrument in rows
    }
