"""Synthetic, seeded inputs for the engine: for benchmarks and tests, at any scale. Pure numpy."""

from __future__ import annotations

import numpy as np

from matching.engine import Companies, CompanyProfile, ProjectProfile, Projects, proximity_from_km

THEME_COUNT = 7
SKILL_COUNT = 20


def _random_masks(rng: np.random.Generator, count: int, bits: int, mean_set: float) -> np.ndarray:
    chosen = rng.random((count, bits)) < mean_set / bits
    return (chosen.astype(np.uint64) << np.arange(bits, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)


def _unit_rows(rng: np.random.Generator, count: int, dimensions: int) -> np.ndarray:
    # Non-negative, like TF-IDF/LSA vectors of texts on related subjects: similarities spread over [0, 1].
    rows = np.abs(rng.standard_normal((count, dimensions), dtype=np.float32))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def companies(
    count: int, *, neighbourhoods: int = 88, dimensions: int = 16, seed: int = 0, block: int = 20_000
) -> Companies:
    """count companies with sites scattered over a 15 km city, budgets EUR 0-200k, 0-2,000 hours."""
    rng = np.random.default_rng(seed)
    centroid_xy = np.random.default_rng(12345).uniform(0, 15, (neighbourhoods, 2)).astype(np.float32)
    proximity = np.empty((count, neighbourhoods), np.float32)
    for start in range(0, count, block):  # bounded memory at 100,000 companies
        stop = min(count, start + block)
        site_xy = rng.uniform(0, 15, (stop - start, 2, 2)).astype(np.float32)  # two sites each
        distance = np.sqrt(((site_xy[:, :, None, :] - centroid_xy[None, None, :, :]) ** 2).sum(-1)).min(1)
        proximity[start:stop] = proximity_from_km(distance, half_km=3.0)
    affinity = np.zeros((count, neighbourhoods), np.float32)
    preferred = rng.integers(0, neighbourhoods, count)
    affinity[np.arange(count), preferred] += 0.4
    pledged = rng.random(count) < 0.3
    affinity[np.flatnonzero(pledged), rng.integers(0, neighbourhoods, int(pledged.sum()))] += 0.3
    return Companies(
        theme_mask=_random_masks(rng, count, THEME_COUNT, 2.5),
        skill_mask=_random_masks(rng, count, SKILL_COUNT, 3.0),
        budget_left=rng.uniform(0, 200_000, count).astype(np.float32),
        hours_left=rng.uniform(0, 2_000, count).astype(np.float32),
        text=_unit_rows(rng, count, dimensions),
        history_theme_mask=np.where(
            rng.random(count) < 0.3, _random_masks(rng, count, THEME_COUNT, 1.5), 0
        ).astype(np.uint64),
        proximity=proximity,
        affinity=affinity,
    )


def projects(count: int, *, neighbourhoods: int = 88, dimensions: int = 16, seed: int = 1) -> Projects:
    rng = np.random.default_rng(seed)
    asks_skills = rng.random(count) < 0.5
    has_funding = rng.random(count) < 0.8
    has_hours = rng.random(count) < 0.5
    return Projects(
        theme_mask=_random_masks(rng, count, THEME_COUNT, 1.8)
        | np.uint64(1) << rng.integers(0, THEME_COUNT, count).astype(np.uint64),
        skill_mask=np.where(asks_skills, _random_masks(rng, count, SKILL_COUNT, 2.0), 0).astype(np.uint64),
        neighbourhood=rng.integers(0, neighbourhoods, count).astype(np.int32),
        city_priority=rng.choice(np.array([0, 0.25, 0.5, 0.75, 1.0], np.float32), count),
        need=rng.uniform(0.2, 0.8, count).astype(np.float32),
        funding_gap=np.where(has_funding, rng.uniform(2_000, 250_000, count), 0).astype(np.float32),
        hours_gap=np.where(has_hours, rng.uniform(20, 2_000, count), 0).astype(np.float32),
        text=_unit_rows(rng, count, dimensions),
    )


def bits(mask: int | np.integer) -> frozenset[int]:
    value = int(mask)
    return frozenset(position for position in range(64) if value >> position & 1)


def company_profile(arrays: Companies, index: int) -> CompanyProfile:
    """One company as plain Python values, for the reference scorer."""
    return CompanyProfile(
        themes=bits(arrays.theme_mask[index]),
        skills=bits(arrays.skill_mask[index]),
        budget_left=float(arrays.budget_left[index]),
        hours_left=float(arrays.hours_left[index]),
        text=[float(value) for value in arrays.text[index]],
        history_themes=bits(arrays.history_theme_mask[index]),
        proximity=[float(value) for value in arrays.proximity[index]],
        affinity=[float(value) for value in arrays.affinity[index]],
    )


def project_profile(arrays: Projects, index: int) -> ProjectProfile:
    return ProjectProfile(
        themes=bits(arrays.theme_mask[index]),
        skills=bits(arrays.skill_mask[index]),
        neighbourhood=int(arrays.neighbourhood[index]),
        city_priority=float(arrays.city_priority[index]),
        need=float(arrays.need[index]),
        funding_gap=float(arrays.funding_gap[index]),
        hours_gap=float(arrays.hours_gap[index]),
        text=[float(value) for value in arrays.text[index]],
    )
