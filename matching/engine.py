"""The scoring core: how well a company fits a project, for every pair, fast. Pure: arrays in, arrays out.

Eight components, each in [0, 1] (see ``COMPONENTS``):

- theme: share of the project's themes the company also works on;
- city_priority: how high the project's themes rank among the City's priorities for its neighbourhood
  (a project-only figure, computed by the caller);
- proximity: 0.5 ** (km from the company's nearest site to the neighbourhood centroid / half_km);
- need: the neighbourhood's need index / 100 (project-only);
- capacity: how much of the project's remaining gap the company's remaining budget or hours cover,
  min(1, max(budget_left / funding_gap, hours_left / hours_gap));
- skills: share of the skills the project's volunteering asks that the company offers;
- text: cosine similarity of the project's description and the company's CSR statement (their
  L2-normalised text vectors, negative similarity counted as 0);
- history: 0.4 if the neighbourhood is one of the company's preferred ones, 0.3 if it pledged there
  before (both from ``affinity``), and 0.3 if it pledged before to a project sharing a theme.

The fit is the weighted mean of the components that apply: skills only when the project asks for
skills, capacity only when it still has a gap. Scores are float32 in [0, 1].

``top_k`` keeps the best k projects of every company and the best k companies of every project in
one pass over all pairs, never materialising the C x P matrix: companies are split across threads,
each thread scores a tile of companies x projects with a branch-free loop the compiler vectorises,
then offers the scores that beat each list's bar to a buffer, trimmed to the best k when full.
Ties are broken by the lower index, so a re-run gives the same lists. ``score_pair_reference`` is the
plain-Python definition the fast path is tested against.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numba
import numpy as np

from matching import kernels

COMPONENTS = ("theme", "city_priority", "proximity", "need", "capacity", "skills", "text", "history")
THEME, CITY_PRIORITY, PROXIMITY, NEED, CAPACITY, SKILLS, TEXT, HISTORY = range(len(COMPONENTS))

PREFERRED_NEIGHBOURHOOD = 0.4
PLEDGED_IN_NEIGHBOURHOOD = 0.3
PLEDGED_ON_THEME = kernels.PLEDGED_ON_THEME
EARTH_RADIUS_KM = 6371.0088
NO_INDEX = -1


@dataclass(frozen=True)
class Weights:
    theme: float = 0.20
    city_priority: float = 0.10
    proximity: float = 0.15
    need: float = 0.10
    capacity: float = 0.15
    skills: float = 0.10
    text: float = 0.10
    history: float = 0.10
    proximity_half_km: float = 3.0

    def __post_init__(self) -> None:
        values = self.as_array()
        if (values < 0).any() or not np.isfinite(values).all() or values.sum() <= 0:
            raise ValueError("weights must be finite, non-negative and not all zero")
        if not self.proximity_half_km > 0:
            raise ValueError("proximity_half_km must be positive")

    def as_array(self) -> np.ndarray:
        return np.array([getattr(self, name) for name in COMPONENTS], dtype=np.float32)


@dataclass(frozen=True)
class Companies:
    """Companies as arrays, one row per company. Masks are bitsets over theme / skill positions (< 32)."""

    theme_mask: np.ndarray  # uint64[C]
    skill_mask: np.ndarray  # uint64[C]
    budget_left: np.ndarray  # float32[C], EUR
    hours_left: np.ndarray  # float32[C]
    text: np.ndarray  # float32[C, D], rows L2-normalised or zero
    history_theme_mask: np.ndarray  # uint64[C]: themes of projects pledged to before
    proximity: np.ndarray  # float32[C, N]: see proximity_table
    affinity: np.ndarray  # float32[C, N]: see affinity_table

    def __len__(self) -> int:
        return int(self.theme_mask.shape[0])

    def slice(self, start: int, stop: int) -> Companies:
        return Companies(**{name: getattr(self, name)[start:stop] for name in self.__dataclass_fields__})


@dataclass(frozen=True)
class Projects:
    theme_mask: np.ndarray  # uint64[P]
    skill_mask: np.ndarray  # uint64[P]: skills asked by its volunteering needs
    neighbourhood: np.ndarray  # int32[P]: column in the companies' proximity / affinity tables
    city_priority: np.ndarray  # float32[P] in [0, 1]
    need: np.ndarray  # float32[P] in [0, 1]
    funding_gap: np.ndarray  # float32[P], EUR still open
    hours_gap: np.ndarray  # float32[P], volunteer hours still open
    text: np.ndarray  # float32[P, D]

    def __len__(self) -> int:
        return int(self.theme_mask.shape[0])


@dataclass(frozen=True)
class TopK:
    """Best k each way. Rows with fewer than k candidates are padded with index -1 and score -1."""

    company_projects: np.ndarray  # int32[C, k], best first
    company_scores: np.ndarray  # float32[C, k]
    project_companies: np.ndarray  # int32[P, k]
    project_scores: np.ndarray  # float32[P, k]


# --- input tables -------------------------------------------------------------------------------


def to_local_km(lat: np.ndarray, lon: np.ndarray, *, origin_lat: float) -> np.ndarray:
    """Project degrees to a local plane in km (equirectangular): exact enough within one city."""
    scale = math.radians(1) * EARTH_RADIUS_KM
    x = np.asarray(lon, dtype=np.float64) * scale * math.cos(math.radians(origin_lat))
    y = np.asarray(lat, dtype=np.float64) * scale
    return np.stack([x, y], axis=-1)


def nearest_site_km(
    *, site_company: np.ndarray, site_xy: np.ndarray, neighbourhood_xy: np.ndarray, company_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Distance in km from each company's nearest site to each neighbourhood, and which site it is.

    Companies without a site get +inf and site -1. site_company must be sorted ascending.
    """
    site_company = np.asarray(site_company, dtype=np.int64)
    if site_company.size and (np.diff(site_company) < 0).any():
        raise ValueError("sites must be sorted by company")
    neighbourhood_count = neighbourhood_xy.shape[0]
    distance = np.full((company_count, neighbourhood_count), np.inf, dtype=np.float32)
    nearest = np.full((company_count, neighbourhood_count), NO_INDEX, dtype=np.int32)
    for start in range(0, len(site_company), 50_000):  # bounded memory: 50,000 sites x N at a time
        stop = min(start + 50_000, len(site_company))
        delta = site_xy[start:stop, None, :] - neighbourhood_xy[None, :, :]
        site_distance = np.sqrt((delta**2).sum(axis=-1)).astype(np.float32)
        kernels.fold_nearest(site_company[start:stop], site_distance, start, distance, nearest)
    return distance, nearest


