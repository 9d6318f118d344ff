"""The public read API: what anonymous visitors may see, described truly by its OpenAPI schema."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from ledger.models import Pledge
from projects.models import Call, Project
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano():
    return ranked_city(count=2)


def test_the_schema_validates_with_no_warning(tmp_path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/projects/{id}/" in schema and "/api/v1/officer/applications/{id}/reject/" in schema
    # One component per enum, named after it, rather than a "StatusEnum" per model told apart by hashes.
    assert "ProjectStatusEnum:" in schema and "ApplicationStatusEnum:" in schema


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

    body = client.get(f"/api/v1/projects/{project.pk}/").json()

    assert body["needs"][0]["committed"] == "2500.00" and body["needs"][0]["target_quantity"] == "10000.00"


def test_a_draft_project_is_not_found(client, milano) -> None:
    draft = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
    )
    assert client.get(f"/api/v1/projects/{draft.pk}/").status_code == 404


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


def test_projects_are_found_by_every_word_of_q_in_their_title_or_summary(client, milano) -> None:
    where = milano.neighbourhoods[0]
    factories.ProjectFactory(neighbourhood=where, title="Orti di via Padova", summary="Verde condiviso.")
    factories.ProjectFactory(neighbourhood=where, title="Cortile", summary="Orti sul tetto della scuola.")
    factories.ProjectFactory(neighbourhood=where, title="Biblioteca", summary="Libri per tutti.")

    def titles(q: str) -> list[str]:
        return sorted(p["title"] for p in client.get("/api/v1/projects/", {"q": q}).json()["results"])

    assert titles("orti") == ["Cortile", "Orti di via Padova"]
    assert titles("ORTI padova") == ["Orti di via Padova"]
    assert titles("piscina") == []


def test_projects_are_ordered_by_deadline_or_title_on_request(client, milano) -> None:
    where, now = milano.neighbourhoods[0], timezone.now()
    for title, days in (("Bravo", 10), ("Alfa", 30), ("Charlie", 20)):
        factories.ProjectFactory(neighbourhood=where, title=title, pledge_deadline=now + timedelta(days=days))

    def titles(ordering: str) -> list[str]:
        return [p["title"] for p in client.get("/api/v1/projects/", {"ordering": ordering}).json()["results"]]

    assert titles("pledge_deadline") == ["Bravo", "Charlie", "Alfa"]
    assert titles("-title") == ["Charlie", "Bravo", "Alfa"]


def test_two_cities_projects_with_the_same_slug_are_each_reached_by_id(client, milano) -> None:
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    here = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], slug="orti", title="Orti Milano")
    there = factories.ProjectFactory(neighbourhood=torino.neighbourhoods[0], slug="orti", title="Orti Torino")

    assert client.get(f"/api/v1/projects/{here.pk}/").json()["title"] == "Orti Milano"
    assert client.get(f"/api/v1/projects/{there.pk}/").json()["city"] == "torino"


def test_districts_of_a_city_list_their_neighbourhoods(client, milano) -> None:
    ranked_city(count=1, slug="torino", code_prefix="T")

    rows = client.get("/api/v1/districts/", {"city": "milano"}).json()["results"]

    assert [(row["city"], row["code"]) for row in rows] == [("milano", "1"), ("milano", "2")]
    assert sorted(code for row in rows for code in row["neighbourhoods"]) == sorted(
        n.code for n in milano.neighbourhoods
    )


def test_needs_are_listed_for_public_projects_only_by_project_kind_and_city(client, milano) -> None:
    where = milano.neighbourhoods[0]
    project = factories.ProjectFactory(neighbourhood=where)
    funding = factories.NeedFactory(project=project)
    hours = factories.NeedFactory(
        project=project, kind="volunteering", unit="hours", unit_value_eur=Decimal("20.00"), title="Ore"
    )
    draft = factories.ProjectFactory(neighbourhood=where, status="draft", published_at=None)
    hidden = factories.NeedFactory(project=draft)

    def ids(**params) -> list[int]:
        return [row["id"] for row in client.get("/api/v1/needs/", params).json()["results"]]

    assert ids() == [funding.pk, hours.pk]
    assert ids(kind="volunteering") == [hours.pk]
    assert ids(project=project.pk, city="milano") == [funding.pk, hours.pk]
    assert ids(city="torino") == []
    assert client.get(f"/api/v1/needs/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/needs/{funding.pk}/").json()["target_quantity"] == "10000.00"


def test_a_campaign_lists_its_public_projects_only(client, milano) -> None:
    where = milano.neighbourhoods[0]
    campaign = factories.CampaignFactory(city=milano.city, target_eur=Decimal("50000.00"))
    shown = factories.ProjectFactory(neighbourhood=where, campaign=campaign)
    factories.ProjectFactory(neighbourhood=where, campaign=campaign, status="draft", published_at=None)

    body = client.get(f"/api/v1/campaigns/{campaign.pk}/").json()

    assert body["projects"] == [shown.pk] and body["target_eur"] == "50000.00"


def test_calls_are_the_published_ones_with_their_criteria_and_open_ones_on_request(client, milano) -> None:
    city, now = milano.city, timezone.now()
    open_call = factories.CallFactory(city=city, title="Aperto")
    factories.EvaluationCriterionFactory(call=open_call, name="Qualità", weight=Decimal("100.00"))
    factories.CallFactory(
        city=city, title="Chiuso", status=Call.Status.CLOSED, opens_at=now - timedelta(days=9), deadline=now
    )
    draft = factories.CallFactory(city=city, title="Bozza", status=Call.Status.DRAFT)

    every = client.get("/api/v1/calls/").json()["results"]
    still_open = client.get("/api/v1/calls/", {"open": "true"}).json()["results"]

    assert sorted(call["title"] for call in every) == ["Aperto", "Chiuso"]
    assert [(call["title"], call["is_open"]) for call in still_open] == [("Aperto", True)]
    assert (
        still_open[0]["criteria"][0]["name"] == "Qualità"
        and still_open[0]["criteria"][0]["weight"] == "100.00"
    )
    assert client.get(f"/api/v1/calls/{draft.pk}/").status_code == 404


def test_an_id_filter_beyond_what_the_database_holds_is_a_400(client, milano) -> None:
    for url in ("/api/v1/needs/?project=1e30", "/api/v1/projects/?campaign=99999999999999999999"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert list(response.json()) in (["project"], ["campaign"])


def test_the_api_answers_in_the_language_the_client_asks_for(client, milano) -> None:
    italian = client.get("/api/v1/themes/greening/").json()
    english = client.get("/api/v1/themes/greening/", headers={"accept-language": "en"})

    assert english.headers["Content-Language"] == "en"
    assert english.json()["name"] != italian["name"]


def test_text_with_a_nul_character_is_a_400_not_a_database_error() -> None:
    member = factories.CompanyMemberFactory()
    client = APIClient()
    client.force_authenticate(member.user)

    response = client.patch("/api/v1/companies/mine/", {"skills": ["garden\x00ing"]}, format="json")

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
