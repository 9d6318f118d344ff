"""Constraints of matching, pinned: weights, runs, staging chunks and matches."""

from decimal import Decimal

import pytest

from matching.models import MatchingChunk, MatchingWeights
from tests.domain.constraints import refused_by
from tests.factories import CityFactory, MatchFactory, MatchingRunFactory, MatchingWeightsFactory

pytestmark = pytest.mark.django_db


def test_matching_weights_default_to_the_engine_defaults() -> None:
    weights = MatchingWeightsFactory().as_engine()
    assert weights.theme == pytest.approx(0.2) and weights.proximity_half_km == pytest.approx(3.0)


def test_a_negative_weight_is_refused() -> None:
    with refused_by("matching_weights_non_negative"):
        MatchingWeightsFactory(theme=Decimal("-0.1"))


def test_all_weights_zero_is_refused() -> None:
    zero = {name: Decimal(0) for name in ("theme", "city_priority", "proximity", "need", "capacity", "skills",
                                          "text", "history")}  # fmt: skip
    with refused_by("matching_weights_not_all_zero"):
        MatchingWeights.objects.create(city=CityFactory(), **zero)


def test_a_zero_half_distance_is_refused() -> None:
    with refused_by("matching_weights_half_km_positive"):
        MatchingWeightsFactory(proximity_half_km=Decimal(0))


def test_a_run_of_unknown_status_or_stage_is_refused() -> None:
    with refused_by("matching_run_status_valid"):
        MatchingRunFactory(status="lost")
    with refused_by("matching_run_stage_valid"):
        MatchingRunFactory(stage="dreaming")


def test_a_run_with_more_chunks_done_than_it_has_is_refused() -> None:
    with refused_by("matching_run_chunks_done_le_total"):
        MatchingRunFactory(chunks_total=2, chunks_done=3)


def test_a_run_keeping_no_match_or_of_empty_chunks_is_refused() -> None:
    with refused_by("matching_run_k_positive"):
        MatchingRunFactory(k=0)
    with refused_by("matching_run_chunk_size_positive"):
        MatchingRunFactory(chunk_size=0)


def test_a_chunk_staged_twice_in_a_run_is_refused() -> None:
    run = MatchingRunFactory()
    MatchingChunk.objects.create(run=run, chunk=0, arrays=b"")
    with refused_by("matching_chunk_once_per_run"):
        MatchingChunk.objects.create(run=run, chunk=0, arrays=b"")


def test_a_second_match_of_the_same_pair_is_refused() -> None:
    match = MatchFactory()
    with refused_by("match_once_per_pair"):
        MatchFactory(project=match.project, company=match.company)


@pytest.mark.parametrize("score", [-0.01, 1.01])
def test_a_score_outside_0_1_is_refused(score: float) -> None:
    with refused_by("match_score_0_to_1"):
        MatchFactory(score=score)


def test_a_negative_component_is_refused() -> None:
    with refused_by("match_components_non_negative"):
        MatchFactory(proximity=-0.5)


def test_a_match_ranked_on_neither_side_is_refused() -> None:
    with refused_by("match_ranked_on_one_side"):
        MatchFactory(rank_for_company=None, rank_for_project=None)


def test_a_rank_of_zero_is_refused() -> None:
    with refused_by("match_rank_for_company_positive"):
        MatchFactory(rank_for_company=0)
    with refused_by("match_rank_for_project_positive"):
        MatchFactory(rank_for_project=0)


def test_a_match_covered_with_an_unknown_resource_is_refused() -> None:
    with refused_by("match_covers_with_valid"):
        MatchFactory(covers_with=3)
