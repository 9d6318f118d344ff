"""Pledges: what a company may offer, what the City answers, and the history every move leaves."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from audit.models import Event
from ledger.models import Pledge
from ledger.selectors import companies_capacity_left, need_gap
from ledger.services import (
    pledge_accept,
    pledge_decline,
    pledge_expire,
    pledge_fulfil,
    pledge_offer,
    pledge_withdraw,
    pledges_expire,
)
from projects.models import Project
from tests.factories import NeedFactory, OfficerFactory
from tests.ledger.factories import (
    GoodsNeedFactory,
    OfferedPledgeFactory,
    VolunteeringNeedFactory,
    company_member,
    scene,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def history(pledge: Pledge) -> list[tuple[str, str]]:
    return [(e.from_status, e.to_status) for e in Event.objects.for_object(pledge).order_by("id")]


# --- offering ---------------------------------------------------------------------------------------


def test_company_member_offers_a_pledge_that_waits_the_citys_period_and_is_recorded() -> None:
    s = scene()
    s.project.city.pledge_offer_days = 10
    s.project.city.save()

    pledge = pledge_offer(
        need=s.need, company=s.company, quantity=D("1500"), actor=s.member, message=" Ciao "
    )

    assert (pledge.status, pledge.value_eur, pledge.offered_by, pledge.message) == (
        Pledge.Status.OFFERED,
        D("1500.00"),
        s.member,
        "Ciao",
    )
    assert timedelta(days=9, hours=23) < pledge.expires_at - timezone.now() <= timedelta(days=10)
    event = Event.objects.for_object(pledge).get()
    assert (event.actor, event.from_status, event.to_status, event.project_id, event.city) == (
        s.member,
        "",
        "offered",
        s.project.pk,
        s.project.city,
    )


@pytest.mark.parametrize(
    ("need_factory", "quantity", "value"),
    [(VolunteeringNeedFactory, D("8"), D("200.00")), (GoodsNeedFactory, D("3"), D("900.00"))],
)
def test_hours_and_goods_are_valued_at_the_needs_unit_value(need_factory, quantity, value) -> None:
    s = scene()
    need = need_factory(project=s.project)

    pledge = pledge_offer(need=need, company=s.company, quantity=quantity, actor=s.member)

    assert pledge.value_eur == value


def test_pledge_beyond_target_is_refused_saying_what_is_still_open() -> None:
    s = scene(target_quantity=D("10000"))
    OfferedPledgeFactory(need=s.need, quantity=D("9600"))

    with pytest.raises(ValidationError, match=r"only 400\.00 EUR are still open") as refusal:
        pledge_offer(need=s.need, company=s.company, quantity=D("500"), actor=s.member)
    assert refusal.value.code == "over_target"
    assert pledge_offer(need=s.need, company=s.company, quantity=D("400"), actor=s.member).pk


def test_withdrawn_declined_and_expired_pledges_do_not_count_against_the_target() -> None:
    s = scene(target_quantity=D("1000"))
    for status in (Pledge.Status.WITHDRAWN, Pledge.Status.DECLINED, Pledge.Status.EXPIRED):
        OfferedPledgeFactory(need=s.need, quantity=D("1000"), status=status)

    assert pledge_offer(need=s.need, company=s.company, quantity=D("1000"), actor=s.member).pk


def test_a_need_that_allows_oversubscription_takes_pledges_past_its_target() -> None:
    s = scene(target_quantity=D("1000"), allow_oversubscription=True)
    OfferedPledgeFactory(need=s.need, quantity=D("1000"))

    assert pledge_offer(need=s.need, company=s.company, quantity=D("700"), actor=s.member).pk
    assert need_gap(need=s.need) == 0


def test_outsider_officer_or_member_of_another_company_may_not_pledge_for_the_company() -> None:
    s = scene()
    other_member, _ = company_member(s.project)
    for actor in (s.outsider, s.officer, other_member, None):
        with pytest.raises(ValidationError, match="Only an active member of the company"):
            pledge_offer(need=s.need, company=s.company, quantity=D("10"), actor=actor)
    assert not Pledge.objects.exists()


def test_pledge_of_zero_is_refused() -> None:
    s = scene()
    with pytest.raises(ValidationError, match="above zero"):
        pledge_offer(need=s.need, company=s.company, quantity=D("0.001"), actor=s.member)


@pytest.mark.parametrize("status", [Project.Status.DRAFT, Project.Status.FUNDED, Project.Status.CLOSED])
def test_pledge_on_a_project_not_open_for_pledges_is_refused(status) -> None:
    s = scene()
    Project.objects.filter(pk=s.project.pk).update(status=status)

    with pytest.raises(ValidationError, match="not open for pledges"):
        pledge_offer(need=s.need, company=s.company, quantity=D("10"), actor=s.member)


def test_pledge_after_the_projects_pledge_deadline_is_refused() -> None:
    s = scene()
    Project.objects.filter(pk=s.project.pk).update(pledge_deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError, match="Pledges for this project closed on") as refusal:
        pledge_offer(need=s.need, company=s.company, quantity=D("10"), actor=s.member)
    assert refusal.value.code == "deadline_passed"


def test_funding_beyond_the_remaining_yearly_budget_needs_confirmation_which_is_stored() -> None:
    s = scene(target_quantity=D("100000"))
    OfferedPledgeFactory(need=NeedFactory(project=s.project), company=s.company, quantity=D("48000"))

    with pytest.raises(ValidationError, match=r"EUR 2,000\.00 left of this year's CSR budget") as refusal:
        pledge_offer(need=s.need, company=s.company, quantity=D("3000"), actor=s.member)
    assert refusal.value.code == "beyond_capacity"

    pledge = pledge_offer(
        need=s.need, company=s.company, quantity=D("3000"), actor=s.member, confirm_beyond_capacity=True
    )
    assert pledge.beyond_capacity_confirmed is True
    assert companies_capacity_left(company_ids=[s.company.pk])[s.company.pk].budget_eur == 0


def test_volunteering_beyond_the_remaining_yearly_hours_needs_confirmation() -> None:
    s = scene()
    need = VolunteeringNeedFactory(project=s.project, target_quantity=D("1000"))
    OfferedPledgeFactory(need=need, company=s.company, quantity=D("390"))

    with pytest.raises(ValidationError, match=r"10\.00 volunteer hours left this year") as refusal:
        pledge_offer(need=need, company=s.company, quantity=D("20"), actor=s.member)
    assert refusal.value.code == "beyond_capacity"
    assert pledge_offer(need=need, company=s.company, quantity=D("10"), actor=s.member).pk


def test_goods_are_not_held_to_the_yearly_budget() -> None:
    s = scene()
    need = GoodsNeedFactory(project=s.project, target_quantity=D("1000"), unit_value_eur=D("100"))

    pledge = pledge_offer(need=need, company=s.company, quantity=D("600"), actor=s.member)
    assert pledge.value_eur == D("60000")


# --- the City's answer ------------------------------------------------------------------------------


def test_officer_accepts_an_offer_and_the_history_records_who_and_when() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)

    pledge_accept(pledge=pledge, actor=s.officer)

    pledge.refresh_from_db()
    assert (pledge.status, pledge.decided_by) == (Pledge.Status.ACCEPTED, s.officer)
    assert pledge.decided_at is not None
    event = Event.objects.for_object(pledge).get()
    assert (event.actor, event.from_status, event.to_status) == (s.officer, "offered", "accepted")


def test_officer_of_another_city_company_member_or_outsider_may_not_accept() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)
    for actor in (OfficerFactory().user, s.member, s.outsider):
        with pytest.raises(ValidationError, match="Only an officer of the project's city"):
            pledge_accept(pledge=pledge, actor=actor)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.OFFERED


def test_accepting_twice_is_refused_and_records_one_move() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)
    pledge_accept(pledge=pledge, actor=s.officer)

    with pytest.raises(ValidationError, match="Only an offered pledge can be accepted; this one is accepted"):
        pledge_accept(pledge=pledge, actor=s.officer)
    assert history(pledge) == [("offered", "accepted")]


def test_an_offer_past_its_waiting_period_cannot_be_accepted() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError, match="This offer expired on"):
        pledge_accept(pledge=pledge, actor=s.officer)


def test_accepting_the_pledge_that_covers_the_last_need_funds_the_project() -> None:
    s = scene(target_quantity=D("1000"))
    hours = VolunteeringNeedFactory(project=s.project, target_quantity=D("10"))
    pledge_accept(pledge=OfferedPledgeFactory(need=hours, quantity=D("10")), actor=s.officer)
    half = OfferedPledgeFactory(need=s.need, quantity=D("500"))
    pledge_accept(pledge=half, actor=s.officer)
    s.project.refresh_from_db()
    assert s.project.status == Project.Status.PUBLISHED

    pledge_accept(pledge=OfferedPledgeFactory(need=s.need, quantity=D("500")), actor=s.officer)

    s.project.refresh_from_db()
    assert s.project.status == Project.Status.FUNDED
    event = Event.objects.for_object(s.project).get()
    assert (event.actor, event.from_status, event.to_status) == (None, "published", "funded")


def test_offered_pledges_alone_do_not_fund_the_project() -> None:
    s = scene(target_quantity=D("1000"))
    OfferedPledgeFactory(need=s.need, quantity=D("500"))
    pledge_accept(pledge=OfferedPledgeFactory(need=s.need, quantity=D("500")), actor=s.officer)

    s.project.refresh_from_db()
    assert s.project.status == Project.Status.PUBLISHED


def test_declining_needs_a_reason_which_the_history_keeps() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)

    with pytest.raises(ValidationError, match="Say why"):
        pledge_decline(pledge=pledge, actor=s.officer, reason="  ")
    pledge_decline(pledge=pledge, actor=s.officer, reason="Already covered by the City.")

    pledge.refresh_from_db()
    assert (pledge.status, pledge.decided_by) == (Pledge.Status.DECLINED, s.officer)
    event = Event.objects.for_object(pledge).get()
    assert (event.to_status, event.note) == ("declined", "Already covered by the City.")


def test_company_member_may_not_decline_its_own_pledge() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)
    with pytest.raises(ValidationError, match="Only an officer"):
        pledge_decline(pledge=pledge, actor=s.member, reason="no")


# --- the company's moves ----------------------------------------------------------------------------


def test_company_withdraws_an_offer_and_frees_the_need() -> None:
    s = scene(target_quantity=D("1000"))
    pledge = pledge_offer(need=s.need, company=s.company, quantity=D("1000"), actor=s.member)

    pledge_withdraw(pledge=pledge, actor=s.member)

    assert pledge.status == Pledge.Status.WITHDRAWN
    assert need_gap(need=s.need) == D("1000")
    assert history(pledge) == [("", "offered"), ("offered", "withdrawn")]


def test_an_accepted_pledge_cannot_be_withdrawn_and_another_company_cannot_withdraw() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)
    other_member, _ = company_member(s.project)
    with pytest.raises(ValidationError, match="Only an active member of the company"):
        pledge_withdraw(pledge=pledge, actor=other_member)

    pledge_accept(pledge=pledge, actor=s.officer)
    with pytest.raises(ValidationError, match="can be withdrawn; this one is accepted"):
        pledge_withdraw(pledge=pledge, actor=s.member)


def png_upload(name: str = "ricevuta.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_company_fulfils_an_accepted_pledge_with_a_receipt_checked_by_content() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company)
    pledge_accept(pledge=pledge, actor=s.officer)

    pledge_fulfil(pledge=pledge, actor=s.member, evidence_note="Bonifico del 3 marzo", receipt=png_upload())

    pledge.refresh_from_db()
    assert (pledge.status, pledge.evidence_note) == (Pledge.Status.FULFILLED, "Bonifico del 3 marzo")
    assert pledge.fulfilled_at is not None
    assert pledge.receipt.name.startswith(f"pledges/{pledge.pk}/") and pledge.receipt.read()[:4] == b"\x89PNG"
    assert history(pledge)[-1] == ("accepted", "fulfilled")


def test_a_receipt_that_is_not_a_pdf_or_image_is_refused_whatever_its_name() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need, company=s.company, status=Pledge.Status.ACCEPTED)
    fake = SimpleUploadedFile("ricevuta.pdf", b"MZ not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError, match="Upload a PDF or a PNG, JPEG or WebP image"):
        pledge_fulfil(pledge=pledge, actor=s.member, evidence_note="Fatto", receipt=fake)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACCEPTED and not pledge.receipt


def test_fulfilling_needs_an_evidence_note_and_an_accepted_pledge() -> None:
    s = scene()
    offered = OfferedPledgeFactory(need=s.need, company=s.company)
    with pytest.raises(ValidationError, match="can be fulfilled; this one is offered"):
        pledge_fulfil(pledge=offered, actor=s.member, evidence_note="Fatto")
    pledge_accept(pledge=offered, actor=s.officer)
    with pytest.raises(ValidationError, match="Say what was given"):
        pledge_fulfil(pledge=offered, actor=s.member, evidence_note=" ")


# --- expiry -----------------------------------------------------------------------------------------


def test_offers_past_their_waiting_period_expire_once_and_free_the_companys_capacity() -> None:
    s = scene(target_quantity=D("50000"))
    now = timezone.now()
    due = OfferedPledgeFactory(need=s.need, company=s.company, quantity=D("30000"), expires_at=now)
    waiting = OfferedPledgeFactory(need=s.need, quantity=D("100"), expires_at=now + timedelta(hours=1))
    accepted = OfferedPledgeFactory(
        need=s.need, quantity=D("100"), status=Pledge.Status.ACCEPTED, expires_at=now
    )

    assert pledges_expire(now=now) == 1
    assert pledges_expire(now=now) == 0

    statuses = {p.pk: p.status for p in Pledge.objects.all()}
    assert statuses == {due.pk: "expired", waiting.pk: "offered", accepted.pk: "accepted"}
    assert history(due) == [("offered", "expired")]
    assert Event.objects.for_object(due).get().actor is None
    assert companies_capacity_left(company_ids=[s.company.pk])[s.company.pk].budget_eur == D("50000")


def test_officer_expiring_an_offer_still_in_its_waiting_period_is_told_until_when() -> None:
    s = scene()
    pledge = OfferedPledgeFactory(need=s.need)
    with pytest.raises(ValidationError, match="This offer waits for an answer until"):
        pledge_expire(pledge=pledge, now=timezone.now(), actor=s.officer)
    with pytest.raises(ValidationError, match="Only an officer"):
        pledge_expire(pledge=pledge, now=timezone.now() + timedelta(days=30), actor=s.member)
