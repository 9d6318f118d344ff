"""A signed-in user downloads what the platform keeps about them, as JSON: theirs only."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from audit.services import event_record
from ledger import services as ledger
from notifications.models import Notification, NotificationPreference
from tests.factories import (
    ApplicationFactory,
    ApplicationScoreFactory,
    CompanyMemberFactory,
    NgoMemberFactory,
)
from tests.ledger.factories import scene
from web.privacy import account_export

pytestmark = pytest.mark.django_db


def notify(user, subject: str) -> Notification:
    return Notification.objects.create(
        recipient=user, kind="pledge_decided", dedupe_key=subject, subject=subject, body="…", language="it"
    )


def test_the_export_holds_the_profile_membership_notifications_events_and_pledges_of_the_user() -> None:
    world = scene()
    world.member.first_name = "Mario"
    world.member.save()
    pledge = ledger.pledge_offer(
        need=world.need, company=world.company, quantity=Decimal("300"), actor=world.member
    )
    notify(world.member, "La tua promessa è stata accettata")
    notify(world.officer, "Per un altro")
    NotificationPreference.objects.create(user=world.member, kind="weekly_digest", by_email=False)
    Token.objects.create(user=world.member)
    event_record(subject=world.project, action="changed", actor=world.officer, city=world.project.city)

    data = account_export(user=world.member)

    assert (data["profile"]["email"], data["profile"]["first_name"]) == (world.member.email, "Mario")
    assert data["profile"]["api_token_created"] is not None
    assert (data["membership"]["role"], data["membership"]["company"]) == (
        "company",
        world.company.legal_name,
    )
    assert [n["subject"] for n in data["notifications"]] == ["La tua promessa è stata accettata"]
    assert data["notification_preferences"] == [{"kind": "weekly_digest", "in_app": True, "by_email": False}]
    assert [(e["kind"], e["to_status"]) for e in data["events"]] == [("ledger.pledge", "offered")]
    assert [(p["id"], p["quantity"]) for p in data["pledges_offered"]] == [(pledge.pk, Decimal("300.00"))]


def test_the_export_holds_the_applications_submitted_and_the_scores_given() -> None:
    member = NgoMemberFactory()
    application = ApplicationFactory(organisation=member.organisation, submitted_by=member.user)
    score = ApplicationScoreFactory(application=application)

    submitted = account_export(user=member.user)["applications_submitted"]
    scored = account_export(user=score.reviewer)["application_scores"]

    assert [row["id"] for row in submitted] == [application.pk]
    assert [(row["application_id"], row["score"]) for row in scored] == [(application.pk, score.score)]


def test_the_export_never_holds_the_api_token_itself() -> None:
    member = CompanyMemberFactory()
    token = Token.objects.create(user=member.user)

    assert token.key not in json.dumps(account_export(user=member.user), default=str)


def test_the_download_is_a_private_json_file_of_the_signed_in_user(client) -> None:
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.get(reverse("web:my_data_download", kwargs={"city_slug": member.city.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="milanpartner-my-data-')
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["profile"]["username"] == member.user.username


def test_an_anonymous_visitor_is_sent_to_sign_in_for_the_download_and_the_page(client) -> None:
    member = CompanyMemberFactory()
    for name in ("web:my_data_download", "accounts:my_data"):
        response = client.get(reverse(name, kwargs={"city_slug": member.city.slug}))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_account_page_links_to_my_data_which_offers_the_download_and_the_deletion(client) -> None:
    member = CompanyMemberFactory()
    client.force_login(member.user)
    kwargs = {"city_slug": member.city.slug}

    account = client.get(reverse("accounts:join", kwargs=kwargs)).content.decode()
    page = client.get(reverse("accounts:my_data", kwargs=kwargs)).content.decode()

    assert reverse("accounts:my_data", kwargs=kwargs) in account
    assert reverse("web:my_data_download", kwargs=kwargs) in page
    assert reverse("accounts:account_delete", kwargs=kwargs) in page
