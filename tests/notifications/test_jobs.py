"""The scheduled jobs: deadlines, reminders, digests and the nightly runs, each harmless when run again."""

from datetime import timedelta
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audit.models import Event
from ledger.models import Pledge
from matching.models import MatchingRun
from milanpartner.celery import app
from notifications import jobs
from notifications.models import Notification, NotificationKind
from projects.models import Application, Call
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CityFactory,
    CompanyMemberFactory,
    MatchFactory,
    NeedFactory,
    NgoMemberFactory,
    OfficerFactory,
    PledgeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
Kind = NotificationKind


def recipients(kind: NotificationKind) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_hourly_job_closes_due_calls_tells_the_applicants_and_a_rerun_does_nothing_more(
    committed,
) -> None:
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=20), deadline=now - timedelta(hours=1))
    applicant = NgoMemberFactory(city=call.city)
    ApplicationFactory(call=call, organisation=applicant.organisation)

    first = committed(jobs.hourly, now=now)
    again = committed(jobs.hourly, now=now)

    assert first["calls closed"] == 1 and again["calls closed"] == 0
    assert Call.objects.get().status == Call.Status.CLOSED
    assert Event.objects.filter(to_status="closed").count() == 1
    assert recipients(Kind.CALL_CLOSED) == {applicant.user.username}
    assert len(mail.outbox) == 1


def test_pledge_deadline_reminders_go_to_the_officer_and_the_companies_with_offers_waiting(committed) -> None:
    now = timezone.now()
    officer = OfficerFactory()
    project = ProjectFactory(
        neighbourhood__city=officer.city, owner=officer.user, pledge_deadline=now + timedelta(days=2)
    )
    need = NeedFactory(project=project)
    waiting = CompanyMemberFactory(city=officer.city)
    PledgeFactory(need=need, company=waiting.company)
    answered = CompanyMemberFactory(city=officer.city)
    PledgeFactory(need=need, company=answered.company, status=Pledge.Status.ACCEPTED)
    later = ProjectFactory(
        neighbourhood__city=officer.city, owner=officer.user, pledge_deadline=now + timedelta(days=4)
    )
    NeedFactory(project=later)

    assert committed(jobs.pledge_deadline_reminders, now=now) == 2
    assert committed(jobs.pledge_deadline_reminders, now=now + timedelta(hours=1)) == 0

    assert recipients(Kind.PLEDGE_DEADLINE_SOON) == {officer.user.username, waiting.user.username}
    assert set(Notification.objects.values_list("object_id", flat=True)) == {project.pk}
    assert len(mail.outbox) == 2


def test_a_moved_deadline_is_reminded_again() -> None:
    now = timezone.now()
    officer = OfficerFactory()
    project = ProjectFactory(
        neighbourhood__city=officer.city, owner=officer.user, pledge_deadline=now + timedelta(days=1)
    )
    jobs.pledge_deadline_reminders(now=now)
    project.pledge_deadline = now + timedelta(days=2)
    project.save()

    assert jobs.pledge_deadline_reminders(now=now) == 1


def test_call_deadline_reminders_go_to_the_ngos_with_a_draft_only() -> None:
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=20), deadline=now + timedelta(days=3))
    drafting = NgoMemberFactory(city=call.city, user__language="en")
    ApplicationFactory(
        call=call, organisation=drafting.organisation, status=Application.Status.DRAFT, submitted_at=None
    )
    submitted = NgoMemberFactory(city=call.city)
    ApplicationFactory(call=call, organisation=submitted.organisation)

    assert jobs.call_deadline_reminders(now=now) == 1
    assert jobs.call_deadline_reminders(now=now) == 0

    notification = Notification.objects.get()
    assert notification.recipient == drafting.user
    assert notification.subject.startswith(f"“{call.title}” closes on ")
    assert notification.subject.endswith("your application is a draft")


def test_the_weekly_digest_lists_each_companys_best_new_matches_once_a_week(committed) -> None:
    now = timezone.now()
    member = CompanyMemberFactory(user__language="it")
    new = [
        ProjectFactory(neighbourhood__city=member.city, published_at=now - timedelta(days=day))
        for day in (1, 2)
    ]
    old = ProjectFactory(neighbourhood__city=member.city, published_at=now - timedelta(days=9))
    for rank, project in enumerate([old, *new], start=1):
        MatchFactory(project=project, company=member.company, rank_for_company=rank, score=0.9 - rank / 10)
    CompanyMemberFactory(city=member.city)  # a company with no new match gets no digest

    report = committed(jobs.weekly, now=now)
    again = committed(jobs.weekly, now=now)

    assert report == {"companies with new matches": 1, "digests sent": 1}
    assert again["digests sent"] == 0
    digest = Notification.objects.get()
    assert digest.subject == f"I nuovi progetti più adatti a {member.company.legal_name}"
    assert [new[0].title in digest.body, new[1].title in digest.body, old.title in digest.body] == [
        True,
        True,
        False,
    ]
    assert digest.body.index(new[0].title) < digest.body.index(new[1].title)  # best first
    assert len(mail.outbox) == 1


def test_the_nightly_job_starts_each_citys_run_once_a_day(django_capture_on_commit_callbacks) -> None:
    cities = [CityFactory(), CityFactory()]
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        first = jobs.nightly(now=now)
        again = jobs.nightly(now=now)

    assert first == {"matching runs started": 2, "cities already run today": 0}
    assert again == {"matching runs started": 0, "cities already run today": 2}
    assert sorted(MatchingRun.objects.values_list("city", flat=True)) == sorted(city.pk for city in cities)
    assert len(enqueued) == 2


def test_the_hourly_job_sends_the_emails_whose_task_was_lost() -> None:
    officer = OfficerFactory()
    call = CallFactory(city=officer.city, owner=officer.user)
    Notification.objects.create(
        recipient=officer.user, kind=Kind.CALL_CLOSED, dedupe_key=f"call:{call.pk}", subject="s", body="b",
        language="it",
    )  # fmt: skip
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))

    assert jobs.hourly(now=timezone.now())["late e-mails sent"] == 1
    assert jobs.hourly(now=timezone.now())["late e-mails sent"] == 0
    assert len(mail.outbox) == 1


def test_the_hourly_job_runs_the_ledgers_deadlines_when_they_exist() -> None:
    report = jobs.hourly(now=timezone.now())

    try:
        import ledger.deadlines  # noqa: F401
    except ImportError:
        assert report["ledger deadlines"] == "not available"
    else:
        assert report["ledger deadlines"] != "not available"


def test_run_jobs_runs_a_job_by_hand_and_prints_what_it_did() -> None:
    now = timezone.now()
    CallFactory(opens_at=now - timedelta(days=20), deadline=now - timedelta(hours=1))
    out = StringIO()

    call_command("run_jobs", "hourly", stdout=out)

    assert "hourly:" in out.getvalue() and "calls closed: 1" in out.getvalue()
    assert Call.objects.get().status == Call.Status.CLOSED


def test_the_beat_schedule_runs_registered_tasks_nightly_hourly_and_on_monday_mornings_in_rome() -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE
    app.loader.import_default_modules()

    assert settings.CELERY_TIMEZONE == "Europe/Rome"
    assert all(entry["task"] in app.tasks for entry in schedule.values())
    assert schedule["nightly-matching"]["schedule"] == crontab(hour=2, minute=30)
    assert schedule["hourly-deadlines"]["schedule"] == crontab(minute=5)
    assert schedule["weekly-digests"]["schedule"] == crontab(hour=8, minute=0, day_of_week="mon")
