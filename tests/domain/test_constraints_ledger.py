"""Constraints of the ledger, pinned: pledges."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ledger.models import FundMatch, Pledge
from tests.domain.constraints import refused_by
from tests.factories import CompanyFactory, FundFactory, FundMatchFactory, PledgeFactory

pytestmark = pytest.mark.django_db


# --- ledger -----------------------------------------------------------------------------------------


def test_pledge_with_no_need_is_refused() -> None:
    company = CompanyFactory()

    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        Pledge.objects.create(
            company=company, need=None, quantity=Decimal("100.00"), value_eur=Decimal("100.00")
        )
    assert "need_id" in str(refusal.value)


@pytest.mark.parametrize("quantity", [Decimal("0"), Decimal("-5.00")])
def test_pledge_of_zero_or_negative_quantity_is_refused(quantity: Decimal) -> None:
    with refused_by("pledge_quantity_positive"):
        PledgeFactory(quantity=quantity, value_eur=Decimal("0"))


def test_pledge_of_one_cent_is_allowed() -> None:
    assert PledgeFactory(quantity=Decimal("0.01")).pk


def test_pledge_of_negative_value_is_refused() -> None:
    with refused_by("pledge_value_non_negative"):
        PledgeFactory(value_eur=Decimal("-0.01"))


def test_pledge_of_unknown_status_is_refused() -> None:
    with refused_by("pledge_status_valid"):
        PledgeFactory(status="promised")


def test_fulfilled_pledge_without_fulfilled_at_is_refused() -> None:
    with refused_by("pledge_fulfilled_has_date"):
        PledgeFactory(status=Pledge.Status.FULFILLED, fulfilled_at=None)


def test_fulfilled_pledge_with_fulfilled_at_is_allowed() -> None:
    assert PledgeFactory(status=Pledge.Status.FULFILLED, fulfilled_at=timezone.now()).pk


# --- match funds ------------------------------------------------------------------------------------


def test_fund_slug_twice_in_one_city_is_refused() -> None:
    fund = FundFactory()
    with refused_by("fund_slug_unique_in_city"):
        FundFactory(city=fund.city, slug=fund.slug)


def test_fund_of_unknown_status_is_refused() -> None:
    with refused_by("fund_status_valid"):
        FundFactory(status="paused")


def test_fund_with_empty_pot_is_refused() -> None:
    with refused_by("fund_pot_positive"):
        FundFactory(pot_eur=Decimal("0"))


@pytest.mark.parametrize("matched", [Decimal("10000.01"), Decimal("-0.01")])
def test_fund_matching_beyond_its_pot_or_below_zero_is_refused(matched: Decimal) -> None:
    with refused_by("fund_pot_never_overdrawn"):
        FundFactory(pot_eur=Decimal("10000.00"), matched_eur=matched)


def test_fund_matching_its_whole_pot_is_allowed() -> None:
    assert FundFactory(pot_eur=Decimal("10000.00"), matched_eur=Decimal("10000.00")).pk


def test_fund_of_zero_ratio_is_refused() -> None:
    with refused_by("fund_ratio_positive"):
        FundFactory(ratio=Decimal("0"))


@pytest.mark.parametrize("cap", ["cap_per_pledge_eur", "cap_per_company_eur", "cap_per_project_eur"])
def test_fund_cap_of_zero_is_refused(cap: str) -> None:
    with refused_by("fund_caps_positive"):
        FundFactory(**{cap: Decimal("0")})


@pytest.mark.parametrize("share", [Decimal("1.001"), Decimal("-0.1")])
def test_fund_threshold_outside_zero_to_one_is_refused(share: Decimal) -> None:
    with refused_by("fund_threshold_is_share"):
        FundFactory(threshold_share=share)


def test_fund_closing_before_it_opens_is_refused() -> None:
    with refused_by("fund_closes_after_opening"):
        FundFactory(opens_on=date(2027, 3, 1), closes_on=date(2027, 2, 28))


def test_fund_matching_one_pledge_twice_is_refused() -> None:
    match = FundMatchFactory()
    with refused_by("fund_match_once_per_pledge"):
        FundMatchFactory(fund=match.fund, pledge=match.pledge)


def test_fund_match_of_zero_is_refused() -> None:
    with refused_by("fund_match_amount_positive"):
        FundMatchFactory(amount_eur=Decimal("0"))


def test_fund_match_of_unknown_status_is_refused() -> None:
    # An unknown status is neither active nor returned either: the database may name either check.
    with refused_by("fund_match_status_valid", "fund_match_returned_has_date"):
        FundMatchFactory(status="pending", returned_at=None)


def test_returned_fund_match_without_date_is_refused() -> None:
    with refused_by("fund_match_returned_has_date"):
        FundMatchFactory(status=FundMatch.Status.RETURNED, returned_at=None)


def test_active_fund_match_with_return_date_is_refused() -> None:
    with refused_by("fund_match_returned_has_date"):
        FundMatchFactory(returned_at=timezone.now())
