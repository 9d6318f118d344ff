"""Read-only public endpoints: what anonymous visitors may see on the site, as JSON (and GeoJSON)."""

from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers
from api.filters import IdFilter
from ledger.models import Pledge
from neighborhoods.models import City, District, Neighbourhood
from projects.models import Need, NeedKind, Project, ProjectInstrument
from projects.selectors import neighbourhood_map
from taxonomy.models import Theme


class StableOrderingFilter(OrderingFilter):
    """The caller's ordering, then the id: rows that tie keep one order from page to page."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering = [*ordering, "-id" if ordering[0].startswith("-") else "id"]
        return ordering


ORDERED_AND_FILTERED = [filters.DjangoFilterBackend, StableOrderingFilter]


class CityViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = City.objects.order_by("slug")
    serializer_class = serializers.CitySerializer
    lookup_field = "slug"

    @extend_schema(
        responses={(200, "application/geo+json"): dict},
        summary="The city's neighbourhoods as GeoJSON, with need index",
    )
    @action(detail=True, url_path="neighbourhoods.geojson")
    def geojson(self, request: Request, slug: str) -> Response:
        return Response(neighbourhood_map(city=self.get_object()), content_type="application/geo+json")


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = Theme.objects.prefetch_related("sdgs").order_by("position", "code")
    serializer_class = serializers.ThemeSerializer
    lookup_field = "code"
    pagination_class = None


class DistrictFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug", help_text="The city's slug.")

    class Meta:
        model = District
        fields = ["city"]


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """The cities' administrative districts (Milan's Municipi), each with its neighbourhoods' codes."""

    permission_classes = [AllowAny]
    serializer_class = serializers.DistrictSerializer
    filterset_class = DistrictFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self) -> QuerySet[District]:
        codes = Neighbourhood.objects.only("id", "code", "district_id").order_by("code")
        return (
            District.objects.select_related("city")
            .defer("boundary")
            .prefetch_related(Prefetch("neighbourhoods", queryset=codes))
            .order_by("city__slug", "code")
        )


class NeighbourhoodFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    district = filters.CharFilter(field_name="district__code")

    class Meta:
        model = Neighbourhood
        fields = ["city", "district"]


class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = Neighbourhood.objects.select_related("city", "district").defer(
        "boundary", "district__boundary"
    )
    serializer_class = serializers.NeighbourhoodSerializer
    filterset_class = NeighbourhoodFilter

    def get_queryset(self):
        return super().get_queryset().order_by("city__slug", "need_rank", "code")


def words_in(queryset: QuerySet, value: str, fields: tuple[str, ...]) -> QuerySet:
    """Each word of `value` in one of `fields`, any case: "orti padova" finds "Orti di via Padova"."""
    for word in value.split()[:10]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


class ProjectFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", help_text="Words to find in the title or the summary.")
    city = filters.CharFilter(field_name="city__slug")
    neighbourhood = filters.CharFilter(field_name="neighbourhood__code")
    district = filters.CharFilter(field_name="neighbourhood__district__code")
    theme = filters.CharFilter(field_name="themes__code")
    instrument = filters.ChoiceFilter(choices=ProjectInstrument.choices)
    campaign = IdFilter(field_name="campaign_id")
    status = filters.ChoiceFilter(
        choices=[(status.value, status.label) for status in Project.PUBLIC_STATUSES]
    )

    class Meta:
        model = Project
        fields = ["q", "city", "neighbourhood", "district", "theme", "instrument", "campaign", "status"]

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return words_in(queryset, value, ("title", "summary"))


def needs_with_committed() -> QuerySet[Need]:
    committed = Coalesce(
        Sum("pledges__quantity", filter=Q(pledges__status__in=Pledge.COMMITTED_STATUSES)),
        Value(Decimal("0.00")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    return Need.objects.annotate(committed=committed).prefetch_related("skills").order_by("id")


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Public projects only: published once, whatever happened since (drafts and proposals stay private;
    a city's officers see theirs under /officer/projects/)."""

    permission_classes = [AllowAny]

    serializer_class = serializers.ProjectListSerializer
    filterset_class = ProjectFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["published_at", "pledge_deadline", "title"]

    def get_queryset(self):
        projects = (
            Project.objects.public()
            .select_related("city", "neighbourhood")
            .prefetch_related("themes")
            .order_by("-published_at", "-id")
        )
        if self.action == "retrieve":
            projects = projects.prefetch_related(Prefetch("needs", queryset=needs_with_committed()))
        return projects

    def get_serializer_class(self):
        return (
            serializers.ProjectDetailSerializer
            if self.action == "retrieve"
            else super().get_serializer_class()
        )


class NeedFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    kind = filters.ChoiceFilter(choices=NeedKind.choices)
    city = filters.CharFilter(field_name="project__city__slug")

    class Meta:
        model = Need
        fields = ["project", "kind", "city"]


class NeedViewSet(viewsets.ReadOnlyModelViewSet):
    """The needs of public projects, with what is committed to each (written with their project)."""

    permission_classes = [AllowAny]
    serializer_class = serializers.NeedListSerializer
    filterset_class = NeedFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["id", "target_quantity"]

    def get_queryset(self) -> QuerySet[Need]:
        return (
            needs_with_committed()
            .filter(project__status__in=Project.PUBLIC_STATUSES)
            .select_related("project__city")
        )
