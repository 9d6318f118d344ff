"""The ranking of a call's applications: the reviewers' mean per criterion, weighted, in three queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.applications import applications_ranked
from projects.models import Application
from tests.calls.factories import call_with_criteria
from tests.factories import ApplicationFactory, ApplicationScoreFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def submitted(call, minutes_ago: int, **fields: object) -> Application:
    return ApplicationFactory(
        call=call, submitted_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


def score(application: Application, criterion, reviewer, value: int) -> None:
    ApplicationScoreFactory(application=application, criterion=criterion, reviewer=reviewer, score=value)


def test_applications_rank_by_the_weighted_mean_of_their_reviewers() -> None:
    call, (impact, budget) = call_with_criteria(("60", 10), ("40", 5))
    first_reviewer, second_reviewer = (OfficerFactory(city=call.city).user for _ in range(2))
    steady, brilliant, unscored = submitted(call, 30), submitted(call, 20), submitted(call, 10)
    # steady: impact (8 + 6) / 2 = 7 -> 42; budget 5 -> 40; total 82
    score(steady, impact, first_reviewer, 8)
    score(steady, impact, second_reviewer, 6)
    score(steady, budget, first_reviewer, 5)
    # brilliant: impact 10 -> 60, budget (1 + 2) / 2 = 1.5 -> 12; total 72
    score(brilliant, impact, first_reviewer, 10)
    score(brilliant, budget, first_reviewer, 1)
    score(brilliant, budget, second_reviewer, 2)

    ranking = applications_ranked(call=call)

    assert [(row.rank, row.application, row.score) for row in ranking] == [
        (1, steady, Decimal("82.00")),
        (2, brilliant, Decimal("72.00")),
        (3, unscored, Decimal("0.00")),
    ]
    assert [row.reviewed_criteria for row in ranking] == [2, 2, 0]


def test_equal_scores_keep_the_order_of_submission() -> None:
    call, (impact,) = call_with_criteria(("100", 10))
    reviewer = OfficerFactory(city=call.city).user
    later, earlier, earliest = submitted(call, 5), submitted(call, 15), submitted(call, 25)
    for application in (later, earlier, earliest):
        score(application, impact, reviewer, 7)

    assert [row.application for row in applications_ranked(call=call)] == [earliest, earlier, later]


def test_drafts_withdrawn_and_rejected_applications_are_not_ranked() -> None:
    call, _criteria = call_with_criteria()
    running = [submitted(call, 3), submitted(call, 2, status=Application.Status.SHORTLISTED)]
    ApplicationFactory(call=call, status=Application.Status.DRAFT, submitted_at=None)
    submitted(call, 1, status=Application.Status.WITHDRAWN)
    submitted(call, 1, status=Application.Status.REJECTED, decision_reason="Out of scope.")

    assert [row.application for row in applications_ranked(call=call)] == running


def test_the_ranking_takes_three_queries_however_many_applications_and_reviewers(
    django_assert_num_queries,
) -> None:
    call, criteria = call_with_criteria()
    reviewers = [OfficerFactory(city=call.city).user for _ in range(3)]
    for minutes in range(8):
        application = submitted(call, minutes)
        for reviewer in reviewers:
            for criterion in criteria:
                score(application, criterion, reviewer, 3)

    with django_assert_num_queries(3):
        ranking = applications_ranked(call=call)
        assert [row.application.organisation.name for row in ranking]
    assert len(ranking) == 8
