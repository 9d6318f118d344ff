from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.admin_recording import RecordedAdmin
from projects.models import (
    Application,
    ApplicationAttachment,
    ApplicationScore,
    Call,
    Campaign,
    EvaluationCriterion,
    ImpactPhoto,
    ImpactReport,
    Need,
    Project,
    ProjectPartner,
    ProjectStatus,
)
from projects.services import project_transition


class NeedInline(admin.StackedInline):
    model = Need
    extra = 0
    filter_horizontal = ["skills"]


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_at"]


class PhotoInline(admin.TabularInline):
    model = ImpactPhoto
    extra = 0
    readonly_fields = ["content_type"]


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organisation"]


AdminAction = Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Project]], None]


def _transition_action(to_status: ProjectStatus, description: str) -> AdminAction:
    """An admin action moving the selected projects through project_transition, as the signed-in user."""

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        moved = 0
        for project in queryset:
            try:
                project_transition(project=project, to_status=to_status, actor=request.user)
            except ValidationError as error:
                for message in error.messages:
                    modeladmin.message_user(request, f"{project}: {message}", messages.ERROR)
            else:
                moved += 1
        if moved:
            modeladmin.message_user(
                request,
                gettext("%(count)s project(s) now %(status)s.") % {"count": moved, "status": to_status.label},
                messages.SUCCESS,
            )

    action.__name__ = f"make_{to_status.value}"
    return admin.action(description=description)(action)


@admin.register(Project)
class ProjectAdmin(RecordedAdmin):
    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.city, obj.pk

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
    # The lifecycle moves only through the actions below (project_transition): no path skips its rules.
    readonly_fields = ["status", "published_at", "review_note", "created_at", "updated_at"]
    list_select_related = ["neighbourhood__city"]
    date_hierarchy = "created_at"
    inlines = [NeedInline, PartnerInline]
    actions = [
        _transition_action(ProjectStatus.PUBLISHED, _("Publish the selected projects")),
        _transition_action(ProjectStatus.CLOSED, _("Close the selected projects to pledges")),
        _transition_action(ProjectStatus.IN_PROGRESS, _("Mark the selected projects in progress")),
        _transition_action(ProjectStatus.COMPLETED, _("Mark the selected projects completed")),
        _transition_action(ProjectStatus.REPORTED, _("Mark the selected projects reported")),
        _transition_action(ProjectStatus.ARCHIVED, _("Archive the selected projects")),
    ]


@admin.register(Need)
class NeedAdmin(RecordedAdmin):
    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.project.city, obj.project_id

    list_display = ["title", "project", "kind", "target_quantity", "unit", "all_or_nothing"]
    list_filter = ["kind", "unit", "all_or_nothing"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    filter_horizontal = ["skills"]


@admin.register(Campaign)
class CampaignAdmin(RecordedAdmin):
    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.city, None

    list_display = ["title", "city", "starts_on", "ends_on", "target_eur"]
    list_filter = ["city", "themes"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]


class CriterionInline(admin.TabularInline):
    model = EvaluationCriterion
    extra = 0


@admin.register(Call)
class CallAdmin(RecordedAdmin):
    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.city, obj.project_id

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
class ApplicationAdmin(RecordedAdmin):
    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.call.city, obj.project_id

    list_display = ["organisation", "call", "project", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "call__title", "project__title"]
    list_select_related = ["organisation", "call", "project"]
    autocomplete_fields = ["organisation", "call", "project", "submitted_by"]
    inlines = [ScoreInline, AttachmentInline]


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


@admin.register(ImpactReport)
class ImpactReportAdmin(admin.ModelAdmin):
    list_display = ["project", "people_reached", "volunteer_hours", "money_spent_eur", "submitted_at"]
    search_fields = ["project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "submitted_by"]
    inlines = [PhotoInline]


@admin.register(ApplicationAttachment)
class ApplicationAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "application", "content_type", "size", "uploaded_at"]
    list_select_related = ["application__organisation"]
    readonly_fields = ["content_type", "size", "uploaded_at"]
    autocomplete_fields = ["application"]


@admin.register(ImpactPhoto)
class ImpactPhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "content_type"]
    list_select_related = ["report__project"]
    readonly_fields = ["content_type"]
