"""Match funds: each fund adds to accepted funding pledges by its own rules, never past its pot."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from audit.models import Event
from ledger.funds import fund_close, fund_open, fund_preview, fund_simulate
from ledger.models import Fund, FundMatch, Pledge
from ledger.selectors import fund_ledger, project_matched_total
from ledger.services import money, pledge_accept, pledge_decline, pledge_withdraw
from projects.models import Project
from taxonomy.models import Theme
from tests.factories import FundFactory, NeedFactory, NeighbourhoodFactory, ProjectFactory, theme
from tests.ledger.factories import OfferedPledgeFactory, VolunteeringNeedFactory, scene

pytestmark = pytest.mark.django_db

D = Decimal


def accepted(s, quantity: str, **fields) -> Pledge:
    pledge = OfferedPledgeFactory(need=s.need, quantity=D(quantity), **fields)
    pledge_accept(pledge=pledge, actor=s.officer)
    return pledge


def matched(pledge: Pledge) -> dict[str, Decimal]:
    active = FundMatch.objects.filter(pledge=pledge, status=FundMatch.Status.ACTIVE)
    return {m.fund.slug: m.amount_eur for m in active.select_related("fund")}


def test_a_one_to_one_fund_doubles_an_accepted_funding_pledge_and_records_it() -> None:
    s = scene(target_quantity=D("10000"))
    fund = FundFactory(city=s.project.city, slug="city", pot_eur=D("5000"))

    pledge = accepted(s, "1000")

    assert matched(pledge) == {"city": D("1000.00")}
    fund.refresh_from_db()
    assert fund.matched_eur == D("1000.00")
    assert project_matched_total(project=s.project) == D("1000.00")
    event = Event.objects.for_object(FundMatch.objects.get()).get()
    assert (event.to_status, event.project_id, event.changes) == (
        "active",
        s.project.pk,
        {"fund_matched_eur": ["0.00", "1000.00"]},
    )


def test_a_half_ratio_adds_half_and_a_cap_per_pledge_bounds_it() -> None:
    s = scene(target_quantity=D("10000"))
    FundFactory(city=s.project.city, slug="half", ratio=D("0.50"))
    FundFactory(city=s.project.city, slug="capped", cap_per_pledge_eur=D("300"))

    assert matched(accepted(s, "1000")) == {"half": D("500.00"), "capped": D("300.00")}


def test_caps_per_company_and_per_project_bound_what_a_fund_gives() -> None:
    s = scene(target_quantity=D("10000"))
    FundFactory(city=s.project.city, slug="company", cap_per_company_eur=D("1500"))
    FundFactory(city=s.project.city, slug="project", cap_per_project_eur=D("2500"))

    first = accepted(s, "1000", company=s.company)
    second = accepted(s, "1000", company=s.company)
    third = accepted(s, "1000")

    assert matched(first) == {"company": D("1000.00"), "project": D("1000.00")}
    assert matched(second) == {"company": D("500.00"), "project": D("1000.00")}
    assert matched(third) == {"company": D("1000.00"), "project": D("500.00")}


def test_a_fund_never_gives_more_than_is_left_in_its_pot() -> None:
    s = scene(target_quantity=D("10000"))
    fund = FundFactory(city=s.project.city, slug="small", pot_eur=D("1500"))

    assert matched(accepted(s, "1000")) == {"small": D("1000.00")}
    assert matched(accepted(s, "1000")) == {"small": D("500.00")}
    assert matched(accepted(s, "1000")) == {}
    fund.refresh_from_db()
    assert (fund.matched_eur, fund.remaining_eur) == (D("1500.00"), D("0.00"))


def test_the_database_refuses_a_pot_overdrawn_by_any_path() -> None:
    fund = FundFactory(pot_eur=D("100"))
    with pytest.raises(IntegrityError, match="fund_pot_never_overdrawn"), transaction.atomic():
        Fund.objects.filter(pk=fund.pk).update(matched_eur=F("pot_eur") + 1)


def test_matching_starts_once_the_projects_funding_reached_the_threshold() -> None:
    s = scene(target_quantity=D("10000"))
    FundFactory(city=s.project.city, slug="threshold", threshold_share=D("0.25"))

    assert matched(accepted(s, "2000")) == {}
    assert matched(accepted(s, "500")) == {"threshold": D("500.00")}  # 2,500 of 10,000 reached


def test_eligibility_by_theme_neighbourhood_and_instrument_empty_meaning_any() -> None:
    s = scene(target_quantity=D("10000"))
    city = s.project.city
    by_theme = FundFactory(city=city, slug="theme")
    by_theme.themes.set([theme("greening")])
    other_theme = FundFactory(city=city, slug="other-theme")
    other_theme.themes.set([_another_theme()])
    by_place = FundFactory(city=city, slug="place")
    by_place.neighbourhoods.set([s.project.neighbourhood])
    other_place = FundFactory(city=city, slug="other-place")
    other_place.neighbourhoods.set([NeighbourhoodFactory(city=city)])
    FundFactory(city=city, slug="instrument", instruments=[Project.Instrument.COLLECTIVE_ACTION])
    FundFactory(city=city, slug="other-instrument", instruments=[Project.Instrument.AWARD])
    FundFactory(slug="other-city")

    assert set(matched(accepted(s, "100"))) == {"theme", "place", "instrument"}


def _another_theme() -> Theme:
    return Theme.objects.exclude(code="greening").first()


def test_draft_closed_or_out_of_dates_funds_and_the_sponsors_own_pledges_match_nothing() -> None:
    s = scene(target_quantity=D("10000"))
    city, today = s.project.city, timezone.localdate()
    FundFactory(city=city, slug="draft", status=Fund.Status.DRAFT)
    FundFactory(city=city, slug="closed", status=Fund.Status.CLOSED)
    FundFactory(city=city, slug="later", opens_on=today + timedelta(days=1))
    FundFactory(city=city, slug="over", closes_on=today - timedelta(days=1))
    FundFactory(city=city, slug="sponsor", sponsor=s.company)

    assert matched(accepted(s, "100", company=s.company)) == {}
    assert matched(accepted(s, "100")) == {"sponsor": D("100.00")}


def test_hours_and_goods_are_not_matched() -> None:
    s = scene()
    FundFactory(city=s.project.city)
    need = VolunteeringNeedFactory(project=s.project)
    pledge = OfferedPledgeFactory(need=need, quantity=D("10"))
    pledge_accept(pledge=pledge, actor=s.officer)
    assert matched(pledge) == {}


def test_several_funds_each_match_by_their_own_rules_in_priority_order() -> None:
    s = scene(target_quantity=D("10000"))
    later = FundFactory(city=s.project.city, slug="sponsor", priority=20, pot_eur=D("100"))
    first = FundFactory(city=s.project.city, slug="city", priority=10, ratio=D("2.00"))

    pledge = accepted(s, "1000")

    assert matched(pledge) == {"city": D("2000.00"), "sponsor": D("100.00")}
    created = FundMatch.objects.order_by("id").values_list("fund_id", flat=True)
    assert list(created) == [first.pk, later.pk]


@pytest.mark.parametrize("how", ["declined", "withdrawn"])
def test_a_pledge_that_falls_through_gives_its_match_back_to_the_pot(how) -> None:
    s = scene(target_quantity=D("10000"))
    fund = FundFactory(city=s.project.city, pot_eur=D("5000"))
    pledge = accepted(s, "1000", company=s.company)
    if how == "declined":
        pledge_decline(pledge=pledge, actor=s.officer, reason="The transfer never arrived.")
    else:  # an accepted pledge cannot be withdrawn: a fresh offer with a stray match stands for the path
        pledge = OfferedPledgeFactory(need=s.need, company=s.company)
        FundMatch.objects.create(fund=fund, pledge=pledge, amount_eur=D("10"))
        Fund.objects.filter(pk=fund.pk).update(matched_eur=F("matched_eur") + 10)
        pledge_withdraw(pledge=pledge, actor=s.member)

    match = FundMatch.objects.get(pledge=pledge)
    assert match.status == FundMatch.Status.RETURNED and match.returned_at is not None
    fund.refresh_from_db()
    assert fund.matched_eur == (D("0.00") if how == "declined" else D("1000.00"))
    assert Event.objects.for_object(match).filter(from_status="active", to_status="returned").exists()


def test_fund_ledger_shows_what_the_fund_matched_per_project() -> None:
    s = scene(target_quantity=D("10000"))
    fund = FundFactory(city=s.project.city, pot_eur=D("5000"))
    other = NeedFactory(project=ProjectFactory(neighbourhood=s.project.neighbourhood))
    accepted(s, "1000")
    accepted(s, "500")
    pledge = OfferedPledgeFactory(need=other, quantity=D("700"))
    pledge_accept(pledge=pledge, actor=s.officer)
    pledge_decline(pledge=pledge, actor=s.officer, reason="Revoked")

    ledger = fund_ledger(fund=Fund.objects.get(pk=fund.pk))

    assert (ledger.matched_eur, ledger.remaining_eur) == (D("1500.00"), D("3500.00"))
    assert [(line.project_id, line.matched_eur, line.pledges) for line in ledger.per_project] == [
        (s.project.pk, D("1500.00"), 2)
    ]
    assert len(ledger.matches) == 3


def test_preview_tells_the_company_what_its_pledge_becomes_without_writing() -> None:
    s = scene(target_quantity=D("10000"))
    FundFactory(city=s.project.city, slug="city")
    FundFactory(city=s.project.city, slug="sponsor", ratio=D("0.50"), cap_per_pledge_eur=D("200"))

    preview = fund_preview(need=s.need, company=s.company, amount_eur=D("1000"))

    assert [(line.fund.slug, line.amount_eur) for line in preview.lines] == [
        ("city", D("1000.00")),
        ("sponsor", D("200.00")),
    ]
    with translation.override("en"):
        assert f"EUR {money(preview.pledge_eur)} becomes EUR {money(preview.becomes_eur)}" == (
            "EUR 1,000.00 becomes EUR 2,200.00"
        )
    assert not FundMatch.objects.exists() and Fund.objects.filter(matched_eur__gt=0).count() == 0


def test_preview_counts_the_pledge_itself_towards_the_threshold() -> None:
    s = scene(target_quantity=D("10000"))
    FundFactory(city=s.project.city, threshold_share=D("0.50"))

    assert fund_preview(need=s.need, company=s.company, amount_eur=D("4000")).matched_eur == 0
    assert fund_preview(need=s.need, company=s.company, amount_eur=D("5000")).matched_eur == D("5000.00")


def test_simulating_a_draft_fund_shows_what_it_would_match_per_project_and_that_the_pot_runs_out() -> None:
    s = scene(target_quantity=D("10000"))
    other = NeedFactory(project=ProjectFactory(neighbourhood=s.project.neighbourhood))
    accepted(s, "1000")
    accepted(s, "2000")
    pledge_accept(pledge=OfferedPledgeFactory(need=other, quantity=D("1500")), actor=s.officer)
    OfferedPledgeFactory(need=s.need, quantity=D("900"))  # offered, not accepted: not simulated
    draft = FundFactory(city=s.project.city, status=Fund.Status.DRAFT, pot_eur=D("3500"))

    simulation = fund_simulate(fund=draft)

    assert [(p.project_id, p.matched_eur, p.wanted_eur) for p in simulation.projects] == [
        (s.project.pk, D("3000.00"), D("3000.00")),
        (other.project_id, D("500.00"), D("1500.00")),
    ]
    assert simulation.pot_runs_out and simulation.wanted_eur == D("4500.00")
    assert simulation.pot_left_eur == 0
    assert not FundMatch.objects.exists()


def test_officer_opens_and_closes_a_fund_and_the_history_records_it() -> None:
    s = scene()
    fund = FundFactory(city=s.project.city, status=Fund.Status.DRAFT)
    with translation.override("en"), pytest.raises(ValidationError, match="Only an officer of the fund"):
        fund_open(fund=fund, actor=s.member)

    fund_open(fund=fund, actor=s.officer)
    fund_close(fund=fund, actor=s.officer)
    with translation.override("en"), pytest.raises(ValidationError, match="closed cannot become closed"):
        fund_close(fund=fund, actor=s.officer)

    moves = Event.objects.for_object(fund).order_by("id").values_list("from_status", "to_status", "actor")
    assert list(moves) == [("draft", "open", s.officer.pk), ("open", "closed", s.officer.pk)]
