"""Every service that changes a need, a pledge, an initiative, an application or a fund leaves an Event,
with who acted, in which city, under which project: the audit trail has nothing else to read."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import Event
from ledger import funds
from ledger import services as ledger
from projects import applications
from projects.initiatives import (
    initiative_decline,
    initiative_endorse,
    initiative_propose,
    initiative_request_changes,
    initiative_resubmit,
)
from projects.models import Project
from projects.services import project_update
from tests.calls.factories import call_with_criteria
from tests.factories import FundFactory, NeighbourhoodFactory, NgoMemberFactory, OfficerFactory, theme
from tests.ledger.factories import OfferedPledgeFactory, scene
from tests.projects.factories import funding_need

pytestmark = pytest.mark.django_db


def trail(subject) -> list[tuple[str, str, str]]:
    return [(e.action, e.from_status, e.to_status) for e in Event.objects.for_object(subject).order_by("id")]


def test_adding_changing_and_removing_needs_is_recorded_under_the_project() -> None:
    world = scene()
    kept, removed = (
        world.need,
        world.project.needs.create(kind="funding", title="Panchine", target_quantity=10, unit="eur"),
    )

    project_update(
        project=world.project,
        actor=world.officer,
        needs=[{"id": kept.pk, "title": "Alberi da frutto"}, funding_need(title="Fontanella")],
    )

    events = Event.objects.filter(project_id=world.project.pk, content_type__model="need").order_by("id")
    assert [(e.action, e.actor) for e in events] == [
        ("deleted", world.officer),
        ("changed", world.officer),
        ("created", world.officer),
    ]
    assert events[0].object_id == removed.pk
    assert events[1].changes == {"title": ["Alberi e panchine", "Alberi da frutto"]}
    assert {e.city for e in events} == {world.project.city}


def test_every_move_of_a_pledge_is_recorded_with_its_actor() -> None:
    world = scene()
    offered = ledger.pledge_offer(
        need=world.need, company=world.company, quantity=Decimal("500"), actor=world.member
    )
    ledger.pledge_accept(pledge=offered, actor=world.officer)
    ledger.pledge_fulfil(pledge=offered, actor=world.member, evidence_note="Bonifico del 3 maggio")
    withdrawn = ledger.pledge_offer(
        need=world.need, company=world.company, quantity=Decimal("100"), actor=world.member
    )
    ledger.pledge_withdraw(pledge=withdrawn, actor=world.member)
    declined = ledger.pledge_offer(
        need=world.need, company=world.company, quantity=Decimal("100"), actor=world.member
    )
    ledger.pledge_decline(pledge=declined, actor=world.officer, reason="Fuori tema")
    late = OfferedPledgeFactory(
        need=world.need, company=world.company, expires_at=timezone.now() - timedelta(days=1)
    )
    ledger.pledge_expire(pledge=late, now=timezone.now())

    assert trail(offered) == [
        ("transition", "", "offered"),
        ("transition", "offered", "accepted"),
        ("transition", "accepted", "fulfilled"),
    ]
    assert trail(withdrawn)[-1] == ("transition", "offered", "withdrawn")
    assert trail(declined)[-1] == ("transition", "offered", "declined")
    assert trail(late) == [("transition", "offered", "expired")]
    pledge_events = Event.objects.filter(content_type__model="pledge")
    assert set(pledge_events.values_list("project_id", flat=True)) == {world.project.pk}
    assert Event.objects.for_object(offered).get(to_status="accepted").actor == world.officer


def test_every_step_of_an_initiative_is_recorded() -> None:
    neighbourhood = NeighbourhoodFactory()
    member = NgoMemberFactory(city=neighbourhood.city)
    officer = OfficerFactory(city=neighbourhood.city).user
    fields = {
        "actor": member.user, "city": neighbourhood.city, "neighbourhood": neighbourhood, "title": "Orti",
        "summary": "Orti condivisi.", "description": "Nel cortile.", "themes": [theme("greening")],
        "instrument": Project.Instrument.VOLUNTEERING, "needs": [funding_need()],
    }  # fmt: skip
    initiative = initiative_propose(**fields)
    initiative_request_changes(project=initiative, actor=officer, note="Più dettagli")
    initiative_resubmit(project=initiative, actor=member.user)
    initiative_endorse(project=initiative, actor=officer)
    declined = initiative_propose(**fields | {"title": "Murales"})
    initiative_decline(project=declined, actor=officer, reason="Già finanziato")

    assert trail(initiative) == [
        ("created", "", ""),
        ("transition", "draft", "proposed"),
        ("transition", "proposed", "changes_requested"),
        ("transition", "changes_requested", "proposed"),
        ("transition", "proposed", "published"),
    ]
    assert trail(declined)[-1] == ("transition", "proposed", "declined")


def test_submitting_scoring_and_deciding_an_application_is_recorded() -> None:
    call, (criterion, _other) = call_with_criteria()
    officer = OfficerFactory(city=call.city).user
    members = [NgoMemberFactory(city=call.city) for _ in range(3)]

    def submit(member):
        return applications.application_submit(
            call=call,
            organisation=member.organisation,
            actor=member.user,
            proposal="Doposcuola",
            budget_eur=None,
        )

    accepted, rejected, withdrawn = (submit(member) for member in members)
    applications.application_score(application=accepted, criterion=criterion, reviewer=officer, score=7)
    applications.application_shortlist(application=accepted, actor=officer)
    applications.application_accept(application=accepted, actor=officer)
    applications.application_reject(application=rejected, actor=officer, reason="Fuori budget")
    applications.application_withdraw(application=withdrawn, actor=members[2].user)

    assert trail(accepted) == [
        ("transition", "", "submitted"),
        ("changed", "", ""),
        ("transition", "submitted", "shortlisted"),
        ("transition", "shortlisted", "accepted"),
    ]
    assert trail(rejected)[-1] == ("transition", "submitted", "rejected")
    assert trail(withdrawn)[-1] == ("transition", "submitted", "withdrawn")


def test_opening_closing_matching_and_returning_a_fund_is_recorded() -> None:
    world = scene()
    fund = FundFactory(city=world.project.city, status="draft", pot_eur=Decimal("10000.00"))
    funds.fund_open(fund=fund, actor=world.officer)
    pledge = ledger.pledge_offer(
        need=world.need, company=world.company, quantity=Decimal("500"), actor=world.member
    )
    ledger.pledge_accept(pledge=pledge, actor=world.officer)
    ledger.pledge_decline(pledge=pledge, actor=world.officer, reason="Non più disponibile")
    funds.fund_close(fund=fund, actor=world.officer)

    assert trail(fund) == [("transition", "draft", "open"), ("transition", "open", "closed")]
    match = fund.matches.get()
    assert trail(match) == [("created", "", "active"), ("transition", "active", "returned")]
    assert Event.objects.for_object(match).filter(project_id=world.project.pk).count() == 2
