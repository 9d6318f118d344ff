"""When time runs out: offers expire, all-or-nothing needs are called or released, projects settle."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import Event
from ledger.deadlines import DeadlineReport, deadlines_run
from ledger.models import Fund, FundMatch, Pledge
from ledger.services import pledge_accept
from projects.models import Project
from tests.factories import FundFactory, NeedFactory
from tests.ledger.factories import OfferedPledgeFactory, scene

pytestmark = pytest.mark.django_db

D = Decimal


def past_deadline(s) -> None:
    Project.objects.filter(pk=s.project.pk).update(pledge_deadline=timezone.now() - timedelta(minutes=5))


def test_an_all_or_nothing_need_short_of_its_target_releases_its_pledges_and_gives_matches_back() -> None:
    s = scene(target_quantity=D("10000"), all_or_nothing=True)
    fund = FundFactory(city=s.project.city)
    accepted = OfferedPledgeFactory(need=s.need, quantity=D("6000"))
    pledge_accept(pledge=accepted, actor=s.officer)
    offered = OfferedPledgeFactory(need=s.need, quantity=D("3000"))
    past_deadline(s)

    report = deadlines_run(now=timezone.now())

    assert report == DeadlineReport(needs_released=1, pledges_released=2, closed=1)
    assert set(Pledge.objects.values_list("status", flat=True)) == {"released"}
    fund.refresh_from_db()
    assert fund.matched_eur == 0 and FundMatch.objects.get().status == FundMatch.Status.RETURNED
    s.project.refresh_from_db()
    assert s.project.status == Project.Status.CLOSED
    for pledge in (accepted, offered):
        event = Event.objects.for_object(pledge).latest("id")
        assert (event.actor, event.to_status) == (None, "released")


def test_an_all_or_nothing_need_that_reached_its_target_is_called_and_the_project_funded() -> None:
    s = scene(target_quantity=D("1000"), all_or_nothing=True)
    Project.objects.filter(pk=s.project.pk).update(pledge_deadline=timezone.now() + timedelta(minutes=5))
    pledge = OfferedPledgeFactory(need=s.need, quantity=D("1000"))
    pledge_accept(pledge=pledge, actor=s.officer)  # funds the project at once: every need covered
    s.project.refresh_from_db()
    assert s.project.status == Project.Status.FUNDED

    report = deadlines_run(now=timezone.now() + timedelta(minutes=10))

    assert report == DeadlineReport()  # a funded project has nothing left to settle
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACCEPTED


def test_at_the_deadline_a_covered_project_is_funded_and_an_uncovered_one_closed() -> None:
    covered = scene(target_quantity=D("1000"), all_or_nothing=True)
    OfferedPledgeFactory(need=covered.need, quantity=D("1000"), status=Pledge.Status.ACCEPTED)
    short = scene(target_quantity=D("1000"))
    OfferedPledgeFactory(need=short.need, quantity=D("999"), status=Pledge.Status.ACCEPTED)
    later = scene()
    past_deadline(covered)
    past_deadline(short)

    report = deadlines_run(now=timezone.now())

    assert report == DeadlineReport(needs_called=1, funded=1, closed=1)
    statuses = dict(Project.objects.values_list("pk", "status"))
    assert statuses == {
        covered.project.pk: "funded",
        short.project.pk: "closed",
        later.project.pk: "published",
    }
    event = Event.objects.for_object(short.project).get()
    assert (event.actor, event.from_status, event.to_status) == (None, "published", "closed")
    assert Pledge.objects.get(need=short.need).status == Pledge.Status.ACCEPTED  # not all-or-nothing: kept


def test_a_second_run_changes_nothing() -> None:
    s = scene(target_quantity=D("1000"), all_or_nothing=True)
    OfferedPledgeFactory(need=s.need, quantity=D("500"), status=Pledge.Status.ACCEPTED)
    OfferedPledgeFactory(need=NeedFactory(project=s.project), expires_at=timezone.now() - timedelta(days=1))
    past_deadline(s)
    now = timezone.now()

    first = deadlines_run(now=now)
    events = Event.objects.count()
    second = deadlines_run(now=now)

    assert first == DeadlineReport(expired=1, needs_released=1, pledges_released=1, closed=1)
    assert second == DeadlineReport()
    assert Event.objects.count() == events


def test_the_run_expires_unanswered_offers_but_leaves_open_projects_alone() -> None:
    s = scene()
    OfferedPledgeFactory(need=s.need, expires_at=timezone.now() - timedelta(seconds=1))

    assert deadlines_run(now=timezone.now()) == DeadlineReport(expired=1)
    s.project.refresh_from_db()
    assert s.project.status == Project.Status.PUBLISHED
    assert Fund.objects.count() == 0
