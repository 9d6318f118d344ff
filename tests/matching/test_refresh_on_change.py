"""A project or company that changes is re-scored as soon as the change commits, whoever made it."""

from decimal import Decimal
from unittest import mock

import pytest

from matching.models import Match, MatchingRun
from matching.services import matching_run_inline
from projects.models import Project
from projects.services import project_transition
from tests.factories import NeedFactory, OfficerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshing(settings) -> None:
    settings.MATCHING_REFRESH_ON_CHANGE = True


def test_publishing_a_project_puts_it_in_companies_recommendations_at_once(
    seeded_city, refreshing, django_capture_on_commit_callbacks
) -> None:
    matching_run_inline(run=MatchingRun.objects.create(city=seeded_city, chunk_size=15, k=5))
    neighbourhood = Project.objects.in_city(seeded_city).first().neighbourhood
    draft = ProjectFactory(neighbourhood=neighbourhood, status=Project.Status.DRAFT, published_at=None)
    NeedFactory(project=draft, target_quantity=Decimal("5000.00"))
    assert not Match.objects.filter(project=draft).exists()

    with django_capture_on_commit_callbacks(execute=True):
        project_transition(
            project=draft, to_status=Project.Status.PUBLISHED, actor=OfficerFactory(city=seeded_city).user
        )

    # The refresh keeps the best 50 companies: all 40 of this small city.
    assert (
        Match.objects.filter(project=draft, rank_for_project__isnull=False).count()
        == seeded_city.companies.count()
    )


def test_closing_a_project_takes_it_out_of_the_recommendations(
    seeded_city, refreshing, django_capture_on_commit_callbacks
) -> None:
    matching_run_inline(run=MatchingRun.objects.create(city=seeded_city, chunk_size=15, k=5))
    project = Project.objects.open_for_pledges().in_city(seeded_city).filter(matches__isnull=False).first()

    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, to_status=Project.Status.CLOSED, actor=None)

    assert not Match.objects.filter(project=project).exists()


def test_a_site_added_re_scores_its_company(refreshing, django_capture_on_commit_callbacks) -> None:
    from companies.services import site_save
    from tests.factories import CompanyMemberFactory

    member = CompanyMemberFactory()
    with (
        mock.patch("matching.tasks.match_refresh_company.delay") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        site_save(company=member.company, actor=member.user, name="Bicocca", latitude=45.51, longitude=9.21)

    refresh.assert_called_once_with(member.company.pk)


def test_off_the_switch_nothing_is_re_scored(django_capture_on_commit_callbacks) -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    NeedFactory(project=project)
    officer = OfficerFactory(city=project.city).user
    with (
        mock.patch("matching.tasks.match_refresh_project.delay") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        project_transition(project=project, to_status=Project.Status.PUBLISHED, actor=officer)
    refresh.assert_not_called()
