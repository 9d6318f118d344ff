from django.contrib import admin

from ngos.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "fiscal_code", "runts_number", "city"]
    list_filter = ["city", "legal_form", "themes"]
    search_fields = ["name", "fiscal_code", "runts_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["neighbourhoods"]
