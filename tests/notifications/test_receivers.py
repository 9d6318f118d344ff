"""From recorded events to messages: who hears about what, in which language, by which channel, and once."""

from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from audit.services import transition_record
from ledger.models import Pledge
from notifications.models import Notification, NotificationKind
from notifications.services import (
    notification_email_deliver,
    notification_mark_read,
    notification_preference_set,
)
from projects import applications
from projects.models import Application, Call, Project
from projects.services import project_transition
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CompanyMemberFactory,
    NeedFactory,
    NgoMemberFactory,
    OfficerFactory,
    PledgeFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Kind = NotificationKind


def pledge_moved(pledge: Pledge, from_status: str, to_status: str, actor=None, note: str = "") -> None:
    """What the ledger records when a pledge moves (its services call the same function)."""
    project = pledge.need.project
    transition_record(
        subject=pledge, from_status=from_status, to_status=to_status, actor=actor, city=project.city,
        project_id=project.pk, note=note,
    )  # fmt: skip


def owned_pledge(**fields: object) -> Pledge:
    project = ProjectFactory()
    project.owner = OfficerFactory(city=project.city, user__language="en").user
    project.save()
    return PledgeFactory(need=NeedFactory(project=project), **fields)


def sent_to(kind: NotificationKind) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


# --- who hears about what ---------------------------------------------------------------------------


def test_a_new_pledge_tells_the_projects_officer_in_the_app_and_by_email(committed) -> None:
    pledge = owned_pledge()
    company_member = CompanyMemberFactory(city=pledge.company.city, company=pledge.company).user

    committed(pledge_moved, pledge, "", Pledge.Status.OFFERED, actor=company_member)

    notification = Notification.objects.get()
    owner = pledge.need.project.owner
    assert (notification.recipient, notification.kind, notification.subject_object) == (
        owner, Kind.PLEDGE_RECEIVED, pledge,
    )  # fmt: skip
    assert notification.in_app and notification.emailed_at is not None
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert pledge.company.legal_name in mail.outbox[0].body


def test_an_accepted_pledge_tells_the_companys_members_and_no_other_company(committed) -> None:
    pledge = owned_pledge()
    members = [CompanyMemberFactory(city=pledge.company.city, company=pledge.company).user for _ in range(2)]
    CompanyMemberFactory(city=pledge.company.city)

    committed(
        pledge_moved, pledge, Pledge.Status.OFFERED, Pledge.Status.ACCEPTED, actor=pledge.need.project.owner
    )

    assert sent_to(Kind.PLEDGE_DECIDED) == {member.username for member in members}
    assert len(mail.outbox) == 2


def test_a_declined_pledge_tells_the_company_why() -> None:
    pledge = owned_pledge()
    member = CompanyMemberFactory(city=pledge.company.city, company=pledge.company, user__language="en").user

    pledge_moved(pledge, Pledge.Status.OFFERED, Pledge.Status.DECLINED, note="We need trees, not benches.")

    notification = Notification.objects.get(recipient=member)
    assert notification.subject.startswith("Your pledge was declined")
    assert "We need trees, not benches." in notification.body


def test_endorsing_an_initiative_tells_the_proposing_companys_members() -> None:
    member = CompanyMemberFactory()
    project = ProjectFactory(
        neighbourhood__city=member.city, status=Project.Status.PROPOSED, published_at=None,
        origin=Project.Origin.COMPANY, proposed_by_company=member.company,
    )  # fmt: skip
    NeedFactory(project=project)

    project_transition(
        project=project, to_status=Project.Status.PUBLISHED, actor=OfficerFactory(city=member.city).user
    )

    assert sent_to(Kind.INITIATIVE_ENDORSED) == {member.user.username}


def test_an_applications_status_change_tells_the_ngos_members_but_not_who_made_it() -> None:
    application = ApplicationFactory()
    first, second = (
        NgoMemberFactory(city=application.call.city, organisation=application.organisation).user
        for _ in range(2)
    )

    applications.application_shortlist(
        application=application, actor=OfficerFactory(city=application.call.city).user
    )
    assert sent_to(Kind.APPLICATION_STATUS) == {first.username, second.username}

    applications.application_withdraw(application=application, actor=first)
    withdrawn = Notification.objects.filter(dedupe_key=f"application:{application.pk}:withdrawn")
    assert list(withdrawn.values_list("recipient", flat=True)) == [second.pk]


def test_a_rejection_tells_the_ngo_the_reason() -> None:
    application = ApplicationFactory()
    member = NgoMemberFactory(
        city=application.call.city, organisation=application.organisation, user__language="en"
    ).user

    applications.application_reject(
        application=application, actor=OfficerFactory(city=application.call.city).user, reason="Out of scope."
    )

    notification = Notification.objects.get(recipient=member)
    assert notification.subject == f"Your application to “{application.call.title}” is now: rejected"
    assert "Reason: Out of scope." in notification.body


def test_a_call_closing_tells_its_officer_and_the_ngos_that_applied_but_not_those_that_withdrew() -> None:
    officer = OfficerFactory()
    call = CallFactory(city=officer.city, owner=officer.user)
    applied = NgoMemberFactory(city=call.city)
    ApplicationFactory(call=call, organisation=applied.organisation)
    withdrew = NgoMemberFactory(city=call.city)
    ApplicationFactory(call=call, organisation=withdrew.organisation, status=Application.Status.WITHDRAWN)

    transition_record(
        subject=call, from_status=Call.Status.OPEN, to_status=Call.Status.CLOSED, city=call.city
    )

    assert sent_to(Kind.CALL_CLOSED) == {officer.user.username, applied.user.username}


