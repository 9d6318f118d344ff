from django.contrib import admin

from projects.models import (
    Application,
    ApplicationScore,
    Call,
    Campaign,
    EvaluationCriterion,
    Need,
    Project,
    ProjectPartner,
)


class NeedInline(admin.StackedInline):
    model = Need
    extra = 0
    filter_horizontal = ["skills"]


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "neighbourhood", "instrument", "status", "origin", "published_at"]
    list_filter = ["city", "status", "instrument", "origin", "themes"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = [
        "neighbourhood",
        "proposed_by_company",
        "proposed_by_organisation",
        "owner",
        "campaign",
    ]
    list_select_related = ["neighbourhood__city"]
    date_hierarchy = "created_at"
    inlines = [NeedInline, PartnerInline]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "target_quantity", "unit", "all_or_nothing"]
    list_filter = ["kind", "unit", "all_or_nothing"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    filter_horizontal = ["skills"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "starts_on", "ends_on", "target_eur"]
    list_filter = ["city", "themes"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]


class CriterionInline(admin.TabularInline):
    model = EvaluationCriterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "status", "opens_at", "deadline", "budget_eur"]
    list_filter = ["city", "status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["project", "owner"]
    inlines = [CriterionInline]


class ScoreInline(admin.TabularInline):
    model = ApplicationScore
    extra = 0
    autocomplete_fields = ["reviewer"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "call", "project", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "call__title", "project__title"]
    list_select_related = ["organisation", "call", "project"]
    autocomplete_fields = ["organisation", "call", "project", "submitted_by"]
    inlines = [ScoreInline]


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "weight", "max_score"]
    search_fields = ["name", "call__title"]
    list_select_related = ["call"]


@admin.register(ApplicationScore)
class ApplicationScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "criterion", "reviewer", "score"]
    list_select_related = ["application__organisation", "criterion", "reviewer"]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(admin.ModelAdmin):
    list_display = ["project", "organisation", "role", "since"]
    list_select_related = ["project", "organisation"]
    autocomplete_fields = ["project", "organisation"]