def proximity_from_km(distance_km: np.ndarray, *, half_km: float) -> np.ndarray:
    with np.errstate(over="ignore"):
        return np.exp2(-np.asarray(distance_km, dtype=np.float32) / np.float32(half_km)).astype(np.float32)


def affinity_table(
    *,
    company_count: int,
    neighbourhood_count: int,
    preferred: Iterable[tuple[int, int]],
    pledged: Iterable[tuple[int, int]],
) -> np.ndarray:
    """Per (company, neighbourhood): 0.4 if preferred, + 0.3 if the company pledged there before."""
    table = np.zeros((company_count, neighbourhood_count), dtype=np.float32)
    for pairs, value in ((preferred, PREFERRED_NEIGHBOURHOOD), (pledged, PLEDGED_IN_NEIGHBOURHOOD)):
        index = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
        if index.size:
            table[index[:, 0], index[:, 1]] += np.float32(value)
    return table


def mask_of(positions: Iterable[int]) -> int:
    mask = 0
    for position in positions:
        if not 0 <= position < 64:
            raise ValueError("a bitset holds positions 0 to 63")
        mask |= 1 << position
    return mask


def city_priority_score(
    project_theme_positions: Iterable[int], priority_rank_by_theme: dict[int, int]
) -> float:
    """1 for a theme the City ranks first in the neighbourhood, 0.75 second, 0.5 third, 0.25 fourth."""
    ranks = [priority_rank_by_theme[t] for t in project_theme_positions if t in priority_rank_by_theme]
    return max((max(0.0, 1.25 - 0.25 * rank) for rank in ranks), default=0.0)


# --- the plain-Python definition ----------------------------------------------------------------