# --- language ---------------------------------------------------------------------------------------


def test_each_recipient_reads_the_message_in_their_own_language() -> None:
    pledge = owned_pledge()
    italian = CompanyMemberFactory(city=pledge.company.city, company=pledge.company, user__language="it").user
    english = CompanyMemberFactory(city=pledge.company.city, company=pledge.company, user__language="en").user

    with translation.override("en"):  # whatever language the request that made the change spoke
        pledge_moved(pledge, Pledge.Status.OFFERED, Pledge.Status.ACCEPTED)

    title = pledge.need.project.title
    italian_message = Notification.objects.get(recipient=italian)
    english_message = Notification.objects.get(recipient=english)
    assert italian_message.subject == f"La vostra offerta è stata accettata: «{title}»"
    assert italian_message.body.startswith(f"Gentile {italian.username},\n\nil Comune ha accettato")
    assert (italian_message.language, english_message.language) == ("it", "en")
    assert english_message.subject == f"Your pledge was accepted: “{title}”"
    assert english_message.body.startswith(f"Dear {english.username},\n\nthe City accepted")


# --- preferences ------------------------------------------------------------------------------------


def test_a_user_who_turned_email_off_gets_the_message_in_the_app_only(committed) -> None:
    pledge = owned_pledge()
    notification_preference_set(
        user=pledge.need.project.owner, kind=Kind.PLEDGE_RECEIVED, in_app=True, by_email=False
    )

    committed(pledge_moved, pledge, "", Pledge.Status.OFFERED)

    notification = Notification.objects.get()
    assert (notification.in_app, notification.by_email, notification.emailed_at) == (True, False, None)
    assert mail.outbox == []


def test_a_user_who_turned_the_app_off_gets_the_email_only(committed) -> None:
    pledge = owned_pledge()
    owner = pledge.need.project.owner
    notification_preference_set(user=owner, kind=Kind.PLEDGE_RECEIVED, in_app=False, by_email=True)

    committed(pledge_moved, pledge, "", Pledge.Status.OFFERED)

    assert not Notification.objects.inbox(owner).exists()
    assert len(mail.outbox) == 1


def test_a_user_who_turned_both_off_gets_nothing_and_other_kinds_still_arrive(committed) -> None:
    pledge = owned_pledge()
    member = CompanyMemberFactory(city=pledge.company.city, company=pledge.company).user
    notification_preference_set(
        user=pledge.need.project.owner, kind=Kind.PLEDGE_RECEIVED, in_app=False, by_email=False
    )
    notification_preference_set(user=member, kind=Kind.PLEDGE_RECEIVED, in_app=False, by_email=False)

    committed(pledge_moved, pledge, "", Pledge.Status.OFFERED)
    committed(pledge_moved, pledge, Pledge.Status.OFFERED, Pledge.Status.ACCEPTED)

    assert list(Notification.objects.values_list("recipient", "kind")) == [(member.pk, Kind.PLEDGE_DECIDED)]
    assert len(mail.outbox) == 1


def test_setting_a_preference_again_replaces_it() -> None:
    user = UserFactory()
    notification_preference_set(user=user, kind=Kind.WEEKLY_DIGEST, in_app=False, by_email=False)
    preference = notification_preference_set(user=user, kind=Kind.WEEKLY_DIGEST, in_app=True, by_email=False)

    assert user.notification_preferences.get() == preference and preference.in_app


# --- once -------------------------------------------------------------------------------------------


def test_the_same_event_recorded_again_sends_nothing_twice(committed) -> None:
    pledge = owned_pledge()
    CompanyMemberFactory(city=pledge.company.city, company=pledge.company)

    for _attempt in range(2):
        committed(pledge_moved, pledge, Pledge.Status.OFFERED, Pledge.Status.ACCEPTED)

    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_change_that_rolls_back_leaves_no_notification_and_sends_no_mail(committed) -> None:
    pledge = owned_pledge()

    def offered_then_failed() -> None:
        with transaction.atomic():
            pledge_moved(pledge, "", Pledge.Status.OFFERED)
            raise RuntimeError("the rest of the service failed")

    with pytest.raises(RuntimeError):
        committed(offered_then_failed)

    assert not Notification.objects.exists() and mail.outbox == []


def test_an_email_delivered_twice_is_sent_once() -> None:
    pledge = owned_pledge()
    pledge_moved(pledge, "", Pledge.Status.OFFERED)
    notification = Notification.objects.get()

    assert notification_email_deliver(notification_id=notification.pk) is True
    assert notification_email_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_an_email_that_fails_to_send_is_released_for_the_retry() -> None:
    pledge = owned_pledge()
    pledge_moved(pledge, "", Pledge.Status.OFFERED)
    notification = Notification.objects.get()

    with (
        mock.patch("notifications.services.send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(OSError),
    ):
        notification_email_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert notification_email_deliver(notification_id=notification.pk) is True


# --- reading ----------------------------------------------------------------------------------------


def test_a_user_marks_their_own_notification_read_but_not_someone_elses() -> None:
    pledge = owned_pledge()
    pledge_moved(pledge, "", Pledge.Status.OFFERED)
    notification = Notification.objects.get()
    owner = pledge.need.project.owner

    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(notification=notification, user=UserFactory())
    notification_mark_read(notification=notification, user=owner)
    first_read = Notification.objects.get().read_at
    notification_mark_read(notification=notification, user=owner)

    assert first_read is not None and Notification.objects.get().read_at == first_read
    assert not Notification.objects.inbox(owner).unread().exists()
