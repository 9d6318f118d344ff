"""The transition table's core: who moves a project, what must hold, and the history it leaves."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import Event
from projects.models import Project
from projects.services import project_transition
from tests.factories import (
    CompanyMemberFactory,
    NeedFactory,
    OfficerFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_officer_publishes_a_draft_with_a_need_and_the_history_records_it() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    NeedFactory(project=project)
    officer = OfficerFactory(city=project.city).user

    project_transition(project=project, to_status=Project.Status.PUBLISHED, actor=officer)

    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED and project.published_at is not None
    event = Event.objects.for_project(project.pk).get()
    assert (event.actor, event.from_status, event.to_status) == (officer, "draft", "published")


def test_publishing_without_a_need_is_refused_with_the_reason() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    officer = OfficerFactory(city=project.city).user

    with translation.override("en"), pytest.raises(ValidationError, match="at least one need"):
        project_transition(project=project, to_status=Project.Status.PUBLISHED, actor=officer)
    assert Event.objects.count() == 0


def test_officer_of_another_city_or_a_company_member_may_not_publish() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    NeedFactory(project=project)
    for outsider in (OfficerFactory().user, CompanyMemberFactory().user, UserFactory()):
        with translation.override("en"), pytest.raises(ValidationError, match="may not"):
            project_transition(project=project, to_status=Project.Status.PUBLISHED, actor=outsider)


def test_a_move_outside_the_table_names_both_statuses() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    officer = OfficerFactory(city=project.city).user

    with translation.override("en"), pytest.raises(ValidationError, match="draft cannot become completed"):
        project_transition(project=project, to_status=Project.Status.COMPLETED, actor=officer)
