"""The impact dashboard: what companies gave, broken down so each breakdown sums to the total."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.impact import impact
from ledger.models import Pledge
from projects.models import Need
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def given():
    """One project on greening and education (EUR 3,000 + 10 hours at EUR 30), one on greening."""
    milano = ranked_city(count=2)
    both = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0],
        themes=[factories.theme("greening"), factories.theme("education")],
    )
    greening = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[1], themes=[factories.theme("greening")]
    )
    company = factories.CompanyFactory(city=milano.city)
    accepted = Pledge.Status.ACCEPTED
    factories.PledgeFactory(
        need=factories.NeedFactory(project=both),
        company=company,
        quantity=Decimal("3000.00"),
        status=accepted,
    )
    hours = factories.NeedFactory(
        project=both,
        kind=Need.Kind.VOLUNTEERING,
        unit=Need.Unit.HOURS,
        unit_value_eur=Decimal("30.00"),
        target_quantity=Decimal("100"),
    )
    factories.PledgeFactory(need=hours, company=company, quantity=Decimal("10"), status=accepted)
    factories.PledgeFactory(
        need=factories.NeedFactory(project=greening),
        quantity=Decimal("1000.00"),
        status=Pledge.Status.FULFILLED,
        fulfilled_at="2026-11-01T10:00:00Z",
    )
    factories.PledgeFactory(
        need=factories.NeedFactory(project=greening), quantity=Decimal("5000.00")
    )  # only offered
    factories.PledgeFactory(quantity=Decimal("7000.00"), status=accepted)  # another city
    return milano, company


def by_key(rows) -> dict:
    return {row.key: row for row in rows}


def test_totals_count_accepted_and_fulfilled_support_of_every_kind_in_the_city(given) -> None:
    milano, _ = given
    figures = impact(city=milano.city)

    assert figures.total.funding_eur == Decimal("4000.00")
    assert figures.total.volunteer_hours == Decimal("10.0")
    assert figures.total.total_eur == Decimal("4300.00")
    assert (figures.companies, figures.projects) == (2, 2)


def test_a_project_on_two_challenges_shares_its_support_between_them_and_their_sdgs(given) -> None:
    milano, _ = given
    figures = impact(city=milano.city)

    themes = by_key(figures.by["theme"])
    assert themes["education"].total_eur == Decimal("1650.00")  # half of 3,300
    assert themes["greening"].total_eur == Decimal("2650.00")  # half of 3,300 + 1,000
    sdgs = by_key(figures.by["sdg"])
    assert sdgs["4"].total_eur == sdgs["10"].total_eur == Decimal("825.00")
    for dimension in ("neighbourhood", "district", "theme", "sdg", "month"):
        assert sum(row.total_eur for row in figures.by[dimension]) == figures.total.total_eur, dimension


def test_one_companys_report_counts_only_its_own_pledges(given) -> None:
    milano, company = given
    assert impact(city=milano.city, company=company).total.total_eur == Decimal("3300.00")


def test_dashboard_shows_the_totals_and_a_table_for_each_chart(client, given) -> None:
    response = client.get(reverse("web:impact", kwargs={"city_slug": "milano"}))

    page = response.content.decode()
    assert "4.300" in page
    assert page.count("<table") == 5 and page.count("<canvas") == 5
    assert 'id="impact-data"' in page


def test_each_breakdown_downloads_as_csv(client, given) -> None:
    response = client.get(reverse("web:impact_csv", kwargs={"city_slug": "milano", "dimension": "theme"}))

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "key,label,funding_eur,volunteer_hours,goods_eur,total_eur"
    assert "greening,Verde e clima,2500.00,5.0,0.00,2650.00" in lines
    assert client.get("/milano/impact/planet.csv").status_code == 404


def test_dashboard_query_count_does_not_grow_with_pledges(
    client, given, django_assert_max_num_queries
) -> None:
    milano, _ = given
    url = reverse("web:impact", kwargs={"city_slug": "milano"})
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for _ in range(8):
        project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
        factories.PledgeFactory(need=factories.NeedFactory(project=project), status=Pledge.Status.ACCEPTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
