"""Every move of the transition table, by each kind of actor it names, and the refusals users read."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import Event
from projects.models import Project
from projects.services import (
    OFFICER,
    PROPOSER,
    SYSTEM,
    TRANSITIONS,
    allowed_transitions,
    project_transition,
)
from tests.factories import ImpactReportFactory, NeedFactory, UserFactory
from tests.projects.factories import InitiativeFactory, officer_of, proposer_of

pytestmark = pytest.mark.django_db

S = Project.Status
PUBLIC = set(Project.PUBLIC_STATUSES)


def _project_in(status: str) -> Project:
    """An initiative (so both officers and proposers have a role) that meets every precondition."""
    project = InitiativeFactory(
        status=status,
        published_at=timezone.now() if status in PUBLIC else None,
        review_note="Più alberi, meno asfalto." if status in (S.CHANGES_REQUESTED, S.DECLINED) else "",
    )
    NeedFactory(project=project)
    ImpactReportFactory(project=project)
    return project


def _actor(project: Project, role: str):
    return {OFFICER: officer_of, PROPOSER: proposer_of, SYSTEM: lambda _project: None}[role](project)


EVERY_ALLOWED_MOVE = [
    pytest.param(from_status, to_status, role, id=f"{from_status}->{to_status} by {role}")
    for (from_status, to_status), move in TRANSITIONS.items()
    for role in sorted(move.by)
]


@pytest.mark.parametrize(("from_status", "to_status", "role"), EVERY_ALLOWED_MOVE)
def test_every_move_of_the_table_is_made_by_each_actor_it_names(from_status, to_status, role) -> None:
    project = _project_in(from_status)
    actor = _actor(project, role)

    project_transition(project=project, to_status=to_status, actor=actor, note="Motivo della scelta.")

    project.refresh_from_db()
    assert project.status == to_status
    event = Event.objects.for_project(project.pk).get(action=Event.Action.TRANSITION)
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, actor)


@pytest.mark.parametrize(
    ("from_status", "to_status", "role", "message"),
    [
        (S.DRAFT, S.COMPLETED, OFFICER, "A project that is draft cannot become completed."),
        (S.PUBLISHED, S.ARCHIVED, OFFICER, "A project that is published cannot become archived."),
        (S.REPORTED, S.PUBLISHED, OFFICER, "A project that is reported cannot become published."),
        (S.PUBLISHED, S.FUNDED, OFFICER, "You may not make this change to the project."),
        (S.DRAFT, S.PUBLISHED, PROPOSER, "You may not make this change to the project."),
        (S.PROPOSED, S.PUBLISHED, PROPOSER, "You may not make this change to the project."),
        (S.DRAFT, S.PUBLISHED, SYSTEM, "You may not make this change to the project."),
        (S.COMPLETED, S.REPORTED, SYSTEM, "You may not make this change to the project."),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(from_status, to_status, role, message) -> None:
    project = _project_in(from_status)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        project_transition(project=project, to_status=to_status, actor=_actor(project, role))

    assert refusal.value.messages == [message]
    project.refresh_from_db()
    assert project.status == from_status
    assert not Event.objects.for_project(project.pk).exists()


def test_a_user_without_any_role_may_make_no_move() -> None:
    project = _project_in(S.DRAFT)

    with translation.override("en"), pytest.raises(ValidationError, match="You may not"):
        project_transition(project=project, to_status=S.PUBLISHED, actor=UserFactory())


def test_reported_is_refused_without_an_impact_report() -> None:
    project = InitiativeFactory(status=S.COMPLETED, published_at=timezone.now())

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        project_transition(project=project, to_status=S.REPORTED, actor=officer_of(project))

    assert refusal.value.messages == [
        "Submit the impact report (people reached, hours given, money spent, photos) first."
    ]


def test_requesting_changes_or_declining_needs_a_note_for_the_proposer() -> None:
    for to_status in (S.CHANGES_REQUESTED, S.DECLINED):
        project = _project_in(S.PROPOSED)
        with translation.override("en"), pytest.raises(ValidationError) as refusal:
            project_transition(project=project, to_status=to_status, actor=officer_of(project), note="  ")
        assert refusal.value.message_dict == {
            "note": ["Say what should change, or why: the proposer will read it."]
        }


def test_a_proposer_may_not_propose_an_initiative_without_a_need() -> None:
    project = InitiativeFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="at least one need"):
        project_transition(project=project, to_status=S.PROPOSED, actor=proposer_of(project))


def test_allowed_transitions_lists_the_buttons_each_actor_sees() -> None:
    project = _project_in(S.PROPOSED)

    assert set(allowed_transitions(project=project, actor=officer_of(project))) == {
        S.CHANGES_REQUESTED,
        S.PUBLISHED,
        S.DECLINED,
    }
    assert allowed_transitions(project=project, actor=proposer_of(project)) == []
    assert allowed_transitions(project=_project_in(S.PUBLISHED), actor=None) == [S.FUNDED, S.CLOSED]
