"""The city's open data: a page describing each dataset under its licence, and the files as CSV and GeoJSON,
with no personal data and a company named only where it agreed to be."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import open_data
from ledger.impact import impact
from ledger.models import Pledge
from tests import factories
from tests.ledger.factories import GoodsNeedFactory, VolunteeringNeedFactory
from tests.projects.factories import InitiativeFactory
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[9.1, 45.4], [9.2, 45.4], [9.2, 45.5], [9.1, 45.4]]]}


class Scene:
    """Milano: a project with support from a company that may be named and one that may not, a reported
    project elsewhere, a draft; and Torino, whose data stay apart."""

    def __init__(self) -> None:
        milano = ranked_city(count=2)
        self.city = milano.city
        self.first, self.second = milano.neighbourhoods
        self.first.boundary = SQUARE
        self.first.save(update_fields=["boundary"])
        self.named = factories.CompanyFactory(city=self.city, legal_name="Verde S.p.A.", public_consent=True)
        self.shy = factories.CompanyFactory(
            city=self.city, legal_name="Riservata S.r.l.", public_consent=False
        )
        self.member = factories.CompanyMemberFactory(
            company=self.shy,
            city=self.city,
            user__username="mario.bianchi",
            user__email="mario@riservata.example",
        ).user
        self.project = factories.ProjectFactory(neighbourhood=self.first, title="Orti di via Padova")
        funding = factories.NeedFactory(project=self.project, target_quantity=Decimal("10000.00"))
        hours = VolunteeringNeedFactory(project=self.project, target_quantity=Decimal("80.00"))
        goods = GoodsNeedFactory(project=self.project)
        accepted = Pledge.Status.ACCEPTED
        factories.PledgeFactory(
            need=funding, company=self.named, quantity=Decimal("3000.00"), status=accepted
        )
        factories.PledgeFactory(
            need=funding,
            company=self.shy,
            quantity=Decimal("2000.00"),
            status=accepted,
            offered_by=self.member,
        )
        factories.PledgeFactory(need=hours, company=self.shy, quantity=Decimal("10.00"))  # offered
        factories.PledgeFactory(need=hours, company=self.named, quantity=Decimal("4.00"), status=accepted)
        factories.PledgeFactory(need=goods, company=self.named, quantity=Decimal("2.00"), status=accepted)
        reported = factories.ProjectFactory(neighbourhood=self.second, status="reported")
        factories.ImpactReportFactory(project=reported, people_reached=120)
        self.draft = factories.ProjectFactory(
            neighbourhood=self.first, status="draft", published_at=None, title="Bozza riservata"
        )
        torino = ranked_city(count=1, slug="torino", code_prefix="T")
        factories.ProjectFactory(neighbourhood=torino.neighbourhoods[0], title="Progetto di Torino")

    def url(self, name: str, **kwargs: str) -> str:
        return reverse(name, kwargs={"city_slug": self.city.slug, **kwargs})


def csv_of(client, scene: Scene, dataset: str) -> list[dict[str, str]]:
    response = client.get(scene.url("web:open_data_csv", dataset=dataset))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def geojson_of(client, scene: Scene, dataset: str) -> dict:
    response = client.get(scene.url("web:open_data_geojson", dataset=dataset))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def test_the_page_lists_each_dataset_with_its_licence_fields_and_downloads(client) -> None:
    scene = Scene()

    html = client.get(scene.url("web:open_data")).content.decode()

    assert open_data.LICENCE_URL in html and "CC BY 4.0" in html
    assert scene.city.data_attribution in html
    for dataset in open_data.DATASETS.values():
        assert scene.url("web:open_data_csv", dataset=dataset.slug) in html
        assert scene.url("web:open_data_geojson", dataset=dataset.slug) in html
        assert all(f"<code>{field.name}</code>" in html for field in dataset.fields)


def test_every_page_of_the_city_links_the_open_data_from_its_footer(client) -> None:
    scene = Scene()

    html = client.get(scene.url("web:home")).content.decode()

    assert scene.url("web:open_data") in html


def test_the_projects_csv_has_a_header_and_one_row_per_public_project_of_the_city(client) -> None:
    scene = Scene()

    rows = csv_of(client, scene, "projects")

    assert list(rows[0]) == open_data.PROJECTS.field_names
    assert sorted(row["title"] for row in rows) == sorted(
        ["Orti di via Padova", scene.second.projects.get().title]
    )
    orti = next(row for row in rows if row["slug"] == scene.project.slug)
    assert (orti["funding_target_eur"], orti["funding_given_eur"], orti["funding_committed_eur"]) == (
        "10000.00",
        "5000.00",
        "5000.00",
    )
    assert (orti["volunteering_committed_hours"], orti["volunteering_given_hours"]) == ("14.00", "4.00")
    assert (orti["goods_given_eur"], orti["total_given_eur"]) == ("600.00", "5700.00")
    assert (orti["supporting_companies"], orti["named_supporters"]) == ("2", "Verde S.p.A.")
    assert orti["url"] == "http://testserver" + scene.url("web:project", slug=scene.project.slug)


def test_the_neighbourhoods_geojson_carries_the_boundaries_the_licence_and_the_citys_attribution(
    client,
) -> None:
    scene = Scene()

    collection = geojson_of(client, scene, "neighbourhoods")

    assert collection["type"] == "FeatureCollection"
    assert collection["licence"] == {"name": "CC BY 4.0", "url": open_data.LICENCE_URL}
    assert scene.city.data_attribution in collection["attribution"]
    by_code = {feature["properties"]["code"]: feature for feature in collection["features"]}
    assert by_code.keys() == {scene.first.code, scene.second.code}
    assert by_code[scene.first.code]["geometry"] == SQUARE
    assert by_code[scene.second.code]["geometry"] is None
    first = by_code[scene.first.code]["properties"]
    assert (first["public_projects"], first["funding_given_eur"], first["need_index"]) == (
        1,
        "5000.00",
        "90.00",
    )
    assert by_code[scene.second.code]["properties"]["people_reached"] == 120


def test_the_neighbourhoods_figures_are_the_impact_dashboards(client) -> None:
    scene = Scene()

    rows = {row["code"]: row for row in csv_of(client, scene, "neighbourhoods")}

    for figures in impact(city=scene.city).by["neighbourhood"]:
        row = rows[figures.key]
        assert Decimal(row["funding_given_eur"]) == figures.funding_eur
        assert Decimal(row["volunteering_given_hours"]) == figures.volunteer_hours
        assert Decimal(row["goods_given_eur"]) == figures.goods_eur
        assert Decimal(row["total_given_eur"]) == figures.total_eur


def test_projects_are_points_at_their_neighbourhoods_centre(client) -> None:
    scene = Scene()

    features = geojson_of(client, scene, "projects")["features"]

    orti = next(feature for feature in features if feature["properties"]["slug"] == scene.project.slug)
    assert orti["geometry"] == {
        "type": "Point",
        "coordinates": [scene.first.centroid_lon, scene.first.centroid_lat],
    }


@pytest.mark.parametrize(
    ("dataset", "extension"), [(d, e) for d in open_data.DATASETS for e in ("csv", "geojson")]
)
def test_no_file_names_a_person_a_shy_company_a_draft_or_another_city(
    client, dataset: str, extension: str
) -> None:
    scene = Scene()

    text = client.get(scene.url(f"web:open_data_{extension}", dataset=dataset)).content.decode()

    for private in (
        "mario",
        "riservata.example",
        "Riservata S.r.l.",
        "Bozza riservata",
        "Progetto di Torino",
    ):
        assert private not in text


def test_an_initiative_names_its_company_only_if_it_agreed(client) -> None:
    scene = Scene()
    for company in (scene.named, scene.shy):
        InitiativeFactory(
            neighbourhood=scene.second,
            proposed_by_company=company,
            status="published",
            published_at=timezone.now(),
            title=company.slug,
        )

    rows = {row["title"]: row for row in csv_of(client, scene, "projects")}

    assert rows[scene.named.slug]["proposer"] == "Verde S.p.A."
    assert rows[scene.shy.slug]["proposer"] == ""


def test_an_unknown_dataset_or_city_is_a_404(client) -> None:
    scene = Scene()

    assert client.get(scene.url("web:open_data_csv", dataset="users")).status_code == 404
    assert client.get(reverse("web:open_data", kwargs={"city_slug": "atlantide"})).status_code == 404


def test_the_files_are_built_in_a_fixed_number_of_queries(django_assert_max_num_queries) -> None:
    scene = Scene()
    for _ in range(5):
        factories.PledgeFactory(
            need=scene.project.needs.first(), company=factories.CompanyFactory(city=scene.city)
        )

    with django_assert_max_num_queries(8):
        open_data.open_projects(city=scene.city)
    with django_assert_max_num_queries(6):
        open_data.open_neighbourhoods(city=scene.city)
