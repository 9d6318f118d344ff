"""A company appears on public pages only where it agreed to (Company.public_consent): the project page
(its supporters and its history), the impact pages and their CSVs, the open data, the public API."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from ledger import open_data
from ledger import services as ledger
from ledger.impact import DIMENSIONS
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db

SHY, NAMED = "Riservata S.r.l.", "Verde S.p.A."


class Scene:
    """A project both companies pledged to through the services (so its history records the pledges), a
    match fund that doubled the shy company's pledge."""

    def __init__(self) -> None:
        self.city = ranked_city(count=1).city
        self.project = factories.ProjectFactory(neighbourhood=self.city.neighbourhoods.get(), title="Orti")
        need = factories.NeedFactory(project=self.project, target_quantity=Decimal("10000.00"))
        officer = factories.OfficerFactory(city=self.city).user
        factories.FundFactory(city=self.city, name="Fondo Quartieri", pot_eur=Decimal("5000.00"))
        for name, consent in ((SHY, False), (NAMED, True)):
            member = factories.CompanyMemberFactory(
                city=self.city, company__legal_name=name, company__public_consent=consent
            )
            pledge = ledger.pledge_offer(
                need=need, company=member.company, quantity=Decimal("1000"), actor=member.user
            )
            ledger.pledge_accept(pledge=pledge, actor=officer)

    def get(self, client, name: str, **kwargs: str) -> str:
        response = client.get(reverse(name, kwargs={"city_slug": self.city.slug, **kwargs}))
        assert response.status_code == 200, name
        return response.content.decode()


def test_the_project_page_names_only_the_company_that_agreed_in_its_supporters_and_history(client) -> None:
    scene = Scene()

    with translation.override("en"):
        html = scene.get(client, "web:project", slug=scene.project.slug)

    assert NAMED in html
    assert SHY not in html
    assert "Pledge of a company on" in html  # the shy company's pledge, in the history


def test_the_history_says_what_happened_in_the_readers_words(client) -> None:
    scene = Scene()

    with translation.override("en"):
        html = scene.get(client, "web:project", slug=scene.project.slug)

    assert f"Pledge of {NAMED} on Alberi e panchine — offered → accepted" in html
    assert f"Pledge of {NAMED} on Alberi e panchine — offered<" in html  # offered, from no status before
    assert "Match funding from Fondo Quartieri: pledge of a company on" in html


def test_the_impact_page_and_its_csvs_name_no_company_that_did_not_agree(client) -> None:
    scene = Scene()

    pages = [scene.get(client, "web:impact")]
    pages += [scene.get(client, "web:impact_csv", dimension=dimension) for dimension in DIMENSIONS]

    assert all(SHY not in page for page in pages)


def test_the_open_data_name_no_company_that_did_not_agree(client) -> None:
    scene = Scene()

    files = [
        scene.get(client, f"web:open_data_{extension}", dataset=dataset)
        for dataset in open_data.DATASETS
        for extension in ("csv", "geojson")
    ]

    assert all(SHY not in text for text in files)
    assert any(NAMED in text for text in files)


def test_the_public_api_names_no_company_that_did_not_agree() -> None:
    scene = Scene()
    client = APIClient()

    listed = client.get(reverse("api:project-list"))
    detail = client.get(reverse("api:project-detail", kwargs={"pk": scene.project.pk}))

    assert (listed.status_code, detail.status_code) == (200, 200)
    assert SHY not in listed.content.decode() and SHY not in detail.content.decode()
