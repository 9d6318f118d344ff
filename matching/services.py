"""Writes for matching: the nightly re-scoring of a city in three stages, and the refresh of one side.

A run: `matching_run_prepare` fixes the inputs every chunk shares (project arrays, text vectors, company
ids) in the database, so chunks may run on any machine; `matching_chunk_score` scores one slice of
companies against every project and stages its lists, replacing whatever a previous attempt staged;
`matching_run_finalize` merges the project-side candidates and replaces the city's matches in one
transaction. Every stage can run twice and leaves the same rows.
"""

import math
import time
from collections.abc import Callable
from dataclasses import asdict

import numpy as np
from django.db import transaction
from django.utils import timezone

from companies.models import Company
from matching import engine
from matching.models import Match, MatchingChunk, MatchingRun, MatchingRunInput
from matching.selectors import (
    MatchingInputs,
    TextVectors,
    matching_company_ids,
    matching_inputs,
    matching_text_vectors,
    matching_weights,
)
from matching.storage import (
    ProjectFacts,
    arrays_dump,
    arrays_load,
    match_columns,
    matches_insert,
    pair_table,
)
from neighborhoods.models import City
from projects.models import Project

K = 50
CHUNK_SIZE = 10_000
_PROJECT_FIELDS = tuple(engine.Projects.__dataclass_fields__)


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(self.timings.get(name, 0.0) + now - self._last, 3)
        self._last = now


@transaction.atomic
def matching_run_start(
    *, city: City, chunk_size: int = CHUNK_SIZE, k: int = K, queue: str | None = None
) -> MatchingRun:
    """Create a run and enqueue its job once the run is committed."""
    from matching import tasks  # tasks import this module: the job is enqueued through them

    run = MatchingRun.objects.create(city=city, chunk_size=chunk_size, k=k)
    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: tasks.matching_run.apply_async((run.id,), {"queue": queue}, **options))
    return run


@transaction.atomic
def matching_run_prepare(*, run: MatchingRun) -> MatchingRun:
    """Stage (a): fit the text space, build the project arrays and fix the company ids of each chunk."""
    clock = _Clock()
    weights = matching_weights(city=run.city)
    text = matching_text_vectors(city=run.city)
    company_ids = matching_company_ids(city=run.city)
    inputs = matching_inputs(city=run.city, company_ids=[], text=text, half_km=weights.proximity_half_km)
    clock.lap("load")
    arrays = {f"project_{name}": getattr(inputs.projects, name) for name in _PROJECT_FIELDS}
    MatchingRunInput.objects.update_or_create(
        run=run,
        defaults={
            "arrays": arrays_dump(
                **arrays,
                project_ids=inputs.project_ids,
                priority_rank=inputs.priority_rank,
                neighbourhood_top_share=inputs.neighbourhood_top_share,
                company_ids=company_ids,
                text_company_ids=text.company_ids,
                text_company_vectors=text.company_vectors,
                text_project_ids=text.project_ids,
                text_project_vectors=text.project_vectors,
            )
        },
    )
    MatchingChunk.objects.filter(run=run).delete()
    clock.lap("store")
    run.status = MatchingRun.Status.RUNNING
    run.stage = MatchingRun.Stage.SCORE
    run.started_at = run.started_at or timezone.now()
    run.chunks_total = math.ceil(len(company_ids) / run.chunk_size)
    run.chunks_done = 0
    run.weights = asdict(weights)
    run.timings = {"prepare": clock.timings}
    run.counts = {"companies": len(company_ids), "projects": len(inputs.project_ids)}
    run.save()
    return run


def _run_weights(run: MatchingRun) -> engine.Weights:
    return engine.Weights(**run.weights) if run.weights else matching_weights(city=run.city)


def _projects_of(stored: dict[str, np.ndarray]) -> engine.Projects:
    return engine.Projects(**{name: stored[f"project_{name}"] for name in _PROJECT_FIELDS})


def _text_of(stored: dict[str, np.ndarray]) -> TextVectors:
    return TextVectors(
        company_ids=stored["text_company_ids"],
        company_vectors=stored["text_company_vectors"],
        project_ids=stored["text_project_ids"],
        project_vectors=stored["text_project_vectors"],
    )


