"""The audit trail for the City's officers: their own city's events only, filtered as on the web page."""

from django import forms
from django_filters import rest_framework as filters
from rest_framework import viewsets

from api.filters import IdFilter
from api.permissions import IsOfficer
from api.scoping import for_schema, nothing, officer_city
from api.serializers_audit import AuditEventSerializer
from audit.models import Event, EventAction
from audit.selectors import AuditKind, about_project, between, city_events, of_kind


class AuditEventFilterForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError({"until": "The last day comes before the first one."})
        return data


class AuditEventFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=AuditKind.choices, method="filter_kind", help_text="Kind of object.")
    project = IdFilter(
        method="filter_project",
        help_text="A project's id: its events and its needs', pledges', applications'.",
    )
    actor = IdFilter(field_name="actor_id", help_text="The id of the user who acted.")
    action = filters.ChoiceFilter(choices=EventAction.choices)
    since = filters.DateFilter(method="filter_dates", help_text="From this day (local time), included.")
    until = filters.DateFilter(method="filter_dates", help_text="To this day (local time), included.")

    class Meta:
        model = Event
        fields = ["kind", "project", "actor", "action", "since", "until"]
        form = AuditEventFilterForm

    def filter_kind(self, events, name, value):
        return of_kind(events, value)

    def filter_project(self, events, name, value):
        return about_project(events, int(value))

    def filter_dates(self, events, name, value):
        return between(events, value, None) if name == "since" else between(events, None, value)


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Who changed what and when in the caller's city (officers only), newest first."""

    permission_classes = [IsOfficer]
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    ordering_fields = ["occurred_at", "id"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self):
        city = None if for_schema(self) else officer_city(self.request)
        return nothing(Event) if city is None else city_events(city=city)
