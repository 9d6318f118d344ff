"""The pledge flow, "my pledges", initiatives and the officer's review of both; nobody else's objects."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from ledger.models import FundMatch, Pledge
from projects.models import Project
from tests import factories
from tests.calls.factories import pdf_upload
from tests.web.conftest import priority, ranked_city

pytestmark = pytest.mark.django_db

S = Pledge.Status
P = Project.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def milano():
    return ranked_city(count=2)


@pytest.fixture
def member(milano):
    return factories.CompanyMemberFactory(city=milano.city, company__legal_name="Verdi S.p.A.")


@pytest.fixture
def officer(milano):
    return factories.OfficerFactory(city=milano.city).user


@pytest.fixture
def project(milano):
    return factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")


@pytest.fixture
def need(project):
    return factories.NeedFactory(project=project, title="Alberi", target_quantity=Decimal("5000.00"))


def url(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


def offered(need, company, quantity: str = "1000.00", **fields) -> Pledge:
    return factories.PledgeFactory(need=need, company=company, quantity=Decimal(quantity), **fields)


def initiative(milano, *, company=None, organisation=None, **fields) -> Project:
    proposer = (
        {"origin": Project.Origin.COMPANY, "proposed_by_company": company}
        if company
        else {"origin": Project.Origin.NGO, "proposed_by_organisation": organisation}
    )
    project = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0],
        status=fields.pop("status", P.PROPOSED),
        published_at=fields.pop("published_at", None),
        **proposer,
        **fields,
    )
    factories.NeedFactory(project=project, title="Semi", target_quantity=Decimal("800.00"))
    return project


# --- who may see what ---------------------------------------------------------------------------------


def company_pages(project) -> list[str]:
    return [url("pledge", slug=project.slug), url("company_pledges")]


def officer_pages() -> list[str]:
    return [url("officer_pledges"), url("officer_initiatives")]


def test_anonymous_visitors_are_sent_to_sign_in(client, project) -> None:
    for page in [*company_pages(project), *officer_pages(), url("initiatives"), url("initiative_new")]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), page


def test_company_pages_are_404_for_an_ngo_member_an_officer_or_another_citys_company(
    client, milano, project, officer
) -> None:
    for outsider in (
        factories.NgoMemberFactory(city=milano.city).user,
        officer,
        factories.CompanyMemberFactory().user,
    ):
        client.force_login(outsider)
        for page in company_pages(project):
            assert client.get(page).status_code == 404, page


def test_officer_pages_are_404_for_a_company_member_or_another_citys_officer(client, milano, member) -> None:
    for outsider in (member.user, factories.OfficerFactory().user):
        client.force_login(outsider)
        for page in officer_pages():
            assert client.get(page).status_code == 404, page


def test_initiative_pages_are_404_for_an_officer_or_another_citys_member(client, milano, officer) -> None:
    for outsider in (officer, factories.CompanyMemberFactory().user, factories.NgoMemberFactory().user):
        client.force_login(outsider)
        assert client.get(url("initiatives")).status_code == 404
        assert client.get(url("initiative_new")).status_code == 404


# --- pledging -----------------------------------------------------------------------------------------


def test_pledge_is_offered_and_the_company_lands_on_its_pledges(client, member, project, need) -> None:
    client.force_login(member.user)
    form = {"need": need.pk, "quantity": "1000", "message": "Per gli alberi", "confirm_beyond_capacity": ""}

    response = client.post(url("pledge", slug=project.slug), form)

    assert response.status_code == 302 and response["Location"] == url("company_pledges")
    pledge = Pledge.objects.get()
    assert (pledge.company, pledge.need, pledge.status) == (member.company, need, S.OFFERED)
    assert pledge.quantity == Decimal("1000.00") and pledge.message == "Per gli alberi"


def test_pledge_page_preselects_the_need_from_the_project_page_link(client, member, project, need) -> None:
    client.force_login(member.user)

    response = client.get(url("pledge", slug=project.slug) + f"?need={need.pk}")

    assert response.status_code == 200
    assert f'value="{need.pk}"' in response.content.decode()
    assert response.context["form"]["need"].value() == str(need.pk)


def test_pledge_beyond_target_is_refused_as_a_form_error(client, member, project, need) -> None:
    client.force_login(member.user)

    response = client.post(url("pledge", slug=project.slug), {"need": need.pk, "quantity": "5000.01"})

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Pledge.objects.exists()


def test_pledge_beyond_capacity_asks_to_confirm_then_offers(client, member, project, need) -> None:
    member.company.csr_budget_eur = Decimal("500.00")
    member.company.save()
    client.force_login(member.user)
    form = {"need": need.pk, "quantity": "800"}

    asked = client.post(url("pledge", slug=project.slug), form)

    assert asked.status_code == 400 and not Pledge.objects.exists()
    assert 'type="checkbox" name="confirm_beyond_capacity"' in asked.content.decode()
    assert asked.context["form"].errors["confirm_beyond_capacity"]
    assert asked.context["preview"]["value_eur"] == Decimal("800.00")

    confirmed = client.post(url("pledge", slug=project.slug), {**form, "confirm_beyond_capacity": "on"})

    assert confirmed.status_code == 302
    assert Pledge.objects.get().beyond_capacity_confirmed is True


def test_a_need_of_another_project_or_a_bad_quantity_is_a_form_error(client, milano, member, project) -> None:
    factories.NeedFactory(project=project)
    elsewhere = factories.NeedFactory(
        project=factories.ProjectFactory(neighbourhood=milano.neighbourhoods[1])
    )
    client.force_login(member.user)

    for form in ({"need": elsewhere.pk, "quantity": "10"}, {"need": "", "quantity": "abc"}):
        response = client.post(url("pledge", slug=project.slug), form)
        assert response.status_code == 400 and response.context["form"].errors

    assert not Pledge.objects.exists()


def test_a_project_not_open_for_pledges_shows_no_form(client, milano, member) -> None:
    funded = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], status=P.FUNDED)
    factories.NeedFactory(project=funded)
    client.force_login(member.user)

    response = client.get(url("pledge", slug=funded.slug))

    assert response.status_code == 200 and 'id="pledge-form"' not in response.content.decode()


def test_a_draft_or_another_citys_project_has_no_pledge_page(client, milano, member) -> None:
    draft = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status=P.DRAFT, published_at=None
    )
    elsewhere = factories.ProjectFactory()
    client.force_login(member.user)

    assert client.get(url("pledge", slug=draft.slug)).status_code == 404
    assert client.get(url("pledge", slug=elsewhere.slug)).status_code == 404


def test_preview_shows_what_match_funding_adds(client, milano, member, project, need) -> None:
    factories.FundFactory(city=milano.city, name="Fondo Verde", ratio=Decimal("1.00"))
    client.force_login(member.user)

    response = client.get(
        url("pledge_preview", slug=project.slug), {"need": need.pk, "quantity": "1000"}, **HTMX
    )

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["funds"].becomes_eur == Decimal("2000.00")
    assert "Fondo Verde" in response.content.decode()


def test_preview_of_hours_shows_their_declared_value(client, member, project) -> None:
    hours = factories.NeedFactory(
        project=project, kind="volunteering", unit="hours", unit_value_eur=Decimal("25.00"),
        target_quantity=Decimal("200"),
    )  # fmt: skip
    client.force_login(member.user)

    response = client.get(url("pledge_preview", slug=project.slug), {"need": hours.pk, "quantity": "40"})

    assert response.context["preview"]["value_eur"] == Decimal("1000.00")


def test_preview_of_incomplete_input_is_a_hint_not_an_error(client, member, project, need) -> None:
    client.force_login(member.user)

    response = client.get(url("pledge_preview", slug=project.slug), {"need": need.pk, "quantity": "-3"})

    assert response.status_code == 200 and response.context["preview"] is None


def test_pledge_page_query_count_does_not_grow_with_needs(
    client, milano, member, project, django_assert_max_num_queries
) -> None:
    client.force_login(member.user)
    factories.FundFactory(city=milano.city)

    def add(count: int) -> None:
        for _ in range(count):
            offered(factories.NeedFactory(project=project), factories.CompanyFactory(city=milano.city), "10")

    add(1)
    first = factories.NeedFactory(project=project)
    page = url("pledge", slug=project.slug)
    with django_assert_max_num_queries(40) as few:
        client.post(page, {"need": first.pk, "quantity": "999999"})
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.post(page, {"need": first.pk, "quantity": "999999"})


# --- my pledges ---------------------------------------------------------------------------------------


def test_my_pledges_lists_the_companys_pledges_only(client, milano, member, need) -> None:
    own = offered(need, member.company)
    other = offered(need, factories.CompanyFactory(city=milano.city))
    client.force_login(member.user)

    response = client.get(url("company_pledges"))

    assert [pledge.pk for pledge in response.context["page"]] == [own.pk]
    assert f'id="pledge-{other.pk}"' not in response.content.decode()


def test_a_declined_pledge_shows_the_citys_reason(client, member, officer, need) -> None:
    from ledger.services import pledge_decline

    pledge = offered(need, member.company)
    pledge_decline(pledge=pledge, actor=officer, reason="Obiettivo già coperto")
    client.force_login(member.user)

    response = client.get(url("company_pledges"))

    assert "Obiettivo già coperto" in response.content.decode()


def test_withdrawing_an_offered_pledge(client, member, need) -> None:
    pledge = offered(need, member.company)
    client.force_login(member.user)

    response = client.post(url("pledge_withdraw", pledge_id=pledge.pk))

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == S.WITHDRAWN


def test_withdrawing_an_accepted_pledge_is_refused_with_a_message(client, member, need) -> None:
    pledge = offered(need, member.company, status=S.ACCEPTED)
    client.force_login(member.user)

    response = client.post(url("pledge_withdraw", pledge_id=pledge.pk), follow=True)

    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    pledge.refresh_from_db()
    assert pledge.status == S.ACCEPTED


def test_another_companys_pledge_id_is_a_404(client, milano, member, need) -> None:
    other = offered(need, factories.CompanyFactory(city=milano.city), status=S.ACCEPTED)
    client.force_login(member.user)

    assert client.post(url("pledge_withdraw", pledge_id=other.pk)).status_code == 404
    assert client.get(url("pledge_fulfil", pledge_id=other.pk)).status_code == 404
    assert client.post(url("pledge_fulfil", pledge_id=other.pk), {"evidence_note": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.status == S.ACCEPTED


def test_fulfilling_an_accepted_pledge_with_a_receipt(client, member, need) -> None:
    pledge = offered(need, member.company, status=S.ACCEPTED)
    client.force_login(member.user)

    response = client.post(
        url("pledge_fulfil", pledge_id=pledge.pk),
        {"evidence_note": "Bonifico del 3 marzo", "receipt": pdf_upload("bonifico.pdf")},
    )

    assert response.status_code == 302 and response["Location"] == url("company_pledges")
    pledge.refresh_from_db()
    assert pledge.status == S.FULFILLED and pledge.receipt.name.endswith("bonifico.pdf")


def test_a_receipt_that_is_not_a_pdf_or_image_is_a_form_error(client, member, need) -> None:
    pledge = offered(need, member.company, status=S.ACCEPTED)
    client.force_login(member.user)
    fake = SimpleUploadedFile("ricevuta.pdf", b"not really a pdf", content_type="application/pdf")

    response = client.post(
        url("pledge_fulfil", pledge_id=pledge.pk), {"evidence_note": "Bonifico", "receipt": fake}
    )

    assert response.status_code == 400 and response.context["form"].errors["receipt"]
    pledge.refresh_from_db()
    assert pledge.status == S.ACCEPTED and not pledge.receipt


def test_fulfilling_without_a_note_or_before_acceptance_is_a_form_error(client, member, need) -> None:
    accepted = offered(need, member.company, status=S.ACCEPTED)
    waiting = offered(need, member.company, "10")
    client.force_login(member.user)

    no_note = client.post(url("pledge_fulfil", pledge_id=accepted.pk), {"evidence_note": "  "})
    too_early = client.post(url("pledge_fulfil", pledge_id=waiting.pk), {"evidence_note": "Fatto"})

    assert no_note.status_code == 400 and too_early.status_code == 400
    assert too_early.context["form"].non_field_errors()
    assert set(Pledge.objects.values_list("status", flat=True)) == {S.ACCEPTED, S.OFFERED}


def test_my_pledges_query_count_does_not_grow(client, milano, member, need, django_assert_max_num_queries):
    client.force_login(member.user)

    def add(count: int) -> None:
        for _ in range(count):
            pledge = offered(factories.NeedFactory(project=need.project), member.company, "10")
            factories.FundMatchFactory(pledge=pledge, fund=factories.FundFactory(city=milano.city))

    add(1)
    with django_assert_max_num_queries(30) as few:
        client.get(url("company_pledges"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("company_pledges"))


# --- the officer's review of pledges ------------------------------------------------------------------


def test_officer_sees_the_offered_pledges_of_the_citys_projects_only(client, officer, member, need) -> None:
    waiting = offered(need, member.company)
    offered(need, member.company, "10", status=S.WITHDRAWN)
    elsewhere = factories.PledgeFactory()
    client.force_login(officer)

    response = client.get(url("officer_pledges"))

    assert [pledge.pk for pledge, _form in response.context["rows"]] == [waiting.pk]
    assert f'id="pledge-{elsewhere.pk}"' not in response.content.decode()
    every = client.get(url("officer_pledges"), {"status": ""})
    assert len(every.context["rows"]) == 2


def test_accepting_a_pledge_adds_match_funding(client, milano, officer, member, need) -> None:
    factories.FundFactory(city=milano.city, ratio=Decimal("1.00"))
    pledge = offered(need, member.company)
    client.force_login(officer)

    response = client.post(url("officer_pledge_accept", pledge_id=pledge.pk))

    assert response.status_code == 302 and response["Location"] == url("officer_pledges")
    pledge.refresh_from_db()
    assert pledge.status == S.ACCEPTED
    assert FundMatch.objects.get(pledge=pledge).amount_eur == Decimal("1000.00")


def test_accepting_with_htmx_returns_the_updated_row(client, officer, member, need) -> None:
    pledge = offered(need, member.company)
    client.force_login(officer)

    response = client.post(url("officer_pledge_accept", pledge_id=pledge.pk), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith("<tr")
    assert 'data-status="accepted"' in body


def test_accepting_twice_is_refused_without_an_error_page(client, officer, member, need) -> None:
    pledge = offered(need, member.company, status=S.ACCEPTED)
    client.force_login(officer)

    response = client.post(url("officer_pledge_accept", pledge_id=pledge.pk), **HTMX)

    assert response.status_code == 200 and response.context["notice"]


def test_declining_without_a_reason_is_a_form_error(client, officer, member, need) -> None:
    pledge = offered(need, member.company)
    client.force_login(officer)
    field = f"decline-{pledge.pk}-reason"

    plain = client.post(url("officer_pledge_decline", pledge_id=pledge.pk), {field: "  "})
    htmx = client.post(url("officer_pledge_decline", pledge_id=pledge.pk), {field: ""}, **HTMX)

    assert plain.status_code == 400
    [(_pledge, form)] = plain.context["rows"]
    assert form.errors["reason"]
    assert htmx.status_code == 200 and htmx.context["decline_form"].errors["reason"]
    pledge.refresh_from_db()
    assert pledge.status == S.OFFERED


def test_declining_with_a_reason_records_it(client, officer, member, need) -> None:
    pledge = offered(need, member.company)
    client.force_login(officer)

    response = client.post(
        url("officer_pledge_decline", pledge_id=pledge.pk), {f"decline-{pledge.pk}-reason": "Fuori tema"}
    )

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == S.DECLINED
    assert Event.objects.filter(to_status=S.DECLINED, note="Fuori tema").exists()


def test_another_citys_pledge_is_a_404_for_the_officer(client, officer) -> None:
    elsewhere = factories.PledgeFactory()
    client.force_login(officer)

    assert client.post(url("officer_pledge_accept", pledge_id=elsewhere.pk)).status_code == 404
    decline = url("officer_pledge_decline", pledge_id=elsewhere.pk)
    assert client.post(decline, {f"decline-{elsewhere.pk}-reason": "No"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == S.OFFERED


def test_officer_pledges_query_count_does_not_grow(
    client, milano, officer, need, django_assert_max_num_queries
):
    client.force_login(officer)

    def add(count: int) -> None:
        for _ in range(count):
            offered(factories.NeedFactory(project=need.project), factories.CompanyFactory(city=milano.city))

    add(1)
    with django_assert_max_num_queries(30) as few:
        client.get(url("officer_pledges"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("officer_pledges"))


# --- initiatives: the proposer ------------------------------------------------------------------------


def initiative_form(milano, **changes) -> dict:
    form = {
        "title": "Cortili in fiore",
        "summary": "Aiuole nei cortili delle case popolari.",
        "description": "Con gli inquilini piantiamo aiuole e curiamo il verde.",
        "neighbourhood": milano.neighbourhoods[0].pk,
        "themes": [factories.theme("greening").pk],
        "instrument": Project.Instrument.COLLECTIVE_ACTION,
        "needs-TOTAL_FORMS": "2",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "1",
        "needs-MAX_NUM_FORMS": "12",
        "needs-0-kind": "funding",
        "needs-0-title": "Piante",
        "needs-0-target_quantity": "3000",
        "needs-1-kind": "volunteering",
        "needs-1-title": "Giardinieri",
        "needs-1-target_quantity": "120",
        "needs-1-unit_value_eur": "25",
    }
    return form | changes


def test_a_company_member_proposes_an_initiative_with_two_needs(client, milano, member) -> None:
    partner = factories.OrganisationFactory(city=milano.city)
    client.force_login(member.user)

    response = client.post(url("initiative_new"), initiative_form(milano, partners=[partner.pk]))

    assert response.status_code == 302 and response["Location"] == url("initiatives")
    project = Project.objects.get(title="Cortili in fiore")
    assert (project.status, project.origin, project.proposed_by_company) == (
        P.PROPOSED,
        Project.Origin.COMPANY,
        member.company,
    )
    assert sorted(project.needs.values_list("kind", "unit")) == [
        ("funding", "eur"),
        ("volunteering", "hours"),
    ]
    assert list(project.partners.all()) == [partner]


def test_an_ngo_member_proposes_an_initiative(client, milano) -> None:
    ngo = factories.NgoMemberFactory(city=milano.city)
    client.force_login(ngo.user)

    response = client.post(url("initiative_new"), initiative_form(milano, **{"needs-TOTAL_FORMS": "1"}))

    assert response.status_code == 302
    project = Project.objects.get()
    assert project.origin == Project.Origin.NGO and project.proposed_by_organisation == ngo.organisation


def test_an_initiative_without_needs_is_refused(client, milano, member) -> None:
    client.force_login(member.user)
    form = {key: value for key, value in initiative_form(milano).items() if not key.startswith("needs-")}
    form |= {"needs-TOTAL_FORMS": "1", "needs-INITIAL_FORMS": "0", "needs-0-kind": "funding"}

    response = client.post(url("initiative_new"), form)

    assert response.status_code == 400
    assert response.context["formset"].errors or response.context["formset"].non_form_errors()
    assert not Project.objects.exists()


def test_a_need_the_service_refuses_shows_above_the_needs_and_saves_nothing(client, milano, member) -> None:
    client.force_login(member.user)
    form = initiative_form(milano, **{"needs-1-kind": "in_kind", "needs-1-unit": "eur"})

    response = client.post(url("initiative_new"), form)

    assert response.status_code == 400 and response.context["needs_errors"]
    assert not Project.objects.exists()


def test_my_initiatives_show_the_citys_note_and_not_others(client, milano, member) -> None:
    own = initiative(milano, company=member.company, status=P.CHANGES_REQUESTED, review_note="Più alberi")
    others = initiative(milano, company=factories.CompanyFactory(city=milano.city))
    client.force_login(member.user)

    response = client.get(url("initiatives"))

    assert [project.pk for project in response.context["page"]] == [own.pk]
    body = response.content.decode()
    assert "Più alberi" in body and others.title not in body
    assert client.get(url("initiative_edit", slug=others.slug)).status_code == 404
    assert client.post(url("initiative_resubmit", slug=others.slug)).status_code == 404


def test_editing_an_initiative_after_changes_were_requested_resubmits_it(client, milano, member) -> None:
    project = initiative(milano, company=member.company, status=P.CHANGES_REQUESTED, review_note="Più alberi")
    need = project.needs.get()
    client.force_login(member.user)
    page = url("initiative_edit", slug=project.slug)
    assert client.get(page).status_code == 200
    form = initiative_form(milano, title="Cortili in fiore, con alberi")
    form |= {
        "needs-TOTAL_FORMS": "1",
        "needs-INITIAL_FORMS": "1",
        "needs-0-id": str(need.pk),
        "needs-0-target_quantity": "900",
    }

    response = client.post(page, form)

    assert response.status_code == 302
    project.refresh_from_db()
    need.refresh_from_db()
    assert (project.status, project.title) == (P.PROPOSED, "Cortili in fiore, con alberi")
    assert need.target_quantity == Decimal("900.00") and project.needs.count() == 1


def test_resubmitting_as_it_is(client, milano, member) -> None:
    project = initiative(milano, company=member.company, status=P.CHANGES_REQUESTED, review_note="Date?")
    client.force_login(member.user)

    response = client.post(url("initiative_resubmit", slug=project.slug))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == P.PROPOSED


def test_a_published_initiative_cannot_be_edited_by_its_proposer(client, milano, member) -> None:
    project = initiative(milano, company=member.company, status=P.PUBLISHED, published_at=timezone.now())
    client.force_login(member.user)

    response = client.post(url("initiative_edit", slug=project.slug), initiative_form(milano, title="Altro"))

    assert response.status_code == 400
    project.refresh_from_db()
    assert project.title != "Altro"


# --- initiatives: the officer's review ----------------------------------------------------------------


def test_review_page_shows_the_priorities_addressed_and_not(client, milano, officer, member) -> None:
    neighbourhood = milano.neighbourhoods[0]
    priority(neighbourhood, theme_code="greening", rank=1, statement="Più verde")
    priority(neighbourhood, theme_code="social-inclusion", rank=2)
    project = initiative(milano, company=member.company)
    client.force_login(officer)

    response = client.get(url("officer_initiative", slug=project.slug))

    assert response.status_code == 200
    fits = [(fit.priority.theme.code, fit.addressed) for fit in response.context["review"].priorities]
    assert fits == [("greening", True), ("social-inclusion", False)]
    assert response.context["may"] == {"endorse": True, "changes": True, "decline": True}


def test_officer_endorses_an_initiative(client, milano, officer, member) -> None:
    project = initiative(milano, company=member.company)
    client.force_login(officer)

    response = client.post(url("officer_initiative_decide", slug=project.slug, decision="endorse"))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == P.PUBLISHED and project.owner == officer


def test_officer_asks_for_changes_with_a_note(client, milano, officer, member) -> None:
    project = initiative(milano, company=member.company)
    client.force_login(officer)

    client.post(
        url("officer_initiative_decide", slug=project.slug, decision="changes"),
        {"changes-reason": "Aggiungete le date"},
    )

    project.refresh_from_db()
    assert (project.status, project.review_note) == (P.CHANGES_REQUESTED, "Aggiungete le date")


def test_declining_an_initiative_without_a_reason_is_a_form_error(client, milano, officer, member) -> None:
    project = initiative(milano, company=member.company)
    client.force_login(officer)

    response = client.post(
        url("officer_initiative_decide", slug=project.slug, decision="decline"), {"decline-reason": " "}
    )

    assert response.status_code == 400 and response.context["forms"]["decline"].errors["reason"]
    project.refresh_from_db()
    assert project.status == P.PROPOSED


def test_declining_an_initiative_with_a_reason(client, milano, officer, member) -> None:
    project = initiative(milano, company=member.company)
    client.force_login(officer)

    client.post(
        url("officer_initiative_decide", slug=project.slug, decision="decline"),
        {"decline-reason": "Già in programma"},
    )

    project.refresh_from_db()
    assert (project.status, project.review_note) == (P.DECLINED, "Già in programma")


def test_review_is_404_for_outsiders_city_projects_and_unknown_decisions(
    client, milano, officer, member, project
) -> None:
    proposed = initiative(milano, company=member.company)
    for outsider in (member.user, factories.OfficerFactory().user):
        client.force_login(outsider)
        assert client.get(url("officer_initiative", slug=proposed.slug)).status_code == 404
        decide = url("officer_initiative_decide", slug=proposed.slug, decision="endorse")
        assert client.post(decide).status_code == 404
    client.force_login(officer)
    assert client.get(url("officer_initiative", slug=project.slug)).status_code == 404
    assert (
        client.post(url("officer_initiative_decide", slug=proposed.slug, decision="publish")).status_code
        == 404
    )
    proposed.refresh_from_db()
    assert proposed.status == P.PROPOSED


def test_officer_initiatives_query_count_does_not_grow(
    client, milano, officer, django_assert_max_num_queries
) -> None:
    client.force_login(officer)

    def add(count: int) -> None:
        for _ in range(count):
            initiative(milano, company=factories.CompanyFactory(city=milano.city))
            initiative(milano, organisation=factories.OrganisationFactory(city=milano.city))

    add(1)
    with django_assert_max_num_queries(30) as few:
        client.get(url("officer_initiatives"))
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("officer_initiatives"))


def test_my_initiatives_query_count_does_not_grow(client, milano, member, django_assert_max_num_queries):
    client.force_login(member.user)

    def add(count: int) -> None:
        for _ in range(count):
            initiative(milano, company=member.company, status=P.CHANGES_REQUESTED, review_note="Date?")

    add(1)
    with django_assert_max_num_queries(30) as few:
        client.get(url("initiatives"))
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("initiatives"))


def test_review_page_query_count_does_not_grow_with_needs_and_priorities(
    client, milano, officer, member, django_assert_max_num_queries
) -> None:
    project = initiative(milano, company=member.company)
    client.force_login(officer)
    page = url("officer_initiative", slug=project.slug)
    with django_assert_max_num_queries(30) as few:
        client.get(page)
    for rank, code in enumerate(("greening", "social-inclusion", "education"), start=1):
        priority(milano.neighbourhoods[0], theme_code=code, rank=rank)
        factories.NeedFactory(project=project)
        factories.ProjectPartnerFactory(project=project)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)


def test_declining_an_accepted_pledge_without_a_reason_shows_it_with_the_error(
    client, officer, member, need
) -> None:
    pledge = offered(need, member.company, status=S.ACCEPTED)
    client.force_login(officer)

    response = client.post(url("officer_pledge_decline", pledge_id=pledge.pk), {})

    assert response.status_code == 400
    [(shown, form)] = response.context["rows"]
    assert shown.pk == pledge.pk and form.errors["reason"]


def test_editing_an_initiative_can_remove_a_need_without_pledges(client, milano, member) -> None:
    project = initiative(milano, company=member.company)
    kept = project.needs.get()
    dropped = factories.NeedFactory(project=project, title="Da togliere")
    client.force_login(member.user)
    form = initiative_form(milano)
    form |= {
        "needs-TOTAL_FORMS": "2",
        "needs-INITIAL_FORMS": "2",
        "needs-0-id": str(kept.pk),
        "needs-1-id": str(dropped.pk),
        "needs-1-DELETE": "on",
    }

    response = client.post(url("initiative_edit", slug=project.slug), form)

    assert response.status_code == 302
    assert list(project.needs.all()) == [kept]
    project.refresh_from_db()
    assert project.status == P.PROPOSED
