from django.contrib import admin

from ledger.models import Fund, FundMatch, Pledge


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["company", "need", "quantity", "value_eur", "status", "offered_at"]
    list_filter = ["status", "need__kind"]
    search_fields = ["company__legal_name", "need__title", "need__project__title"]
    list_select_related = ["company", "need__project"]
    autocomplete_fields = ["company", "need", "offered_by"]
    date_hierarchy = "offered_at"


class FundMatchInline(admin.TabularInline):
    model = FundMatch
    extra = 0
    fields = ["pledge", "amount_eur", "status", "matched_at", "returned_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # matches are made by the fund's rules (ledger services), not by hand


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "sponsor", "status", "pot_eur", "matched_eur", "ratio", "priority"]
    list_filter = ["city", "status"]
    search_fields = ["name", "sponsor__legal_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sponsor"]
    filter_horizontal = ["themes", "neighbourhoods"]
    readonly_fields = ["matched_eur"]
    inlines = [FundMatchInline]


@admin.register(FundMatch)
class FundMatchAdmin(admin.ModelAdmin):
    list_display = ["fund", "pledge", "amount_eur", "status", "matched_at"]
    list_filter = ["status", "fund"]
    list_select_related = ["fund", "pledge__company"]
    readonly_fields = ["fund", "pledge", "amount_eur", "status", "matched_at", "returned_at"]

    def has_add_permission(self, request) -> bool:
        return False
