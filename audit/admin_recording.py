"""Edits made in the Django admin enter the same audit trail as the services' (who, what, when).

The admin changes objects without going through the services; a ModelAdmin that inherits
`RecordedAdmin` and says, in `audit_context`, which city and project an object belongs to records a
created, changed or deleted event for each save or deletion, its inlines' objects included when their
own admin records too.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from audit.models import EventAction
from audit.services import changes_between, event_record
from neighborhoods.models import City


def _plain_values(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The values of the named concrete fields (a foreign key as its id); many-to-many sets left out."""
    fields = {field.name: field for field in obj._meta.concrete_fields}
    return {name: fields[name].value_from_object(obj) for name in names if name in fields}


class RecordedAdmin(admin.ModelAdmin):
    def audit_context(self, obj: models.Model) -> tuple[City | None, int | None]:
        """The city and the project id an event about `obj` is filed under."""
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        names = list(form.changed_data) if change else []
        before = _plain_values(type(obj)._default_manager.get(pk=obj.pk), names) if change else {}
        super().save_model(request, obj, form, change)
        if not change:
            _record(self, request, obj, EventAction.CREATED)
            return
        changes = changes_between(before, _plain_values(obj, names))
        if changes:
            _record(self, request, obj, EventAction.CHANGED, changes)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        _record_deletion(self, request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            _record_deletion(self, request, obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        recorder = self.admin_site._registry.get(formset.model)
        if not isinstance(recorder, RecordedAdmin):
            return super().save_formset(request, form, formset, change)
        before = {
            inline.instance.pk: _plain_values(
                type(inline.instance)._default_manager.get(pk=inline.instance.pk), inline.changed_data
            )
            for inline in formset.initial_forms
            if inline.instance.pk and inline.has_changed() and inline not in formset.deleted_forms
        }
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                _record_deletion(recorder, request, inline.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _record(recorder, request, obj, EventAction.CREATED)
        for obj, names in formset.changed_objects:
            changes = changes_between(before.get(obj.pk, {}), _plain_values(obj, names))
            if changes:
                _record(recorder, request, obj, EventAction.CHANGED, changes)


def _record(
    recorder: RecordedAdmin,
    request: HttpRequest,
    obj: models.Model,
    action: EventAction,
    changes: dict[str, list[Any]] | None = None,
) -> None:
    city, project_id = recorder.audit_context(obj)
    event_record(
        subject=obj,
        action=action,
        actor=request.user,
        city=city,
        project_id=project_id,
        changes=changes,
        note="admin",
    )


def _record_deletion(recorder: RecordedAdmin, request: HttpRequest, obj: models.Model) -> None:
    _record(recorder, request, obj, EventAction.DELETED)
