"""The scheduled jobs: what beat runs (see CELERY_BEAT_SCHEDULE) and `run_jobs` runs by hand.

Each returns a report (what it did, as counts) and may run twice, or twice at once, harmlessly: a city
runs its matching once a day, a call or a pledge moves once, and a reminder or a digest is a
notification whose dedupe key (the deadline, the week) the database keeps unique per recipient.
"""

import dataclasses
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ledger.models import Pledge
from matching.models import Match, MatchingRun
from matching.services import matching_run_start
from neighborhoods.models import City
from notifications.models import Notification, NotificationKind
from notifications.recipients import members_by_company, organisation_members
from notifications.services import notification_email_deliver, notifications_send
from projects.applications import calls_close_due
from projects.models import Application, ApplicationStatus, Call, CallStatus, Project

Report = dict[str, Any]

REMINDER_AHEAD = timedelta(days=3)
DIGEST_SIZE = 5
# An e-mail still unsent this long after its notification was recorded lost its task: the hourly job sends it.
EMAIL_GRACE = timedelta(minutes=15)


def _local_midnight(now: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))


# --- nightly ----------------------------------------------------------------------------------------


def nightly(*, now: datetime, queue: str | None = None) -> Report:
    """Start each city's matching run, unless the city already had one today."""
    started = skipped = 0
    for city_id in City.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            # The city's row lock makes "started today?" and the start one step against a concurrent run.
            city = City.objects.select_for_update().get(pk=city_id)
            if MatchingRun.objects.filter(city=city, created_at__gte=_local_midnight(now)).exists():
                skipped += 1
                continue
            matching_run_start(city=city, queue=queue)
            started += 1
    return {"matching runs started": started, "cities already run today": skipped}


# --- hourly -----------------------------------------------------------------------------------------


def pledge_deadline_reminders(*, now: datetime) -> int:
    """Projects whose pledges close within 3 days: their officer, and the companies with offers waiting."""
    sent = 0
    due = Project.objects.open_for_pledges().filter(
        pledge_deadline__gt=now, pledge_deadline__lte=now + REMINDER_AHEAD
    )
    for project in due.select_related("owner").order_by("pk"):
        offering = Pledge.objects.filter(need__project=project, status=Pledge.Status.OFFERED).values_list(
            "company_id", flat=True
        )
        companies = members_by_company(set(offering))
        recipients = [project.owner, *(user for members in companies.values() for user in members)]
        sent += len(
            notifications_send(
                recipients=recipients,
                kind=NotificationKind.PLEDGE_DEADLINE_SOON,
                dedupe_key=f"project:{project.pk}:{project.pledge_deadline:%Y%m%d%H%M}",
                context={"project": project, "deadline": project.pledge_deadline},
                about=project,
            )
        )
    return sent


def call_deadline_reminders(*, now: datetime) -> int:
    """Open calls closing within 3 days: the NGOs that started an application and have not submitted it."""
    sent = 0
    due = Call.objects.filter(status=CallStatus.OPEN, deadline__gt=now, deadline__lte=now + REMINDER_AHEAD)
    for call in due.order_by("pk"):
        drafting = Application.objects.filter(call=call, status=ApplicationStatus.DRAFT).values_list(
            "organisation_id", flat=True
        )
        sent += len(
            notifications_send(
                recipients=organisation_members(drafting),
                kind=NotificationKind.CALL_DEADLINE_SOON,
                dedupe_key=f"call:{call.pk}:{call.deadline:%Y%m%d%H%M}",
                context={"call": call, "deadline": call.deadline},
                about=call,
            )
        )
    return sent


def emails_unsent(*, now: datetime) -> int:
    """Send the e-mails whose task was lost (a broker outage); each is claimed, so none goes twice."""
    waiting = Notification.objects.awaiting_email().filter(created_at__lte=now - EMAIL_GRACE)
    return sum(notification_email_deliver(notification_id=pk) for pk in waiting.values_list("pk", flat=True))


def _ledger_deadlines(now: datetime) -> Any:
    try:
        from ledger.deadlines import deadlines_run  # the ledger's own hourly transitions
    except ImportError:
        return "not available"
    report = deadlines_run(now=now)
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    return report if isinstance(report, int | str | dict | list) else str(report)


def hourly(*, now: datetime) -> Report:
    """Deadlines: the ledger's (expired offers, projects past their deadline), calls, and reminders."""
    ledger = _ledger_deadlines(now)
    closed = calls_close_due(now=now)
    return {
        "ledger deadlines": ledger,
        "calls closed": len(closed),
        "pledge deadline reminders": pledge_deadline_reminders(now=now),
        "call deadline reminders": call_deadline_reminders(now=now),
        "late e-mails sent": emails_unsent(now=now),
    }


# --- weekly -----------------------------------------------------------------------------------------


def _week_key(now: datetime) -> str:
    year, week, _day = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def weekly(*, now: datetime) -> Report:
    """Each company's members get the best matches among the projects published in the past week."""
    since = now - timedelta(days=7)
    new_matches = (
        Match.objects.filter(
            rank_for_company__isnull=False,
            project__status=Project.Status.PUBLISHED,
            project__published_at__gt=since,
            project__published_at__lte=now,
        )
        .select_related("project__neighbourhood", "company")
        .order_by("company_id", "rank_for_company")
    )
    best: dict[int, list[Match]] = {}
    for match in new_matches:
        matches = best.setdefault(match.company_id, [])
        if len(matches) < DIGEST_SIZE:
            matches.append(match)
    members = members_by_company(best)
    sent = 0
    for company_id, matches in best.items():
        sent += len(
            notifications_send(
                recipients=members.get(company_id, []),
                kind=NotificationKind.WEEKLY_DIGEST,
                dedupe_key=_week_key(now),
                context={"company": matches[0].company, "matches": matches},
                about=matches[0].company,
            )
        )
    return {"companies with new matches": len(best), "digests sent": sent}


JOBS = {"nightly": nightly, "hourly": hourly, "weekly": weekly}
