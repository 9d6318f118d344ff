"""Deleting one's account: confirmed by password; what the user did for their organisation stays, no longer
linked to them; their own messages and settings go; an admin hands the organisation to a member first."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from accounts.models import Membership
from accounts.services import account_delete, account_deletion_check, membership_approve
from audit.models import Event
from ledger import services as ledger
from ledger.models import Pledge
from notifications.models import Notification, NotificationPreference
from projects.applications import applications_ranked
from projects.models import Application, ApplicationScore
from tests.calls.factories import call_with_criteria
from tests.factories import (
    DEMO_PASSWORD,
    ApplicationFactory,
    ApplicationScoreFactory,
    CompanyMemberFactory,
    MembershipFactory,
    NgoMemberFactory,
)
from tests.ledger.factories import scene

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_a_wrong_password_deletes_nothing() -> None:
    member = CompanyMemberFactory()

    with pytest.raises(ValidationError) as refusal, translation.override("en"):
        account_delete(user=member.user, password="not-it")

    assert refusal.value.message_dict == {"password": ["This is not your password."]}
    assert User.objects.filter(pk=member.user.pk).exists()


def test_the_organisations_pledges_and_the_trail_stay_unlinked_while_the_users_own_data_go() -> None:
    world = scene()
    pledge = ledger.pledge_offer(
        need=world.need, company=world.company, quantity=Decimal("300"), actor=world.member
    )
    Notification.objects.create(
        recipient=world.member,
        kind="pledge_decided",
        dedupe_key="1",
        subject="Accettata",
        body="…",
        language="it",
    )
    NotificationPreference.objects.create(user=world.member, kind="weekly_digest")
    Token.objects.create(user=world.member)
    offered = Event.objects.for_object(pledge).get()

    account_delete(user=world.member, password=DEMO_PASSWORD)

    pledge.refresh_from_db()
    offered.refresh_from_db()
    assert (pledge.status, pledge.company, pledge.offered_by) == (Pledge.Status.OFFERED, world.company, None)
    assert (offered.actor, offered.to_status) == (None, "offered")
    assert not Notification.objects.filter(recipient_id=world.member.pk).exists()
    assert not NotificationPreference.objects.filter(user_id=world.member.pk).exists()
    assert not Token.objects.filter(user_id=world.member.pk).exists()
    assert not Membership.objects.filter(user_id=world.member.pk).exists()


def test_an_ngo_members_applications_stay_with_the_ngo() -> None:
    member = NgoMemberFactory()
    application = ApplicationFactory(organisation=member.organisation, submitted_by=member.user)

    account_delete(user=member.user, password=DEMO_PASSWORD)

    application.refresh_from_db()
    assert (application.organisation, application.submitted_by, application.status) == (
        member.organisation,
        None,
        Application.Status.SUBMITTED,
    )


def test_an_officers_scores_outlive_their_account_and_still_count_in_the_ranking() -> None:
    call, (criterion,) = call_with_criteria(("100", 10))
    application = ApplicationFactory(call=call)
    leaving = ApplicationScoreFactory(application=application, criterion=criterion, score=10)
    ApplicationScoreFactory(application=application, criterion=criterion, score=6)

    account_delete(user=leaving.reviewer, password=DEMO_PASSWORD)

    assert ApplicationScore.objects.get(pk=leaving.pk).reviewer is None
    assert applications_ranked(call=call)[0].score == Decimal("80.00")  # (10 + 6) / 2 of 10, weight 100


def test_the_trail_forgets_the_name_of_the_deleted_account() -> None:
    admin = CompanyMemberFactory(is_admin=True, user__username="mario.rossi@impresa.example")
    joining = MembershipFactory(
        role="company", company=admin.company, city=admin.city, status="pending", user__username="lucia"
    )
    membership_approve(membership=joining, actor=admin.user)
    assert "lucia" in Event.objects.for_object(joining).get().object_repr

    account_delete(user=joining.user, password=DEMO_PASSWORD)

    events = Event.objects.filter(content_type__model="membership", object_id=joining.pk)
    assert [event.action for event in events.order_by("id")] == ["transition", "deleted"]
    assert not any("lucia" in event.object_repr for event in events)


def test_an_admin_hands_the_organisation_to_its_longest_standing_active_member() -> None:
    admin = CompanyMemberFactory(is_admin=True)
    first = CompanyMemberFactory(company=admin.company, city=admin.city)
    CompanyMemberFactory(company=admin.company, city=admin.city)
    MembershipFactory(role="company", company=admin.company, city=admin.city, status="pending")

    assert account_deletion_check(user=admin.user).successor == first
    account_delete(user=admin.user, password=DEMO_PASSWORD)

    first.refresh_from_db()
    assert first.is_admin
    handover = Event.objects.for_object(first).get()
    assert handover.changes == {"is_admin": [False, True]}


def test_an_admin_left_alone_with_unanswered_requests_must_answer_them_first() -> None:
    admin = NgoMemberFactory(is_admin=True)
    MembershipFactory(role="ngo", organisation=admin.organisation, city=admin.city, status="pending")

    with pytest.raises(ValidationError) as refusal, translation.override("en"):
        account_delete(user=admin.user, password=DEMO_PASSWORD)

    assert "Approve or decline the 1 request to join" in refusal.value.messages[0]
    assert User.objects.filter(pk=admin.user.pk).exists()


def test_an_admin_alone_in_the_organisation_may_leave() -> None:
    admin = CompanyMemberFactory(is_admin=True)

    account_delete(user=admin.user, password=DEMO_PASSWORD)

    assert not User.objects.filter(pk=admin.user.pk).exists()


# --- the pages --------------------------------------------------------------------------------------


def test_deleting_from_the_page_signs_out_and_says_so(client) -> None:
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("accounts:account_delete", kwargs={"city_slug": member.city.slug}),
        {"password": DEMO_PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert not User.objects.filter(pk=member.user.pk).exists()
    assert not response.context["user"].is_authenticated
    assert response.redirect_chain[-1][0] == reverse("web:home", kwargs={"city_slug": member.city.slug})
    assert any(
        "deleted" in str(message) or "eliminato" in str(message) for message in response.context["messages"]
    )


def test_a_wrong_password_on_the_page_is_shown_beside_the_field(client) -> None:
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("accounts:account_delete", kwargs={"city_slug": member.city.slug}), {"password": "no"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=member.user.pk).exists()


def test_the_page_names_who_will_take_over_as_admin(client) -> None:
    admin = CompanyMemberFactory(is_admin=True)
    CompanyMemberFactory(
        company=admin.company, city=admin.city, user__first_name="Giulia", user__last_name="Neri"
    )
    client.force_login(admin.user)

    html = client.get(reverse("accounts:my_data", kwargs={"city_slug": admin.city.slug})).content.decode()

    assert "Giulia Neri" in html


def test_deleting_is_a_post_only(client) -> None:
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.get(reverse("accounts:account_delete", kwargs={"city_slug": member.city.slug}))

    assert response.status_code == 405
