"""One company's member cannot read or change another company's pledges, sites or profile by id, through
the API or through the pages; nor an officer another city's pledges. Each refusal is a 404 (the answer an
id that does not exist gets), and the object is left as it was."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from companies.models import Site
from ledger.models import Pledge
from tests import factories
from tests.calls.factories import pdf_upload
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db

S = Pledge.Status


@pytest.fixture
def milano():
    return ranked_city(count=1)


@pytest.fixture
def need(milano):
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    return factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))


@pytest.fixture
def member(milano):
    return factories.CompanyMemberFactory(city=milano.city)


@pytest.fixture
def rival(milano):
    """Another company of the same city, with a site and an offered and an accepted pledge."""
    membership = factories.CompanyMemberFactory(
        city=milano.city, company__csr_statement="Il nostro impegno", company__csr_budget_eur=Decimal("9000")
    )
    return membership.company


@pytest.fixture
def rival_site(rival):
    return factories.SiteFactory(company=rival, name="Sede Lambrate")


@pytest.fixture
def rival_pledge(rival, need):
    return factories.PledgeFactory(need=need, company=rival)


@pytest.fixture
def rival_accepted(rival, need):
    return factories.PledgeFactory(need=need, company=rival, status=S.ACCEPTED)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


# --- through the API --------------------------------------------------------------------------------


def test_another_companys_pledge_is_not_found_to_read_withdraw_or_fulfil(
    member, rival_pledge, rival_accepted
) -> None:
    client = api(member.user)

    assert client.get(f"/api/v1/pledges/{rival_pledge.pk}/").status_code == 404
    assert client.post(f"/api/v1/pledges/{rival_pledge.pk}/withdraw/").status_code == 404
    fulfil = client.post(
        f"/api/v1/pledges/{rival_accepted.pk}/fulfil/", {"evidence_note": "Fatto"}, format="json"
    )
    assert fulfil.status_code == 404
    assert rival_pledge.pk not in [row["id"] for row in client.get("/api/v1/pledges/").json()["results"]]
    rival_pledge.refresh_from_db()
    rival_accepted.refresh_from_db()
    assert (rival_pledge.status, rival_accepted.status) == (S.OFFERED, S.ACCEPTED)


def test_a_pledge_offered_naming_another_company_is_the_callers_own(member, rival, need) -> None:
    response = api(member.user).post(
        "/api/v1/pledges/", {"need": need.pk, "quantity": "100", "company": rival.pk}, format="json"
    )
    assert response.status_code == 201
    assert Pledge.objects.get(pk=response.json()["id"]).company == member.company


def test_another_companys_site_is_not_found_to_read_change_or_delete(member, rival_site) -> None:
    client = api(member.user)
    url = f"/api/v1/sites/{rival_site.pk}/"
    moved = {"name": "Presa", "latitude": 45.0, "longitude": 9.0}

    answers = [
        client.get(url).status_code,
        client.put(url, moved, format="json").status_code,
        client.patch(url, {"name": "Presa"}, format="json").status_code,
        client.delete(url).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert client.get("/api/v1/sites/").json()["results"] == []
    rival_site.refresh_from_db()
    assert (rival_site.name, rival_site.latitude) == ("Sede Lambrate", 45.4642)


def test_another_companys_profile_shows_no_private_field_and_cannot_be_changed(member, rival) -> None:
    client = api(member.user)
    hidden = client.get(f"/api/v1/companies/{rival.pk}/")
    rival.public_consent = True
    rival.save()
    shown = client.get(f"/api/v1/companies/{rival.pk}/").json()
    changed = client.patch(f"/api/v1/companies/{rival.pk}/", {"csr_statement": "Preso"}, format="json")
    mine = client.patch("/api/v1/companies/mine/", {"csr_statement": "Nostro"}, format="json").json()

    assert hidden.status_code == 404
    assert not {"vat_number", "csr_budget_eur", "volunteer_hours_per_year", "public_consent"} & set(shown)
    assert changed.status_code == 405
    assert mine["id"] == member.company.pk
    rival.refresh_from_db()
    assert rival.csr_statement == "Il nostro impegno"


def test_an_officer_cannot_read_or_answer_another_citys_pledge(milano) -> None:
    foreign = factories.OfficerFactory(city=ranked_city(count=1, slug="torino", code_prefix="T").city).user
    pledge = factories.PledgeFactory(need__project__neighbourhood=milano.neighbourhoods[0])
    client = api(foreign)

    assert client.get(f"/api/v1/pledges/{pledge.pk}/").status_code == 404
    assert client.post(f"/api/v1/pledges/{pledge.pk}/accept/").status_code == 404
    assert (
        client.post(f"/api/v1/pledges/{pledge.pk}/decline/", {"reason": "No"}, format="json").status_code
        == 404
    )
    pledge.refresh_from_db()
    assert pledge.status == S.OFFERED


# --- through the pages ------------------------------------------------------------------------------


def test_another_companys_pledge_is_not_found_on_the_pages(
    client, member, rival_pledge, rival_accepted
) -> None:
    client.force_login(member.user)

    withdraw = client.post(page("pledge_withdraw", pledge_id=rival_pledge.pk))
    fulfil_form = client.get(page("pledge_fulfil", pledge_id=rival_accepted.pk))
    fulfil = client.post(
        page("pledge_fulfil", pledge_id=rival_accepted.pk),
        {"evidence_note": "Fatto", "receipt": pdf_upload("ricevuta.pdf")},
    )

    assert (withdraw.status_code, fulfil_form.status_code, fulfil.status_code) == (404, 404, 404)
    rival_pledge.refresh_from_db()
    rival_accepted.refresh_from_db()
    assert (rival_pledge.status, rival_accepted.status) == (S.OFFERED, S.ACCEPTED)
    assert rival_pledge.company.legal_name not in client.get(page("company_pledges")).content.decode()


def test_another_companys_site_is_not_found_on_the_pages(client, member, rival_site) -> None:
    client.force_login(member.user)

    response = client.post(page("company_site_delete", site_id=rival_site.pk))

    assert response.status_code == 404 and Site.objects.filter(pk=rival_site.pk).exists()
    assert "Sede Lambrate" not in client.get(page("company_profile")).content.decode()


def test_the_profile_page_changes_only_the_members_own_company(client, member, rival) -> None:
    client.force_login(member.user)
    form = {
        "csr_statement": "Solo il nostro",
        "csr_budget_eur": "1000.00",
        "volunteer_hours_per_year": "10",
        "website": "",
    }

    response = client.post(page("company_profile"), form)

    assert response.status_code == 302
    member.company.refresh_from_db()
    rival.refresh_from_db()
    assert (member.company.csr_statement, rival.csr_statement) == ("Solo il nostro", "Il nostro impegno")
    assert "Il nostro impegno" not in client.get(page("company_profile")).content.decode()


def test_a_member_of_another_citys_company_is_not_found_on_this_citys_company_pages(client, rival) -> None:
    outsider = factories.CompanyMemberFactory()  # of another city
    client.force_login(outsider.user)

    assert client.get(page("company_profile")).status_code == 404
    assert client.post(page("company_profile"), {"csr_statement": "Preso"}).status_code == 404


def test_an_officer_cannot_answer_another_citys_pledge_on_the_pages(client, milano) -> None:
    foreign = factories.OfficerFactory(city=ranked_city(count=1, slug="torino", code_prefix="T").city).user
    pledge = factories.PledgeFactory(need__project__neighbourhood=milano.neighbourhoods[0])
    client.force_login(foreign)

    on_milano = client.post(page("officer_pledge_accept", pledge_id=pledge.pk))
    on_torino = client.post(
        reverse("web:officer_pledge_accept", kwargs={"city_slug": "torino", "pledge_id": pledge.pk})
    )

    assert (on_milano.status_code, on_torino.status_code) == (404, 404)
    pledge.refresh_from_db()
    assert pledge.status == S.OFFERED
