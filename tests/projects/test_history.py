"""A project's history: its own events and everything filed under it, newest first, in few queries."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.models import Event
from audit.services import event_record
from projects.models import Project
from projects.selectors import project_history
from projects.services import project_transition, project_update
from tests.factories import NeedFactory, PledgeFactory, ProjectFactory
from tests.projects.factories import officer_of

pytestmark = pytest.mark.django_db


def test_history_lists_the_projects_events_and_those_filed_under_it_newest_first() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None, title="Orti")
    NeedFactory(project=project)
    officer = officer_of(project)
    project_update(project=project, actor=officer, title="Orti di quartiere")
    project_transition(project=project, to_status=Project.Status.PUBLISHED, actor=officer)
    pledge = PledgeFactory(need=project.needs.get())
    offered = event_record(subject=pledge, action=Event.Action.CREATED, project_id=project.pk)
    # An older event about the project itself that was filed without its project id.
    legacy = event_record(subject=project, action=Event.Action.CHANGED, note="importato")
    Event.objects.filter(pk=legacy.pk).update(occurred_at=timezone.now() - timedelta(days=1))
    event_record(subject=ProjectFactory(), action=Event.Action.CHANGED)  # another project's

    history = list(project_history(project=project))

    assert [event.action for event in history] == ["created", "transition", "changed", "changed"]
    assert (history[0], history[-1]) == (offered, legacy)
    assert history[2].changes == {"title": ["Orti", "Orti di quartiere"]}
    assert history[1].actor == officer


def test_history_takes_one_query_with_its_actors(django_assert_num_queries) -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    NeedFactory(project=project)
    officer = officer_of(project)
    project_update(project=project, actor=officer, title="Nuovo titolo")
    project_transition(project=project, to_status=Project.Status.PUBLISHED, actor=officer)
    ContentType.objects.get_for_model(Project)  # warm, as in any running process

    with django_assert_num_queries(1):
        actors = [event.actor.username for event in project_history(project=project)]

    assert actors == [officer.username, officer.username]
