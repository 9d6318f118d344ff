"""The audit trail as officers query it: their city's events, narrowed by kind of object, project, actor,
action and dates. The same events a project's history shows (projects.selectors.project_history).

This floor cannot import the apps whose objects it records, so each kind is named by its content type's
natural key; an initiative is a project that was once proposed to the City (only initiatives are).
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Event, EventAction
from neighborhoods.models import City


class AuditKind(models.TextChoices):
    PROJECT = "project", _("projects")
    INITIATIVE = "initiative", _("initiatives")
    NEED = "need", _("needs")
    PLEDGE = "pledge", _("pledges")
    APPLICATION = "application", _("applications")
    CALL = "call", _("calls")
    FUND = "fund", _("funds and their matches")


# Each kind's models, as (app_label, model) natural keys of their content types.
KIND_MODELS: dict[str, Sequence[tuple[str, str]]] = {
    AuditKind.PROJECT: [("projects", "project"), ("projects", "impactreport")],
    AuditKind.INITIATIVE: [("projects", "project")],
    AuditKind.NEED: [("projects", "need")],
    AuditKind.PLEDGE: [("ledger", "pledge")],
    AuditKind.APPLICATION: [("projects", "application")],
    AuditKind.CALL: [("projects", "call")],
    AuditKind.FUND: [("ledger", "fund"), ("ledger", "fundmatch")],
}
PROPOSED = "proposed"  # projects.models.ProjectStatus.PROPOSED: the status only an initiative passes through


def _content_types(natural_keys: Sequence[tuple[str, str]]) -> list[ContentType]:
    return [ContentType.objects.get_by_natural_key(app, model) for app, model in natural_keys]


def of_kind(events: QuerySet[Event], kind: str) -> QuerySet[Event]:
    """The events about objects of this kind (an unknown kind matches nothing)."""
    if kind not in KIND_MODELS:
        return events.none()
    types = _content_types(KIND_MODELS[kind])
    events = events.filter(content_type__in=types)
    if kind == AuditKind.INITIATIVE:
        proposed = Event.objects.filter(
            content_type__in=types, action=EventAction.TRANSITION, to_status=PROPOSED
        ).values("object_id")
        events = events.filter(object_id__in=proposed)
    return events


def about_project(events: QuerySet[Event], project_id: int) -> QuerySet[Event]:
    """The project's own events and those filed under it (its needs', pledges', applications')."""
    project_type = ContentType.objects.get_by_natural_key("projects", "project")
    return events.filter(Q(project_id=project_id) | Q(content_type=project_type, object_id=project_id))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Bounds at the ends of the calendar exclude nothing, and their times would overflow in UTC: ignored.
EARLIEST, LATEST = date.min + timedelta(days=1), date.max - timedelta(days=1)


def between(events: QuerySet[Event], since: date | None, until: date | None) -> QuerySet[Event]:
    """Events from the start of `since` to the end of `until` (both days included, in local time)."""
    if since is not None and since > EARLIEST:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until is not None and until < LATEST:
        events = events.filter(occurred_at__lt=_start_of(until + timedelta(days=1)))
    return events


def city_events(*, city: City) -> QuerySet[Event]:
    """Every event of the city, newest first, with what the trail shows of each (actor, kind)."""
    return Event.objects.in_city(city).select_related("actor", "content_type").order_by("-occurred_at", "-id")


def audit_events(
    *,
    city: City,
    kind: str | None = None,
    project_id: int | None = None,
    actor_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Event]:
    """The city's audit trail narrowed by whichever filters are given, newest first."""
    events = city_events(city=city)
    if kind:
        events = of_kind(events, kind)
    if project_id is not None:
        events = about_project(events, project_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action=action)
    return between(events, since, until)


def audit_actors(*, city: City) -> QuerySet:
    """The people who acted in the city (for the filter's choices), by name."""
    acted = Event.objects.in_city(city).filter(actor__isnull=False).values("actor_id")
    return get_user_model().objects.filter(pk__in=acted).order_by("first_name", "last_name", "username")
