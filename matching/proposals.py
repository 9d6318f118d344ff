"""Selectors: the coalition of companies proposed to close one need's gap.

A read, not a write: it proposes; officers decide whom to invite. Candidates are the companies the
nightly job ranked for the need's project (its top 50), each with the capacity it has left of the
need's kind: budget for a funding need, volunteer hours for a volunteering one.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from ledger.selectors import companies_capacity_left, need_gap
from matching.coalition import Candidate, SolveStatus, propose_coalition
from matching.models import Match
from projects.models import Need

CENT = Decimal("0.01")
HOUR = Decimal("1")


@dataclass(frozen=True)
class CoalitionOffer:
    company: Company
    amount: Decimal
    fit: float


@dataclass(frozen=True)
class NeedCoalition:
    need: Need
    gap: Decimal
    members: list[CoalitionOffer]
    covered: Decimal
    uncovered: Decimal
    status: SolveStatus
    optimality_gap: float
    candidates: int


def coalition_for_need(*, need: Need, max_members: int | None = None) -> NeedCoalition:
    """The companies that together cover the need's gap best, each within what it has left this year."""
    if need.kind not in (Need.Kind.FUNDING, Need.Kind.VOLUNTEERING):
        raise ValidationError(
            _("Coalitions are proposed for funding and volunteering needs."), code="need_kind"
        )
    gap = need_gap(need=need)
    unit = CENT if need.kind == Need.Kind.FUNDING else HOUR
    fits = dict(
        Match.objects.filter(project_id=need.project_id, rank_for_project__isnull=False).values_list(
            "company_id", "score"
        )
    )
    capacity = companies_capacity_left(company_ids=fits)
    candidates = [
        Candidate(
            company_id=company_id,
            fit=fit,
            capacity=float(left.budget_eur if need.kind == Need.Kind.FUNDING else left.hours),
        )
        for company_id, fit in sorted(fits.items())
        if (left := capacity.get(company_id)) is not None
    ]
    proposal = propose_coalition(
        gap=float(gap), candidates=candidates, max_members=max_members, unit=float(unit)
    )
    companies = Company.objects.in_bulk([member.company_id for member in proposal.members])
    members = [
        CoalitionOffer(
            company=companies[member.company_id],
            amount=Decimal(str(member.amount)).quantize(unit),
            fit=member.fit,
        )
        for member in proposal.members
    ]
    covered = sum((member.amount for member in members), Decimal("0")).quantize(unit)
    return NeedCoalition(
        need=need,
        gap=gap,
        members=members,
        covered=covered,
        uncovered=gap - covered,
        status=proposal.status,
        optimality_gap=proposal.optimality_gap,
        candidates=len(candidates),
    )
