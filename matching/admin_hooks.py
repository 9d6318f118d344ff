"""Saving a company or a project in the admin refreshes its matches once the save commits.

The Company and Project admins live on lower floors that must not import matching, so matching
re-registers them here with the hook added (imported from MatchingConfig.ready).
"""

from typing import Any

from django.contrib import admin
from django.db import transaction

from companies.admin import CompanyAdmin
from companies.models import Company
from matching import tasks
from projects.admin import ProjectAdmin
from projects.models import Project


class CompanyAdminRefreshingMatches(CompanyAdmin):
    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        company_id = form.instance.pk
        transaction.on_commit(lambda: tasks.match_refresh_company.delay(company_id))


class ProjectAdminRefreshingMatches(ProjectAdmin):
    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        project_id = form.instance.pk
        transaction.on_commit(lambda: tasks.match_refresh_project.delay(project_id))


for model, model_admin in (
    (Company, CompanyAdminRefreshingMatches),
    (Project, ProjectAdminRefreshingMatches),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
