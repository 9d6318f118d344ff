"""The audit trail for the City's officers: who changed what and when in their city, and its CSV."""

import json
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Event, EventAction
from audit.selectors import AuditKind, audit_actors, audit_events
from neighborhoods.models import City
from projects.models import Project
from web.csv_export import csv_rows
from web.officer import officer_city

PAGE_SIZE = 50
CSV_COLUMNS = (
    "occurred_at", "actor_id", "actor", "kind", "object_id", "object", "project_id", "action", "from_status",
    "to_status", "changes", "note",
)  # fmt: skip


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of object"), choices=[("", _("All")), *AuditKind.choices], required=False
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False, empty_label=_("All")
    )
    actor = ActorChoiceField(
        label=_("Who"), queryset=get_user_model().objects.none(), required=False, empty_label=_("All")
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All")), *EventAction.choices], required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(city=city).order_by("title")
        self.fields["actor"].queryset = audit_actors(city=city)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first day comes after the last one."), code="dates_reversed")
        return data

    def selector_filters(self) -> dict[str, Any]:
        """The valid filters as the audit selector takes them (call after is_valid)."""
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or None,
            "project_id": data["project"].pk if data.get("project") else None,
            "actor_id": data["actor"].pk if data.get("actor") else None,
            "action": data.get("action") or None,
            "since": data.get("since"),
            "until": data.get("until"),
        }


def _filtered(request: HttpRequest, city: City) -> tuple[AuditFilterForm, dict[str, Any] | None]:
    form = AuditFilterForm(request.GET, city=city)
    return form, (form.selector_filters() if form.is_valid() else None)


@login_required
def audit_trail(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    form, filters = _filtered(request, city)
    events = audit_events(city=city, **(filters or {}))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    projects = Project.objects.filter(
        city=city, pk__in={event.project_id for event in page if event.project_id}
    )
    by_id = {project.pk: project for project in projects.only("pk", "slug", "title")}
    for event in page:
        event.linked_project = by_id.get(event.project_id)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/officer/audit.html",
        {
            "city": city,
            "form": form,
            "page": page,
            "query_without_page": query.urlencode(),
        },
    )


def _actor_name(event: Event) -> str:
    return (event.actor.get_full_name() or event.actor.username) if event.actor else ""


def _csv_values(events: Iterator[Event]) -> Iterator[list[Any]]:
    yield list(CSV_COLUMNS)
    for event in events:
        yield [
            timezone.localtime(event.occurred_at).isoformat(),
            event.actor_id or "",
            _actor_name(event),
            f"{event.content_type.app_label}.{event.content_type.model}",
            event.object_id,
            event.object_repr,
            event.project_id or "",
            event.action,
            event.from_status,
            event.to_status,
            json.dumps(event.changes, cls=DjangoJSONEncoder, ensure_ascii=False) if event.changes else "",
            event.note,
        ]


@login_required
def audit_csv(request: HttpRequest, city_slug: str) -> HttpResponse:
    """The filtered trail, whole, as CSV: a filter that does not validate is refused, never ignored."""
    city = officer_city(request, city_slug)
    form, filters = _filtered(request, city)
    if filters is None:
        return HttpResponseBadRequest(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    events = audit_events(city=city, **filters).iterator(chunk_size=1000)
    response = StreamingHttpResponse(csv_rows(_csv_values(events)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{city.slug}-audit-{timezone.localdate().isoformat()}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
