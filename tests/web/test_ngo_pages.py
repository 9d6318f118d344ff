"""Calls and applications in pages: the public call, the NGO's area, the officer's review; nobody else's."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Event
from ngos.services import organisation_profile_update
from projects.models import Application, ApplicationAttachment, ApplicationScore, Call
from tests import factories
from tests.calls.factories import call_with_criteria, fake_pdf_upload, pdf_upload, png_upload
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db
A = Application.Status


@pytest.fixture
def milano():
    return ranked_city(count=2)


@pytest.fixture
def member(milano):
    return factories.NgoMemberFactory(city=milano.city, organisation__name="Cortili Aperti APS")


@pytest.fixture
def officer(milano):
    return factories.OfficerFactory(city=milano.city).user


@pytest.fixture
def call(milano):
    call, _criteria = call_with_criteria(city=milano.city, title="Doposcuola nei cortili", slug="doposcuola")
    return call


def url(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


def english(name: str, **kwargs) -> str:
    """The page under /en/, so a test can read the services' messages as written."""
    with translation.override("en"):
        return url(name, **kwargs)


def apply_form(**fields) -> dict:
    return {"proposal": "Doposcuola tre pomeriggi a settimana.", "budget_eur": "4000.00"} | fields


def application_of(organisation, call, **fields) -> Application:
    return factories.ApplicationFactory(call=call, organisation=organisation, **fields)


def attachment_of(application: Application) -> ApplicationAttachment:
    return ApplicationAttachment.objects.create(
        application=application,
        file=pdf_upload("budget.pdf"),
        original_name="budget.pdf",
        content_type="application/pdf",
        size=100,
    )


# --- who may see what -------------------------------------------------------------------------------


def private_pages(call: Call, application: Application, attachment: ApplicationAttachment) -> list[str]:
    return [
        url("ngo"),
        url("ngo_profile"),
        url("call_apply", slug=call.slug),
        url("application_attachment", attachment_id=attachment.pk),
        url("officer_calls"),
        url("officer_call", slug=call.slug),
        url("officer_application", application_id=application.pk),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, call) -> None:
    application = application_of(factories.OrganisationFactory(city=call.city), call)
    for page in private_pages(call, application, attachment_of(application)):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), page


def test_a_company_member_gets_404_on_the_ngo_and_officer_pages(client, milano, call) -> None:
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(factories.CompanyMemberFactory(city=milano.city).user)

    for page in private_pages(call, application, attachment_of(application)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("officer_application_decide", application_id=application.pk)).status_code == 404


def test_another_citys_ngo_member_and_officer_get_404(client, milano, call) -> None:
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    attachment = attachment_of(application)
    for outsider in (factories.NgoMemberFactory().user, factories.OfficerFactory().user):
        client.force_login(outsider)
        for page in private_pages(call, application, attachment):
            assert client.get(page).status_code == 404, page


