"""Read-only public endpoints: what anonymous visitors may see on the site, as JSON (and GeoJSON)."""

from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers
from ledger.models import Pledge
from neighborhoods.models import City, Neighbourhood
from projects.models import Need, Project, ProjectInstrument
from taxonomy.models import Theme
from web.selectors import neighbourhood_map


class CityViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = City.objects.order_by("slug")
    serializer_class = serializers.CitySerializer
    lookup_field = "slug"

    @extend_schema(responses={200: dict}, summary="The city's neighbourhoods as GeoJSON, with need index")
    @action(detail=True, url_path="neighbourhoods.geojson")
    def geojson(self, request: Request, slug: str) -> Response:
        return Response(neighbourhood_map(city=self.get_object()), content_type="application/geo+json")


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = Theme.objects.prefetch_related("sdgs").order_by("position", "code")
    serializer_class = serializers.ThemeSerializer
    lookup_field = "code"
    pagination_class = None


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


class ProjectFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    neighbourhood = filters.CharFilter(field_name="neighbourhood__code")
    district = filters.CharFilter(field_name="neighbourhood__district__code")
    theme = filters.CharFilter(field_name="themes__code")
    instrument = filters.ChoiceFilter(choices=ProjectInstrument.choices)
    status = filters.ChoiceFilter(
        choices=[(status.value, status.label) for status in Project.PUBLIC_STATUSES]
    )

    class Meta:
        model = Project
        fields = ["city", "neighbourhood", "district", "theme", "instrument", "status"]


def _needs_with_committed() -> Prefetch:
    committed = Coalesce(
        Sum("pledges__quantity", filter=Q(pledges__status__in=Pledge.COMMITTED_STATUSES)),
        Value(Decimal("0.00")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    return Prefetch("needs", queryset=Need.objects.annotate(committed=committed).order_by("id"))


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Public projects only: published once, whatever happened since (drafts and proposals stay private)."""

    permission_classes = [AllowAny]

    serializer_class = serializers.ProjectListSerializer
    filterset_class = ProjectFilter
    lookup_field = "slug"

    def get_queryset(self):
        projects = (
            Project.objects.public()
            .select_related("city", "neighbourhood")
            .prefetch_related("themes")
            .order_by("-published_at", "-id")
        )
        if self.action == "retrieve":
            projects = projects.prefetch_related(_needs_with_committed())
        return projects

    def get_serializer_class(self):
        return (
            serializers.ProjectDetailSerializer
            if self.action == "retrieve"
            else super().get_serializer_class()
        )
