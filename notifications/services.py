"""Sending notifications: rendered in each recipient's language, recorded once, e-mailed at most once."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification, NotificationKind, NotificationPreference

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
