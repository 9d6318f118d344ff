from django.contrib import admin

from ledger.models import Pledge


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["company", "need", "quantity", "value_eur", "status", "offered_at"]
    list_filter = ["status", "need__kind"]
    search_fields = ["company__legal_name", "need__title", "need__project__title"]
    list_select_related = ["company", "need__project"]
    autocomplete_fields = ["company", "need", "offered_by"]
    date_hierarchy = "offered_at"
