"""The schedule's jobs on a real Celery worker, each sent twice at once and once more: nothing happens twice.

Needs PostgreSQL and Redis (CI has both); the worker is a subprocess pointed at the test database, with a
queue of its own that the e-mail and matching tasks the jobs enqueue also go to. Its e-mails go to the
console, so its output counts what was really sent.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from audit.models import Event
from matching.models import MatchingRun
from milanpartner.celery import app
from notifications.models import Notification, NotificationKind
from notifications.tasks import jobs_hourly, jobs_nightly, jobs_weekly
from projects.models import Application, Call
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CompanyMemberFactory,
    MatchFactory,
    NeedFactory,
    NgoMemberFactory,
    OfficerFactory,
    PledgeFactory,
    ProjectFactory,
)

ROOT = Path(__file__).resolve().parents[2]
Kind = NotificationKind


@pytest.fixture
def worker(requires_postgres: None, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis")
    queue = f"test-jobs-{uuid.uuid4().hex[:8]}"
    output = tmp_path / "worker.out"
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env = {
        **os.environ, "DATABASE_URL": url, "CELERY_TASK_ALWAYS_EAGER": "false", "CONN_MAX_AGE": "0",
        "CELERY_DEFAULT_QUEUE": queue, "EMAIL_URL": "console:", "PYTHONUNBUFFERED": "1",
    }  # fmt: skip
    command = [sys.executable, "-m", "celery", "-A", "milanpartner", "worker", "--pool=prefork", "-c", "3",
               "-Q", queue, "--without-gossip", "--without-mingle", "-l", "warning"]  # fmt: skip
    with output.open("w") as stdout:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.STDOUT)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue, output
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_twice_at_once_then_again(task, queue: str, *args: object) -> list:
    """Two deliveries racing each other, then a re-run once they are done: each result."""
    racing = [task.apply_async(args, queue=queue) for _ in range(2)]
    results = [result.get(timeout=60) for result in racing]
    return [*results, task.apply_async(args, queue=queue).get(timeout=60)]


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


def a_city_with_something_due():
    now = timezone.now()
    officer = OfficerFactory()
    city = officer.city
    closing = CallFactory(city=city, owner=officer.user, opens_at=now - timedelta(days=20), deadline=now)
    applicant = NgoMemberFactory(city=city)
    ApplicationFactory(call=closing, organisation=applicant.organisation)
    soon = CallFactory(city=city, opens_at=now - timedelta(days=20), deadline=now + timedelta(days=2))
    drafting = NgoMemberFactory(city=city, user__language="en")
    ApplicationFactory(
        call=soon, organisation=drafting.organisation, status=Application.Status.DRAFT, submitted_at=None
    )
    project = ProjectFactory(
        neighbourhood__city=city, owner=officer.user, pledge_deadline=now + timedelta(days=2)
    )
    company = CompanyMemberFactory(city=city)
    PledgeFactory(need=NeedFactory(project=project), company=company.company)
    MatchFactory(project=project, company=company.company, rank_for_company=1)
    return city, closing


@pytest.mark.django_db(transaction=True)
def test_the_schedules_jobs_rerun_on_a_real_worker_without_duplicates(worker) -> None:
    queue, output = worker
    city, closing = a_city_with_something_due()

    hourly = run_twice_at_once_then_again(jobs_hourly, queue)
    weekly = run_twice_at_once_then_again(jobs_weekly, queue)
    nightly = run_twice_at_once_then_again(jobs_nightly, queue, queue)

    assert sorted(report["calls closed"] for report in hourly) == [0, 0, 1]
    assert sorted(report["digests sent"] for report in weekly) == [0, 0, 1]
    assert sorted(report["matching runs started"] for report in nightly) == [0, 0, 1]
    assert Call.objects.get(pk=closing.pk).status == Call.Status.CLOSED
    assert MatchingRun.objects.filter(city=city).count() == 1

    sent = dict(Notification.objects.values_list("kind").annotate(n=Count("id")))
    assert sent == {
        Kind.CALL_CLOSED: 2,  # its officer and the NGO that applied
        Kind.CALL_DEADLINE_SOON: 1,  # the NGO with a draft
        Kind.PLEDGE_DEADLINE_SOON: 2,  # the project's officer and the company with an offer waiting
        Kind.WEEKLY_DIGEST: 1,
    }
    wait_until(lambda: not Notification.objects.awaiting_email().exists())
    wait_until(lambda: MatchingRun.objects.filter(city=city, status__in=["done", "failed"]).exists())
    time.sleep(1)  # the console flushes the last message
    assert output.read_text().count("\nSubject: ") == Notification.objects.count() == 6

    moves = Event.objects.filter(action=Event.Action.TRANSITION).values(
        "content_type", "object_id", "to_status"
    )
    assert not moves.annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Event.objects.filter(object_id=closing.pk, to_status="closed").count() == 1
