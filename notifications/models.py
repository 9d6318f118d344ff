"""What the platform told whom: in-app messages and e-mails, and what each user chose to receive.

A Notification is written once per recipient, kind and dedupe key (the database refuses a second), so a
receiver, a task or a job that runs twice finds the message already there and sends nothing again; its
e-mail goes out only after a conditional update of `emailed_at` claimed it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    PLEDGE_RECEIVED = "pledge_received", _("a new pledge on your project")
    PLEDGE_DECIDED = "pledge_decided", _("your pledge accepted or declined")
    INITIATIVE_ENDORSED = "initiative_endorsed", _("your initiative endorsed by the City")
    APPLICATION_STATUS = "application_status", _("your application's status changed")
    PLEDGE_DEADLINE_SOON = "pledge_deadline_soon", _("a project's pledges close in 3 days")
    CALL_DEADLINE_SOON = "call_deadline_soon", _("a call closes in 3 days")
    CALL_CLOSED = "call_closed", _("a call closed")
    WEEKLY_DIGEST = "weekly_digest", _("the week's best new matches")
    INVITATION = "invitation", _("the City invites your company to support a project")


class NotificationQuerySet(models.QuerySet):
    def inbox(self, user: object) -> "NotificationQuerySet":
        return self.filter(recipient=user, in_app=True).order_by("-created_at", "-id")

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def awaiting_email(self) -> "NotificationQuerySet":
        return self.filter(by_email=True, emailed_at__isnull=True)


class Notification(models.Model):
    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    subject_object = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField(
        _("dedupe key"),
        max_length=200,
        help_text=_("What makes this message one of a kind for its recipient (a pledge, a week)."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    in_app = models.BooleanField(_("shown in the app"), default=True)
    by_email = models.BooleanField(_("sent by e-mail"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedupe_key"], name="notification_once_per_recipient_kind_key"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(in_app=True) | Q(by_email=True), name="notification_has_channel"
            ),
            models.CheckConstraint(
                condition=Q(by_email=True) | Q(emailed_at__isnull=True),
                name="notification_emailed_only_by_email",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["by_email", "emailed_at"], name="notification_email_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.subject}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of message; with no row, both channels are on."""

    Kind = NotificationKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_preference_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
