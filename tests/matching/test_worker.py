"""The chunk tasks on a real Celery worker: run twice, they stage the same rows.

Needs PostgreSQL and Redis (CI has both); the worker is a subprocess pointed at the test database.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from matching.models import MatchingChunk, MatchingRun
from matching.services import matching_run_prepare
from matching.tasks import matching_chunk
from milanpartner.celery import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_queue(requires_postgres: None):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis")
    queue = f"test-matching-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "CELERY_TASK_ALWAYS_EAGER": "false", "CONN_MAX_AGE": "0"}
    command = [sys.executable, "-m", "celery", "-A", "milanpartner", "worker", "--pool=prefork", "-c", "2",
               "-Q", queue, "--without-gossip", "--without-mingle", "-l", "warning"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT, env=env)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def staged(run: MatchingRun) -> dict[int, bytes]:
    return {chunk.chunk: bytes(chunk.arrays) for chunk in MatchingChunk.objects.filter(run=run)}


def send_chunks(run: MatchingRun, queue: str) -> None:
    results = [matching_chunk.apply_async((run.pk, chunk), queue=queue) for chunk in range(run.chunks_total)]
    deadline = time.monotonic() + 60
    for result in results:
        result.get(timeout=max(1, deadline - time.monotonic()))


@pytest.mark.django_db(transaction=True)
def test_chunk_tasks_rerun_idempotently_on_a_real_worker(seeded_city, worker_queue) -> None:
    run = matching_run_prepare(run=MatchingRun.objects.create(city=seeded_city, chunk_size=15, k=5))
    send_chunks(run, worker_queue)
    first = staged(run)
    assert sorted(first) == [0, 1, 2]
    send_chunks(run, worker_queue)
    assert staged(run) == first
    run.refresh_from_db()
    assert run.chunks_done == run.chunks_total == 3
