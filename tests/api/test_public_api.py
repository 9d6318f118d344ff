"""The public read API: what anonymous visitors may see, described truly by its OpenAPI schema."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from ledger.models import Pledge
from projects.models import Project
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano():
    return ranked_city(count=2)


def test_the_schema_validates_with_no_warning(tmp_path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/projects/{slug}/" in (tmp_path / "schema.yml").read_text()


def test_swagger_ui_and_redoc_are_served_from_local_static_files(client) -> None:
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page and "cdn" not in page.lower(), url


def test_projects_list_only_public_ones_with_filters(client, milano) -> None:
    first, second = milano.neighbourhoods
    factories.ProjectFactory(neighbourhood=first, title="Orti", themes=[factories.theme("greening")])
    factories.ProjectFactory(neighbourhood=second, title="Scuola", themes=[factories.theme("education")])
    factories.ProjectFactory(
        neighbourhood=first, title="Bozza", status=Project.Status.DRAFT, published_at=None
    )

    every = client.get("/api/v1/projects/", {"city": "milano"}).json()
    greening = client.get("/api/v1/projects/", {"city": "milano", "theme": "greening"}).json()

    assert sorted(p["title"] for p in every["results"]) == ["Orti", "Scuola"]
    assert [p["title"] for p in greening["results"]] == ["Orti"]
    assert client.get("/api/v1/projects/", {"status": "draft"}).status_code == 400


def test_a_project_shows_its_needs_with_what_is_committed(client, milano) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    need = factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))
    factories.PledgeFactory(need=need, quantity=Decimal("2500.00"), status=Pledge.Status.ACCEPTED)
    factories.PledgeFactory(need=need, quantity=Decimal("900.00"), status=Pledge.Status.DECLINED)

    body = client.get(f"/api/v1/projects/{project.slug}/").json()

    assert body["needs"][0]["committed"] == "2500.00" and body["needs"][0]["target_quantity"] == "10000.00"


def test_a_draft_project_is_not_found(client, milano) -> None:
    draft = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
    )
    assert client.get(f"/api/v1/projects/{draft.slug}/").status_code == 404


def test_neighbourhoods_come_ranked_by_need_and_as_geojson(client, milano) -> None:
    rows = client.get("/api/v1/neighbourhoods/", {"city": "milano"}).json()["results"]
    geojson = client.get("/api/v1/cities/milano/neighbourhoods.geojson/")

    assert [row["need_rank"] for row in rows] == [1, 2]
    assert geojson.json()["type"] == "FeatureCollection"


def test_project_list_query_count_does_not_grow(client, milano, django_assert_max_num_queries) -> None:
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    with django_assert_max_num_queries(100) as few:
        client.get("/api/v1/projects/")
    for _ in range(8):
        factories.ProjectFactory(neighbourhood=milano.neighbourhoods[1])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/projects/")
