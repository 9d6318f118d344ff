from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger.models import Pledge
from neighborhoods.models import NeighbourhoodDistrictShare
from projects.models import Project
from tests import factories
from tests.web.conftest import RankedCity, component, priority, ranked_city

pytestmark = pytest.mark.django_db


def list_url(city_slug: str = "milano") -> str:
    return reverse("neighborhoods:list", kwargs={"city_slug": city_slug})


def detail_url(code: str, city_slug: str = "milano") -> str:
    return reverse("web:neighbourhood", kwargs={"city_slug": city_slug, "code": code})


def test_list_shows_every_neighbourhood_of_the_city_with_its_index_and_reasons(
    client, milano: RankedCity
) -> None:
    response = client.get(list_url())

    assert response.status_code == 200
    html = response.content.decode()
    for neighbourhood in milano.neighbourhoods:
        assert neighbourhood.name in html
        assert detail_url(neighbourhood.code) in html
    assert "90,0" in html and "87,5" in html and "85,0" in html
    assert "Famiglie monogenitore 6,2% (2021)" in html
    assert "Verde urbano 4,1 m²/ab (2024)" in html
    assert "più basso che in 85 quartieri su 100" in html
    assert "Municipio 1" in html and "Municipio 2" in html
    assert "12.345" in html


def test_list_ranks_neediest_first_and_unindexed_last(client, milano: RankedCity) -> None:
    last = milano.neighbourhoods[0]
    last.need_index, last.need_rank = None, None
    last.save()

    html = client.get(list_url()).content.decode()

    names = [n.name for n in milano.neighbourhoods]
    assert html.index(names[1]) < html.index(names[2]) < html.index(names[0])


def test_list_never_shows_another_citys_neighbourhoods(
    client, milano: RankedCity, other_city: RankedCity
) -> None:
    html = client.get(list_url()).content.decode()

    for neighbourhood in other_city.neighbourhoods:
        assert neighbourhood.name not in html


@pytest.mark.parametrize(
    "url", ["/atlantide/neighbourhoods/", "/atlantide/neighbourhoods/1/", "/atlantide/need-index/"]
)
def test_unknown_city_is_404(client, milano: RankedCity, url: str) -> None:
    assert client.get(url).status_code == 404


def test_another_citys_neighbourhood_under_this_citys_url_is_404(
    client, milano: RankedCity, other_city: RankedCity
) -> None:
    foreign_code = other_city.neighbourhoods[0].code

    assert client.get(detail_url(foreign_code, city_slug="torino")).status_code == 200
    assert client.get(detail_url(foreign_code, city_slug="milano")).status_code == 404


def test_list_query_count_does_not_grow_with_the_number_of_neighbourhoods(client) -> None:
    ranked_city(count=3, slug="small")
    ranked_city(count=30, slug="large", code_prefix="L")

    with CaptureQueriesContext(connection) as small:
        assert client.get(list_url("small")).status_code == 200
    with CaptureQueriesContext(connection) as large:
        response = client.get(list_url("large"))
        assert response.status_code == 200

    assert response.content.decode().count("Famiglie monogenitore 6,2% (2021)") == 30
    assert len(large.captured_queries) == len(small.captured_queries)


def test_list_shows_at_most_three_reasons_and_only_those_that_add_points(client) -> None:
    ranked = ranked_city(count=1)
    neighbourhood = ranked.neighbourhoods[0]
    extra = factories.IndicatorFactory(
        city=ranked.city, code="heat", name_it="Isola di calore", name_en="Heat island"
    )
    idle = factories.IndicatorFactory(
        city=ranked.city, code="idle", name_it="Indicatore muto", name_en="Idle"
    )
    component(neighbourhood, extra, contribution=5.0)
    component(neighbourhood, idle, contribution=0.0)

    html = client.get(list_url()).content.decode()

    assert "Anziani soli" in html
    assert "Isola di calore" not in html
    assert "Indicatore muto" not in html


def test_list_filters_by_district(client, milano: RankedCity) -> None:
    html = client.get(list_url(), {"district": "2"}).content.decode()

    in_district_2 = [n for n in milano.neighbourhoods if n.district.code == "2"]
    in_district_1 = [n for n in milano.neighbourhoods if n.district.code == "1"]
    assert all(n.name in html for n in in_district_2)
    assert not any(n.name in html for n in in_district_1)


def test_list_notes_an_index_resting_on_environmental_indicators_only(client, milano: RankedCity) -> None:
    milano.city.need_index_min_population = 500
    milano.city.save()
    tiny = milano.neighbourhoods[2]
    tiny.population, tiny.need_index_coverage = 120, Decimal("0.400")
    tiny.save()

    html = client.get(list_url(), HTTP_ACCEPT_LANGUAGE="it").content.decode()

    assert html.count("Indice basato solo sugli indicatori ambientali") == 1


def test_detail_shows_index_rank_every_component_and_priorities(client, milano: RankedCity) -> None:
    neighbourhood = milano.neighbourhoods[1]
    priority(neighbourhood, theme_code="greening", rank=1, statement="Depavimentare i cortili scolastici.")
    priority(neighbourhood, theme_code="education", rank=2)

    response = client.get(detail_url(neighbourhood.code))

    assert response.status_code == 200
    html = response.content.decode()
    assert neighbourhood.name in html
    assert "87,5" in html
    assert "<strong>2°</strong> su 3" in html
    for text in [
        "Famiglie monogenitore",
        "Verde urbano",
        "Anziani soli",
        "6,2%",
        "4,1 m²/ab",
        "3,0%",
        "ISTAT",
    ]:
        assert text in html
    assert "con più bisogno di 90 quartieri su 100" in html
    assert "30,0" in html  # points contributed
    assert "33%" in html  # an equal share of three weights
    assert html.index("Verde e clima") < html.index("Educazione")
    assert "Depavimentare i cortili scolastici." in html


