"""Constraints of the history, pinned."""

import pytest
from django.contrib.contenttypes.models import ContentType

from audit.models import Event
from tests.domain.constraints import refused_by
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _event(**fields: str) -> Event:
    project = ProjectFactory()
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(project),
        object_id=project.pk,
        object_repr=str(project),
        **fields,
    )


def test_event_of_unknown_action_is_refused() -> None:
    with refused_by("event_action_valid"):
        _event(action="renamed")


@pytest.mark.parametrize(("from_status", "to_status"), [("draft", ""), ("draft", "draft")])
def test_transition_that_changes_no_status_is_refused(from_status: str, to_status: str) -> None:
    with refused_by("event_transition_changes_status"):
        _event(action=Event.Action.TRANSITION, from_status=from_status, to_status=to_status)


def test_transition_from_nothing_to_a_status_is_allowed() -> None:
    assert _event(action=Event.Action.TRANSITION, from_status="", to_status="draft").pk
