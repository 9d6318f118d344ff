"""The back office moves pledges only through the ledger's services, and shows their refusals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ledger.models import Pledge
from tests.factories import OfficerFactory, UserFactory
from tests.ledger.factories import OfferedPledgeFactory, scene

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:ledger_pledge_changelist"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def act(client, action: str, pledges: list[Pledge], **extra: str):
    data = {"action": action, "_selected_action": [p.pk for p in pledges], **extra}
    return client.post(reverse(CHANGELIST), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def staff_officer(city):
    return OfficerFactory(city=city, user__is_staff=True, user__is_superuser=True).user


def test_officer_accepts_selected_pledges_from_the_admin(client, english) -> None:
    s = scene()
    pledges = [OfferedPledgeFactory(need=s.need), OfferedPledgeFactory(need=s.need)]
    officer = staff_officer(s.project.city)
    client.force_login(officer)

    response = act(client, "accept_selected", pledges)

    assert "2 pledges accepted." in shown(response)
    assert set(Pledge.objects.values_list("status", "decided_by")) == {("accepted", officer.pk)}


def test_a_refusal_is_shown_as_a_message_and_changes_nothing(client, english) -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # staff, but no officer of the city

    response = act(client, "accept_selected", [pledge])

    assert any("Only an officer of the project's city" in message for message in shown(response))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.OFFERED


def test_declining_from_the_admin_takes_the_reason_from_the_action_bar(client, english) -> None:
    s = scene()
    pledges = [OfferedPledgeFactory(need=s.need)]
    client.force_login(staff_officer(s.project.city))

    refused = act(client, "decline_selected", pledges)
    assert any("Say why" in message for message in shown(refused))

    response = act(client, "decline_selected", pledges, reason="Duplicate offer")
    assert "1 pledge declined." in shown(response)
    assert Pledge.objects.get().status == Pledge.Status.DECLINED


def test_expiring_from_the_admin_only_expires_offers_past_their_period(client, english) -> None:
    s = scene()
    due = OfferedPledgeFactory(need=s.need, expires_at=timezone.now() - timedelta(hours=1))
    waiting = OfferedPledgeFactory(need=s.need)
    client.force_login(staff_officer(s.project.city))

    response = act(client, "expire_selected", [due, waiting])

    assert "1 offer expired." in shown(response)
    assert any("waits for an answer until" in message for message in shown(response))
    assert dict(Pledge.objects.values_list("pk", "status")) == {due.pk: "expired", waiting.pk: "offered"}


def test_the_pledge_form_shows_the_status_read_only(client) -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need)
    client.force_login(staff_officer(s.project.city))

    response = client.get(reverse("admin:ledger_pledge_change", args=[pledge.pk]))

    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