def test_an_ngo_member_gets_404_on_the_officer_pages(client, member, call) -> None:
    application = application_of(member.organisation, call)
    client.force_login(member.user)

    for page in (
        url("officer_calls"),
        url("officer_call", slug=call.slug),
        url("officer_application", application_id=application.pk),
    ):
        assert client.get(page).status_code == 404, page
    response = client.post(
        url("officer_application_decide", application_id=application.pk), {"decision": "accepted"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


# --- public call pages ------------------------------------------------------------------------------


def test_anyone_reads_an_open_call_with_its_criteria_and_deadline(client, call) -> None:
    response = client.get(url("call", slug=call.slug))

    assert response.status_code == 200
    assert [c.name for c in response.context["criteria"]] == [c.name for c in call.criteria.all()]
    html = response.content.decode()
    assert call.criteria.first().name in html
    assert url("call_apply", slug=call.slug) in html  # the sign-in link leads on to the form


def test_a_draft_call_is_not_public(client, milano) -> None:
    draft = factories.CallFactory(city=milano.city, status=Call.Status.DRAFT)

    assert client.get(url("call", slug=draft.slug)).status_code == 404
    assert draft not in client.get(url("calls")).context["calls"]


def test_the_calls_list_shows_only_open_calls(client, milano, call) -> None:
    now = timezone.now()
    closed = factories.CallFactory(city=milano.city, status=Call.Status.CLOSED)
    past = factories.CallFactory(
        city=milano.city, opens_at=now - timedelta(days=9), deadline=now - timedelta(days=1)
    )
    elsewhere = factories.CallFactory()

    calls = list(client.get(url("calls")).context["calls"])

    assert call in calls and not {closed, past, elsewhere} & set(calls)


def test_the_apply_button_is_for_the_citys_ngo_members(client, milano, member, call) -> None:
    apply_url = url("call_apply", slug=call.slug)
    client.force_login(factories.CompanyMemberFactory(city=milano.city).user)
    assert apply_url not in client.get(url("call", slug=call.slug)).content.decode()

    client.force_login(member.user)
    response = client.get(url("call", slug=call.slug))
    assert response.context["is_applicant"] and f'href="{apply_url}"' in response.content.decode()


# --- the NGO's area ---------------------------------------------------------------------------------


def test_dashboard_lists_open_calls_and_own_applications_with_decision_reasons(
    client, milano, member, call
) -> None:
    other_call = factories.CallFactory(city=milano.city, title="Orti")
    mine = application_of(member.organisation, other_call, status=A.REJECTED, decision_reason="Fuori ambito.")
    theirs = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(member.user)

    response = client.get(url("ngo"))

    assert response.context["applications"] == [mine] and theirs not in response.context["applications"]
    assert dict(response.context["open_calls"]) == {call: False, other_call: True}
    html = response.content.decode()
    assert "Fuori ambito." in html and 'data-status="rejected"' in html


def test_dashboard_query_count_does_not_grow_with_applications(
    client, milano, member, django_assert_max_num_queries
) -> None:
    client.force_login(member.user)

    def add(count: int) -> None:
        for _ in range(count):
            attachment_of(application_of(member.organisation, factories.CallFactory(city=milano.city)))

    add(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url("ngo"))
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("ngo"))


def test_saving_the_profile_records_the_change(client, milano, member) -> None:
    neighbourhood = milano.neighbourhoods[1]
    client.force_login(member.user)

    response = client.post(
        url("ngo_profile"),
        {
            "description": "Doposcuola e orti.",
            "website": "https://cortili.example.org",
            "themes": [factories.theme("greening").pk],
            "neighbourhoods": [neighbourhood.pk],
        },
    )

    assert response.status_code == 302
    organisation = member.organisation
    organisation.refresh_from_db()
    assert organisation.description == "Doposcuola e orti."
    assert list(organisation.neighbourhoods.all()) == [neighbourhood]
    event = Event.objects.for_object(organisation).get()
    assert event.action == "changed" and event.changes["neighbourhoods"] == [[], [neighbourhood.pk]]


def test_a_neighbourhood_of_another_city_is_a_form_error(client, milano, member) -> None:
    client.force_login(member.user)
    elsewhere = factories.NeighbourhoodFactory()

    response = client.post(url("ngo_profile"), {"description": "x", "neighbourhoods": [elsewhere.pk]})

    assert response.status_code == 400 and "neighbourhoods" in response.context["form"].errors
    assert not member.organisation.neighbourhoods.exists()


def test_only_the_ngos_members_may_update_its_profile(milano, member) -> None:
    other = factories.NgoMemberFactory(city=milano.city)

    with pytest.raises(ValidationError):
        organisation_profile_update(organisation=member.organisation, actor=other.user, description="Presa!")
    member.organisation.refresh_from_db()
    assert member.organisation.description == ""


def test_an_ngo_member_applies_with_a_pdf_and_an_image(client, member, call) -> None:
    client.force_login(member.user)

    response = client.post(
        url("call_apply", slug=call.slug), apply_form(attachments=[pdf_upload(), png_upload()])
    )

    assert response.status_code == 302 and response["Location"] == url("ngo")
    application = Application.objects.get(call=call, organisation=member.organisation)
    assert (application.status, application.budget_eur) == (A.SUBMITTED, Decimal("4000.00"))
    assert sorted(application.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_a_late_application_shows_the_services_message(client, milano, member) -> None:
    now = timezone.now()
    late, _criteria = call_with_criteria(
        city=milano.city, opens_at=now - timedelta(days=10), deadline=now - timedelta(minutes=1)
    )
    client.force_login(member.user)

    response = client.post(english("call_apply", slug=late.slug), apply_form())

    assert response.status_code == 400
    assert "applications are no longer accepted" in " ".join(response.context["form"].non_field_errors())
    assert not Application.objects.filter(call=late).exists()


def test_a_second_application_shows_the_services_message(client, member, call) -> None:
    application_of(member.organisation, call)
    client.force_login(member.user)

    response = client.post(english("call_apply", slug=call.slug), apply_form(proposal="Ancora."))

    assert response.status_code == 400
    assert "already applied" in response.content.decode()
    assert Application.objects.filter(call=call).count() == 1


def test_a_fake_pdf_is_refused_beside_the_attachments_and_nothing_is_saved(client, member, call) -> None:
    client.force_login(member.user)

    response = client.post(
        english("call_apply", slug=call.slug),
        apply_form(attachments=[pdf_upload(), fake_pdf_upload("piano.pdf")]),
    )

    assert response.status_code == 400
    [error] = response.context["form"].errors["attachments"]
    assert error.startswith("piano.pdf: Upload a PDF")
    assert not Application.objects.filter(call=call).exists()
    assert not ApplicationAttachment.objects.exists()


def test_too_many_or_too_large_files_are_form_errors(client, member, call, settings) -> None:
    client.force_login(member.user)
    too_many = [pdf_upload(f"{n}.pdf") for n in range(6)]

    response = client.post(url("call_apply", slug=call.slug), apply_form(attachments=too_many))
    assert response.status_code == 400 and "attachments" in response.context["form"].errors

    settings.MAX_UPLOAD_BYTES = 100
    response = client.post(url("call_apply", slug=call.slug), apply_form(attachments=[pdf_upload()]))
    assert response.status_code == 400 and "attachments" in response.context["form"].errors
    assert not Application.objects.filter(call=call).exists()


def test_a_blank_proposal_or_a_negative_budget_is_a_form_error(client, member, call) -> None:
    client.force_login(member.user)

    response = client.post(url("call_apply", slug=call.slug), {"proposal": "   ", "budget_eur": "-5"})

    assert response.status_code == 400
    assert {"proposal", "budget_eur"} <= set(response.context["form"].errors)
    assert not Application.objects.filter(call=call).exists()


def test_an_ngo_withdraws_its_application(client, member, call) -> None:
    application = application_of(member.organisation, call)
    client.force_login(member.user)

    response = client.post(url("ngo_application_withdraw", application_id=application.pk))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == A.WITHDRAWN


def test_another_ngos_application_cannot_be_withdrawn_by_id(client, milano, member, call) -> None:
    theirs = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(member.user)

    assert client.post(url("ngo_application_withdraw", application_id=theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == A.SUBMITTED


def test_an_accepted_application_is_not_withdrawn_and_the_message_says_why(client, member, call) -> None:
    application = application_of(member.organisation, call, status=A.ACCEPTED)
    client.force_login(member.user)

    response = client.post(english("ngo_application_withdraw", application_id=application.pk), follow=True)

    assert "cannot become" in response.content.decode()
    application.refresh_from_db()
    assert application.status == A.ACCEPTED


# --- attachments ------------------------------------------------------------------------------------


def test_the_ngos_members_and_the_citys_officers_download_an_attachment(
    client, member, officer, call
) -> None:
    attachment = attachment_of(application_of(member.organisation, call))
    for reader in (member.user, officer):
        client.force_login(reader)
        response = client.get(url("application_attachment", attachment_id=attachment.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="budget.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_ngos_attachment_is_a_404_by_id(client, milano, member, call) -> None:
    theirs = attachment_of(application_of(factories.OrganisationFactory(city=milano.city), call))
    client.force_login(member.user)

    assert client.get(url("application_attachment", attachment_id=theirs.pk)).status_code == 404


# --- the officer's review ---------------------------------------------------------------------------


def test_officer_sees_the_citys_calls_with_counts(client, milano, officer, call) -> None:
    for status in (A.SUBMITTED, A.SHORTLISTED, A.ACCEPTED, A.WITHDRAWN):
        application_of(factories.OrganisationFactory(city=milano.city), call, status=status)
    factories.CallFactory()  # another city's
    client.force_login(officer)

    [listed] = client.get(url("officer_calls")).context["calls"]

    assert (listed, listed.received, listed.in_the_running, listed.accepted) == (call, 4, 2, 1)


def test_officer_calls_query_count_does_not_grow(
    client, milano, officer, django_assert_max_num_queries
) -> None:
    client.force_login(officer)
    factories.CallFactory(city=milano.city)
    with django_assert_max_num_queries(100) as few:
        client.get(url("officer_calls"))
    for _ in range(4):
        application_of(
            factories.OrganisationFactory(city=milano.city), factories.CallFactory(city=milano.city)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("officer_calls"))


def test_the_ranking_shows_each_criterions_mean_score(client, milano, officer, call) -> None:
    first, second = call.criteria.all()
    strong = application_of(factories.OrganisationFactory(city=milano.city), call)
    weak = application_of(factories.OrganisationFactory(city=milano.city), call)
    other_officer = factories.OfficerFactory(city=milano.city).user
    for reviewer, score in ((officer, 8), (other_officer, 9)):
        factories.ApplicationScoreFactory(application=strong, criterion=first, reviewer=reviewer, score=score)
    factories.ApplicationScoreFactory(application=weak, criterion=second, reviewer=officer, score=5)
    client.force_login(officer)

    response = client.get(url("officer_call", slug=call.slug))

    rows = response.context["rows"]
    assert [row.ranked.application for row in rows] == [strong, weak]
    assert rows[0].means == [Decimal("8.5"), None] and rows[1].means == [None, Decimal("5.0")]
    assert rows[0].ranked.score == Decimal("51.00")  # 8.5/10 * 60


def test_the_ranking_query_count_does_not_grow(
    client, milano, officer, call, django_assert_max_num_queries
) -> None:
    client.force_login(officer)
    criteria = list(call.criteria.all())

    def add(count: int) -> None:
        for _ in range(count):
            application = application_of(factories.OrganisationFactory(city=milano.city), call)
            for criterion in criteria:
                factories.ApplicationScoreFactory(
                    application=application, criterion=criterion, reviewer=officer, score=3
                )

    add(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url("officer_call", slug=call.slug))
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("officer_call", slug=call.slug))


def test_officer_scores_each_criterion(client, milano, officer, call) -> None:
    first, second = call.criteria.all()
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(officer)

    response = client.post(
        url("officer_application_score", application_id=application.pk),
        {f"score_{first.pk}": "7", f"comment_{first.pk}": "Solido.", f"score_{second.pk}": "4"},
    )

    assert response.status_code == 302
    scores = {s.criterion_id: (s.score, s.comment) for s in ApplicationScore.objects.filter(reviewer=officer)}
    assert scores == {first.pk: (7, "Solido."), second.pk: (4, "")}
    page = client.get(url("officer_application", application_id=application.pk))
    assert page.context["scores_form"].initial[f"score_{first.pk}"] == 7


def test_a_score_above_the_criterions_highest_is_a_form_error_and_nothing_is_saved(
    client, milano, officer, call
) -> None:
    first, second = call.criteria.all()  # highest scores 10 and 5
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(officer)

    response = client.post(
        url("officer_application_score", application_id=application.pk),
        {f"score_{first.pk}": "7", f"score_{second.pk}": "6"},
    )

    assert response.status_code == 400 and f"score_{second.pk}" in response.context["scores_form"].errors
    assert not ApplicationScore.objects.exists()


def test_officer_accepts_with_a_reason_and_the_ngo_reads_it(client, member, officer, call) -> None:
    application = application_of(member.organisation, call)
    client.force_login(officer)

    response = client.post(
        url("officer_application_decide", application_id=application.pk),
        {"decision": "accepted", "reason": "Proposta chiara e radicata nel quartiere."},
    )

    assert response.status_code == 302 and response["Location"] == url("officer_call", slug=call.slug)
    application.refresh_from_db()
    assert application.status == A.ACCEPTED and application.decided_at is not None
    client.force_login(member.user)
    html = client.get(url("ngo")).content.decode()
    assert 'data-status="accepted"' in html and "Proposta chiara" in html


def test_officer_shortlists_an_application(client, milano, officer, call) -> None:
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(officer)

    client.post(url("officer_application_decide", application_id=application.pk), {"decision": "shortlisted"})

    application.refresh_from_db()
    assert application.status == A.SHORTLISTED


def test_rejecting_without_a_reason_is_refused_beside_the_reason(client, milano, officer, call) -> None:
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(officer)

    response = client.post(
        english("officer_application_decide", application_id=application.pk),
        {"decision": "rejected", "reason": " "},
    )

    assert response.status_code == 400
    [error] = response.context["decision_form"].errors["reason"]
    assert "Say why the application is rejected" in error
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


def test_an_unknown_decision_is_a_form_error(client, milano, officer, call) -> None:
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    client.force_login(officer)

    response = client.post(
        url("officer_application_decide", application_id=application.pk), {"decision": "withdrawn"}
    )

    assert response.status_code == 400 and "decision" in response.context["decision_form"].errors


def test_another_citys_application_is_a_404_for_the_officer(client, officer) -> None:
    elsewhere = factories.ApplicationFactory()
    client.force_login(officer)

    assert client.get(url("officer_application", application_id=elsewhere.pk)).status_code == 404
    response = client.post(
        url("officer_application_decide", application_id=elsewhere.pk), {"decision": "accepted"}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == A.SUBMITTED


def test_the_review_page_query_count_does_not_grow(
    client, milano, officer, call, django_assert_max_num_queries
) -> None:
    application = application_of(factories.OrganisationFactory(city=milano.city), call)
    criteria = list(call.criteria.all())
    client.force_login(officer)

    def add(count: int) -> None:
        for _ in range(count):
            attachment_of(application)
            reviewer = factories.OfficerFactory(city=milano.city).user
            for criterion in criteria:
                factories.ApplicationScoreFactory(
                    application=application, criterion=criterion, reviewer=reviewer, score=3
                )

    add(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url("officer_application", application_id=application.pk))
    add(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("officer_application", application_id=application.pk))


def test_the_public_call_pages_query_count_does_not_grow(
    client, milano, call, django_assert_max_num_queries
) -> None:
    pages = [url("calls"), url("call", slug=call.slug)]
    counts = []
    for _round in range(2):
        with django_assert_max_num_queries(100) as captured:
            for page in pages:
                client.get(page)
        counts.append(len(captured.captured_queries))
        for position in range(4):
            factories.EvaluationCriterionFactory(call=call, position=10 + position)
            other = factories.CallFactory(city=milano.city)
            other.themes.add(factories.theme("greening"))
    assert counts[1] <= counts[0]
