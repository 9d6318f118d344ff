"""Refreshing one company or one project rewrites its list and its place in the other side's lists."""

from decimal import Decimal

import pytest

from matching.models import Match, MatchingRun
from matching.services import match_refresh_company, match_refresh_project, matching_run_inline
from projects.models import Project
from tests.factories import NeedFactory, SiteFactory, theme

pytestmark = pytest.mark.django_db


def run_job(city) -> None:
    matching_run_inline(run=MatchingRun.objects.create(city=city, chunk_size=15, k=5))


def test_refreshing_a_company_after_a_change_updates_its_list(seeded_city) -> None:
    run_job(seeded_city)
    company = seeded_city.companies.order_by("id").first()
    target = (
        Project.objects.open_for_pledges()
        .in_city(seeded_city)
        .exclude(matches__company=company, matches__rank_for_company=1)
        .first()
    )
    # Make the target irresistible: every theme, a site next door, the neighbourhood preferred.
    company.themes.set(target.themes.all())
    company.preferred_neighbourhoods.add(target.neighbourhood)
    SiteFactory(company=company, name="Accanto", latitude=target.neighbourhood.centroid_lat,
                longitude=target.neighbourhood.centroid_lon)  # fmt: skip
    company.csr_budget_eur = Decimal("10000000")
    company.save()
    match_refresh_company(company=company, k=5)
    top = Match.objects.for_company(company)
    assert list(top.values_list("rank_for_company", flat=True)) == [1, 2, 3, 4, 5]
    assert target.pk in top.values_list("project_id", flat=True)
    for project_id in Project.objects.open_for_pledges().in_city(seeded_city).values_list("id", flat=True):
        ranks = list(Match.objects.filter(project_id=project_id, rank_for_project__isnull=False)
                     .order_by("rank_for_project").values_list("rank_for_project", flat=True))  # fmt: skip
        assert ranks == [1, 2, 3, 4, 5]


def test_refreshing_unchanged_rows_gives_what_the_job_gave(seeded_city) -> None:
    run_job(seeded_city)
    fields = ("company_id", "project_id", "rank_for_company", "rank_for_project")
    before = set(Match.objects.values_list(*fields))
    match_refresh_company(company=seeded_city.companies.order_by("id").last(), k=5)
    match_refresh_project(project=Project.objects.open_for_pledges().in_city(seeded_city).first(), k=5)
    assert set(Match.objects.values_list(*fields)) == before


def test_refreshing_a_project_puts_it_in_lists_of_companies_it_now_fits(seeded_city) -> None:
    run_job(seeded_city)
    project = Project.objects.open_for_pledges().in_city(seeded_city).last()
    project.themes.set([theme(code) for code in ("greening", "education", "social-inclusion", "culture")])
    NeedFactory(project=project, target_quantity=Decimal("100"))
    match_refresh_project(project=project, k=5)
    assert list(Match.objects.for_project(project).values_list("rank_for_project", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


def ranked_lists(city) -> set[tuple]:
    rows = Match.objects.filter(city=city).values_list(
        "company_id", "project_id", "rank_for_company", "rank_for_project"
    )
    return set(rows)


def test_refreshing_a_company_that_only_climbs_gives_the_lists_of_a_full_run(seeded_city) -> None:
    run_job(seeded_city)
    company = seeded_city.companies.order_by("-id").first()
    company.csr_budget_eur = Decimal("10000000")  # capacity can only rise: it enters lists, leaves none
    company.save()

    match_refresh_company(company=company, k=5)
    refreshed = ranked_lists(seeded_city)
    run_job(seeded_city)

    assert refreshed == ranked_lists(seeded_city)
