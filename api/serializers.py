"""What the API shows of each public object: presentation only; the services act on writes."""

from rest_framework import serializers

from api.fields import EnumField
from neighborhoods.models import City, District, Neighbourhood
from projects.models import Need, NeedKind, NeedUnit, Project, ProjectInstrument, ProjectOrigin, ProjectStatus
from taxonomy.models import Theme


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["slug", "name", "country_code", "district_label", "neighbourhood_label", "data_attribution"]


class ThemeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    sdgs = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")

    class Meta:
        model = Theme
        fields = ["code", "name", "sdgs"]


class DistrictSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    neighbourhoods = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="The codes of its neighbourhoods."
    )

    class Meta:
        model = District
        fields = ["id", "city", "code", "name", "area_km2", "neighbourhoods"]


class NeighbourhoodSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    district = serializers.CharField(source="district.name", read_only=True, allow_null=True)

    class Meta:
        model = Neighbourhood
        fields = [
            "city", "code", "name", "district", "population", "need_index", "need_rank", "centroid_lat",
            "centroid_lon",
        ]  # fmt: skip


class NeedSerializer(serializers.ModelSerializer):
    committed = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text="Offered, accepted and fulfilled pledges."
    )
    kind = EnumField(NeedKind, read_only=True)
    unit = EnumField(NeedUnit, read_only=True)
    skills = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Need
        fields = [
            "id", "kind", "title", "description", "target_quantity", "unit", "unit_value_eur", "committed",
            "all_or_nothing", "allow_oversubscription", "skills", "starts_on", "ends_on",
        ]  # fmt: skip


class NeedListSerializer(NeedSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True)
    city = serializers.SlugRelatedField(source="project.city", read_only=True, slug_field="slug")

    class Meta(NeedSerializer.Meta):
        fields = ["project", "city", *NeedSerializer.Meta.fields]


class ProjectListSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    neighbourhood = serializers.SlugRelatedField(read_only=True, slug_field="code")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    instrument = EnumField(ProjectInstrument, read_only=True)
    status = EnumField(ProjectStatus, read_only=True)
    origin = EnumField(ProjectOrigin, read_only=True)
    campaign = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id", "city", "slug", "title", "summary", "neighbourhood", "themes", "instrument", "status",
            "origin", "campaign", "pledge_deadline", "published_at",
        ]  # fmt: skip


class ProjectDetailSerializer(ProjectListSerializer):
    needs = NeedSerializer(many=True, read_only=True)

    class Meta(ProjectListSerializer.Meta):
        fields = [*ProjectListSerializer.Meta.fields, "description", "starts_on", "ends_on", "needs"]
