"""The city's home page and its need map."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[9.1, 45.4], [9.2, 45.4], [9.2, 45.5], [9.1, 45.5], [9.1, 45.4]]],
}


def test_root_redirects_to_the_default_citys_home(client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/milano/"


def test_home_features_open_projects_and_current_campaigns_only(client) -> None:
    milano = ranked_city(count=2)
    today = timezone.localdate()
    campaign = factories.CampaignFactory(
        city=milano.city, title="Milano più verde", starts_on=today - timedelta(days=5), ends_on=today
    )
    factories.CampaignFactory(
        city=milano.city,
        title="Campagna finita",
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=1),
    )
    factories.ProjectFactory(
        city=milano.city, neighbourhood=milano.neighbourhoods[0], title="Orti in cortile", campaign=campaign
    )
    factories.ProjectFactory(
        city=milano.city,
        neighbourhood=milano.neighbourhoods[0],
        title="Bozza interna",
        status=Project.Status.DRAFT,
        published_at=None,
    )
    factories.ProjectFactory(title="Progetto di un'altra città")

    response = client.get(reverse("web:home", kwargs={"city_slug": "milano"}))

    page = response.content.decode()
    assert "Orti in cortile" in page and "Milano più verde" in page
    assert "Bozza interna" not in page and "Campagna finita" not in page and "altra città" not in page
    assert response.context["home"].open_projects == 1


def test_home_query_count_does_not_grow_with_projects(client, django_assert_max_num_queries) -> None:
    milano = ranked_city(count=2)
    url = reverse("web:home", kwargs={"city_slug": "milano"})
    factories.ProjectFactory(city=milano.city, neighbourhood=milano.neighbourhoods[0])
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for _ in range(12):
        factories.ProjectFactory(city=milano.city, neighbourhood=milano.neighbourhoods[1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_map_gives_each_neighbourhood_its_need_index_and_open_projects(client) -> None:
    milano = ranked_city(count=2)
    for neighbourhood in milano.neighbourhoods:
        neighbourhood.boundary = SQUARE
        neighbourhood.save()
    factories.ProjectFactory(city=milano.city, neighbourhood=milano.neighbourhoods[1])
    factories.ProjectFactory(
        city=milano.city,
        neighbourhood=milano.neighbourhoods[1],
        status=Project.Status.DRAFT,
        published_at=None,
    )

    response = client.get(reverse("web:map", kwargs={"city_slug": "milano"}))

    assert response["Content-Type"] == "application/geo+json"
    features = {feature["properties"]["code"]: feature for feature in response.json()["features"]}
    first, second = (features[n.code]["properties"] for n in milano.neighbourhoods)
    assert (first["need_index"], first["open_projects"]) == (90.0, 0)
    assert (second["need_index"], second["open_projects"]) == (87.5, 1)
    assert second["url"] == f"/milano/neighbourhoods/{milano.neighbourhoods[1].code}/"


def test_unknown_citys_home_and_map_are_404(client) -> None:
    ranked_city(count=1)
    assert client.get("/roma/").status_code == 404
    assert client.get("/roma/map.geojson").status_code == 404