@dataclass(frozen=True)
class CompanyProfile:
    themes: frozenset[int]
    skills: frozenset[int]
    budget_left: float
    hours_left: float
    text: Sequence[float]
    history_themes: frozenset[int]
    proximity: Sequence[float]  # per neighbourhood
    affinity: Sequence[float]  # per neighbourhood


@dataclass(frozen=True)
class ProjectProfile:
    themes: frozenset[int]
    skills: frozenset[int]
    neighbourhood: int
    city_priority: float
    need: float
    funding_gap: float
    hours_gap: float
    text: Sequence[float]


def components_reference(company: CompanyProfile, project: ProjectProfile) -> list[float]:
    theme = len(company.themes & project.themes) / len(project.themes) if project.themes else 0.0
    skills = len(company.skills & project.skills) / len(project.skills) if project.skills else 0.0
    coverage = []
    if project.funding_gap > 0:
        coverage.append(company.budget_left / project.funding_gap)
    if project.hours_gap > 0:
        coverage.append(company.hours_left / project.hours_gap)
    capacity = min(1.0, max(coverage)) if coverage else 0.0
    text = max(0.0, sum(a * b for a, b in zip(company.text, project.text, strict=True)))
    history = company.affinity[project.neighbourhood] + (
        PLEDGED_ON_THEME if company.history_themes & project.themes else 0.0
    )
    return [
        theme,
        project.city_priority,
        company.proximity[project.neighbourhood],
        project.need,
        capacity,
        skills,
        text,
        history,
    ]


def applicable_reference(project: ProjectProfile) -> list[bool]:
    has_gap = project.funding_gap > 0 or project.hours_gap > 0
    return [True, True, True, True, has_gap, bool(project.skills), True, True]


def score_pair_reference(company: CompanyProfile, project: ProjectProfile, weights: Weights) -> float:
    """The fit of one pair, computed the slow, obvious way."""
    components = components_reference(company, project)
    applies = applicable_reference(project)
    weight_values = [getattr(weights, name) for name in COMPONENTS]
    total = sum(w for w, a in zip(weight_values, applies, strict=True) if a)
    return sum(w * c for w, c, a in zip(weight_values, components, applies, strict=True) if a) / total


def _mask32(mask: np.ndarray) -> np.ndarray:
    """The kernel works on 32-bit masks: twice the SIMD lanes of 64-bit ones (32 themes, 32 skills)."""
    if mask.size and int(mask.max()) >> 32:
        raise ValueError("the matching engine handles up to 32 themes and 32 skills")
    return mask.astype(np.uint32)


def _arguments(companies: Companies, projects: Projects, weights: Weights) -> tuple:
    weight_array = weights.as_array()
    theme_mask, skill_mask = _mask32(projects.theme_mask), _mask32(projects.skill_mask)
    terms = kernels.project_terms(
        theme_mask, skill_mask,
        projects.funding_gap.astype(np.float32), projects.hours_gap.astype(np.float32),
        projects.city_priority.astype(np.float32), projects.need.astype(np.float32), weight_array,
    )  # fmt: skip
    p_u32 = np.stack([theme_mask, skill_mask, projects.neighbourhood.astype(np.uint32)])
    p_f32 = np.stack(terms).astype(np.float32)
    p_textT = np.ascontiguousarray(projects.text.T, dtype=np.float32)
    return (
        _mask32(companies.theme_mask), _mask32(companies.skill_mask),
        companies.budget_left.astype(np.float32), companies.hours_left.astype(np.float32),
        np.ascontiguousarray(companies.text, dtype=np.float32), _mask32(companies.history_theme_mask),
        np.ascontiguousarray(companies.proximity, dtype=np.float32),
        np.ascontiguousarray(companies.affinity, dtype=np.float32),
        p_u32, p_f32, p_textT, weight_array,
    )  # fmt: skip


def score_matrix(companies: Companies, projects: Projects, weights: Weights) -> np.ndarray:
    """Every pair's fit as a C x P float32 matrix: for small inputs and for tests."""
    return kernels.score_matrix(*_arguments(companies, projects, weights))