def test_detail_says_when_the_city_has_no_priorities_yet(client, milano: RankedCity) -> None:
    html = client.get(detail_url(milano.neighbourhoods[0].code)).content.decode()

    assert "Il Comune non ha ancora indicato le sue priorità per questo quartiere." in html


def test_detail_shows_context_figures_and_district_shares(client, milano: RankedCity) -> None:
    neighbourhood = milano.neighbourhoods[0]
    students = factories.IndicatorFactory(
        city=milano.city,
        code="foreign-students",
        name_it="Studenti stranieri",
        name_en="Foreign students",
        kind="context",
        unit="%",
        year=2023,
    )
    factories.IndicatorValueFactory(indicator=students, neighbourhood=neighbourhood, value=31.25)
    other_district = milano.city.districts.get(code="2")
    NeighbourhoodDistrictShare.objects.create(
        neighbourhood=neighbourhood, district=neighbourhood.district, share="0.7"
    )
    NeighbourhoodDistrictShare.objects.create(
        neighbourhood=neighbourhood, district=other_district, share="0.3"
    )

    html = client.get(detail_url(neighbourhood.code)).content.decode()

    assert "Studenti stranieri" in html and "31,3%" in html
    assert "70%" in html and "30%" in html
    assert "2,5 km²" in html


def test_method_page_lists_the_weighted_indicators(client, milano: RankedCity) -> None:
    factories.NeedIndexWeightFactory(indicator=milano.indicators[0], weight=Decimal("3"))
    factories.NeedIndexWeightFactory(indicator=milano.indicators[1], weight=Decimal("1"))

    response = client.get(reverse("neighborhoods:method", kwargs={"city_slug": "milano"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "75%" in html and "25%" in html
    assert html.index("Famiglie monogenitore") < html.index("Verde urbano")


def test_footer_shows_the_citys_open_data_attribution(client, milano: RankedCity) -> None:
    for url in [list_url(), detail_url(milano.neighbourhoods[0].code)]:
        html = client.get(url).content.decode()
        footer = html[html.index("<footer") :]
        assert "Fonte: Comune di Milano, CC BY 4.0" in footer


def test_pages_carry_no_inline_script_or_style(client, milano: RankedCity) -> None:
    """A Content Security Policy without 'unsafe-inline' must not break them."""
    for url in [list_url(), detail_url(milano.neighbourhoods[0].code), "/milano/need-index/"]:
        html = client.get(url).content.decode()
        assert "<script" not in html
        assert "style=" not in html
        assert "<style" not in html


def given(project, amount: str, status=Pledge.Status.ACCEPTED) -> Pledge:
    need = factories.NeedFactory(project=project, target_quantity=Decimal("50000.00"))
    return factories.PledgeFactory(need=need, quantity=Decimal(amount), status=status)


def test_detail_lists_the_projects_open_to_pledges_there_and_not_drafts_or_elsewhere(
    client, milano: RankedCity
) -> None:
    here, elsewhere = milano.neighbourhoods[0], milano.neighbourhoods[1]
    factories.ProjectFactory(neighbourhood=here, title="Orti di via Padova")
    factories.ProjectFactory(
        neighbourhood=here, title="Bozza segreta", status=Project.Status.DRAFT, published_at=None
    )
    factories.ProjectFactory(neighbourhood=elsewhere, title="Cortili altrove")

    html = client.get(detail_url(here.code)).content.decode()

    assert "Orti di via Padova" in html
    assert "Bozza segreta" not in html and "Cortili altrove" not in html
    assert "1 progetto aperto agli impegni" in html
    assert f"/milano/projects/?neighbourhood={here.code}" in html


def test_detail_totals_what_companies_gave_in_the_neighbourhood_only(client, milano: RankedCity) -> None:
    here, elsewhere = milano.neighbourhoods[0], milano.neighbourhoods[1]
    project = factories.ProjectFactory(neighbourhood=here)
    given(project, "2500.00")
    given(project, "700.00", status=Pledge.Status.OFFERED)  # promised, not yet accepted: not given
    given(factories.ProjectFactory(neighbourhood=elsewhere), "9999.00")

    response = client.get(detail_url(here.code))

    impact = response.context["impact"]
    assert impact.total.total_eur == Decimal("2500.00") and impact.companies == 1
    html = response.content.decode()
    assert "EUR 2.500" in html and "9.999" not in html


def test_detail_says_when_nothing_is_published_or_given_there(client, milano: RankedCity) -> None:
    html = client.get(detail_url(milano.neighbourhoods[0].code)).content.decode()

    assert "Il Comune non ha ancora pubblicato progetti in questo quartiere." in html
    assert "Nessun sostegno di un'impresa è stato ancora accettato qui." in html


def test_detail_query_count_does_not_grow_with_projects_and_pledges(client, milano: RankedCity) -> None:
    few, many = milano.neighbourhoods[0], milano.neighbourhoods[1]
    given(factories.ProjectFactory(neighbourhood=few), "100.00")
    for _ in range(9):
        given(factories.ProjectFactory(neighbourhood=many), "100.00")

    with CaptureQueriesContext(connection) as small:
        client.get(detail_url(few.code))
    with CaptureQueriesContext(connection) as large:
        response = client.get(detail_url(many.code))

    assert len(response.context["projects"].shown) == 6
    assert len(large.captured_queries) == len(small.captured_queries)
