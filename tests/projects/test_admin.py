"""The admin moves projects only through project_transition: its rules and refusals reach the back office."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from audit.models import Event
from projects.models import Project
from tests.factories import MembershipFactory, NeedFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _staff(username: str):
    return UserFactory(username=username, is_staff=True, is_superuser=True)


def _run_action(client, user, action: str, projects: list[Project]):
    client.force_login(user)
    with translation.override("en"):
        url = reverse("admin:projects_project_changelist")
    return client.post(
        url,
        {"action": action, "_selected_action": [project.pk for project in projects]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_publish_action_moves_a_draft_as_the_signed_in_officer(client) -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    NeedFactory(project=project)
    officer = _staff("officer-admin")
    MembershipFactory(user=officer, city=project.city)

    response = _run_action(client, officer, "make_published", [project])

    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED
    assert Event.objects.for_project(project.pk).get().actor == officer
    assert "1 project(s) now published." in [str(message) for message in response.context["messages"]]


def test_a_refused_move_is_reported_and_changes_nothing(client) -> None:
    ready = ProjectFactory(status=Project.Status.DRAFT, published_at=None, title="Pronto")
    NeedFactory(project=ready)
    empty = ProjectFactory(
        status=Project.Status.DRAFT, published_at=None, title="Vuoto", neighbourhood=ready.neighbourhood
    )
    officer = _staff("officer-admin")
    MembershipFactory(user=officer, city=ready.city)

    response = _run_action(client, officer, "make_published", [ready, empty])

    messages = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("Vuoto: Add at least one need") for message in messages)
    empty.refresh_from_db()
    assert empty.status == Project.Status.DRAFT


def test_a_superuser_who_is_not_an_officer_of_the_city_cannot_skip_the_rules(client) -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None, title="Bozza")
    superuser = _staff("root")

    response = _run_action(client, superuser, "make_archived", [project])

    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert "Bozza: You may not make this change to the project." in [
        str(message) for message in response.context["messages"]
    ]


def test_the_status_is_read_only_in_the_project_form() -> None:
    request = RequestFactory().get("/")
    request.user = _staff("root")

    assert "status" in site._registry[Project].get_readonly_fields(request, ProjectFactory())
