"""Latency of the public pages under concurrent load: gunicorn on PostgreSQL, the demo at full scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedmeasure REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/web.py [--clients 20] [--seconds 15] [--workers 4] [--change-every 2] \
        [--modes cached,changing,cold]

Seed the database first (`manage.py migrate` then `seed_demo --companies 100000 --projects 10000`).
Starts gunicorn (production settings: DEBUG off, static files by WhiteNoise, the page cache in Redis),
then for each page keeps `--clients` clients requesting it back to back for `--seconds`, and prints
requests per second, median and p95 latency. Each page is a pool of real URLs (100 project pages, 88
neighbourhoods, 50 catalogue pages, 21 filter combinations), each client drawing its next URL at random.

Three modes, each on its own gunicorn:
- cached: production as deployed. Anonymous pages come from the page cache (milanpartner/cache.py);
  every URL of the pool is requested once before the clock starts, as an earlier visitor would have.
- changing: the same, while the city changes every --change-every seconds: each change does to the cache
  what a recorded change does (milanpartner.cache.public_pages_expire), nine in ten on a random open
  project (its page, its neighbourhood's page and the city's lists go stale), one in ten on no project
  (every page goes stale). The demo's 113,000 recorded changes are those of a whole city over years;
  a change every 2 s is 43,200 a day. The database itself is left as seeded.
- cold: the page cache off (PUBLIC_PAGE_CACHE_SECONDS=0): every request renders from the database.
  Also printed: one client alone, the cost of one rendering without queueing.
The baseline, measured in the same run, is /healthz: the cost of a request that does nothing, so each
page's ratio shows what the page itself adds. Target: p95 under 150 ms at 20 clients.
"""

import argparse
import http.client
import os
import random
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
HEADERS = {"Host": "localhost", "X-Forwarded-Proto": "https"}
CHANGEABLE: list[tuple[str, str]] = []  # (project slug, neighbourhood code) of the city's open projects


def _pages() -> list[tuple[str, list[str]]]:
    """The pages to measure, each a pool of URLs on real rows of the seeded city."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milanpartner.settings")
    import django

    django.setup()
    from neighborhoods.models import City
    from projects.models import Need, Project
    from taxonomy.models import Theme

    city = City.objects.get(slug="milano")
    open_projects = Project.objects.in_city(city).open_for_pledges().order_by("id")
    slugs = list(open_projects.values_list("slug", flat=True))
    CHANGEABLE.extend(open_projects.values_list("slug", "neighbourhood__code"))
    step = max(1, len(slugs) // 100)
    codes = list(city.neighbourhoods.order_by("need_rank").values_list("code", flat=True))
    themes = list(Theme.objects.order_by("position").values_list("code", flat=True))
    return [
        ("baseline /healthz", ["/healthz"]),
        ("home", ["/milano/"]),
        ("catalogue", ["/milano/projects/"]),
        (
            "catalogue, filtered",
            [f"/milano/projects/?theme={theme}&need={kind}" for theme in themes for kind in Need.Kind.values],
        ),
        ("catalogue, pages", [f"/milano/projects/?page={page}" for page in range(1, 51)]),
        ("project page", [f"/milano/projects/{slug}/" for slug in slugs[::step][:100]]),
        ("neighbourhood page", [f"/milano/neighbourhoods/{code}/" for code in codes]),
    ]


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    response.read()
    return response.status


def _load(paths: list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(seed: int) -> None:
        nonlocal errors
        draw = random.Random(seed)
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop:
            path = draw.choice(paths)
            started = time.perf_counter()
            try:
                if _get(connection, path) != 200:
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

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def _changing(every: float, stop: threading.Event) -> list[int]:
    """Record a change in the city every `every` seconds until stopped; returns [changes made]."""
    from milanpartner.cache import public_pages_expire

    made = [0]

    def run() -> None:
        draw = random.Random(7)
        while not stop.wait(every):
            if draw.random() < 0.1:
                public_pages_expire("milano")
            else:
                slug, code = draw.choice(CHANGEABLE)
                public_pages_expire("milano", project_slug=slug, neighbourhood_code=code)
            made[0] += 1

    threading.Thread(target=run, daemon=True).start()
    return made


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _serve(workers: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "milanpartner.wsgi:application", "--bind", f"{HOST}:{PORT}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            _get(http.client.HTTPConnection(HOST, PORT, timeout=1), "/healthz")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def _measure(mode: str, pages: list[tuple[str, list[str]]], options: argparse.Namespace) -> None:
    print(f"\n{mode}:")
    header = f"{'page':<22} {'urls':>5} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'p95/base':>9}"
    header += f" {'errors':>7}"
    print(header + ("  1 client: median, p95 ms" if mode == "cold" else ""))
    baseline_p95 = None
    for name, paths in pages:
        if mode != "cold":  # every URL once, as earlier visitors would have, then the warm-up
            connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
            for path in paths:
                _get(connection, path)
            connection.close()
        _load(paths, options.clients, options.warmup)
        stop = threading.Event()
        changes = _changing(options.change_every, stop) if mode == "changing" else [0]
        latencies, errors = _load(paths, options.clients, options.seconds)
        stop.set()
        median, p95 = statistics.median(latencies) * 1000, _p95(latencies) * 1000
        baseline_p95 = baseline_p95 or p95
        line = (f"{name:<22} {len(paths):>5} {len(latencies) / options.seconds:>8.1f} {median:>10.1f} "
                f"{p95:>8.1f} {p95 / baseline_p95:>8.1f}x {errors:>7}")  # fmt: skip
        if mode == "changing":
            line += f"  {changes[0]} changes"
        if mode == "cold":
            alone, _ = _load(paths, 1, min(options.seconds, 5))
            line += f"  {statistics.median(alone) * 1000:>10.1f} {_p95(alone) * 1000:>6.1f}"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--modes", default="cached,changing,cold")
    parser.add_argument("--change-every", type=float, default=2.0, help="seconds between changes (changing)")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database.")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: production caches pages in Redis.")
    pages = _pages()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, check=True,
                   env=env)  # fmt: skip
    print(f"gunicorn: {options.workers} sync workers; {options.clients} concurrent clients, "
          f"{options.seconds:.0f} s per page after {options.warmup:.0f} s of warm-up; "
          f"changing: a change every {options.change_every:g} s")  # fmt: skip
    for mode in options.modes.split(","):
        cache_seconds = "0" if mode == "cold" else os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300")
        server = _serve(options.workers, {**env, "PUBLIC_PAGE_CACHE_SECONDS": cache_seconds})
        try:
            _measure(mode, pages, options)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