@transaction.atomic
def matching_chunk_score(*, run: MatchingRun, chunk: int) -> MatchingChunk:
    """Stage (b): one slice of companies against every project; stages both sides' lists of the slice."""
    clock = _Clock()
    stored = arrays_load(MatchingRunInput.objects.get(run=run).arrays)
    weights = _run_weights(run)
    company_ids = stored["company_ids"][chunk * run.chunk_size : (chunk + 1) * run.chunk_size]
    projects = _projects_of(stored)
    inputs = matching_inputs(
        city=run.city,
        company_ids=company_ids,
        project_ids=[],
        text=_text_of(stored),
        half_km=weights.proximity_half_km,
    )
    clock.lap("load")
    top = engine.top_k(inputs.companies, projects, weights, k=run.k)
    arrays = _chunk_arrays(inputs, projects, top)
    clock.lap("score")
    MatchingChunk.objects.filter(run=run, chunk=chunk).delete()
    staged = MatchingChunk.objects.create(
        run=run, chunk=chunk, companies=len(inputs.company_ids), arrays=arrays_dump(**arrays)
    )
    clock.lap("store")
    staged.timings = clock.timings
    staged.save(update_fields=["timings"])
    done = MatchingChunk.objects.filter(run=run).count()
    MatchingRun.objects.filter(pk=run.pk).update(chunks_done=min(done, run.chunks_total))
    return staged


def _chunk_arrays(
    inputs: MatchingInputs, projects: engine.Projects, top: engine.TopK
) -> dict[str, np.ndarray]:
    """Both sides' lists of a chunk, by Company id, and every listed pair's explanation facts."""
    company_rows, company_cols = np.nonzero(top.company_projects >= 0)
    side_c = np.stack([company_rows, top.company_projects[company_rows, company_cols]], axis=1)
    project_rows, project_cols = np.nonzero(top.project_companies >= 0)
    side_p = np.stack([top.project_companies[project_rows, project_cols], project_rows], axis=1)
    score_c = top.company_scores[company_rows, company_cols]
    score_p = top.project_scores[project_rows, project_cols]
    pairs, first = np.unique(np.concatenate([side_c, side_p]).astype(np.int64), axis=0, return_index=True)
    pair_scores = np.concatenate([score_c, score_p])[first]
    table = pair_table(
        inputs.companies,
        projects,
        company_index=pairs[:, 0],
        project_index=pairs[:, 1],
        distance_km=inputs.distance_km,
        nearest_site=inputs.nearest_site,
        site_ids=inputs.site_ids,
    )
    project_companies = np.where(
        top.project_companies >= 0, inputs.company_ids[np.maximum(top.project_companies, 0)], -1
    )
    return {
        "company_ids": inputs.company_ids,
        "company_projects": top.company_projects,
        "project_companies": project_companies.astype(np.int64),
        "project_scores": top.project_scores,
        "pair_company": inputs.company_ids[pairs[:, 0]] if len(pairs) else np.zeros(0, np.int64),
        "pair_project": pairs[:, 1],
        "pair_score": pair_scores.astype(np.float32),
        **{f"pair_{name}": values for name, values in table.items()},
    }


@transaction.atomic
def matching_run_finalize(*, run: MatchingRun) -> MatchingRun:
    """Stage (c): merge the chunks' project-side candidates and replace the city's matches."""
    clock = _Clock()
    stored = arrays_load(MatchingRunInput.objects.get(run=run).arrays)
    chunks = [
        arrays_load(staged.arrays) for staged in MatchingChunk.objects.filter(run=run).order_by("chunk")
    ]
    if len(chunks) != run.chunks_total:
        raise RuntimeError(f"run {run.pk}: {len(chunks)} of {run.chunks_total} chunks are staged")
    clock.lap("load")
    project_count = len(stored["project_ids"])
    with_pairs = [chunk for chunk in chunks if len(chunk["pair_company"])]
    # Pair keys: company id x projects + project index, unique across chunks (a company is in one chunk).
    keys = np.concatenate(
        [c["pair_company"] * project_count + c["pair_project"] for c in with_pairs] or [np.zeros(0, np.int64)]
    )
    order = np.argsort(keys, kind="stable")
    keys = keys[order]

    def pair_column(name: str) -> np.ndarray:
        return np.concatenate([c[f"pair_{name}"] for c in with_pairs])[order]

    rank_company = np.zeros(len(keys), np.int16)
    for chunk in with_pairs:
        rows, cols = np.nonzero(chunk["company_projects"] >= 0)
        chunk_keys = chunk["company_ids"][rows] * project_count + chunk["company_projects"][rows, cols]
        rank_company[np.searchsorted(keys, chunk_keys)] = cols + 1
    rank_project = np.zeros(len(keys), np.int16)
    if with_pairs and project_count:
        merged, _ = engine.merge_project_tops(
            [(c["project_companies"], c["project_scores"]) for c in with_pairs], k=run.k
        )
        rows, cols = np.nonzero(merged >= 0)
        rank_project[np.searchsorted(keys, merged[rows, cols] * project_count + rows)] = cols + 1
    keep = (rank_company > 0) | (rank_project > 0)
    clock.lap("merge")
    table = {name: pair_column(name)[keep] for name in (
        "components", "capacity_applies", "skills_applies", "site", "km", "common_themes", "common_skills",
        "budget_share", "hours_share", "affinity", "pledged_theme", "score", "project", "company",
    )}  # fmt: skip
    projects = _projects_of(stored)
    columns = match_columns(
        city_id=run.city_id,
        run_id=run.pk,
        computed_at=timezone.now(),
        company_ids=table["company"],
        project_ids=stored["project_ids"][table["project"]],
        project_index=table["project"],
        scores=table["score"],
        table=table,
        facts=ProjectFacts(
            neighbourhood=projects.neighbourhood,
            need=projects.need,
            priority_rank=stored["priority_rank"],
            top_share=stored["neighbourhood_top_share"],
        ),
        rank_for_company=rank_company[keep],
        rank_for_project=rank_project[keep],
    )
    clock.lap("columns")
    chunk_timings = _chunk_totals(run)
    Match.objects.filter(city=run.city).delete()
    written = matches_insert(columns) - _drop_orphans(city=run.city)
    MatchingChunk.objects.filter(run=run).delete()
    MatchingRunInput.objects.filter(run=run).delete()
    clock.lap("store")
    run.refresh_from_db()
    run.timings = {**run.timings, "chunks": chunk_timings, "finalize": clock.timings}
    run.counts = {**run.counts, "matches": written}
    run.status = MatchingRun.Status.DONE
    run.stage = MatchingRun.Stage.DONE
    run.chunks_done = run.chunks_total
    run.finished_at = timezone.now()
    run.timings["total"] = (
        round((run.finished_at - run.started_at).total_seconds(), 3) if run.started_at else None
    )
    run.save()
    return run


