"""The scoring core on hand-made cases, against its plain-Python definition, and its top-k both ways."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import engine, synthetic
from matching.engine import Companies, Projects, Weights

WEIGHTS = Weights()
NEIGHBOURHOODS = 3


def make_companies(rows: list[dict]) -> Companies:
    defaults = {
        "themes": [], "skills": [], "budget_left": 0.0, "hours_left": 0.0, "text": [0.0, 0.0],
        "history_themes": [], "proximity": [0.0] * NEIGHBOURHOODS, "affinity": [0.0] * NEIGHBOURHOODS,
    }  # fmt: skip
    rows = [defaults | row for row in rows]
    return Companies(
        theme_mask=np.array([engine.mask_of(r["themes"]) for r in rows], np.uint64),
        skill_mask=np.array([engine.mask_of(r["skills"]) for r in rows], np.uint64),
        budget_left=np.array([r["budget_left"] for r in rows], np.float32),
        hours_left=np.array([r["hours_left"] for r in rows], np.float32),
        text=np.array([r["text"] for r in rows], np.float32),
        history_theme_mask=np.array([engine.mask_of(r["history_themes"]) for r in rows], np.uint64),
        proximity=np.array([r["proximity"] for r in rows], np.float32),
        affinity=np.array([r["affinity"] for r in rows], np.float32),
    )


def make_projects(rows: list[dict]) -> Projects:
    defaults = {
        "themes": [0], "skills": [], "neighbourhood": 0, "city_priority": 0.0, "need": 0.0,
        "funding_gap": 0.0, "hours_gap": 0.0, "text": [0.0, 0.0],
    }  # fmt: skip
    rows = [defaults | row for row in rows]
    return Projects(
        theme_mask=np.array([engine.mask_of(r["themes"]) for r in rows], np.uint64),
        skill_mask=np.array([engine.mask_of(r["skills"]) for r in rows], np.uint64),
        neighbourhood=np.array([r["neighbourhood"] for r in rows], np.int32),
        city_priority=np.array([r["city_priority"] for r in rows], np.float32),
        need=np.array([r["need"] for r in rows], np.float32),
        funding_gap=np.array([r["funding_gap"] for r in rows], np.float32),
        hours_gap=np.array([r["hours_gap"] for r in rows], np.float32),
        text=np.array([r["text"] for r in rows], np.float32),
    )


def component(companies: Companies, projects: Projects, name: str) -> np.ndarray:
    count_c, count_p = len(companies), len(projects)
    c_index = np.repeat(np.arange(count_c), count_p)
    p_index = np.tile(np.arange(count_p), count_c)
    components, _ = engine.components_for_pairs(companies, projects, c_index, p_index)
    return components[:, engine.COMPONENTS.index(name)].reshape(count_c, count_p)


def test_no_theme_in_common_scores_theme_zero() -> None:
    companies = make_companies([{"themes": [1, 2]}, {"themes": [0, 1]}])
    projects = make_projects([{"themes": [0, 3]}])
    assert component(companies, projects, "theme")[:, 0].tolist() == [0.0, 0.5]


def test_a_nearer_site_scores_higher_proximity() -> None:
    distance = np.array([[0.5], [2.4], [9.0]], np.float32)
    proximity = engine.proximity_from_km(distance, half_km=3.0)[:, 0]
    assert proximity[0] > proximity[1] > proximity[2]
    assert proximity[2] == pytest.approx(0.125)  # three half-distances away


def test_nearest_site_of_each_company_is_found_per_neighbourhood() -> None:
    site_xy = np.array([[0.0, 0.0], [10.0, 0.0], [4.0, 0.0]], np.float32)
    neighbourhood_xy = np.array([[9.0, 0.0], [1.0, 0.0]], np.float32)
    distance, nearest = engine.nearest_site_km(
        site_company=np.array([0, 0, 1]), site_xy=site_xy, neighbourhood_xy=neighbourhood_xy, company_count=3
    )
    assert distance[0].tolist() == [1.0, 1.0] and nearest[0].tolist() == [1, 0]
    assert distance[1].tolist() == [5.0, 3.0] and nearest[1].tolist() == [2, 2]
    assert np.isinf(distance[2]).all() and nearest[2].tolist() == [-1, -1]  # a company with no site


def test_capacity_is_the_share_of_the_gap_the_remaining_budget_covers() -> None:
    companies = make_companies([{"budget_left": 5_000.0}])
    projects = make_projects([{"funding_gap": 200_000.0}, {"funding_gap": 4_000.0}])
    assert component(companies, projects, "capacity")[0].tolist() == pytest.approx([0.025, 1.0])


def test_capacity_takes_the_better_of_money_and_hours() -> None:
    companies = make_companies([{"budget_left": 1_000.0, "hours_left": 300.0}])
    projects = make_projects([{"funding_gap": 10_000.0, "hours_gap": 400.0}])
    assert component(companies, projects, "capacity")[0, 0] == pytest.approx(0.75)


def test_a_project_asking_no_skills_does_not_count_the_skills_weight() -> None:
    companies = make_companies([{"themes": [0], "skills": [4]}])
    projects = make_projects([{"themes": [0]}, {"themes": [0], "skills": [5]}])
    scores = engine.score_matrix(companies, projects, Weights(**{**_zero(), "theme": 1.0, "skills": 1.0}))
    assert scores[0].tolist() == pytest.approx([1.0, 0.5])


def test_history_counts_preferred_and_pledged_neighbourhoods_and_themes() -> None:
    affinity = engine.affinity_table(
        company_count=1, neighbourhood_count=3, preferred=[(0, 1)], pledged=[(0, 1)]
    )
    companies = make_companies([{"affinity": affinity[0].tolist(), "history_themes": [2]}])
    projects = make_projects([{"neighbourhood": 1, "themes": [2]}, {"neighbourhood": 0, "themes": [0]}])
    assert component(companies, projects, "history")[0].tolist() == pytest.approx([1.0, 0.0])


def test_city_priority_follows_the_rank_the_city_gives_the_theme_there() -> None:
    assert engine.city_priority_score([3], {3: 1}) == 1.0
    assert engine.city_priority_score([3, 5], {3: 4, 5: 2}) == 0.75
    assert engine.city_priority_score([6], {3: 1}) == 0.0


def test_text_similarity_is_the_cosine_and_never_negative() -> None:
    companies = make_companies([{"text": [0.6, 0.8]}, {"text": [-1.0, 0.0]}])
    projects = make_projects([{"text": [1.0, 0.0]}])
    assert component(companies, projects, "text")[:, 0].tolist() == pytest.approx([0.6, 0.0])


def test_every_component_and_the_fit_lie_in_zero_one() -> None:
    companies, projects = synthetic.companies(200, seed=5), synthetic.projects(150, seed=6)
    components, _ = engine.components_for_pairs(
        companies, projects, np.repeat(np.arange(200), 150), np.tile(np.arange(150), 200)
    )
    scores = engine.score_matrix(companies, projects, WEIGHTS)
    assert components.min() >= 0 and components.max() <= 1 + 1e-6
    assert scores.min() >= 0 and scores.max() <= 1 + 1e-6


def test_weights_must_be_non_negative_and_not_all_zero() -> None:
    with pytest.raises(ValueError):
        Weights(theme=-0.1)
    with pytest.raises(ValueError):
        Weights(**_zero())


def _zero() -> dict[str, float]:
    return dict.fromkeys(engine.COMPONENTS, 0.0)


# --- the fast path against the definition ---------------------------------------------------------

weights_strategy = st.builds(
    Weights, **{name: st.floats(0.0, 1.0) for name in engine.COMPONENTS[:-1]}, history=st.floats(0.05, 1.0)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), weights=weights_strategy)
def test_fast_score_equals_the_per_pair_reference(seed: int, weights: Weights) -> None:
    companies = synthetic.companies(12, seed=seed, neighbourhoods=5, dimensions=4)
    projects = synthetic.projects(9, seed=seed + 1, neighbourhoods=5, dimensions=4)
    fast = engine.score_matrix(companies, projects, weights)
    for c in range(len(companies)):
        company = synthetic.company_profile(companies, c)
        for p in range(len(projects)):
            reference = engine.score_pair_reference(company, synthetic.project_profile(projects, p), weights)
            assert abs(float(fast[c, p]) - reference) <= 1e-6


def test_stored_components_give_back_the_ranked_score() -> None:
    companies, projects = synthetic.companies(60, seed=7), synthetic.projects(40, seed=8)
    c_index, p_index = np.repeat(np.arange(60), 40), np.tile(np.arange(40), 60)
    components, applies = engine.components_for_pairs(companies, projects, c_index, p_index)
    recomputed = engine.weighted_scores(components, applies, WEIGHTS).reshape(60, 40)
    assert np.abs(recomputed - engine.score_matrix(companies, projects, WEIGHTS)).max() <= 1e-6


# --- top k both ways ------------------------------------------------------------------------------


def brute_force_top(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    index = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
    order = np.lexsort((index, -scores), axis=1)[:, :k]
    return order, np.take_along_axis(scores, order, axis=1)


def test_top_k_both_ways_equals_sorting_every_pair_with_ties_by_index() -> None:
    companies, projects = synthetic.companies(700, seed=9), synthetic.projects(300, seed=10)
    scores = engine.score_matrix(companies, projects, WEIGHTS)
    top = engine.top_k(companies, projects, WEIGHTS, k=50, company_block=16, project_tile=128)
    by_company, by_company_scores = brute_force_top(scores, 50)
    by_project, by_project_scores = brute_force_top(np.ascontiguousarray(scores.T), 50)
    assert np.array_equal(top.company_projects, by_company)
    assert np.array_equal(top.company_scores, by_company_scores)
    assert np.array_equal(top.project_companies, by_project)
    assert np.array_equal(top.project_scores, by_project_scores)


def test_ties_are_broken_by_the_lower_index() -> None:
    companies = make_companies([{"themes": [0]}] * 4)
    projects = make_projects([{"themes": [0]}] * 3)
    top = engine.top_k(companies, projects, WEIGHTS, k=2)
    assert top.company_projects.tolist() == [[0, 1]] * 4
    assert top.project_companies.tolist() == [[0, 1]] * 3


def test_short_lists_are_padded() -> None:
    top = engine.top_k(make_companies([{"themes": [0]}]), make_projects([{"themes": [0]}] * 2), WEIGHTS, k=3)
    assert top.company_projects.tolist() == [[0, 1, -1]]
    assert top.project_companies.tolist() == [[0, -1, -1], [0, -1, -1]]


def test_chunks_merged_give_the_lists_of_one_run() -> None:
    companies, projects = synthetic.companies(500, seed=11), synthetic.projects(120, seed=12)
    whole = engine.top_k(companies, projects, WEIGHTS, k=50)
    parts = []
    for start in range(0, 500, 130):
        part = engine.top_k(companies.slice(start, min(500, start + 130)), projects, WEIGHTS, k=50)
        assert np.array_equal(part.company_projects, whole.company_projects[start : start + 130])
        parts.append(
            (np.where(part.project_companies >= 0, part.project_companies + start, -1), part.project_scores)
        )
    merged_companies, merged_scores = engine.merge_project_tops(parts, k=50)
    assert np.array_equal(merged_companies, whole.project_companies)
    assert np.array_equal(merged_scores, whole.project_scores)


def test_a_rerun_gives_the_same_lists() -> None:
    companies, projects = synthetic.companies(400, seed=13), synthetic.projects(200, seed=14)
    first = engine.top_k(companies, projects, WEIGHTS)
    second = engine.top_k(companies, projects, WEIGHTS)
    assert np.array_equal(first.company_projects, second.company_projects)
    assert np.array_equal(first.project_companies, second.project_companies)
