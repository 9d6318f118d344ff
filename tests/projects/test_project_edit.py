"""Creating and editing a project: what the City writes, who may change it, and the history it leaves."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import Event
from ledger.models import Pledge
from projects.models import Need, Project
from projects.services import project_create, project_update
from tests.factories import (
    CompanyMemberFactory,
    NeedFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    PledgeFactory,
    ProjectFactory,
    UserFactory,
    theme,
)
from tests.projects.factories import (
    InitiativeFactory,
    funding_need,
    officer_of,
    proposer_of,
    volunteering_need,
)

pytestmark = pytest.mark.django_db


def _create(officer, home, **overrides) -> Project:
    arguments = {
        "city": home.city,
        "actor": officer,
        "neighbourhood": home,
        "title": "Orti condivisi a Corvetto",
        "summary": "Un cortile diventa un orto.",
        "description": "Dieci aiuole, un deposito attrezzi, due alberi.",
        "themes": [theme("greening")],
        "instrument": Project.Instrument.COLLECTIVE_ACTION,
        "needs": [funding_need(), volunteering_need()],
        **overrides,
    }
    return project_create(**arguments)


def _errors(refusal: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return refusal.value.message_dict


# --- create ------------------------------------------------------------------------------------------


def test_officer_creates_a_city_draft_in_their_charge_with_its_needs() -> None:
    neighbourhood = NeighbourhoodFactory()
    officer = OfficerFactory(city=neighbourhood.city).user

    project = _create(officer, neighbourhood, starts_on=date(2027, 3, 1), ends_on=date(2027, 6, 30))

    assert (project.status, project.origin, project.owner) == (Project.Status.DRAFT, "city", officer)
    assert project.slug == "orti-condivisi-a-corvetto"
    assert [(need.kind, need.unit, need.target_quantity) for need in project.needs.all()] == [
        ("funding", "eur", Decimal("5000.00")),
        ("volunteering", "hours", Decimal("80.00")),
    ]
    assert list(project.themes.values_list("code", flat=True)) == ["greening"]
    assert Event.objects.for_project(project.pk).filter(action=Event.Action.CREATED).count() == 3


def test_a_second_project_with_the_same_title_gets_its_own_slug_in_the_city() -> None:
    neighbourhood = NeighbourhoodFactory()
    officer = OfficerFactory(city=neighbourhood.city).user

    first, second = _create(officer, neighbourhood), _create(officer, neighbourhood)

    assert (first.slug, second.slug) == ("orti-condivisi-a-corvetto", "orti-condivisi-a-corvetto-2")


def test_a_neighbourhood_of_another_city_is_refused_on_its_field() -> None:
    neighbourhood = NeighbourhoodFactory()
    officer = OfficerFactory(city=neighbourhood.city).user

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _create(officer, neighbourhood, neighbourhood=NeighbourhoodFactory())

    assert _errors(refusal) == {"neighbourhood": ["Choose a neighbourhood of this city."]}
    assert not Project.objects.exists()


def test_missing_themes_and_dates_in_the_wrong_order_are_field_errors() -> None:
    neighbourhood = NeighbourhoodFactory()
    officer = OfficerFactory(city=neighbourhood.city).user

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _create(officer, neighbourhood, themes=[], starts_on=date(2027, 6, 1), ends_on=date(2027, 1, 1))

    assert set(_errors(refusal)) == {"themes", "ends_on"}


@pytest.mark.parametrize(
    ("need", "problem"),
    [
        (funding_need(unit=Need.Unit.HOURS), "funding is counted in EUR."),
        (
            funding_need(unit_value_eur=Decimal("2.00")),
            "funding is counted in euros: one unit is worth 1 EUR.",
        ),
        (volunteering_need(unit=Need.Unit.KG), "volunteering is counted in hours."),
        (
            {"kind": Need.Kind.IN_KIND, "title": "Panchine", "target_quantity": 4},
            "goods in kind is counted in",
        ),
        (volunteering_need(all_or_nothing=True), "only funding can be all or nothing."),
        (funding_need(target_quantity=Decimal(0)), "the target must be more than zero."),
        (funding_need(kind="money"), "choose funding, volunteering or goods in kind."),
    ],
)
def test_a_need_whose_kind_and_unit_do_not_agree_is_refused_by_its_number(need, problem) -> None:
    neighbourhood = NeighbourhoodFactory()
    officer = OfficerFactory(city=neighbourhood.city).user

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _create(officer, neighbourhood, needs=[funding_need(), need])

    [message] = _errors(refusal)["needs"]
    assert message.startswith("Need 2 (") and problem in message
    assert not Project.objects.exists() and not Need.objects.exists()


def test_money_as_a_float_is_a_programming_error() -> None:
    neighbourhood = NeighbourhoodFactory()
    officer = OfficerFactory(city=neighbourhood.city).user

    with pytest.raises(TypeError, match="Decimal"):
        _create(officer, neighbourhood, needs=[funding_need(target_quantity=5000.0)])


def test_only_an_officer_of_the_city_may_create_its_projects() -> None:
    neighbourhood = NeighbourhoodFactory()
    for outsider in (
        OfficerFactory().user,
        CompanyMemberFactory(city=neighbourhood.city).user,
        UserFactory(),
    ):
        with translation.override("en"), pytest.raises(ValidationError, match="Only an officer of this city"):
            _create(outsider, neighbourhood)
    assert not Project.objects.exists()


# --- update ------------------------------------------------------------------------------------------


def test_an_edit_records_one_changed_event_with_the_field_diffs() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None, title="Orti")
    officer = officer_of(project)

    project_update(project=project, actor=officer, title="Orti e frutteti", themes=[theme("education")])

    project.refresh_from_db()
    assert project.title == "Orti e frutteti"
    event = Event.objects.for_project(project.pk).get()
    assert (event.action, event.actor) == (Event.Action.CHANGED, officer)
    assert event.changes == {"title": ["Orti", "Orti e frutteti"], "themes": [["greening"], ["education"]]}


def test_an_edit_that_changes_nothing_leaves_no_event() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None, title="Orti")

    project_update(project=project, actor=officer_of(project), title="Orti")

    assert not Event.objects.exists()


def test_needs_are_edited_added_and_removed_each_with_its_event() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)
    kept, dropped = NeedFactory(project=project), NeedFactory(project=project, title="Da togliere")

    project_update(
        project=project,
        actor=officer_of(project),
        needs=[{"id": kept.pk, "target_quantity": Decimal("12000.00")}, volunteering_need()],
    )

    kept.refresh_from_db()
    assert kept.target_quantity == Decimal("12000.00")
    assert not Need.objects.filter(pk=dropped.pk).exists()
    assert project.needs.count() == 2
    actions = {(event.object_id, event.action) for event in Event.objects.for_project(project.pk)}
    assert (kept.pk, "changed") in actions and (dropped.pk, "deleted") in actions
    changed = Event.objects.get(object_id=kept.pk, action=Event.Action.CHANGED)
    assert changed.changes == {"target_quantity": ["10000.00", "12000.00"]}


def test_a_need_with_pledges_cannot_be_removed() -> None:
    pledge = PledgeFactory(status=Pledge.Status.OFFERED)
    project = pledge.need.project
    NeedFactory(project=project)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        project_update(project=project, actor=officer_of(project), needs=[volunteering_need()])

    assert _errors(refusal) == {"needs": [f"“{pledge.need.title}” has pledges: it cannot be removed."]}
    assert Need.objects.filter(pk=pledge.need.pk).exists()


def test_a_need_whose_pledges_were_all_withdrawn_still_keeps_their_history() -> None:
    pledge = PledgeFactory(status=Pledge.Status.WITHDRAWN)
    project = pledge.need.project

    with translation.override("en"), pytest.raises(ValidationError, match="has pledges"):
        project_update(project=project, actor=officer_of(project), needs=[volunteering_need()])


def test_a_pledged_target_cannot_be_lowered_below_what_is_pledged() -> None:
    pledge = PledgeFactory(status=Pledge.Status.ACCEPTED, quantity=Decimal("3000.00"))
    PledgeFactory(need=pledge.need, status=Pledge.Status.DECLINED, quantity=Decimal("5000.00"))
    need, project = pledge.need, pledge.need.project

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        project_update(
            project=project,
            actor=officer_of(project),
            needs=[{"id": need.pk, "target_quantity": Decimal("2999.99")}],
        )
    assert "3000.00 EUR is already pledged: the target cannot be lower." in _errors(refusal)["needs"][0]

    project_update(
        project=project,
        actor=officer_of(project),
        needs=[{"id": need.pk, "target_quantity": Decimal("3000")}],
    )
    need.refresh_from_db()
    assert need.target_quantity == Decimal("3000.00")


def test_a_pledged_need_keeps_its_kind_and_unit() -> None:
    pledge = PledgeFactory(status=Pledge.Status.OFFERED)
    project = pledge.need.project

    with translation.override("en"), pytest.raises(ValidationError, match="kind and unit cannot change"):
        project_update(
            project=project,
            actor=officer_of(project),
            needs=[{"id": pledge.need.pk, **volunteering_need()}],
        )


def test_a_published_project_keeps_at_least_one_need() -> None:
    project = NeedFactory().project

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        project_update(project=project, actor=officer_of(project), needs=[])

    assert _errors(refusal) == {"needs": ["A project that is not a draft keeps at least one need."]}


def test_a_need_of_another_project_cannot_be_edited_through_this_one() -> None:
    project = ProjectFactory()
    foreign = NeedFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="not a need of this project"):
        project_update(project=project, actor=officer_of(project), needs=[{"id": foreign.pk, "title": "Mia"}])


def test_the_proposer_edits_its_initiative_only_until_the_city_endorses_it() -> None:
    project = InitiativeFactory(status=Project.Status.CHANGES_REQUESTED, review_note="Aggiungete ore.")
    proposer = proposer_of(project)

    project_update(project=project, actor=proposer, summary="Con più volontari.")
    assert Event.objects.for_project(project.pk).get().changes == {
        "summary": ["Un progetto di rigenerazione.", "Con più volontari."]
    }

    Project.objects.filter(pk=project.pk).update(status=Project.Status.PUBLISHED, published_at=timezone.now())
    with translation.override("en"), pytest.raises(ValidationError, match="You may not"):
        project_update(project=project, actor=proposer, summary="Ancora.")


def test_an_officer_of_another_city_or_an_outsider_may_not_edit() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)

    for outsider in (OfficerFactory().user, CompanyMemberFactory(city=project.city).user, UserFactory()):
        with translation.override("en"), pytest.raises(ValidationError, match="You may not"):
            project_update(project=project, actor=outsider, title="Altro")


def test_an_archived_project_is_no_longer_edited() -> None:
    project = ProjectFactory(status=Project.Status.ARCHIVED)

    with translation.override("en"), pytest.raises(ValidationError, match="You may not"):
        project_update(project=project, actor=officer_of(project), title="Altro")


def test_status_is_not_an_editable_field() -> None:
    project = ProjectFactory(status=Project.Status.DRAFT, published_at=None)

    with pytest.raises(TypeError, match="status"):
        project_update(project=project, actor=officer_of(project), status=Project.Status.PUBLISHED)
