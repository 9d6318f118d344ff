"""Sending notifications: rendered in each recipient's language, recorded once, e-mailed at most once."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import is_officer_of
from audit.models import EventAction
from audit.services import event_record
from companies.models import Company
from notifications.models import Notification, NotificationKind, NotificationPreference
from notifications.recipients import members_by_company
from projects.models import Project, ProjectStatus

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def notification_render(*, kind: NotificationKind, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of one kind of message, from its templates in `language`."""
    folder = f"notifications/{NotificationKind(kind).value}"
    with translation.override(language):
        subject = render_to_string(f"{folder}/{language}_subject.txt", context)
        body = render_to_string(f"{folder}/{language}_body.txt", context)
    return " ".join(subject.split())[:200], body.strip() + "\n"


def _channels(users: list[Any], kind: NotificationKind) -> dict[int, tuple[bool, bool]]:
    """(in app, by e-mail) for each user; both on unless they chose otherwise."""
    chosen = NotificationPreference.objects.filter(user__in=[u.pk for u in users], kind=kind)
    by_user = {preference.user_id: (preference.in_app, preference.by_email) for preference in chosen}
    return {user.pk: by_user.get(user.pk, (True, True)) for user in users}


@transaction.atomic
def notifications_send(
    *,
    recipients: Iterable[Any],
    kind: NotificationKind,
    dedupe_key: str,
    context: dict[str, Any],
    about: models.Model | None = None,
) -> list[Notification]:
    """Record the message for each recipient who wants it, once: the ones created now are returned.

    A recipient who already has this kind with this key gets nothing new (the unique constraint decides,
    even against a concurrent run); the e-mails of the new ones are enqueued when the transaction commits.
    """
    users = list({user.pk: user for user in recipients if user is not None and user.is_active}.values())
    channels = _channels(users, kind)
    already = set(
        Notification.objects.filter(recipient__in=users, kind=kind, dedupe_key=dedupe_key).values_list(
            "recipient_id", flat=True
        )
    )
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    created = []
    for user in users:
        in_app, by_email = channels[user.pk]
        if user.pk in already or not (in_app or by_email):
            continue
        language = user.language if user.language in LANGUAGES else settings.LANGUAGE_CODE
        subject, body = notification_render(
            kind=kind, language=language, context={**context, "recipient": user}
        )
        notification, was_created = Notification.objects.get_or_create(
            recipient=user,
            kind=kind,
            dedupe_key=dedupe_key,
            defaults={
                "content_type": content_type,
                "object_id": about.pk if about is not None else None,
                "subject": subject,
                "body": body,
                "language": language,
                "in_app": in_app,
                "by_email": by_email,
            },
        )
        if was_created:
            created.append(notification)
    to_email = [notification.pk for notification in created if notification.by_email]
    if to_email:
        from notifications import tasks  # the tasks call this module: enqueued through them

        transaction.on_commit(lambda: tasks.notifications_email.delay(to_email))
    return created


def notification_email_deliver(*, notification_id: int) -> bool:
    """E-mail one notification unless it was already e-mailed; True when this call sent it.

    Deliberately not atomic: the claim (a conditional update of `emailed_at`) commits before the mail
    leaves, so two workers never both send it; if sending fails the claim is released for a retry.
    """
    claimed = Notification.objects.filter(pk=notification_id, by_email=True, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        send_mail(notification.subject, notification.body, None, [notification.recipient.email])
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: Any) -> Notification:
    """Mark the user's own notification read (another user's is not found: the caller shows a 404)."""
    mine = Notification.objects.get(pk=notification.pk, recipient=user)
    Notification.objects.filter(pk=mine.pk, read_at__isnull=True).update(read_at=timezone.now())
    mine.refresh_from_db()
    notification.read_at = mine.read_at
    return mine


@transaction.atomic
def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(
    *, user: Any, kind: NotificationKind, in_app: bool, by_email: bool
) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=NotificationKind(kind), defaults={"in_app": in_app, "by_email": by_email}
    )
    return preference


# --- invitations: the City asks companies to support one of its projects ------------------------------


def _invitation_check(project: Project, companies: list[Company], actor: Any) -> None:
    if not is_officer_of(actor, project.city):
        raise ValidationError(_("Only an officer of this city may invite companies."), code="forbidden")
    if project.status != ProjectStatus.PUBLISHED:
        raise ValidationError(
            _("Companies can be invited only to a published project, open to pledges."), code="not_published"
        )
    if not companies:
        raise ValidationError(_("Choose at least one company to invite."), code="no_company")
    if any(company.city_id != project.city_id for company in companies):
        raise ValidationError(_("Only companies of the project's city can be invited."), code="other_city")


@transaction.atomic
def invitation_send(*, project: Project, companies: Iterable[Company], actor: Any) -> list[Notification]:
    """Invite each company's active members to support the project; the notifications created now.

    Once per project and company: a company invited again, or by a second officer, gets nothing new (the
    notification's unique key decides). The companies invited for the first time go in the history.
    """
    companies = list({company.pk: company for company in companies}.values())
    _invitation_check(project, companies, actor)
    members = members_by_company(company.pk for company in companies)
    needs = list(project.needs.order_by("id"))
    created, invited = [], []
    for company in companies:
        sent = notifications_send(
            recipients=members.get(company.pk, []),
            kind=NotificationKind.INVITATION,
            dedupe_key=f"project:{project.pk}:company:{company.pk}",
            context={"project": project, "company": company, "needs": needs, "officer": actor},
            about=project,
        )
        if sent:
            invited.append(company.legal_name)
        created += sent
    if invited:
        event_record(
            subject=project,
            action=EventAction.CHANGED,
            actor=actor,
            city=project.city,
            project_id=project.pk,
            changes={"invited": [None, invited]},
        )
    return created
