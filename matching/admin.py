from django.contrib import admin

from matching.models import Match, MatchingRun, MatchingWeights


@admin.register(MatchingWeights)
class MatchingWeightsAdmin(admin.ModelAdmin):
    list_display = [
        "city",
        "theme",
        "city_priority",
        "proximity",
        "need",
        "capacity",
        "skills",
        "text",
        "history",
    ]
    fields = [
        "city", "theme", "city_priority", "proximity", "need", "capacity", "skills", "text", "history",
        "proximity_half_km",
    ]  # fmt: skip


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ["city", "created_at", "status", "stage", "chunks_done", "chunks_total", "finished_at"]
    list_filter = ["city", "status"]
    readonly_fields = [field.name for field in MatchingRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["company", "project", "score", "rank_for_company", "rank_for_project", "computed_at"]
    list_filter = ["city"]
    search_fields = ["company__legal_name", "project__title"]
    list_select_related = ["company", "project"]
    readonly_fields = [field.name for field in Match._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
