"""The coalition proposed for one need: from the project's ranked companies and what they have left."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger.models import Pledge
from ledger.selectors import companies_capacity_left, need_gap
from matching.proposals import coalition_for_need
from projects.models import Need
from tests import factories

pytestmark = pytest.mark.django_db


def ranked(project, company, *, fit: float, rank: int) -> None:
    factories.MatchFactory(
        project=project, company=company, score=fit, rank_for_project=rank, rank_for_company=None
    )


@pytest.fixture
def need():
    return factories.NeedFactory(target_quantity=Decimal("10000.00"))


def company(need, *, budget: str, hours: int = 0):
    return factories.CompanyFactory(
        city=need.project.city, csr_budget_eur=Decimal(budget), volunteer_hours_per_year=hours
    )


def test_need_gap_is_the_target_less_committed_pledges(need) -> None:
    factories.PledgeFactory(need=need, quantity=Decimal("1500.00"))
    factories.PledgeFactory(need=need, quantity=Decimal("500.00"), status=Pledge.Status.WITHDRAWN)
    assert need_gap(need=need) == Decimal("8500.00")


def test_capacity_left_is_the_budget_less_this_years_committed_funding(need) -> None:
    giver = company(need, budget="5000.00", hours=100)
    factories.PledgeFactory(need=need, company=giver, quantity=Decimal("1200.00"))
    left = companies_capacity_left(company_ids=[giver.id])[giver.id]
    assert (left.budget_eur, left.hours) == (Decimal("3800.00"), Decimal("100"))


def test_coalition_covers_the_gap_when_capacity_allows_preferring_better_fits(need) -> None:
    best, good, weak = (company(need, budget=b) for b in ("6000.00", "6000.00", "50000.00"))
    ranked(need.project, best, fit=0.9, rank=1)
    ranked(need.project, good, fit=0.8, rank=2)
    ranked(need.project, weak, fit=0.3, rank=3)

    proposal = coalition_for_need(need=need)

    assert proposal.covered == Decimal("10000.00") and proposal.uncovered == Decimal("0.00")
    amounts = {offer.company: offer.amount for offer in proposal.members}
    assert amounts == {best: Decimal("6000.00"), good: Decimal("4000.00")}
    assert proposal.optimality_gap == 0


def test_coalition_says_what_is_left_when_capacity_runs_short(need) -> None:
    one, two = company(need, budget="3000.00"), company(need, budget="2500.00")
    ranked(need.project, one, fit=0.7, rank=1)
    ranked(need.project, two, fit=0.6, rank=2)

    proposal = coalition_for_need(need=need)

    assert proposal.covered == Decimal("5500.00")
    assert proposal.uncovered == Decimal("4500.00")
    assert sum(offer.amount for offer in proposal.members) == proposal.covered


def test_volunteering_coalitions_count_hours(need) -> None:
    hours_need = factories.NeedFactory(
        project=need.project,
        kind=Need.Kind.VOLUNTEERING,
        unit=Need.Unit.HOURS,
        target_quantity=Decimal("120"),
    )
    helper = company(need, budget="0.00", hours=80)
    ranked(need.project, helper, fit=0.8, rank=1)

    proposal = coalition_for_need(need=hours_need)

    assert [(offer.company, offer.amount) for offer in proposal.members] == [(helper, Decimal("80"))]
    assert proposal.uncovered == Decimal("40.00")


def test_goods_in_kind_get_no_coalition(need) -> None:
    goods = factories.NeedFactory(
        project=need.project, kind=Need.Kind.IN_KIND, unit=Need.Unit.ITEMS, unit_value_eur=Decimal("20.00")
    )
    with pytest.raises(ValidationError):
        coalition_for_need(need=goods)
