"""A company member's pages: recommendations with reasons, profile and sites, CSR report; nobody else's."""

import io
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import Event
from companies.models import Site
from ledger.models import Pledge
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[9.1, 45.4], [9.3, 45.4], [9.3, 45.5], [9.1, 45.5], [9.1, 45.4]]],
}


@pytest.fixture
def milano():
    return ranked_city(count=2)


@pytest.fixture
def member(milano):
    return factories.CompanyMemberFactory(city=milano.city, company__legal_name="Verdi S.p.A.")


def url(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


COMPANY_PAGES = ["company", "company_profile", "company_report", "company_report_csv", "company_report_pdf"]


@pytest.mark.parametrize("page", COMPANY_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, milano, page) -> None:
    response = client.get(url(page))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", COMPANY_PAGES)
def test_an_ngo_member_or_another_citys_company_member_gets_404(client, milano, page) -> None:
    for outsider in (factories.NgoMemberFactory(city=milano.city), factories.CompanyMemberFactory()):
        client.force_login(outsider.user)
        assert client.get(url(page)).status_code == 404


def test_dashboard_ranks_open_projects_with_their_reasons(client, milano, member) -> None:
    good = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    closed = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Chiuso", status="closed")
    factories.MatchFactory(company=member.company, project=good, score=0.81, theme=1.0, common_theme_mask=1)
    factories.MatchFactory(company=member.company, project=closed, score=0.9)
    factories.MatchFactory(project=good, score=0.99)  # another company's match
    client.force_login(member.user)

    response = client.get(url("company"))

    [(match, reasons)] = response.context["recommendations"]
    assert match.project == good and reasons
    assert "81" in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_matches(
    client, milano, member, django_assert_max_num_queries
):
    client.force_login(member.user)

    def add(count: int) -> None:
        for _ in range(count):
            project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
            site = factories.SiteFactory(company=member.company)
            factories.MatchFactory(
                company=member.company, project=project, nearest_site=site, km=2.0, proximity=0.6
            )

    add(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url("company"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("company"))


def test_saving_the_profile_records_the_change_and_refreshes_the_matches(
    client, milano, member, django_capture_on_commit_callbacks, settings
) -> None:
    settings.MATCHING_REFRESH_ON_CHANGE = True
    client.force_login(member.user)
    form = {
        "csr_statement": "Alberi e scuole.",
        "csr_budget_eur": "25000.00",
        "volunteer_hours_per_year": "400",
        "themes": [factories.theme("greening").pk],
    }

    with (
        mock.patch("matching.tasks.match_refresh_company.delay") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url("company_profile"), form)

    assert response.status_code == 302
    member.company.refresh_from_db()
    assert member.company.csr_budget_eur == Decimal("25000.00")
    refresh.assert_called_once_with(member.company.pk)
    event = Event.objects.for_object(member.company).get()
    assert event.changes["csr_budget_eur"] == ["50000.00", "25000.00"]


def test_a_site_placed_on_the_map_lands_in_its_neighbourhood(client, milano, member) -> None:
    neighbourhood = milano.neighbourhoods[1]
    neighbourhood.boundary = SQUARE
    neighbourhood.save()
    client.force_login(member.user)

    client.post(url("company_site_add"), {"name": "Bicocca", "latitude": "45.45", "longitude": "9.2"})

    assert Site.objects.get(company=member.company, name="Bicocca").neighbourhood == neighbourhood


def test_a_site_off_the_globe_is_a_form_error(client, milano, member) -> None:
    client.force_login(member.user)

    response = client.post(
        url("company_site_add"), {"name": "Altrove", "latitude": "123", "longitude": "9.2"}
    )

    assert response.status_code == 400 and "latitude" in response.context["site_form"].errors
    assert not Site.objects.filter(company=member.company).exists()


def test_another_companys_site_cannot_be_removed_by_id(client, milano, member) -> None:
    other_site = factories.SiteFactory(company=factories.CompanyFactory(city=milano.city))
    client.force_login(member.user)

    assert client.post(url("company_site_delete", site_id=other_site.pk)).status_code == 404
    assert Site.objects.filter(pk=other_site.pk).exists()


def test_csr_report_as_page_csv_and_pdf(client, milano, member) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    factories.PledgeFactory(need=factories.NeedFactory(project=project), company=member.company,
                            quantity=Decimal("2500.00"), status=Pledge.Status.ACCEPTED)  # fmt: skip
    client.force_login(member.user)

    page = client.get(url("company_report")).content.decode()
    rows = client.get(url("company_report_csv")).content.decode().splitlines()
    pdf = client.get(url("company_report_pdf"))

    assert "ESRS S3" in page and "2500.00" in page
    assert any(row.startswith("theme,greening,") and row.endswith(",2500.00") for row in rows)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Verdi S.p.A." in text and "2500.00" in text
