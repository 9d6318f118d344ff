"""Officers simulate a fund's rules from the admin before opening it, and open or close it there."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from ledger.models import Fund, Pledge
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_fund(client) -> Fund:
    fund = factories.FundFactory(status=Fund.Status.DRAFT, pot_eur=Decimal("1000.00"))
    user = factories.OfficerFactory(city=fund.city, user__is_staff=True, user__is_superuser=True).user
    client.force_login(user)
    return fund


def act(client, action: str, fund: Fund) -> list[str]:
    with translation.override("en"):  # the English admin, under /en/
        url = reverse("admin:ledger_fund_changelist")
        response = client.post(url, {"action": action, "_selected_action": [fund.pk]}, follow=True)
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_simulating_a_draft_fund_reports_what_it_would_match_and_writes_nothing(client, draft_fund) -> None:
    project = factories.ProjectFactory(neighbourhood__city=draft_fund.city)
    factories.PledgeFactory(
        need=factories.NeedFactory(project=project),
        quantity=Decimal("3000.00"),
        status=Pledge.Status.ACCEPTED,
        decided_at="2026-11-01T10:00:00Z",
    )

    messages = act(client, "simulate_selected", draft_fund)

    assert any("pot runs out" in message and "1000.00" in message for message in messages), messages
    draft_fund.refresh_from_db()
    assert draft_fund.matched_eur == 0 and not draft_fund.matches.exists()


def test_opening_a_fund_from_the_admin_goes_through_the_service(client, draft_fund) -> None:
    act(client, "open_selected", draft_fund)
    draft_fund.refresh_from_db()
    assert draft_fund.status == Fund.Status.OPEN
