"""What the API shows of each public object: presentation only; the services act on writes."""

from rest_framework import serializers

from neighborhoods.models import City, Neighbourhood
from projects.models import Need, Project
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

    class Meta:
        model = Need
        fields = [
            "id", "kind", "title", "description", "target_quantity", "unit", "unit_value_eur", "committed",
            "all_or_nothing", "starts_on", "ends_on",
        ]  # fmt: skip


class ProjectListSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    neighbourhood = serializers.SlugRelatedField(read_only=True, slug_field="code")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Project
        fields = [
            "city", "slug", "title", "summary", "neighbourhood", "themes", "instrument", "status", "origin",
            "pledge_deadline", "published_at",
        ]  # fmt: skip


class ProjectDetailSerializer(ProjectListSerializer):
    needs = NeedSerializer(many=True, read_only=True)

    class Meta(ProjectListSerializer.Meta):
        fields = [*ProjectListSerializer.Meta.fields, "description", "starts_on", "ends_on", "needs"]
