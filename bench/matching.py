"""Benchmark: score 100,000 companies x 10,000 projects and keep the top 50 both ways.

Prints pairs per second, wall time and peak memory of the compiled kernel, beside a plain-Python
per-pair baseline (the reference scorer plus a heap for the top 50) run on a sample in the same
process, and the ratio. Targets on the 2-core machine: under 6 s, under 1 GB, at least 2,000x.

    .venv/bin/python bench/matching.py [--companies 100000] [--projects 10000] [--baseline-pairs 20000]
"""

import argparse
import heapq
import resource
import sys
import time
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import engine, synthetic


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kB


def python_baseline(companies: engine.Companies, projects: engine.Projects, pairs: int, k: int) -> float:
    """Pairs per second of the obvious loop: one reference score per pair, a heap per company."""
    company_count = max(1, pairs // len(projects))
    project_profiles = [synthetic.project_profile(projects, p) for p in range(len(projects))]
    weights = engine.Weights()
    started = time.perf_counter()
    for c in range(company_count):
        company = synthetic.company_profile(companies, c)
        best: list[tuple[float, int]] = []
        for p, project in enumerate(project_profiles):
            score = engine.score_pair_reference(company, project, weights)
            if len(best) < k:
                heapq.heappush(best, (score, -p))
            elif (score, -p) > best[0]:
                heapq.heapreplace(best, (score, -p))
    return company_count * len(projects) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--baseline-pairs", type=int, default=20_000)
    parser.add_argument("--k", type=int, default=50)
    arguments = parser.parse_args()

    started = time.perf_counter()
    companies = synthetic.companies(arguments.companies, seed=1)
    projects = synthetic.projects(arguments.projects, seed=2)
    generated = time.perf_counter() - started
    weights = engine.Weights()

    started = time.perf_counter()
    engine.top_k(companies.slice(0, 64), projects, weights, k=arguments.k)  # compile, or load the cache
    warmup = time.perf_counter() - started

    started = time.perf_counter()
    top = engine.top_k(companies, projects, weights, k=arguments.k)
    wall = time.perf_counter() - started
    pairs = len(companies) * len(projects)
    rate = pairs / wall

    baseline_rate = python_baseline(companies, projects, arguments.baseline_pairs, arguments.k)

    again = engine.top_k(companies, projects, weights, k=arguments.k)
    same = np.array_equal(top.company_projects, again.company_projects) and np.array_equal(
        top.project_companies, again.project_companies
    )

    print(
        f"companies x projects     {len(companies):,} x {len(projects):,} = {pairs:,} pairs,"
        f" top {arguments.k} both ways"
    )
    print(f"threads                  {numba.get_num_threads()}")
    print(f"synthetic data           {generated:.2f} s; compile/cache load {warmup:.2f} s (not counted)")
    print(f"wall time                {wall:.2f} s   (target < 6 s)")
    print(f"pairs per second         {rate:,.0f}")
    print(f"peak memory (RSS)        {peak_rss_mb():,.0f} MB   (target < 1,024 MB)")
    print(f"plain-Python baseline    {baseline_rate:,.0f} pairs/s on {arguments.baseline_pairs:,} pairs")
    print(f"speed-up                 {rate / baseline_rate:,.0f}x   (target >= 2,000x)")
    print(f"re-run gives same lists  {same}")
    print(
        f"best fit                 {top.company_scores[:, 0].max():.4f}; median 50th-best for a company "
        f"{np.median(top.company_scores[:, -1]):.4f},"
        f" for a project {np.median(top.project_scores[:, -1]):.4f}"
    )


if __name__ == "__main__":
    main()
