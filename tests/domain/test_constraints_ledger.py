"""Constraints of the ledger, pinned: pledges."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ledger.models import Pledge
from tests.domain.constraints import refused_by
from tests.factories import CompanyFactory, PledgeFactory

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
