"""Latency of the public pages under concurrent load: gunicorn on PostgreSQL, the demo at full scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedmeasure REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/web.py [--clients 20] [--seconds 15] [--workers 4]

Seed the database first (`manage.py migrate` then `seed_demo --companies 100000 --projects 10000`).
Starts gunicorn (production settings: DEBUG off, static files by WhiteNoise), then for each page keeps
`--clients` clients requesting it back to back for `--seconds`, and prints requests per second, median
and p95 latency. The baseline, measured in the same run, is /healthz: the cost of a request that does
nothing, so each page's ratio shows what the page itself adds. Target: p95 under 150 ms at 20 clients.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOST, PORT = "127.0.0.1", 8765


def _pages() -> list[tuple[str, str]]:
    """The pages to measure, on real rows of the seeded city (a project and a neighbourhood in the middle)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milanpartner.settings")
    import django

    django.setup()
    from neighborhoods.models import City
    from projects.models import Project

    city = City.objects.get(slug="milano")
    projects = Project.objects.in_city(city).open_for_pledges().order_by("id")
    project = projects[projects.count() // 2]
    neighbourhood = city.neighbourhoods.order_by("need_rank")[len(city.neighbourhoods.all()) // 2]
    return [
        ("baseline /healthz", "/healthz"),
        ("home", "/milano/"),
        ("catalogue", "/milano/projects/"),
        ("catalogue, filtered", "/milano/projects/?theme=greening&need=funding"),
        ("catalogue, page 40", "/milano/projects/?page=40"),
        ("project page", f"/milano/projects/{project.slug}/"),
        ("neighbourhood page", f"/milano/neighbourhoods/{neighbourhood.code}/"),
    ]


def _load(path: str, clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=3)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database.")
    pages = _pages()

    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, check=True,
                   env={**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
                        "ALLOWED_HOSTS": "localhost"})  # fmt: skip
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "milanpartner.wsgi:application", "--bind", f"{HOST}:{PORT}",
         "--workers", str(options.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection(HOST, PORT, timeout=1).request(
                    "GET", "/healthz", headers={"Host": "localhost"}
                )
                break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn: {options.workers} sync workers; {options.clients} concurrent clients, "
              f"{options.seconds:.0f} s per page after {options.warmup:.0f} s of warm-up")  # fmt: skip
        print(
            f"{'page':<22} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'p95 / baseline':>15} {'errors':>7}"
        )
        baseline_p95 = None
        for name, path in pages:
            _load(path, options.clients, options.warmup)
            latencies, errors = _load(path, options.clients, options.seconds)
            median, p95 = statistics.median(latencies) * 1000, _p95(latencies) * 1000
            baseline_p95 = baseline_p95 or p95
            print(f"{name:<22} {len(latencies) / options.seconds:>8.1f} {median:>10.1f} {p95:>8.1f} "
                  f"{p95 / baseline_p95:>14.1f}x {errors:>7}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
