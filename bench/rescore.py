"""The nightly re-scoring of a whole city on PostgreSQL, spread over two Celery worker processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedmeasure REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/rescore.py [--city milano] [--chunk-size 10000]

Starts `celery worker -c 2` on a queue of its own (one numba thread per process, so the two chunks in
flight share the cores), runs the job through it, prints each stage's time and the total, stops the worker.
Run `manage.py migrate` on the database first.
"""

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milanpartner.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", default="milano")
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=3600)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"

    import django

    django.setup()
    from django.db import transaction

    from companies.models import Company
    from matching.models import MatchingRun
    from matching.services import matching_run_start
    from neighborhoods.models import City
    from projects.models import Project

    city = City.objects.get(slug=options.city)
    print(
        f"{city}: {Company.objects.filter(city=city).count():,} companies, "
        f"{Project.objects.open_for_pledges().in_city(city).count():,} published projects"
    )
    queue = f"bench-rescore-{uuid.uuid4().hex[:8]}"
    worker_env = {**os.environ, "NUMBA_NUM_THREADS": "1", "CONN_MAX_AGE": "0"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "milanpartner", "worker", "--pool=prefork", "-c", "2",
         "-Q", queue, "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=worker_env,
    )  # fmt: skip
    try:
        time.sleep(3)
        started = time.perf_counter()
        with transaction.atomic():
            run = matching_run_start(city=city, chunk_size=options.chunk_size, queue=queue)
        stage_started = {"prepare": started}
        seen = None
        while run.status not in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
            if time.perf_counter() - started > options.timeout:
                sys.exit("timed out")
            time.sleep(0.5)
            run.refresh_from_db()
            stage_started.setdefault(run.stage, time.perf_counter())
            if run.chunks_total and run.chunks_done == run.chunks_total:
                # Finalize commits its stage with its data, so "all chunks done" is when it starts.
                stage_started.setdefault("finalize", time.perf_counter())
            state = (run.stage, run.chunks_done)
            if state != seen:
                elapsed = time.perf_counter() - started
                print(f"  [{elapsed:7.1f} s] {run.stage}: {run.chunks_done}/{run.chunks_total}")
                seen = state
        ended = time.perf_counter()
        total = ended - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    if run.status == MatchingRun.Status.FAILED:
        sys.exit(f"run failed: {run.error}")
    score_started = stage_started.get("score", started)
    finalize_started = stage_started.get("finalize", score_started)
    wall = {
        "prepare": score_started - started,
        "score (chunks)": finalize_started - score_started,
        "finalize": ended - finalize_started,
    }
    print(f"\nrun {run.pk}: {run.chunks_total} chunks of {run.chunk_size:,}; counts {run.counts}")
    print(
        "wall clock per stage (s):  " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in wall.items())
    )
    print(f"prepare   load {run.timings['prepare']['load']:.1f}  store {run.timings['prepare']['store']:.1f}")
    chunks = run.timings["chunks"]
    print(
        f"chunks    load {chunks['load']:.1f}  score {chunks['score']:.1f}  store {chunks['store']:.1f}"
        "  (summed over chunks, two at a time)"
    )
    final = run.timings["finalize"]
    print(
        f"finalize  load {final['load']:.1f}  merge {final['merge']:.1f}"
        f"  columns {final.get('columns', 0):.1f}  store {final['store']:.1f}"
    )
    print(f"total     {total:.1f} s (run's own: {run.timings.get('total')} s)")


if __name__ == "__main__":
    main()
