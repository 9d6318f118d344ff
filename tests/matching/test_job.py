"""The nightly job on a small seeded city: both sides' top k, ranks 1..k, and the same rows on a re-run."""

import pytest

from matching.models import Match, MatchingChunk, MatchingRun
from matching.services import (
    matching_chunk_score,
    matching_run_finalize,
    matching_run_inline,
    matching_run_prepare,
    matching_run_start,
)
from projects.models import Project

pytestmark = pytest.mark.django_db

FIELDS = (
    "company_id", "project_id", "score", "theme", "city_priority", "proximity", "need", "capacity", "skills",
    "text", "history", "capacity_applies", "skills_applies", "rank_for_company", "rank_for_project",
    "nearest_site_id", "km", "covers", "covers_with", "common_theme_mask", "common_skill_mask",
    "priority_rank", "need_index", "need_top_share", "preferred_neighbourhood", "pledged_in_neighbourhood",
    "pledged_on_theme",
)  # fmt: skip


def snapshot(city) -> list[tuple]:
    return list(Match.objects.filter(city=city).order_by("company_id", "project_id").values_list(*FIELDS))


def run_job(city, *, chunk_size: int = 15, k: int = 5) -> MatchingRun:
    return matching_run_inline(run=MatchingRun.objects.create(city=city, chunk_size=chunk_size, k=k))


def test_job_stores_top_k_both_ways_with_ranks_one_to_k(seeded_city) -> None:
    run = run_job(seeded_city)
    assert run.status == MatchingRun.Status.DONE and run.chunks_done == run.chunks_total == 3
    projects = Project.objects.open_for_pledges().in_city(seeded_city).count()
    assert projects > 5
    for company_id in run.city.companies.values_list("id", flat=True):
        ranks = list(Match.objects.filter(company_id=company_id, rank_for_company__isnull=False)
                     .order_by("rank_for_company").values_list("rank_for_company", "score"))  # fmt: skip
        assert [rank for rank, _ in ranks] == [1, 2, 3, 4, 5]
        assert [score for _, score in ranks] == sorted((score for _, score in ranks), reverse=True)
    for project_id in Project.objects.open_for_pledges().in_city(seeded_city).values_list("id", flat=True):
        ranks = list(Match.objects.filter(project_id=project_id, rank_for_project__isnull=False)
                     .order_by("rank_for_project").values_list("rank_for_project", flat=True))  # fmt: skip
        assert ranks == [1, 2, 3, 4, 5]
    assert set(run.timings) >= {"prepare", "chunks", "finalize", "total"}
    assert set(run.timings["chunks"]) == {"load", "score", "store"}
    assert not MatchingChunk.objects.filter(run=run).exists()


def test_chunked_project_lists_equal_one_unchunked_run(seeded_city) -> None:
    run_job(seeded_city, chunk_size=7)
    chunked = snapshot(seeded_city)
    run_job(seeded_city, chunk_size=1000)
    assert snapshot(seeded_city) == chunked


def test_rerunning_the_job_leaves_identical_matches(seeded_city) -> None:
    run_job(seeded_city)
    first = snapshot(seeded_city)
    run_job(seeded_city)
    assert snapshot(seeded_city) == first and first


def test_a_chunk_run_twice_stages_the_same_rows(seeded_city) -> None:
    run = matching_run_prepare(run=MatchingRun.objects.create(city=seeded_city, chunk_size=15, k=5))
    first = bytes(matching_chunk_score(run=run, chunk=1).arrays)
    second = bytes(matching_chunk_score(run=run, chunk=1).arrays)
    assert first == second
    assert MatchingChunk.objects.filter(run=run).count() == 1
    run.refresh_from_db()
    assert run.chunks_done == 1


def test_finalize_run_twice_leaves_the_same_matches(seeded_city, django_capture_on_commit_callbacks) -> None:
    run = matching_run_prepare(run=MatchingRun.objects.create(city=seeded_city, chunk_size=15, k=5))
    for chunk in range(run.chunks_total):
        matching_chunk_score(run=run, chunk=chunk)
    run_job(seeded_city)
    expected = snapshot(seeded_city)
    matching_run_finalize(run=run)
    assert snapshot(seeded_city) == expected


def test_run_start_enqueues_the_job_on_commit(seeded_city, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_run_start(city=seeded_city, chunk_size=20, k=3)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DONE
    assert Match.objects.filter(city=seeded_city, run=run, rank_for_company=1).count() == 40


def test_matches_of_a_company_deleted_while_the_job_ran_are_dropped(seeded_city, monkeypatch) -> None:
    from matching import services

    doomed = seeded_city.companies.filter(pledges__isnull=True).order_by("id").first()
    inserted = services.matches_insert

    def lose_a_company_then_insert(columns):
        # Deleted by someone else after the job scored it: Match has no database foreign key to stop
        # the job's rows for it, so the job must drop them itself.
        doomed.delete()
        return inserted(columns)

    monkeypatch.setattr(services, "matches_insert", lose_a_company_then_insert)
    run_job(seeded_city)

    assert not Match.objects.filter(company_id=doomed.pk).exists()
    assert Match.objects.filter(city=seeded_city).exists()
