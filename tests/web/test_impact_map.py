"""The impact dashboard's map: each neighbourhood with what was given there, and the legend's bands."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.impact import impact
from ledger.models import Pledge
from neighborhoods.models import Neighbourhood
from projects.models import Need
from tests import factories
from tests.web.conftest import RankedCity, ranked_city
from web.impact_map import impact_bands

pytestmark = pytest.mark.django_db


def square(position: int) -> dict:
    x = 9.10 + 0.05 * position
    return {
        "type": "Polygon",
        "coordinates": [[[x, 45.42], [x + 0.05, 45.42], [x + 0.05, 45.48], [x, 45.48], [x, 45.42]]],
    }


def city_on_the_map(*, count: int = 3, slug: str = "milano") -> RankedCity:
    city = ranked_city(count=count, slug=slug)
    for position, neighbourhood in enumerate(city.neighbourhoods):
        neighbourhood.boundary = square(position)
        neighbourhood.save()
    return city


def give(
    neighbourhood: Neighbourhood, quantity: str, status: str = Pledge.Status.ACCEPTED, **fields: object
) -> Pledge:
    need = factories.NeedFactory(project=factories.ProjectFactory(neighbourhood=neighbourhood))
    return factories.PledgeFactory(need=need, quantity=Decimal(quantity), status=status, **fields)


@pytest.fixture
def milano() -> RankedCity:
    """First neighbourhood: EUR 3,000 and 10 hours at EUR 30 accepted; second: EUR 1,000.50 fulfilled and
    pledges not (or no longer) given; third: nothing."""
    milano = city_on_the_map(count=3)
    first, second, _ = milano.neighbourhoods
    give(first, "3000.00")
    hours = factories.NeedFactory(
        project=factories.ProjectFactory(neighbourhood=first),
        kind=Need.Kind.VOLUNTEERING,
        unit=Need.Unit.HOURS,
        unit_value_eur=Decimal("30.00"),
        target_quantity=Decimal("100"),
    )
    factories.PledgeFactory(need=hours, quantity=Decimal("10"), status=Pledge.Status.ACCEPTED)
    give(second, "1000.50", Pledge.Status.FULFILLED, fulfilled_at="2026-11-01T10:00:00Z")
    give(second, "5000.00", Pledge.Status.OFFERED)
    give(second, "7000.00", Pledge.Status.WITHDRAWN)
    give(second, "9000.00", Pledge.Status.DECLINED)
    return milano


def map_properties(client, city_slug: str = "milano") -> dict[str, dict]:
    response = client.get(reverse("web:impact_map", kwargs={"city_slug": city_slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    return {feature["properties"]["code"]: feature["properties"] for feature in collection["features"]}


def total(properties: dict) -> Decimal:
    return Decimal(str(properties["total_eur"])).quantize(Decimal("0.01"))


def test_map_gives_each_neighbourhood_the_total_given_there_and_zero_elsewhere(client, milano) -> None:
    first, second, third = (map_properties(client)[n.code] for n in milano.neighbourhoods)

    assert total(first) == Decimal("3300.00")
    assert total(second) == Decimal("1000.50")
    assert total(third) == Decimal("0.00")
    assert first["name"] == milano.neighbourhoods[0].name
    assert first["url"] == f"/milano/neighbourhoods/{milano.neighbourhoods[0].code}/"


def test_map_counts_only_accepted_and_fulfilled_pledges(client) -> None:
    milano = city_on_the_map(count=1)
    for status in (Pledge.Status.OFFERED, Pledge.Status.WITHDRAWN, Pledge.Status.DECLINED):
        give(milano.neighbourhoods[0], "500.00", status)
    give(milano.neighbourhoods[0], "500.00", Pledge.Status.EXPIRED)
    give(milano.neighbourhoods[0], "500.00", Pledge.Status.RELEASED)

    assert total(map_properties(client)[milano.neighbourhoods[0].code]) == Decimal("0.00")


def test_map_totals_are_the_by_neighbourhood_tables(client, milano) -> None:
    table = {row.key: row.total_eur for row in impact(city=milano.city).by["neighbourhood"]}

    totals = {code: total(properties) for code, properties in map_properties(client).items()}

    assert {code: amount for code, amount in totals.items() if amount} == table


def test_another_citys_neighbourhoods_and_pledges_never_appear_on_the_map(client, milano) -> None:
    torino = city_on_the_map(count=2, slug="torino")  # the same neighbourhood codes as Milan's
    give(torino.neighbourhoods[0], "80000.00")
    give(torino.neighbourhoods[1], "90000.00")

    milan_map = map_properties(client)
    turin_map = map_properties(client, "torino")

    assert set(milan_map) == {n.code for n in milano.neighbourhoods}
    assert [total(milan_map[n.code]) for n in milano.neighbourhoods] == [
        Decimal("3300.00"),
        Decimal("1000.50"),
        Decimal("0.00"),
    ]
    assert {properties["name"] for properties in turin_map.values()} == {
        n.name for n in torino.neighbourhoods
    }
    assert [total(turin_map[n.code]) for n in torino.neighbourhoods] == [
        Decimal("80000.00"),
        Decimal("90000.00"),
    ]


def test_neighbourhoods_without_a_boundary_are_left_off_the_map(client, milano) -> None:
    milano.neighbourhoods[2].boundary = None
    milano.neighbourhoods[2].save()

    assert set(map_properties(client)) == {n.code for n in milano.neighbourhoods[:2]}


def test_unknown_citys_map_is_404(client, milano) -> None:
    assert client.get("/roma/impact/map.geojson").status_code == 404


def test_map_query_count_does_not_grow_with_neighbourhoods_or_pledges(
    client, milano, django_assert_max_num_queries
) -> None:
    url = reverse("web:impact_map", kwargs={"city_slug": "milano"})
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for position in range(3, 11):
        neighbourhood = factories.NeighbourhoodFactory(
            city=milano.city, district=milano.neighbourhoods[0].district, boundary=square(position)
        )
        give(neighbourhood, "250.00")
        give(neighbourhood, "750.00", Pledge.Status.FULFILLED, fulfilled_at="2026-10-01T10:00:00Z")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.json()["features"]) == 11


def test_bands_split_the_given_totals_into_five_quantiles_with_rounded_bounds() -> None:
    totals = [Decimal(amount) for amount in ("0", "120", "480", "990", "1234.56", "2650", "3300", "8100.10")]
    totals += [Decimal("15000"), Decimal("41000"), Decimal("139999.99")]

    bands = impact_bands(totals)

    assert [(band.lower, band.upper, band.shade) for band in bands] == [
        (Decimal(0), Decimal(480), 0),
        (Decimal(480), Decimal(1300), 1),
        (Decimal(1300), Decimal(3300), 2),
        (Decimal(3300), Decimal(15000), 3),
        (Decimal(15000), Decimal(140000), 4),
    ]


def test_fewer_distinct_totals_make_fewer_bands_the_top_one_darkest() -> None:
    bands = impact_bands([Decimal("1000.50"), Decimal("3300.00"), Decimal("0.00")])

    assert [(band.lower, band.upper, band.shade) for band in bands] == [
        (Decimal(0), Decimal(1100), 3),
        (Decimal(1100), Decimal(3300), 4),
    ]
    assert impact_bands([Decimal(0)]) == []
    assert impact_bands([Decimal("0.40")])[0].upper == Decimal(1)


def test_dashboard_shows_the_map_with_its_legend_in_the_pages_language(client, milano) -> None:
    italian = client.get(reverse("web:impact", kwargs={"city_slug": "milano"})).content.decode()
    english = client.get("/en/milano/impact/").content.decode()

    assert 'id="impact-map"' in italian and 'data-geojson="/milano/impact/map.geojson"' in italian
    assert 'role="region"' in italian and 'href="#chart-neighbourhood-title"' in italian
    assert "1.100\N{EN DASH}3.300" in italian and "1,100\N{EN DASH}3,300" in english
    assert 'data-geojson="/en/milano/impact/map.geojson"' in english
    assert 'id="impact-map-bands"' in italian and '{"upper": 3300.0, "shade": 4}' in italian


def test_dashboard_has_no_map_before_anything_is_given(client) -> None:
    city_on_the_map(count=2)

    page = client.get(reverse("web:impact", kwargs={"city_slug": "milano"})).content.decode()

    assert 'id="impact-map"' not in page
