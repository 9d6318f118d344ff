from django.contrib import admin
from django.db import models

from companies.models import Company, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    autocomplete_fields = ["neighbourhood"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare www.… is https
    list_display = [
        "legal_name",
        "vat_number",
        "ateco_code",
        "size_class",
        "csr_budget_eur",
        "public_consent",
    ]
    list_filter = ["city", "size_class", "public_consent", "themes"]
    search_fields = ["legal_name", "vat_number"]
    prepopulated_fields = {"slug": ["legal_name"]}
    filter_horizontal = ["themes", "skills"]
    autocomplete_fields = ["preferred_neighbourhoods"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "neighbourhood", "is_headquarters"]
    search_fields = ["name", "company__legal_name"]
    list_select_related = ["company", "neighbourhood__city"]
    autocomplete_fields = ["company", "neighbourhood"]
