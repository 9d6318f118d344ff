"""The project catalogue's filters: what a visitor can narrow the city's public projects by."""

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from neighborhoods.models import City, District, Neighbourhood
from projects.models import Need, NeedKind, Project, ProjectInstrument
from taxonomy.models import Theme
from web.widgets import PlainSelect

PUBLIC_STATUS_CHOICES = [(status.value, status.label) for status in Project.PUBLIC_STATUSES]


def search_projects(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    """Full-text search, ranked, with Italian stemming on PostgreSQL; a plain substring match elsewhere."""
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="italian")
            + SearchVector("summary", weight="B", config="italian")
            + SearchVector("description", weight="C", config="italian")
        )
        query = SearchQuery(text, config="italian", search_type="websearch")
        return queryset.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "-id")
    return queryset.filter(
        Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text)
    )


class ProjectCatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        widget=PlainSelect,
        empty_label=_("All"),
        queryset=Neighbourhood.objects.none(),
        to_field_name="code",
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        widget=PlainSelect,
        empty_label=_("All"),
        queryset=District.objects.none(),
        to_field_name="code",
        field_name="neighbourhood__district",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Urban challenge"),
        widget=PlainSelect,
        empty_label=_("All"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        field_name="themes",
    )
    instrument = django_filters.ChoiceFilter(
        label=_("Instrument"), empty_label=_("All"), choices=ProjectInstrument.choices, widget=PlainSelect
    )
    need = django_filters.ChoiceFilter(
        label=_("Kind of need"),
        empty_label=_("All"),
        choices=NeedKind.choices,
        method="filter_need_kind",
        widget=PlainSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=PUBLIC_STATUS_CHOICES, widget=PlainSelect
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, *args, city: City, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only what the options show (the city's manager hands each neighbourhood its city, which its label
        # names): the other columns, boundaries above all, would be loaded for a hundred options a request.
        self.filters["neighbourhood"].queryset = city.neighbourhoods.only("city", "code", "name").order_by(
            "name"
        )
        self.filters["district"].queryset = city.districts.only("city", "code", "name").order_by("code")

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        value = value.strip()
        return search_projects(queryset, value) if value else queryset

    def filter_need_kind(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        # A semi-join, not a join + DISTINCT over every column of the page's rows.
        if not value:
            return queryset
        return queryset.filter(pk__in=Need.objects.filter(kind=value).values("project_id"))
