"""Initiatives: a company or an NGO proposes its own action; the City reviews it against its priorities."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects.initiatives import (
    initiative_decline,
    initiative_endorse,
    initiative_propose,
    initiative_request_changes,
    initiative_resubmit,
)
from projects.models import Project
from projects.selectors import initiative_review, project_history
from projects.services import project_update
from tests.factories import (
    CompanyMemberFactory,
    NeedFactory,
    NeighbourhoodFactory,
    NeighbourhoodPriorityFactory,
    NgoMemberFactory,
    OfficerFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
    theme,
)
from tests.projects.factories import funding_need, volunteering_need

pytestmark = pytest.mark.django_db

S = Project.Status


def _propose(actor, neighbourhood, **overrides) -> Project:
    arguments = {
        "actor": actor,
        "city": neighbourhood.city,
        "neighbourhood": neighbourhood,
        "title": "Tetti verdi in via Padova",
        "summary": "I nostri volontari piantano un tetto verde.",
        "description": "Tre tetti di case popolari, con l'associazione del quartiere.",
        "themes": [theme("greening"), theme("health")],
        "instrument": Project.Instrument.VOLUNTEERING,
        "needs": [volunteering_need(), funding_need(target_quantity=Decimal("2000"))],
        **overrides,
    }
    return initiative_propose(**arguments)


def test_an_initiative_goes_from_proposal_through_changes_to_endorsement() -> None:
    neighbourhood = NeighbourhoodFactory()
    member = CompanyMemberFactory(city=neighbourhood.city)
    partner = OrganisationFactory(city=neighbourhood.city)
    officer = OfficerFactory(city=neighbourhood.city).user

    project = _propose(member.user, neighbourhood, partners=[partner])
    assert (project.status, project.origin, project.proposed_by_company) == (
        S.PROPOSED,
        Project.Origin.COMPANY,
        member.company,
    )
    assert list(project.partners.all()) == [partner]
    assert project.owner is None

    initiative_request_changes(project=project, actor=officer, note="Indicate le ore per tetto.")
    project.refresh_from_db()
    assert (project.status, project.review_note) == (S.CHANGES_REQUESTED, "Indicate le ore per tetto.")

    project_update(project=project, actor=member.user, description="Trenta ore per ciascun tetto.")
    initiative_resubmit(project=project, actor=member.user)
    assert project.status == S.PROPOSED

    initiative_endorse(project=project, actor=officer, note="Coerente con le priorità del quartiere.")
    project.refresh_from_db()
    assert (project.status, project.owner) == (S.PUBLISHED, officer)
    assert project.published_at is not None
    assert project in Project.objects.open_for_pledges()
    moves = [
        (event.from_status, event.to_status, event.actor)
        for event in project_history(project=project)
        if event.action == "transition"
    ]
    assert moves == [
        ("proposed", "published", officer),
        ("changes_requested", "proposed", member.user),
        ("proposed", "changes_requested", officer),
        ("draft", "proposed", member.user),
    ]


def test_an_ngo_member_proposes_for_its_organisation() -> None:
    neighbourhood = NeighbourhoodFactory()
    member = NgoMemberFactory(city=neighbourhood.city)

    project = _propose(member.user, neighbourhood, partners=[member.organisation])

    assert (project.origin, project.proposed_by_organisation, project.proposed_by_company) == (
        Project.Origin.NGO,
        member.organisation,
        None,
    )
    assert not project.partners.exists()  # the proposer is not its own partner


def test_declining_needs_a_reason_that_the_proposer_then_reads() -> None:
    neighbourhood = NeighbourhoodFactory()
    project = _propose(CompanyMemberFactory(city=neighbourhood.city).user, neighbourhood)
    officer = OfficerFactory(city=neighbourhood.city).user

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        initiative_decline(project=project, actor=officer, reason="  ")
    assert refusal.value.message_dict == {
        "reason": ["Say why the City declines it: the proposer will read it."]
    }

    initiative_decline(project=project, actor=officer, reason="Il quartiere ha già un tetto verde.")
    project.refresh_from_db()
    assert (project.status, project.review_note) == (S.DECLINED, "Il quartiere ha già un tetto verde.")


def test_a_request_for_changes_needs_a_note() -> None:
    neighbourhood = NeighbourhoodFactory()
    project = _propose(CompanyMemberFactory(city=neighbourhood.city).user, neighbourhood)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        initiative_request_changes(
            project=project, actor=OfficerFactory(city=neighbourhood.city).user, note=""
        )
    assert refusal.value.message_dict == {"note": ["Say what should change: the proposer will read it."]}


def test_an_officer_of_another_city_may_not_review_an_initiative() -> None:
    neighbourhood = NeighbourhoodFactory()
    project = _propose(CompanyMemberFactory(city=neighbourhood.city).user, neighbourhood)
    stranger = OfficerFactory().user

    with translation.override("en"):
        for review in (
            lambda: initiative_endorse(project=project, actor=stranger),
            lambda: initiative_request_changes(project=project, actor=stranger, note="No."),
            lambda: initiative_decline(project=project, actor=stranger, reason="No."),
        ):
            with pytest.raises(ValidationError, match="You may not"):
                review()
    project.refresh_from_db()
    assert project.status == S.PROPOSED


def test_only_members_of_a_company_or_ngo_of_the_city_may_propose() -> None:
    neighbourhood = NeighbourhoodFactory()
    for outsider in (
        OfficerFactory(city=neighbourhood.city).user,
        CompanyMemberFactory().user,  # a company of another city
        UserFactory(),
    ):
        with translation.override("en"), pytest.raises(ValidationError, match="Only a member"):
            _propose(outsider, neighbourhood)
    assert not Project.objects.exists()


def test_a_proposal_without_needs_is_refused_and_nothing_is_kept() -> None:
    neighbourhood = NeighbourhoodFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="at least one need"):
        _propose(CompanyMemberFactory(city=neighbourhood.city).user, neighbourhood, needs=[])
    assert not Project.objects.exists()


def test_partner_ngos_must_be_of_the_city() -> None:
    neighbourhood = NeighbourhoodFactory()

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _propose(
            CompanyMemberFactory(city=neighbourhood.city).user,
            neighbourhood,
            partners=[OrganisationFactory()],
        )
    assert refusal.value.message_dict == {"partners": ["Choose partner NGOs of this city."]}


def test_a_city_project_is_not_reviewed_as_an_initiative() -> None:
    project = ProjectFactory(status=S.PROPOSED, published_at=None)
    NeedFactory(project=project)

    with translation.override("en"), pytest.raises(ValidationError, match="not an initiative"):
        initiative_endorse(project=project, actor=OfficerFactory(city=project.city).user)


def test_the_review_shows_which_of_the_neighbourhood_priorities_the_initiative_serves() -> None:
    neighbourhood = NeighbourhoodFactory()
    greening = NeighbourhoodPriorityFactory(neighbourhood=neighbourhood, theme=theme("greening"), rank=1)
    education = NeighbourhoodPriorityFactory(neighbourhood=neighbourhood, theme=theme("education"), rank=2)
    culture = NeighbourhoodPriorityFactory(neighbourhood=neighbourhood, theme=theme("culture"), rank=3)
    NeighbourhoodPriorityFactory(theme=theme("health"))  # another neighbourhood's priority
    project = _propose(CompanyMemberFactory(city=neighbourhood.city).user, neighbourhood)

    review = initiative_review(project=project)

    assert [(fit.priority, fit.addressed) for fit in review.priorities] == [
        (greening, True),
        (education, False),
        (culture, False),
    ]
    assert review.matching == [greening]
    assert review.unaddressed == [education, culture]
    assert review.themes_off_priorities == [theme("health")]


def test_the_review_takes_two_queries(django_assert_num_queries) -> None:
    neighbourhood = NeighbourhoodFactory()
    NeighbourhoodPriorityFactory(neighbourhood=neighbourhood, theme=theme("greening"), rank=1)
    project = _propose(CompanyMemberFactory(city=neighbourhood.city).user, neighbourhood)

    with django_assert_num_queries(2):
        review = initiative_review(project=project)
        [str(fit.priority.theme) for fit in review.priorities]
