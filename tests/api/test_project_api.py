"""The API's writes on projects, initiatives, campaigns, calls and applications: each goes through its
service, answers what changed, and a refusal is a 400 saying why (field by field), never a 500."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import Event, EventAction
from projects.models import Application, ApplicationScore, Call, Need, Project
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano():
    return ranked_city(count=2)


def client_of(user) -> APIClient:
    # The API answers in the site's default language (Italian): the tests read fields and codes, not words.
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def officer(milano):
    return client_of(factories.OfficerFactory(city=milano.city).user)


@pytest.fixture
def company_member(milano):
    return factories.CompanyMemberFactory(city=milano.city)


@pytest.fixture
def ngo_member(milano):
    return factories.NgoMemberFactory(city=milano.city)


def project_body(milano, **changes) -> dict:
    return {
        "title": "Giardino condiviso",
        "summary": "Un giardino per il quartiere.",
        "description": "Aiuole, panchine e un orto.",
        "neighbourhood": milano.neighbourhoods[0].code,
        "themes": ["greening"],
        "instrument": "collective_action",
        "needs": [
            {"kind": "funding", "title": "Panchine", "target_quantity": "5000.00"},
            {
                "kind": "volunteering",
                "title": "Piantumazione",
                "target_quantity": "40",
                "unit_value_eur": "25",
            },
        ],
        **changes,
    }


# --- the officer's projects -------------------------------------------------------------------------


def test_an_officer_creates_a_draft_with_its_needs_in_one_request_seen_by_officers_only(
    officer, milano, client
) -> None:
    response = officer.post("/api/v1/officer/projects/", project_body(milano), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["city"], body["allowed_transitions"]) == (
        "draft",
        "milano",
        ["published", "archived"],
    )
    assert [(n["kind"], n["unit"], n["target_quantity"]) for n in body["needs"]] == [
        ("funding", "eur", "5000.00"),
        ("volunteering", "hours", "40.00"),
    ]
    project = Project.objects.get(pk=body["id"])
    assert Event.objects.filter(object_id=project.pk, action=EventAction.CREATED).exists()
    assert [
        p["id"] for p in officer.get("/api/v1/officer/projects/", {"status": "draft"}).json()["results"]
    ] == [project.pk]
    assert client.get(f"/api/v1/projects/{project.pk}/").status_code == 404


def test_a_project_with_a_need_in_the_wrong_unit_is_refused_by_need_and_nothing_is_saved(
    officer, milano
) -> None:
    bad = project_body(
        milano, needs=[{"kind": "volunteering", "title": "Ore", "target_quantity": "10", "unit": "eur"}]
    )

    response = officer.post("/api/v1/officer/projects/", bad, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["needs"] and len(response.json()["needs"]) == 1
    assert not Project.objects.exists()


def test_bad_input_is_a_400_by_field_not_a_500(officer, milano) -> None:
    body = project_body(milano, neighbourhood="nowhere", instrument="lottery", themes=[])
    body["needs"][0]["target_quantity"] = "a lot"

    response = officer.post("/api/v1/officer/projects/", body, format="json")

    assert response.status_code == 400
    assert {"neighbourhood", "instrument", "needs"} <= set(response.json())


def test_an_officer_edits_a_need_by_id_adds_one_and_removes_the_one_left_out(officer, milano) -> None:
    project = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
    )
    kept = factories.NeedFactory(project=project)
    factories.NeedFactory(project=project, title="Da togliere")
    needs = [
        {"id": kept.pk, "kind": "funding", "title": "Alberi", "target_quantity": "7000.00"},
        {
            "kind": "in_kind",
            "title": "Terriccio",
            "target_quantity": "300",
            "unit": "kg",
            "unit_value_eur": "2",
        },
    ]

    response = officer.patch(f"/api/v1/officer/projects/{project.pk}/", {"needs": needs}, format="json")

    assert response.status_code == 200, response.json()
    assert [(n["id"] == kept.pk, n["title"], n["target_quantity"]) for n in response.json()["needs"]] == [
        (True, "Alberi", "7000.00"),
        (False, "Terriccio", "300.00"),
    ]
    assert Need.objects.filter(project=project).count() == 2


def test_an_officer_publishes_a_draft_through_its_transition_and_it_becomes_public(
    officer, milano, client
) -> None:
    project = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
    )
    factories.NeedFactory(project=project)

    response = officer.post(f"/api/v1/officer/projects/{project.pk}/transition/", {"to_status": "published"})

    assert response.status_code == 200
    assert response.json()["status"] == "published" and response.json()["published_at"]
    assert client.get(f"/api/v1/projects/{project.pk}/").status_code == 200


def test_a_move_the_lifecycle_does_not_allow_is_a_400_saying_why(officer, milano) -> None:
    project = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
    )

    response = officer.post(f"/api/v1/officer/projects/{project.pk}/transition/", {"to_status": "completed"})

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT


# --- initiatives ------------------------------------------------------------------------------------


def test_an_initiative_is_proposed_reviewed_changed_resubmitted_and_endorsed(
    officer, milano, company_member
) -> None:
    proposer = client_of(company_member.user)

    proposed = proposer.post("/api/v1/initiatives/", project_body(milano), format="json")
    assert proposed.status_code == 201, proposed.json()
    initiative = proposed.json()["id"]
    assert (proposed.json()["status"], proposed.json()["origin"]) == ("proposed", "company")
    assert [row["id"] for row in officer.get("/api/v1/officer/initiatives/").json()["results"]] == [
        initiative
    ]

    asked = officer.post(
        f"/api/v1/officer/initiatives/{initiative}/request-changes/", {"note": "Add a partner."}
    )
    assert asked.status_code == 200
    seen = proposer.get(f"/api/v1/initiatives/{initiative}/").json()
    assert (seen["status"], seen["review_note"]) == ("changes_requested", "Add a partner.")

    assert (
        proposer.patch(f"/api/v1/initiatives/{initiative}/", {"summary": "Con un partner."}).status_code
        == 200
    )
    assert proposer.post(f"/api/v1/initiatives/{initiative}/resubmit/").json()["status"] == "proposed"

    endorsed = officer.post(f"/api/v1/officer/initiatives/{initiative}/endorse/", {})
    assert endorsed.status_code == 200 and endorsed.json()["status"] == "published"
    assert proposer.get("/api/v1/initiatives/").json()["results"][0]["status"] == "published"


def test_an_initiative_is_declined_with_a_reason_and_a_blank_one_is_refused(
    officer, milano, ngo_member
) -> None:
    initiative = (
        client_of(ngo_member.user).post("/api/v1/initiatives/", project_body(milano), format="json").json()
    )
    url = f"/api/v1/officer/initiatives/{initiative['id']}/decline/"

    blank = officer.post(url, {"reason": "  "})
    declined = officer.post(url, {"reason": "Not a priority in this neighbourhood."})

    assert blank.status_code == 400 and "reason" in blank.json()
    assert declined.json()["status"] == "declined"
    assert declined.json()["review_note"] == "Not a priority in this neighbourhood."


def test_a_proposer_may_not_run_a_call_nor_edit_an_endorsed_initiative(
    milano, company_member, officer
) -> None:
    proposer = client_of(company_member.user)
    refused = proposer.post("/api/v1/initiatives/", project_body(milano, instrument="call"), format="json")
    initiative = proposer.post("/api/v1/initiatives/", project_body(milano), format="json").json()["id"]
    officer.post(f"/api/v1/officer/initiatives/{initiative}/endorse/", {})

    edit = proposer.patch(f"/api/v1/initiatives/{initiative}/", {"title": "Cambiato"})

    assert refused.status_code == 400 and "instrument" in refused.json()
    assert edit.status_code == 400 and list(edit.json()) == ["non_field_errors"]
    assert Project.objects.get(pk=initiative).title == "Giardino condiviso"


# --- campaigns --------------------------------------------------------------------------------------


def test_an_officer_creates_a_campaign_and_adds_and_removes_projects(officer, milano, client) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    body = {
        "title": "Milano più verde",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "themes": ["greening"],
    }

    created = officer.post("/api/v1/officer/campaigns/", body, format="json")
    campaign = created.json()["id"]
    added = officer.post(f"/api/v1/officer/campaigns/{campaign}/add-project/", {"project": project.pk})
    public = client.get(f"/api/v1/campaigns/{campaign}/").json()
    removed = officer.post(f"/api/v1/officer/campaigns/{campaign}/remove-project/", {"project": project.pk})

    assert created.status_code == 201 and created.json()["slug"] == "milano-piu-verde"
    assert added.json()["projects"] == [project.pk] and public["projects"] == [project.pk]
    assert removed.json()["projects"] == []


def test_a_campaign_that_ends_before_it_starts_is_refused(officer) -> None:
    body = {"title": "Al contrario", "starts_on": "2027-12-31", "ends_on": "2027-01-01"}

    response = officer.post("/api/v1/officer/campaigns/", body, format="json")

    assert response.status_code == 400 and "ends_on" in response.json()


# --- calls ------------------------------------------------------------------------------------------


def call_body(*weights: str, **changes) -> dict:
    now = timezone.now()
    return {
        "title": "Bando doposcuola",
        "description": "Partner per il doposcuola.",
        "eligibility": "Enti del Terzo Settore.",
        "opens_at": now.isoformat(),
        "deadline": (now + timedelta(days=30)).isoformat(),
        "budget_eur": "20000.00",
        "criteria": [
            {"name": f"Criterio {n}", "weight": weight} for n, weight in enumerate(weights, start=1)
        ],
        **changes,
    }


def test_an_officer_drafts_a_call_and_publishes_it_once_its_weights_add_up_to_100(officer, client) -> None:
    unbalanced = officer.post("/api/v1/officer/calls/", call_body("60", "30"), format="json").json()
    balanced = officer.post("/api/v1/officer/calls/", call_body("60", "40"), format="json").json()

    refused = officer.post(f"/api/v1/officer/calls/{unbalanced['id']}/publish/")
    published = officer.post(f"/api/v1/officer/calls/{balanced['id']}/publish/")

    assert (unbalanced["status"], len(unbalanced["criteria"])) == ("draft", 2)
    assert refused.status_code == 400 and "90%" in refused.json()["non_field_errors"][0]
    assert published.status_code == 200 and published.json()["status"] == "open"
    assert [call["id"] for call in client.get("/api/v1/calls/").json()["results"]] == [balanced["id"]]


def test_a_call_with_a_criterion_twice_and_a_deadline_before_its_opening_is_refused(officer) -> None:
    body = call_body("50", "50")
    body["criteria"][1]["name"] = body["criteria"][0]["name"]
    body["deadline"] = body["opens_at"]

    response = officer.post("/api/v1/officer/calls/", body, format="json")

    assert response.status_code == 400 and "deadline" in response.json()
    assert not Call.objects.exists()


# --- applications -----------------------------------------------------------------------------------


def test_an_ngo_applies_to_an_open_call_sees_it_and_withdraws_it(milano, ngo_member) -> None:
    ngo = client_of(ngo_member.user)
    call = factories.CallFactory(city=milano.city, budget_eur=Decimal("5000.00"))
    body = {"call": call.pk, "proposal": "Laboratori il sabato.", "budget_eur": "4000.00"}

    applied = ngo.post("/api/v1/ngo/applications/", body)
    again = ngo.post("/api/v1/ngo/applications/", body)
    listed = ngo.get("/api/v1/ngo/applications/").json()["results"]
    withdrawn = ngo.post(f"/api/v1/ngo/applications/{applied.json()['id']}/withdraw/")

    assert applied.status_code == 201 and applied.json()["status"] == "submitted"
    assert again.status_code == 400 and list(again.json()) == ["non_field_errors"]
    assert [(row["call"], row["budget_eur"]) for row in listed] == [(call.pk, "4000.00")]
    assert withdrawn.json()["status"] == "withdrawn"


def test_an_application_after_the_deadline_or_above_the_budget_is_refused(milano, ngo_member) -> None:
    ngo = client_of(ngo_member.user)
    now = timezone.now()
    late = factories.CallFactory(
        city=milano.city, opens_at=now - timedelta(days=30), deadline=now - timedelta(days=1)
    )
    small = factories.CallFactory(city=milano.city, budget_eur=Decimal("1000.00"))

    too_late = ngo.post("/api/v1/ngo/applications/", {"call": late.pk, "proposal": "Idea."})
    too_much = ngo.post(
        "/api/v1/ngo/applications/", {"call": small.pk, "proposal": "Idea.", "budget_eur": "2000"}
    )

    assert too_late.status_code == 400 and list(too_late.json()) == ["non_field_errors"]
    assert too_much.status_code == 400 and "budget_eur" in too_much.json()
    assert not Application.objects.exists()


def test_the_officer_scores_ranks_shortlists_accepts_and_rejects_and_the_ngo_reads_the_reason(
    milano, officer, ngo_member
) -> None:
    call = factories.CallFactory(city=milano.city)
    quality = factories.EvaluationCriterionFactory(call=call, weight=Decimal("100.00"), max_score=10)
    first = factories.ApplicationFactory(call=call, organisation=ngo_member.organisation)
    second = factories.ApplicationFactory(call=call)
    for application, score in ((first, 4), (second, 9)):
        scored = officer.post(
            f"/api/v1/officer/applications/{application.pk}/score/",
            {"scores": [{"criterion": quality.pk, "score": score, "comment": "ok"}]},
            format="json",
        )
        assert scored.status_code == 200, scored.json()

    ranking = officer.get(f"/api/v1/officer/calls/{call.pk}/ranking/").json()
    shortlisted = officer.post(f"/api/v1/officer/applications/{second.pk}/shortlist/")
    accepted = officer.post(f"/api/v1/officer/applications/{second.pk}/accept/", {"reason": "Best fit."})
    unexplained = officer.post(f"/api/v1/officer/applications/{first.pk}/reject/", {"reason": ""})
    rejected = officer.post(
        f"/api/v1/officer/applications/{first.pk}/reject/", {"reason": "Budget too high."}
    )

    assert [(row["application"], row["rank"], row["score"]) for row in ranking] == [
        (second.pk, 1, "90.00"),
        (first.pk, 2, "40.00"),
    ]
    assert shortlisted.json()["status"] == "shortlisted" and accepted.json()["status"] == "accepted"
    assert unexplained.status_code == 400 and "reason" in unexplained.json()
    assert rejected.json()["status"] == "rejected"
    own = client_of(ngo_member.user).get(f"/api/v1/ngo/applications/{first.pk}/").json()
    assert (own["status"], own["decision_reason"]) == ("rejected", "Budget too high.")


def test_scores_are_saved_all_or_none(milano, officer) -> None:
    call = factories.CallFactory(city=milano.city)
    quality = factories.EvaluationCriterionFactory(call=call, max_score=10)
    cost = factories.EvaluationCriterionFactory(call=call, max_score=5)
    application = factories.ApplicationFactory(call=call)
    scores = [{"criterion": quality.pk, "score": 8}, {"criterion": cost.pk, "score": 6}]

    response = officer.post(
        f"/api/v1/officer/applications/{application.pk}/score/", {"scores": scores}, format="json"
    )

    assert response.status_code == 400 and "score" in response.json()
    assert not ApplicationScore.objects.exists()


# --- cost -------------------------------------------------------------------------------------------


def test_the_officers_lists_cost_the_same_queries_whatever_their_length(
    milano, officer, django_assert_max_num_queries
) -> None:
    call = factories.CallFactory(city=milano.city)
    criterion = factories.EvaluationCriterionFactory(call=call)

    def add_rows() -> None:
        project = factories.ProjectFactory(
            neighbourhood=milano.neighbourhoods[0], status="draft", published_at=None
        )
        factories.NeedFactory(project=project)
        application = factories.ApplicationFactory(call=call)
        factories.ApplicationScoreFactory(application=application, criterion=criterion)

    urls = ["/api/v1/officer/projects/", "/api/v1/officer/applications/", "/api/v1/officer/calls/"]
    add_rows()
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(100) as few:
            assert officer.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    for _ in range(6):
        add_rows()
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            officer.get(url)
