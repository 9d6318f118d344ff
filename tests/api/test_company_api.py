"""The company side of the API: public companies, one's own profile and sites, pledges, match funds,
recommendations and candidates with their reasons, impact totals, and one's own API token."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import Event
from companies.models import Site
from ledger.models import Fund, Pledge
from tests import factories
from tests.calls.factories import pdf_upload
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db

S = Pledge.Status


@pytest.fixture
def milano():
    return ranked_city(count=2)


@pytest.fixture
def member(milano):
    return factories.CompanyMemberFactory(
        city=milano.city, company__legal_name="Verdi S.p.A.", company__public_consent=True
    )


@pytest.fixture
def officer(milano):
    return factories.OfficerFactory(city=milano.city).user


@pytest.fixture
def project(milano):
    return factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti di via Padova")


@pytest.fixture
def need(project):
    return factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- companies --------------------------------------------------------------------------------------


def test_public_companies_are_those_that_may_be_named_with_public_fields_only(milano, member) -> None:
    factories.CompanyFactory(city=milano.city, legal_name="Riservata S.r.l.", public_consent=False)
    factories.CompanyFactory(
        city=milano.city, legal_name="Alfa S.p.A.", public_consent=True, ateco_code="41.20",
    ).themes.set([factories.theme("education")])  # fmt: skip
    member.company.themes.set([factories.theme("greening")])

    every = api().get("/api/v1/companies/", {"city": "milano"}).json()["results"]
    greening = api().get("/api/v1/companies/", {"theme": "greening"}).json()["results"]
    building = api().get("/api/v1/companies/", {"sector": "41"}).json()["results"]
    reversed_names = api().get("/api/v1/companies/", {"ordering": "-legal_name"}).json()["results"]

    assert [c["legal_name"] for c in every] == ["Alfa S.p.A.", "Verdi S.p.A."]
    assert [c["legal_name"] for c in greening] == ["Verdi S.p.A."]
    assert [c["legal_name"] for c in building] == ["Alfa S.p.A."]
    assert [c["legal_name"] for c in reversed_names] == ["Verdi S.p.A.", "Alfa S.p.A."]
    assert not {"vat_number", "csr_budget_eur", "volunteer_hours_per_year", "public_consent"} & set(every[0])


def test_a_company_that_may_not_be_named_is_not_found_even_by_its_own_member(milano) -> None:
    shy = factories.CompanyMemberFactory(city=milano.city)
    assert api(shy.user).get(f"/api/v1/companies/{shy.company.pk}/").status_code == 404


def test_a_member_reads_their_own_company_with_its_private_fields(member) -> None:
    body = api(member.user).get("/api/v1/companies/mine/").json()

    assert body["legal_name"] == "Verdi S.p.A." and body["csr_budget_eur"] == "50000.00"
    assert body["vat_number"] == member.company.vat_number


def test_a_member_changes_the_profile_through_the_service_and_the_change_is_recorded(milano, member) -> None:
    changes = {
        "csr_budget_eur": "75000.00",
        "themes": ["greening", "education"],
        "preferred_neighbourhoods": [milano.neighbourhoods[1].code],
    }

    response = api(member.user).patch("/api/v1/companies/mine/", changes, format="json")

    company = member.company
    company.refresh_from_db()
    assert response.status_code == 200 and response.json()["csr_budget_eur"] == "75000.00"
    assert company.csr_budget_eur == Decimal("75000.00")
    assert sorted(company.themes.values_list("code", flat=True)) == ["education", "greening"]
    assert Event.objects.for_object(company).get().changes["csr_budget_eur"] == ["50000.00", "75000.00"]


def test_a_profile_with_bad_values_is_a_400_naming_the_fields(member) -> None:
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    response = api(member.user).patch(
        "/api/v1/companies/mine/",
        {
            "csr_budget_eur": "-1",
            "preferred_neighbourhoods": [torino.neighbourhoods[0].code],
            "themes": ["x"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"csr_budget_eur", "preferred_neighbourhoods", "themes"} <= set(response.json())


# --- sites ------------------------------------------------------------------------------------------


def test_a_member_adds_moves_and_removes_a_site_of_their_company(member) -> None:
    client = api(member.user)

    created = client.post(
        "/api/v1/sites/", {"name": "Sede Bicocca", "latitude": 45.51, "longitude": 9.21}, format="json"
    )
    site_id = created.json()["id"]
    moved = client.patch(f"/api/v1/sites/{site_id}/", {"latitude": 45.47, "employees": 12}, format="json")
    listed = client.get("/api/v1/sites/").json()["results"]

    assert created.status_code == 201 and moved.status_code == 200
    site = Site.objects.get(pk=site_id)
    assert (site.company, site.name, site.latitude, site.longitude) == (
        member.company,
        "Sede Bicocca",
        45.47,
        9.21,
    )
    assert [row["name"] for row in listed] == ["Sede Bicocca"]
    assert client.delete(f"/api/v1/sites/{site_id}/").status_code == 204
    assert not Site.objects.filter(pk=site_id).exists()
    assert Event.objects.filter(object_id=site_id, action="deleted").exists()


def test_a_second_site_with_the_same_name_or_a_position_off_the_globe_is_a_400(member) -> None:
    factories.SiteFactory(company=member.company, name="Sede Bicocca")
    client = api(member.user)

    twin = client.post("/api/v1/sites/", {"name": "sede bicocca", "latitude": 45.5, "longitude": 9.2})
    off = client.post("/api/v1/sites/", {"name": "Altrove", "latitude": 95, "longitude": 9.2})

    assert twin.status_code == 400 and "name" in twin.json()
    assert off.status_code == 400 and "latitude" in off.json()


# --- pledges ----------------------------------------------------------------------------------------


def test_a_member_offers_a_pledge_and_finds_it_among_the_company_pledges(member, need) -> None:
    client = api(member.user)

    response = client.post("/api/v1/pledges/", {"need": need.pk, "quantity": "1500"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["quantity"], body["value_eur"], body["project"]) == (
        "offered", "1500.00", "1500.00", need.project.slug,
    )  # fmt: skip
    assert [row["id"] for row in client.get("/api/v1/pledges/").json()["results"]] == [body["id"]]
    assert Pledge.objects.get(pk=body["id"]).offered_by == member.user


def test_a_pledge_past_the_target_is_refused_with_the_services_reason(member, need) -> None:
    response = api(member.user).post(
        "/api/v1/pledges/", {"need": need.pk, "quantity": "10000.01"}, format="json"
    )

    assert response.status_code == 400 and response.json()["non_field_errors"]
    assert not Pledge.objects.exists()


def test_a_need_of_another_city_or_of_a_draft_is_an_invalid_choice(member, milano) -> None:
    draft = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
    )
    for other in (factories.NeedFactory(), factories.NeedFactory(project=draft)):
        response = api(member.user).post(
            "/api/v1/pledges/", {"need": other.pk, "quantity": "10"}, format="json"
        )
        assert response.status_code == 400 and "need" in response.json()


def test_a_member_withdraws_an_offer_but_not_twice(member, need) -> None:
    pledge = factories.PledgeFactory(need=need, company=member.company)
    client = api(member.user)

    first = client.post(f"/api/v1/pledges/{pledge.pk}/withdraw/")
    second = client.post(f"/api/v1/pledges/{pledge.pk}/withdraw/")

    assert first.status_code == 200 and first.json()["status"] == "withdrawn"
    assert second.status_code == 400


def test_a_member_fulfils_an_accepted_pledge_with_a_receipt(member, need) -> None:
    pledge = factories.PledgeFactory(need=need, company=member.company, status=S.ACCEPTED)

    response = api(member.user).post(
        f"/api/v1/pledges/{pledge.pk}/fulfil/",
        {"evidence_note": "Bonifico del 3 marzo", "receipt": pdf_upload("bonifico.pdf")},
        format="multipart",
    )

    pledge.refresh_from_db()
    assert response.status_code == 200 and response.json()["status"] == "fulfilled"
    assert pledge.receipt.name.endswith("bonifico.pdf") and pledge.evidence_note == "Bonifico del 3 marzo"


def test_an_officer_lists_the_citys_pledges_only_and_filters_them(officer, member, need) -> None:
    offered = factories.PledgeFactory(need=need, company=member.company)
    accepted = factories.PledgeFactory(need=need, status=S.ACCEPTED)
    factories.PledgeFactory()  # in another city

    every = api(officer).get("/api/v1/pledges/").json()["results"]
    waiting = api(officer).get("/api/v1/pledges/", {"status": "offered"}).json()["results"]

    assert sorted(row["id"] for row in every) == sorted([offered.pk, accepted.pk])
    assert [row["id"] for row in waiting] == [offered.pk]


def test_an_officer_accepts_one_pledge_and_declines_another_saying_why(officer, member, need) -> None:
    first = factories.PledgeFactory(need=need, company=member.company)
    second = factories.PledgeFactory(need=need, company=member.company)
    client = api(officer)

    accepted = client.post(f"/api/v1/pledges/{first.pk}/accept/")
    no_reason = client.post(f"/api/v1/pledges/{second.pk}/decline/", {"reason": " "}, format="json")
    declined = client.post(f"/api/v1/pledges/{second.pk}/decline/", {"reason": "Fuori tema"}, format="json")

    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    seen_by_company = api(member.user).get(f"/api/v1/pledges/{second.pk}/").json()
    assert seen_by_company["decline_reason"] == "Fuori tema"


def test_an_accepted_pledge_shows_what_an_open_fund_added(officer, member, need, milano) -> None:
    factories.FundFactory(city=milano.city, pot_eur=Decimal("500.00"))
    pledge = factories.PledgeFactory(need=need, company=member.company, quantity=Decimal("1000.00"))

    body = api(officer).post(f"/api/v1/pledges/{pledge.pk}/accept/").json()

    assert body["matched_eur"] == "500.00"


# --- funds ------------------------------------------------------------------------------------------


def test_anyone_reads_the_open_funds_an_officer_also_their_citys_drafts(milano, officer) -> None:
    open_fund = factories.FundFactory(city=milano.city, name="Fondo aperto")
    draft = factories.FundFactory(city=milano.city, name="Bozza", status=Fund.Status.DRAFT)
    factories.FundFactory(name="Fondo di Torino", status=Fund.Status.DRAFT)

    public = api().get("/api/v1/funds/", {"city": "milano"}).json()["results"]
    own = api(officer).get("/api/v1/funds/").json()["results"]

    assert [fund["id"] for fund in public] == [open_fund.pk]
    assert sorted(fund["id"] for fund in own) == sorted([open_fund.pk, draft.pk])
    assert public[0]["pot_eur"] == "10000.00" and public[0]["remaining_eur"] == "10000.00"


def test_a_sponsor_is_named_only_if_it_agreed_to_be(milano) -> None:
    named = factories.CompanyFactory(city=milano.city, legal_name="Verdi S.p.A.", public_consent=True)
    factories.FundFactory(city=milano.city, sponsor=named, priority=1)
    factories.FundFactory(city=milano.city, sponsor=factories.CompanyFactory(city=milano.city), priority=2)

    rows = api().get("/api/v1/funds/").json()["results"]

    assert [row["sponsor_name"] for row in rows] == ["Verdi S.p.A.", None]


def test_an_officer_sets_up_a_draft_fund_changes_it_and_opens_it(milano, officer) -> None:
    client = api(officer)

    created = client.post(
        "/api/v1/funds/",
        {
            "name": "Fondo Verde",
            "pot_eur": "20000.00",
            "ratio": "0.50",
            "themes": ["greening"],
            "neighbourhoods": [milano.neighbourhoods[0].code],
            "instruments": ["collective_action"],
        },
        format="json",
    )
    fund_id = created.json()["id"]
    changed = client.patch(f"/api/v1/funds/{fund_id}/", {"cap_per_pledge_eur": "1000.00"}, format="json")
    opened = client.post(f"/api/v1/funds/{fund_id}/open/")
    reopened = client.post(f"/api/v1/funds/{fund_id}/open/")

    assert created.status_code == 201
    assert (created.json()["status"], created.json()["slug"], created.json()["themes"]) == (
        "draft", "fondo-verde", ["greening"],
    )  # fmt: skip
    assert changed.status_code == 200 and changed.json()["cap_per_pledge_eur"] == "1000.00"
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert reopened.status_code == 400
    fund = Fund.objects.get(pk=fund_id)
    assert fund.city == milano.city and fund.ratio == Decimal("0.50")
    assert list(Event.objects.for_object(fund).values_list("action", flat=True).order_by("id")) == [
        "created", "changed", "transition",
    ]  # fmt: skip


def test_a_fund_with_another_citys_neighbourhood_or_sponsor_or_a_pot_below_its_matches_is_a_400(
    milano, officer
) -> None:
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    client = api(officer)
    fund = factories.FundFactory(city=milano.city)
    factories.FundMatchFactory(fund=fund, amount_eur=Decimal("300.00"))
    Fund.objects.filter(pk=fund.pk).update(matched_eur=Decimal("300.00"))

    elsewhere = client.post(
        "/api/v1/funds/",
        {
            "name": "Fondo",
            "pot_eur": "100.00",
            "neighbourhoods": [torino.neighbourhoods[0].code],
            "sponsor": factories.CompanyFactory(city=torino.city).pk,
        },
        format="json",
    )
    too_small = client.patch(f"/api/v1/funds/{fund.pk}/", {"pot_eur": "299.99"}, format="json")

    assert elsewhere.status_code == 400 and {"neighbourhoods", "sponsor"} <= set(elsewhere.json())
    assert too_small.status_code == 400 and "pot_eur" in too_small.json()


def test_a_fund_with_no_pot_a_share_above_one_or_closing_before_it_opens_is_a_400(milano, officer) -> None:
    fund = factories.FundFactory(city=milano.city, status=Fund.Status.DRAFT)
    client = api(officer)

    bad = client.post(
        "/api/v1/funds/", {"name": "Fondo", "pot_eur": "0", "threshold_share": "1.5"}, format="json"
    )
    backwards = client.patch(
        f"/api/v1/funds/{fund.pk}/", {"opens_on": "2027-03-01", "closes_on": "2027-02-01"}, format="json"
    )

    assert bad.status_code == 400 and {"pot_eur", "threshold_share"} <= set(bad.json())
    assert backwards.status_code == 400 and "closes_on" in backwards.json()


def test_an_officer_simulates_a_draft_fund_over_the_accepted_pledges(milano, officer, need) -> None:
    factories.PledgeFactory(need=need, status=S.ACCEPTED, decided_at=timezone.now(), quantity=Decimal("2000"))
    draft = factories.FundFactory(city=milano.city, status=Fund.Status.DRAFT, pot_eur=Decimal("1500.00"))

    body = api(officer).get(f"/api/v1/funds/{draft.pk}/simulation/").json()

    assert (body["matched_eur"], body["wanted_eur"], body["pot_runs_out"]) == ("1500.00", "2000.00", True)
    assert body["projects"][0]["title"] == "Orti di via Padova"


# --- matches with their reasons ---------------------------------------------------------------------


def test_a_member_gets_open_projects_ranked_with_their_reasons(milano, member, project) -> None:
    closed = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], status="closed")
    second = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[1], title="Scuola aperta")
    factories.MatchFactory(
        company=member.company, project=project, score=0.81, theme=1.0, common_theme_mask=1
    )
    factories.MatchFactory(company=member.company, project=second, score=0.5)
    factories.MatchFactory(company=member.company, project=closed, score=0.99)
    factories.MatchFactory(project=project, score=0.95)  # another company's

    rows = api(member.user).get("/api/v1/recommendations/").json()["results"]

    assert [row["project"]["slug"] for row in rows] == [project.slug, second.slug]
    assert rows[0]["score"] == 0.81 and rows[0]["reasons"]


def test_an_officer_gets_a_projects_candidates_with_reasons_and_a_coalition(milano, officer, project) -> None:
    factories.NeedFactory(project=project, target_quantity=Decimal("8000.00"))
    for rank, budget in ((1, "5000.00"), (2, "6000.00")):
        company = factories.CompanyFactory(city=milano.city, csr_budget_eur=Decimal(budget))
        factories.MatchFactory(
            company=company, project=project, score=1 - rank / 10, rank_for_project=rank, common_theme_mask=1
        )
    client = api(officer)

    candidates = client.get(f"/api/v1/candidates/{project.slug}/").json()
    [coalition] = client.get(f"/api/v1/candidates/{project.slug}/coalition/").json()

    assert [row["rank"] for row in candidates["candidates"]] == [1, 2]
    assert all(row["reasons"] for row in candidates["candidates"])
    assert (coalition["gap"], coalition["covered"], coalition["uncovered"]) == ("8000.00", "8000.00", "0.00")
    assert len(coalition["members"]) == 2


# --- impact -----------------------------------------------------------------------------------------


def test_impact_totals_for_the_city_and_for_ones_own_company(milano, member, need) -> None:
    factories.PledgeFactory(need=need, company=member.company, status=S.ACCEPTED, quantity=Decimal("3000"))
    factories.PledgeFactory(
        need=need, status=S.FULFILLED, quantity=Decimal("1000"), fulfilled_at=timezone.now()
    )
    factories.PledgeFactory(need=need, status=S.OFFERED, quantity=Decimal("500"))

    city = api().get("/api/v1/impact/milano/").json()
    own = api(member.user).get("/api/v1/companies/mine/impact/").json()

    assert (city["total"]["total_eur"], city["companies"], city["projects"]) == ("4000.00", 2, 1)
    assert city["by"]["neighbourhood"][0]["total_eur"] == "4000.00"
    assert [row["key"] for row in city["by"]["theme"]] == ["greening"]
    assert own["total"]["funding_eur"] == "3000.00" and own["companies"] == 1


# --- one's own API token ----------------------------------------------------------------------------


def test_a_token_obtained_with_username_and_password_authenticates_api_calls(member) -> None:
    obtained = api().post(
        "/api/v1/auth/token/",
        {"username": member.user.username, "password": factories.DEMO_PASSWORD},
        format="json",
    )
    key = obtained.json()["key"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert obtained.status_code == 200 and Token.objects.get(user=member.user).key == key
    assert client.get("/api/v1/companies/mine/").json()["legal_name"] == "Verdi S.p.A."
    again = api().post(
        "/api/v1/auth/token/",
        {"username": member.user.username, "password": factories.DEMO_PASSWORD},
        format="json",
    )
    assert again.json()["key"] == key


def test_a_wrong_password_gets_no_token(member) -> None:
    response = api().post(
        "/api/v1/auth/token/", {"username": member.user.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400 and not Token.objects.exists()


def test_a_rotated_token_replaces_the_old_one_and_a_revoked_one_stops_working(member) -> None:
    old = api(member.user).post("/api/v1/auth/token/", {}, format="json").json()["key"]
    new = api(member.user).post("/api/v1/auth/token/rotate/").json()["key"]
    with_old, with_new = APIClient(), APIClient()
    with_old.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    with_new.credentials(HTTP_AUTHORIZATION=f"Token {new}")

    assert new != old
    assert with_old.get("/api/v1/companies/mine/").status_code == 401
    assert with_new.get("/api/v1/auth/token/").json()["has_token"] is True
    assert with_new.delete("/api/v1/auth/token/").status_code == 204
    assert with_new.get("/api/v1/companies/mine/").status_code == 401
    assert not Token.objects.exists()
    recorded = Event.objects.for_object(member.user).order_by("id").values_list("changes", flat=True)
    assert [changes["api_token"] for changes in recorded] == [
        ["none", "issued"], ["issued", "rotated"], ["issued", "none"],
    ]  # fmt: skip
    assert all(old not in str(changes) and new not in str(changes) for changes in recorded)


def test_reading_ones_token_status_never_shows_the_key(member) -> None:
    key = api(member.user).post("/api/v1/auth/token/", {}, format="json").json()["key"]
    body = api(member.user).get("/api/v1/auth/token/").json()
    assert body["has_token"] is True and key not in str(body)


def test_anonymous_callers_without_credentials_get_no_token() -> None:
    assert api().post("/api/v1/auth/token/", {}, format="json").status_code == 401