def top_k(
    companies: Companies,
    projects: Projects,
    weights: Weights,
    *,
    k: int = 50,
    company_block: int = 64,
    project_tile: int = 2048,
) -> TopK:
    """The best k projects of every company and the best k companies of every project.

    Lists come back sorted from the kernel (best first, ties by the lower index). company_block
    companies are scored together against each project_tile projects (a tile stays in cache).
    """
    if len(companies) == 0 or len(projects) == 0:
        return TopK(
            np.full((len(companies), k), -1, np.int32), np.full((len(companies), k), -1.0, np.float32),
            np.full((len(projects), k), -1, np.int32), np.full((len(projects), k), -1.0, np.float32),
        )  # fmt: skip
    project_tile = min(project_tile, len(projects))
    threads = numba.get_num_threads()
    result = kernels.top_k(*_arguments(companies, projects, weights), k, company_block, project_tile, threads)
    company_projects, company_scores, project_companies, project_scores = result
    return TopK(company_projects, company_scores, project_companies, project_scores)


def merge_project_tops(
    parts: Sequence[tuple[np.ndarray, np.ndarray]], *, k: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """Merge per-chunk (companies, scores) lists for each project into one top k, as one run would give.

    Company indices must already be global (offset by each chunk's first company).
    """
    companies = np.concatenate([part[0] for part in parts], axis=1)
    scores = np.concatenate([part[1] for part in parts], axis=1)
    # Padding (-1) sorts last: its score is -1, below every real score.
    key_scores = np.where(companies < 0, -2.0, scores.astype(np.float64))
    key_companies = np.where(companies < 0, np.iinfo(np.int32).max, companies)
    order = np.lexsort((key_companies, -key_scores), axis=1)[:, :k]
    return np.take_along_axis(companies, order, axis=1), np.take_along_axis(scores, order, axis=1)


def components_for_pairs(
    companies: Companies, projects: Projects, company_index: np.ndarray, project_index: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each component of the given pairs (M x 8) and which apply (M x 8): what an explanation needs."""
    c = np.asarray(company_index, dtype=np.int64)
    p = np.asarray(project_index, dtype=np.int64)
    popcount = np.bitwise_count
    project_themes = popcount(projects.theme_mask[p])
    project_skills = popcount(projects.skill_mask[p])
    neighbourhood = projects.neighbourhood[p]
    funding_gap = projects.funding_gap[p].astype(np.float64)
    hours_gap = projects.hours_gap[p].astype(np.float64)
    common_themes = popcount(companies.theme_mask[c] & projects.theme_mask[p])
    common_skills = popcount(companies.skill_mask[c] & projects.skill_mask[p])
    with np.errstate(divide="ignore", invalid="ignore"):
        theme = np.where(project_themes > 0, common_themes / np.maximum(project_themes, 1), 0)
        skills = np.where(project_skills > 0, common_skills / np.maximum(project_skills, 1), 0)
        funding = np.where(funding_gap > 0, companies.budget_left[c] / funding_gap, 0)
        hours = np.where(hours_gap > 0, companies.hours_left[c] / hours_gap, 0)
    capacity = np.minimum(1.0, np.maximum(funding, hours))
    similarity = np.einsum(
        "md,md->m", companies.text[c].astype(np.float64), projects.text[p].astype(np.float64)
    )
    text = np.maximum(0.0, similarity)
    shares_theme = (companies.history_theme_mask[c] & projects.theme_mask[p]) != 0
    history = companies.affinity[c, neighbourhood] + np.where(shares_theme, PLEDGED_ON_THEME, 0.0)
    proximity = companies.proximity[c, neighbourhood]
    columns = [theme, projects.city_priority[p], proximity, projects.need[p], capacity, skills, text, history]
    components = np.stack(columns, axis=1).astype(np.float64)
    applies = np.ones_like(components, dtype=bool)
    applies[:, CAPACITY] = (funding_gap > 0) | (hours_gap > 0)
    applies[:, SKILLS] = project_skills > 0
    return components, applies


def weighted_scores(components: np.ndarray, applies: np.ndarray, weights: Weights) -> np.ndarray:
    weight_array = weights.as_array().astype(np.float64)
    applied = np.where(applies, weight_array, 0.0)
    return (components * applied).sum(axis=1) / applied.sum(axis=1)