def _chunk_totals(run: MatchingRun) -> dict[str, float]:
    totals: dict[str, float] = {}
    for timings in MatchingChunk.objects.filter(run=run).values_list("timings", flat=True):
        for name, seconds in timings.items():
            totals[name] = round(totals.get(name, 0.0) + seconds, 3)
    return totals


@transaction.atomic
def _drop_orphans(*, city: City) -> int:
    """Rows of a company or project deleted while the job ran: Match has no database foreign keys."""
    matches = Match.objects.filter(city=city)
    return (
        matches.exclude(company__in=Company.objects.filter(city=city)).delete()[0]
        + matches.exclude(project__in=Project.objects.filter(city=city)).delete()[0]
    )


def matching_run_fail(*, run: MatchingRun, error: str) -> MatchingRun:
    MatchingRun.objects.filter(pk=run.pk).update(
        status=MatchingRun.Status.FAILED, error=error[:5000], finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def matching_run_inline(
    *, run: MatchingRun, progress: Callable[[int, int], None] | None = None
) -> MatchingRun:
    """The whole job in this process, stage after stage: for the command and the tests."""
    matching_run_prepare(run=run)
    for chunk in range(run.chunks_total):
        matching_chunk_score(run=run, chunk=chunk)
        if progress:
            progress(chunk + 1, run.chunks_total)
    return matching_run_finalize(run=run)


# --- refresh of one side ---------------------------------------------------------------------------


@transaction.atomic
def match_refresh_company(*, company: Company, k: int = K) -> int:
    """Re-score one company against every project; rewrite its list and its place in projects' lists."""
    weights = matching_weights(city=company.city)
    inputs = matching_inputs(city=company.city, company_ids=[company.pk], half_km=weights.proximity_half_km)
    if not len(inputs.company_ids):
        return Match.objects.filter(company=company).delete()[0]
    scores = engine.score_matrix(inputs.companies, inputs.projects, weights)[0]
    return _refresh(inputs, city_id=company.city_id, side="company", scores=scores, k=k)


@transaction.atomic
def match_refresh_project(*, project: Project, k: int = K) -> int:
    """Re-score one project against every company; rewrite its list and its place in companies' lists."""
    weights = matching_weights(city=project.city)
    inputs = matching_inputs(city=project.city, project_ids=[project.pk], half_km=weights.proximity_half_km)
    if not len(inputs.project_ids):
        return Match.objects.filter(project=project).delete()[0]
    scores = engine.score_matrix(inputs.companies, inputs.projects, weights)[:, 0]
    return _refresh(inputs, city_id=project.city_id, side="project", scores=scores, k=k)


def _best(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the best k, best first, ties to the lower id (as the engine breaks them)."""
    return np.lexsort((ids, -scores.astype(np.float64)))[:k]


def _lists_to_rerank(
    *, city_id: int, mine: str, others: str, my_id: int, other_ids: np.ndarray, scores: np.ndarray, k: int
) -> np.ndarray:
    """Positions of the other side's lists the refreshed row may enter or leave.

    Only those that held it, that are shorter than k, or whose k-th score its new score reaches: at
    city scale a few thousand of 100,000, so the refresh never reads every list in Python.
    """
    rank_field = f"rank_for_{others}"
    kth = dict(Match.objects.filter(city_id=city_id, **{rank_field: k}).values_list(others, "score"))
    held = set(
        Match.objects.filter(**{mine: my_id, f"{rank_field}__isnull": False}).values_list(others, flat=True)
    )
    kth_scores = np.array([kth.get(other, -1.0) for other in other_ids.tolist()], dtype=np.float64)
    held_mask = np.isin(other_ids, np.fromiter(held, dtype=np.int64, count=len(held)))
    return np.flatnonzero(held_mask | (scores.astype(np.float64) >= kth_scores))


def _refresh(inputs: MatchingInputs, *, city_id: int, side: str, scores: np.ndarray, k: int) -> int:
    """Rewrite the refreshed row's own list and re-rank the other side's lists it enters or leaves."""
    mine, others = ("company", "project") if side == "company" else ("project", "company")
    my_id = int((inputs.company_ids if side == "company" else inputs.project_ids)[0])
    other_ids = inputs.project_ids if side == "company" else inputs.company_ids
    own_rank = np.zeros(len(other_ids), np.int16)
    best = _best(scores, other_ids, k)
    own_rank[best] = np.arange(1, len(best) + 1)
    # The other side's lists: their current entries without me, plus my new score where it makes the cut.
    other_rank_field = f"rank_for_{others}"
    affected = _lists_to_rerank(
        city_id=city_id, mine=mine, others=others, my_id=my_id, other_ids=other_ids, scores=scores, k=k
    )
    current = list(
        Match.objects.filter(city_id=city_id, **{f"{other_rank_field}__isnull": False})
        .filter(**{f"{others}__in": other_ids[affected].tolist()})
        .exclude(**{mine: my_id})
        .values_list(others, mine, "score", "pk", other_rank_field, f"rank_for_{mine}")
    )
    lists: dict[int, list[tuple[float, int, int | None]]] = {}
    for other, partner, score, pk, _, _ in current:
        lists.setdefault(other, []).append((score, partner, pk))
    their_rank = np.zeros(len(other_ids), np.int16)
    rank_updates: dict[int, int | None] = {}
    for index in affected.tolist():
        other = int(other_ids[index])
        entries = [*lists.get(other, []), (float(scores[index]), my_id, None)]
        entries.sort(key=lambda entry: (-entry[0], entry[1]))
        for rank, (_, _, pk) in enumerate(entries, start=1):
            if pk is None:
                their_rank[index] = rank if rank <= k else 0
            else:
                rank_updates[pk] = rank if rank <= k else None
    changed = [
        (pk, rank_updates[pk], rank_c)
        for _other, _partner, _score, pk, rank_old, rank_c in current
        if rank_updates.get(pk, rank_old) != rank_old
    ]
    for pk, rank, rank_mine in changed:
        if rank is None and rank_mine is None:
            Match.objects.filter(pk=pk).delete()
        else:
            Match.objects.filter(pk=pk).update(**{other_rank_field: rank})
    Match.objects.filter(**{mine: my_id}).delete()
    keep = np.flatnonzero((own_rank > 0) | (their_rank > 0))
    if side == "company":
        c_index, p_index = np.zeros(len(keep), np.int64), keep
        rank_c, rank_p = own_rank[keep], their_rank[keep]
    else:
        c_index, p_index = keep, np.zeros(len(keep), np.int64)
        rank_c, rank_p = their_rank[keep], own_rank[keep]
    table = pair_table(
        inputs.companies, inputs.projects, company_index=c_index, project_index=p_index,
        distance_km=inputs.distance_km, nearest_site=inputs.nearest_site, site_ids=inputs.site_ids,
    )  # fmt: skip
    columns = match_columns(
        city_id=city_id,
        run_id=None,
        computed_at=timezone.now(),
        company_ids=inputs.company_ids[c_index],
        project_ids=inputs.project_ids[p_index],
        project_index=p_index,
        scores=scores[keep],
        table=table,
        facts=ProjectFacts(
            neighbourhood=inputs.projects.neighbourhood,
            need=inputs.projects.need,
            priority_rank=inputs.priority_rank,
            top_share=inputs.neighbourhood_top_share,
        ),
        rank_for_company=rank_c,
        rank_for_project=rank_p,
    )
    return matches_insert(columns)
