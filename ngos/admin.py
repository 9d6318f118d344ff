from django.contrib import admin
from django.db import models

from ngos.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare www.… is https
    list_display = ["name", "legal_form", "fiscal_code", "runts_number", "city"]
    list_filter = ["city", "legal_form", "themes"]
    search_fields = ["name", "fiscal_code", "runts_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["neighbourhoods"]
