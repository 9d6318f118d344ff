from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from neighborhoods.models import (
    City,
    District,
    Indicator,
    IndicatorValue,
    NeedIndexComponent,
    NeedIndexWeight,
    Neighbourhood,
    NeighbourhoodDistrictShare,
    NeighbourhoodPriority,
)
from neighborhoods.tasks import recompute_need_index


class NeedIndexWeightInline(admin.TabularInline):
    model = NeedIndexWeight
    extra = 0


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "need_index_computed_at"]
    readonly_fields = ["need_index_computed_at"]
    actions = ["recompute_need_index"]

    @admin.action(description=_("Recompute the need index"))
    def recompute_need_index(self, request: HttpRequest, queryset: QuerySet[City]) -> None:
        for city in queryset:
            transaction.on_commit(lambda city_id=city.pk: recompute_need_index.delay(city_id))
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "The need index of %(count)d city is being recomputed.",
                "The need index of %(count)d cities is being recomputed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "area_km2"]
    list_filter = ["city"]
    exclude = ["boundary"]


class DistrictShareInline(admin.TabularInline):
    model = NeighbourhoodDistrictShare
    extra = 0


class PriorityInline(admin.TabularInline):
    model = NeighbourhoodPriority
    extra = 1


class NeedIndexComponentInline(admin.TabularInline):
    model = NeedIndexComponent
    extra = 0
    can_delete = False
    fields = ["indicator", "raw_value", "normalised", "percentile", "weight", "contribution"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "district", "population", "need_index", "need_rank"]
    list_filter = ["city", "district"]
    search_fields = ["name", "code"]
    ordering = ["city", "need_rank"]
    readonly_fields = ["need_index", "need_rank", "need_index_coverage"]
    exclude = ["boundary"]
    inlines = [PriorityInline, NeedIndexComponentInline, DistrictShareInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_it", "city", "kind", "direction", "year", "unit", "weight"]
    list_filter = ["city", "kind", "direction"]
    search_fields = ["code", "name_it", "name_en"]
    inlines = [NeedIndexWeightInline]

    @admin.display(description=_("need index weight"))
    def weight(self, indicator: Indicator) -> str:
        weight = getattr(indicator, "need_weight", None)
        return str(weight.weight) if weight else "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Indicator]:
        return super().get_queryset(request).select_related("city", "need_weight")


@admin.register(NeedIndexWeight)
class NeedIndexWeightAdmin(admin.ModelAdmin):
    """Officers tune the need index here, then run "Recompute the need index" on the city."""

    list_display = ["indicator", "weight"]
    list_editable = ["weight"]
    list_filter = ["indicator__city"]
    list_display_links = ["indicator"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "neighbourhood", "value"]
    list_filter = ["indicator__city", "indicator"]
    list_select_related = ["indicator", "neighbourhood__city"]
    search_fields = ["neighbourhood__name"]


@admin.register(NeighbourhoodPriority)
class NeighbourhoodPriorityAdmin(admin.ModelAdmin):
    list_display = ["neighbourhood", "rank", "theme"]
    list_filter = ["neighbourhood__city", "theme"]
    list_select_related = ["neighbourhood__city", "theme"]
    autocomplete_fields = ["neighbourhood"]


@admin.register(NeighbourhoodDistrictShare)
class NeighbourhoodDistrictShareAdmin(admin.ModelAdmin):
    list_display = ["neighbourhood", "district", "share"]
    list_filter = ["district__city", "district"]
    list_select_related = ["neighbourhood", "district"]


@admin.register(NeedIndexComponent)
class NeedIndexComponentAdmin(admin.ModelAdmin):
    """Read-only: components are what need_index_recompute wrote, shown to explain a rank."""

    list_display = ["neighbourhood", "indicator", "raw_value", "normalised", "weight", "contribution"]
    list_filter = ["neighbourhood__city", "indicator"]
    list_select_related = ["neighbourhood", "indicator"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
