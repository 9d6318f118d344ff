"""Constraints of calls, pinned: calls and their criteria, applications and their scores."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import Application
from tests.domain.constraints import refused_by
from tests.factories import (
    ApplicationAttachmentFactory,
    ApplicationFactory,
    ApplicationScoreFactory,
    CallFactory,
    EvaluationCriterionFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- projects: calls and their criteria -------------------------------------------------------------


def test_duplicate_call_slug_in_one_city_is_refused() -> None:
    call = CallFactory()

    with refused_by("call_slug_unique_in_city"):
        CallFactory(city=call.city, slug=call.slug)


@pytest.mark.parametrize("deadline_after_opening", [timedelta(0), timedelta(days=-1)])
def test_call_deadline_not_after_it_opens_is_refused(deadline_after_opening: timedelta) -> None:
    opens_at = timezone.now()

    with refused_by("call_deadline_after_opening"):
        CallFactory(opens_at=opens_at, deadline=opens_at + deadline_after_opening)


def test_call_deadline_a_second_after_it_opens_is_allowed() -> None:
    opens_at = timezone.now()

    assert CallFactory(opens_at=opens_at, deadline=opens_at + timedelta(seconds=1)).pk


def test_call_of_unknown_status_is_refused() -> None:
    with refused_by("call_status_valid"):
        CallFactory(status="cancelled")


def test_negative_call_budget_is_refused() -> None:
    with refused_by("call_budget_non_negative"):
        CallFactory(budget_eur=Decimal("-0.01"))


def test_call_without_budget_is_allowed() -> None:
    assert CallFactory(budget_eur=None).pk


def test_two_criteria_of_one_call_with_the_same_name_are_refused() -> None:
    criterion = EvaluationCriterionFactory(name="Impatto sociale")

    with refused_by("criterion_name_unique_in_call"):
        EvaluationCriterionFactory(call=criterion.call, name="Impatto sociale")


@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-5.00"), Decimal("100.01")])
def test_criterion_weight_outside_0_exclusive_to_100_is_refused(weight: Decimal) -> None:
    with refused_by("criterion_weight_0_100"):
        EvaluationCriterionFactory(weight=weight)


def test_criterion_weighing_the_whole_score_is_allowed() -> None:
    assert EvaluationCriterionFactory(weight=Decimal("100")).pk


def test_criterion_with_highest_score_zero_is_refused() -> None:
    with refused_by("criterion_max_score_positive"):
        EvaluationCriterionFactory(max_score=0)


# --- projects: applications and scores --------------------------------------------------------------


def test_application_to_both_a_call_and_a_project_is_refused() -> None:
    call = CallFactory()
    project = ProjectFactory(neighbourhood=NeighbourhoodFactory(city=call.city))

    with refused_by("application_to_call_or_project"):
        ApplicationFactory(call=call, project=project)


def test_application_to_neither_a_call_nor_a_project_is_refused() -> None:
    organisation = OrganisationFactory()

    with refused_by("application_to_call_or_project"):
        ApplicationFactory(call=None, project=None, organisation=organisation)


def test_application_to_a_project_alone_is_allowed() -> None:
    project = ProjectFactory()
    organisation = OrganisationFactory(city=project.city)

    assert ApplicationFactory(call=None, project=project, organisation=organisation).pk


def test_second_application_of_one_ngo_to_one_call_is_refused() -> None:
    application = ApplicationFactory()

    with refused_by("application_once_per_call"):
        ApplicationFactory(call=application.call, organisation=application.organisation)


def test_applications_of_one_ngo_to_two_calls_and_of_two_ngos_to_one_call_are_allowed() -> None:
    application = ApplicationFactory()

    ApplicationFactory(call=CallFactory(city=application.call.city), organisation=application.organisation)
    ApplicationFactory(call=application.call)

    assert Application.objects.count() == 3


def test_second_application_of_one_ngo_to_one_project_is_refused() -> None:
    project = ProjectFactory()
    organisation = OrganisationFactory(city=project.city)
    ApplicationFactory(call=None, project=project, organisation=organisation)

    with refused_by("application_once_per_project"):
        ApplicationFactory(call=None, project=project, organisation=organisation)


def test_application_of_unknown_status_is_refused() -> None:
    with refused_by("application_status_valid"):
        ApplicationFactory(status="lost")


@pytest.mark.parametrize(
    "status", [status for status in Application.Status if status != Application.Status.DRAFT]
)
def test_application_past_draft_without_submitted_at_is_refused(status: str) -> None:
    with refused_by("application_submitted_has_date"):
        ApplicationFactory(status=status, submitted_at=None, decision_reason="Fuori tema.")


def test_draft_application_without_submitted_at_is_allowed() -> None:
    assert ApplicationFactory(status=Application.Status.DRAFT, submitted_at=None).pk


def test_negative_application_budget_is_refused() -> None:
    with refused_by("application_budget_non_negative"):
        ApplicationFactory(budget_eur=Decimal("-0.01"))


def test_second_score_by_one_reviewer_on_one_criterion_is_refused() -> None:
    score = ApplicationScoreFactory()

    with refused_by("application_score_once_per_reviewer"):
        ApplicationScoreFactory(
            application=score.application, criterion=score.criterion, reviewer=score.reviewer, score=3
        )


def test_scores_by_two_reviewers_on_one_criterion_are_allowed() -> None:
    score = ApplicationScoreFactory()

    assert ApplicationScoreFactory(
        application=score.application, criterion=score.criterion, reviewer=UserFactory()
    ).pk


def test_rejection_without_a_reason_is_refused() -> None:
    with refused_by("application_rejection_has_reason"):
        ApplicationFactory(status=Application.Status.REJECTED, decision_reason="")


def test_attachment_of_a_type_other_than_pdf_or_image_is_refused() -> None:
    with refused_by("application_attachment_type_allowed"):
        ApplicationAttachmentFactory(content_type="application/zip")
