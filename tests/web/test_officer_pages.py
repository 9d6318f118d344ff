"""The City's officers: dashboard, candidates and coalitions, re-scoring, strategy; their own city only."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchingRun
from neighborhoods.models import NeighbourhoodPriority
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano():
    return ranked_city(count=2)


@pytest.fixture
def officer(milano):
    return factories.OfficerFactory(city=milano.city).user


@pytest.fixture
def project(milano):
    return factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")


def url(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


def officer_pages(milano, project) -> list[str]:
    return [
        url("officer"),
        url("officer_candidates", slug=project.slug),
        url("officer_strategy", code=milano.neighbourhoods[0].code),
    ]


def test_a_company_member_or_another_citys_officer_gets_404(client, milano, project) -> None:
    for outsider in (factories.CompanyMemberFactory(city=milano.city).user, factories.OfficerFactory().user):
        client.force_login(outsider)
        for page in officer_pages(milano, project):
            assert client.get(page).status_code == 404, page
        assert client.post(url("officer_rescore_start")).status_code == 404


def test_dashboard_shows_open_gaps_and_what_waits_for_review(client, milano, officer, project) -> None:
    need = factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))
    factories.PledgeFactory(need=need, quantity=Decimal("2500.00"))  # offered: to review
    project.pledge_deadline = timezone.now() + timedelta(days=3)
    project.save()
    client.force_login(officer)

    dashboard = client.get(url("officer")).context["dashboard"]

    assert dashboard.open_gap_eur == Decimal("7500.00")
    assert dashboard.pledges_to_review_count == 1
    assert dashboard.project_deadlines == [project]


def test_candidates_come_with_reasons_and_a_coalition_covering_the_gap(
    client, milano, officer, project
) -> None:
    factories.NeedFactory(project=project, target_quantity=Decimal("8000.00"))
    for score, budget in ((0.9, "5000.00"), (0.7, "6000.00")):
        company = factories.CompanyFactory(city=milano.city, csr_budget_eur=Decimal(budget))
        factories.MatchFactory(
            company=company, project=project, score=score, rank_for_project=1 if score > 0.8 else 2,
            common_theme_mask=1,
        )  # fmt: skip
    client.force_login(officer)

    response = client.get(url("officer_candidates", slug=project.slug))

    assert [len(reasons) > 0 for _, reasons in response.context["candidates"]] == [True, True]
    [coalition] = response.context["coalitions"]
    assert coalition.covered == Decimal("8000.00") and coalition.uncovered == 0
    assert len(coalition.members) == 2


def test_a_rescore_started_from_the_page_shows_its_progress(client, milano, officer) -> None:
    client.force_login(officer)
    with mock.patch("matching.tasks.matching_run.apply_async"):
        response = client.post(url("officer_rescore_start"))
    run = MatchingRun.objects.get(city=milano.city)
    assert response["Location"] == url("officer_rescore", run_id=run.pk)

    running = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in running and "<html" not in running
    run.status, run.chunks_total, run.chunks_done = MatchingRun.Status.DONE, 4, 4
    run.save()
    done = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and 'value="100"' in done


def test_strategy_editor_ranks_the_priorities_in_the_order_given(client, milano, officer) -> None:
    neighbourhood = milano.neighbourhoods[0]
    client.force_login(officer)
    form = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0",
            "form-0-theme": factories.theme("education").pk, "form-0-statement": "Doposcuola.",
            "form-1-theme": "", "form-1-statement": "",
            "form-2-theme": factories.theme("greening").pk, "form-2-statement": ""}  # fmt: skip

    client.post(url("officer_strategy", code=neighbourhood.code), form)

    ranked = NeighbourhoodPriority.objects.filter(neighbourhood=neighbourhood).order_by("rank")
    assert [(p.rank, p.theme.code, p.statement) for p in ranked] == [
        (1, "education", "Doposcuola."), (2, "greening", "")
    ]  # fmt: skip


def test_a_challenge_ranked_twice_is_a_form_error(client, milano, officer) -> None:
    neighbourhood = milano.neighbourhoods[0]
    factories.NeighbourhoodPriorityFactory(
        neighbourhood=neighbourhood, theme=factories.theme("health"), rank=1
    )
    client.force_login(officer)
    greening = factories.theme("greening").pk
    form = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-theme": greening,
        "form-1-theme": greening,
    }

    response = client.post(url("officer_strategy", code=neighbourhood.code), form)

    assert response.status_code == 200 and b"form-errors" in response.content
    assert list(
        NeighbourhoodPriority.objects.filter(neighbourhood=neighbourhood).values_list("theme__code")
    ) == [("health",)]


def test_dashboard_query_count_does_not_grow_with_pledges(client, milano, officer, project,
                                                          django_assert_max_num_queries) -> None:  # fmt: skip
    client.force_login(officer)

    def add(count: int) -> None:
        for _ in range(count):
            factories.PledgeFactory(need=factories.NeedFactory(project=project))

    add(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url("officer"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("officer"))
