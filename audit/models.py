"""The one record of who changed what and when: a project's history and the audit trail are both read here.

It sits on the bottom floor so that every app above can record into it; it refers to what changed by
content type and id (it cannot import the apps above), and keeps the project an event belongs to as a
plain id, so that a project's history (its own transitions, its needs', pledges' and applications')
is one indexed query.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neighborhoods.models import City


class EventAction(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    TRANSITION = "transition", _("status changed")
    DELETED = "deleted", _("deleted")


class EventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "EventQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_project(self, project_id: int) -> "EventQuerySet":
        return self.filter(project_id=project_id)

    def in_city(self, city: City) -> "EventQuerySet":
        return self.filter(city=city)


class Event(models.Model):
    Action = EventAction

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("city")
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("who"),
        help_text=_("Empty when the platform itself acted (a deadline, an expiry)."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of object"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200)
    project_id = models.PositiveBigIntegerField(_("project"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("field: [before, after]"),
    )
    note = models.TextField(_("note or reason"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=EventAction.values), name="event_action_valid"),
            models.CheckConstraint(
                condition=~Q(action="transition") | (~Q(to_status="") & ~Q(from_status=F("to_status"))),
                name="event_transition_changes_status",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "occurred_at"], name="event_object"),
            models.Index(fields=["project_id", "occurred_at"], name="event_project"),
            models.Index(fields=["city", "occurred_at"], name="event_city"),
        ]

    def __str__(self) -> str:
        if self.action == EventAction.TRANSITION:
            return f"{self.object_repr}: {self.from_status or '∅'} → {self.to_status}"
        return f"{self.object_repr}: {self.get_action_display()}"
