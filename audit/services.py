"""Recording events: every service that changes a project, need, pledge, application or fund calls these."""

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.models import Event, EventAction
from audit.signals import event_recorded
from neighborhoods.models import City


def event_record(
    *,
    subject: models.Model,
    action: EventAction,
    actor: Any = None,
    city: City | None = None,
    project_id: int | None = None,
    from_status: str = "",
    to_status: str = "",
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> Event:
    """Save one event about `subject` and tell the listeners (in the caller's transaction)."""
    event = Event.objects.create(
        city=city,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        object_repr=str(subject)[:200],
        project_id=project_id,
        action=action,
        from_status=str(from_status),
        to_status=str(to_status),
        changes=changes or {},
        note=note,
    )
    event_recorded.send(sender=Event, event=event)
    return event


def transition_record(
    *,
    subject: models.Model,
    from_status: str,
    to_status: str,
    actor: Any = None,
    city: City | None = None,
    project_id: int | None = None,
    note: str = "",
) -> Event:
    return event_record(
        subject=subject,
        action=EventAction.TRANSITION,
        actor=actor,
        city=city,
        project_id=project_id,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as field: [before, after]; for the 'changed' events of edits."""
    return {field: [before.get(field), value] for field, value in after.items() if before.get(field) != value}


def changes_apply_recorded(
    *,
    subject: models.Model,
    actor: Any,
    city: City | None,
    changes: dict[str, Any],
    fields: Sequence[str],
    sets: Sequence[str] = (),
) -> models.Model:
    """Write `changes` (plain fields, then many-to-many sets) onto `subject` and record what differs.

    The 'before' is read from the database: a ModelForm has already written its values onto the
    instance it was given. The caller checks who may change what.
    """
    unknown = set(changes) - set(fields) - set(sets)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")

    def snapshot(instance: models.Model) -> dict[str, Any]:
        values = {field: getattr(instance, field) for field in fields}
        return values | {name: sorted(getattr(instance, name).values_list("pk", flat=True)) for name in sets}

    before = snapshot(type(subject)._default_manager.get(pk=subject.pk))
    for field in fields:
        if field in changes:
            setattr(subject, field, changes[field])
    subject.full_clean()
    subject.save()
    for name in sets:
        if name in changes:
            getattr(subject, name).set(changes[name])
    diff = changes_between(before, snapshot(subject))
    if diff:
        event_record(subject=subject, action=EventAction.CHANGED, actor=actor, city=city, changes=diff)
    return subject
