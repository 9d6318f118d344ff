"""Reads for matching: the engine's arrays built from the database in bulk, with the maps back to rows.

Everything is read with values_list over whole tables of the city (a few queries, never one per row)
and assembled with numpy, so 100,000 companies x 10,000 projects load in seconds.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db.models import QuerySet, Sum

from companies.models import Company, Site
from ledger.models import Pledge
from ledger.selectors import capacity_used
from matching import engine
from matching.models import MatchingWeights
from matching.text import DIMENSIONS, text_vectors
from neighborhoods.models import City, Neighbourhood, NeighbourhoodPriority
from projects.models import Need, Project
from taxonomy.models import Skill, Theme

MASK_BITS = 32  # the engine's bitsets hold positions 0-31


@dataclass(frozen=True)
class TextVectors:
    """Every company's and every scored project's text vector, fitted on one corpus."""

    company_ids: np.ndarray  # int64, sorted
    company_vectors: np.ndarray  # float32[C, D]
    project_ids: np.ndarray  # int64, sorted
    project_vectors: np.ndarray  # float32[P, D]

    def for_companies(self, ids: np.ndarray) -> np.ndarray:
        return _lookup_rows(self.company_ids, self.company_vectors, ids)

    def for_projects(self, ids: np.ndarray) -> np.ndarray:
        return _lookup_rows(self.project_ids, self.project_vectors, ids)


@dataclass(frozen=True)
class MatchingInputs:
    """The engine's inputs and, for each array index, the row it stands for."""

    companies: engine.Companies
    projects: engine.Projects
    company_ids: np.ndarray  # int64[C]: array index -> Company id
    project_ids: np.ndarray  # int64[P]: array index -> Project id
    neighbourhood_ids: np.ndarray  # int64[N]: column -> Neighbourhood id
    neighbourhood_names: list[str]
    neighbourhood_top_share: np.ndarray  # float32[N]: 0.1 = among the 10% most in need; 0 = no index
    theme_codes: list[str]  # bit position -> Theme code
    skill_codes: list[str]  # bit position -> Skill code
    distance_km: np.ndarray  # float32[C, N] from the nearest site (inf: no site)
    nearest_site: np.ndarray  # int32[C, N]: index into site_ids, -1 for none
    site_ids: np.ndarray  # int64[S]: Site id of each site index
    priority_rank: np.ndarray  # int16[P]: the City's best rank among the project's themes there, 0 none


def matching_weights(*, city: City) -> engine.Weights:
    weights = MatchingWeights.objects.filter(city=city).first()
    return weights.as_engine() if weights else engine.Weights()


def matching_text_vectors(*, city: City) -> TextVectors:
    """Fit the text space on the city's scored projects and all its companies' CSR statements."""
    companies = list(Company.objects.filter(city=city).order_by("id").values_list("id", "csr_statement"))
    projects = list(
        _scored_projects(city, None).order_by("id").values_list("id", "title", "summary", "description")
    )
    documents = [statement for _, statement in companies]
    documents += [" ".join((title, summary, description)) for _, title, summary, description in projects]
    vectors = text_vectors(documents)
    return TextVectors(
        company_ids=np.array([row[0] for row in companies], dtype=np.int64),
        company_vectors=vectors[: len(companies)],
        project_ids=np.array([row[0] for row in projects], dtype=np.int64),
        project_vectors=vectors[len(companies) :],
    )


def matching_company_ids(*, city: City) -> np.ndarray:
    return np.fromiter(
        Company.objects.filter(city=city).order_by("id").values_list("id", flat=True), np.int64
    )


def matching_inputs(
    *,
    city: City,
    company_ids: Sequence[int] | np.ndarray | None = None,
    project_ids: Sequence[int] | np.ndarray | None = None,
    text: TextVectors | None = None,
    half_km: float | None = None,
) -> MatchingInputs:
    """The engine's arrays for the city's companies (all, or those ids) and its published projects.

    `text` lets every chunk of a run share the vectors fitted once; without it they are fitted now.
    """
    text = text if text is not None else matching_text_vectors(city=city)
    half_km = half_km if half_km is not None else matching_weights(city=city).proximity_half_km
    themes = _positions(Theme.objects.order_by("position", "code").values_list("id", "code"), "themes")
    skills = _positions(Skill.objects.order_by("code").values_list("id", "code"), "skills")
    places = _neighbourhoods(city)
    projects, project_ids_array, priority_rank = _projects(city, project_ids, themes, skills, places, text)
    companies = _companies(city, company_ids, themes, skills, places, half_km, text)
    return MatchingInputs(
        companies=companies.arrays,
        projects=projects,
        company_ids=companies.ids,
        project_ids=project_ids_array,
        neighbourhood_ids=places.ids,
        neighbourhood_names=places.names,
        neighbourhood_top_share=places.top_share,
        theme_codes=themes.codes,
        skill_codes=skills.codes,
        distance_km=companies.distance_km,
        nearest_site=companies.nearest_site,
        site_ids=companies.site_ids,
        priority_rank=priority_rank,
    )


# --- building blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Positions:
    position_by_id: dict[int, int]
    codes: list[str]

    def mask(self, ids: Iterable[int]) -> int:
        return engine.mask_of(self.position_by_id[i] for i in ids if i in self.position_by_id)


def _positions(rows: Iterable[tuple[int, str]], label: str) -> _Positions:
    rows = list(rows)
    if len(rows) > MASK_BITS:
        raise ValueError(f"the matching engine handles up to {MASK_BITS} {label}, not {len(rows)}")
    return _Positions({row_id: index for index, (row_id, _) in enumerate(rows)}, [code for _, code in rows])


@dataclass(frozen=True)
class _Places:
    ids: np.ndarray
    names: list[str]
    xy: np.ndarray  # km on a local plane; nan without a centroid
    need: np.ndarray  # float32[N] in [0, 1]
    top_share: np.ndarray
    origin_lat: float

    def columns(self, neighbourhood_ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.ids, neighbourhood_ids).astype(np.int32)


def _neighbourhoods(city: City) -> _Places:
    rows = list(
        Neighbourhood.objects.filter(city=city)
        .order_by("id")
        .values_list("id", "name", "centroid_lat", "centroid_lon", "need_index")
    )
    lat = np.array([np.nan if row[2] is None else row[2] for row in rows], dtype=np.float64)
    lon = np.array([np.nan if row[3] is None else row[3] for row in rows], dtype=np.float64)
    known = lat[~np.isnan(lat)]
    origin_lat = (
        city.centroid_lat if city.centroid_lat is not None else (known.mean() if known.size else 45.46)
    )
    index = np.array([np.nan if row[4] is None else float(row[4]) for row in rows], dtype=np.float64)
    with_index = index[~np.isnan(index)]
    top_share = np.zeros(len(rows), dtype=np.float32)
    for column, value in enumerate(index):
        if not np.isnan(value):
            top_share[column] = (1 + (with_index > value).sum()) / with_index.size
    return _Places(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        names=[row[1] for row in rows],
        xy=engine.to_local_km(lat, lon, origin_lat=origin_lat),
        need=np.nan_to_num(index / 100.0, nan=0.0).astype(np.float32),
        top_share=top_share,
        origin_lat=origin_lat,
    )


def _lookup_rows(sorted_ids: np.ndarray, table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Rows of `table` for `ids`; zero rows for ids it does not hold (a text the fit never saw)."""
    result = np.zeros((len(ids), table.shape[1] if table.ndim == 2 else DIMENSIONS), dtype=np.float32)
    if len(sorted_ids) == 0 or len(ids) == 0:
        return result
    index = np.clip(np.searchsorted(sorted_ids, ids), 0, len(sorted_ids) - 1)
    found = sorted_ids[index] == ids
    result[found] = table[index[found]]
    return result


def _index_of(sorted_ids: np.ndarray, values: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
    """Array index of each value in sorted_ids, and which values are there at all."""
    values = np.fromiter(values, dtype=np.int64)
    if len(sorted_ids) == 0:
        return np.zeros(len(values), np.int64), np.zeros(len(values), bool)
    index = np.clip(np.searchsorted(sorted_ids, values), 0, len(sorted_ids) - 1)
    return index, sorted_ids[index] == values


def _within(queryset: QuerySet, field: str, ids: np.ndarray | None) -> QuerySet:
    """Narrow to the id range of `ids`: one range, not a list of 10,000 parameters; exact filter after."""
    if ids is None:
        return queryset
    if len(ids) == 0:
        return queryset.none()
    return queryset.filter(**{f"{field}__gte": int(ids.min()), f"{field}__lte": int(ids.max())})


def _wanted(ids: Sequence[int] | np.ndarray | None) -> np.ndarray | None:
    return None if ids is None else np.unique(np.asarray(ids, dtype=np.int64))


def _only_wanted(rows: list[tuple], wanted: np.ndarray | None) -> list[tuple]:
    """The rows (id first) whose id is wanted: `_within` fetched the whole id range."""
    if wanted is None:
        return rows
    keep = set(wanted.tolist())
    return [row for row in rows if row[0] in keep]


def _scored_projects(city: City, project_ids: np.ndarray | None) -> QuerySet:
    return _within(Project.objects.open_for_pledges().in_city(city), "id", project_ids)


def _projects(
    city: City,
    project_ids: Sequence[int] | np.ndarray | None,
    themes: _Positions,
    skills: _Positions,
    places: _Places,
    text: TextVectors,
) -> tuple[engine.Projects, np.ndarray, np.ndarray]:
    wanted = _wanted(project_ids)
    rows = list(_scored_projects(city, wanted).order_by("id").values_list("id", "neighbourhood_id"))
    rows = _only_wanted(rows, wanted)
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    count = len(ids)
    scored = {"project__city": city, "project__status": Project.Status.PUBLISHED}
    project_themes: dict[int, list[int]] = defaultdict(list)
    for project_id, theme_id in _within(
        Project.themes.through.objects.filter(**scored), "project_id", ids
    ).values_list("project_id", "theme_id"):
        project_themes[project_id].append(theme_id)
    committed: dict[int, Decimal] = dict(
        _within(
            Pledge.objects.committed().filter(
                need__project__city=city, need__project__status=Project.Status.PUBLISHED
            ),
            "need__project_id",
            ids,
        )
        .order_by()
        .values("need_id")
        .annotate(total=Sum("quantity"))
        .values_list("need_id", "total")
    )
    funding_gap = np.zeros(count, np.float64)
    hours_gap = np.zeros(count, np.float64)
    open_volunteering: set[int] = set()
    needs = list(
        _within(Need.objects.filter(**scored), "project_id", ids).values_list(
            "id", "project_id", "kind", "target_quantity"
        )
    )
    need_rows, found = _index_of(ids, (need[1] for need in needs))
    for (need_id, _, kind, target), row, ok in zip(needs, need_rows, found, strict=True):
        gap = max(Decimal(0), target - committed.get(need_id, Decimal(0)))
        if not ok or gap <= 0:
            continue
        if kind == Need.Kind.FUNDING:
            funding_gap[row] += float(gap)
        elif kind == Need.Kind.VOLUNTEERING:
            hours_gap[row] += float(gap)
            open_volunteering.add(need_id)
    project_skills: dict[int, set[int]] = defaultdict(set)
    for need_id, project_id, skill_id in _within(
        Need.skills.through.objects.filter(
            need__project__city=city, need__project__status=Project.Status.PUBLISHED
        ),
        "need__project_id",
        ids,
    ).values_list("need_id", "need__project_id", "skill_id"):
        if need_id in open_volunteering:
            project_skills[project_id].add(skill_id)
    priorities: dict[int, dict[int, int]] = defaultdict(dict)
    for neighbourhood_id, theme_id, rank in NeighbourhoodPriority.objects.filter(
        neighbourhood__city=city
    ).values_list("neighbourhood_id", "theme_id", "rank"):
        if theme_id in themes.position_by_id:
            priorities[neighbourhood_id][themes.position_by_id[theme_id]] = rank
    city_priority = np.zeros(count, np.float32)
    priority_rank = np.zeros(count, np.int16)
    for row, (project_id, neighbourhood_id) in enumerate(rows):
        positions = [
            themes.position_by_id[t] for t in project_themes[project_id] if t in themes.position_by_id
        ]
        ranks = priorities.get(neighbourhood_id, {})
        city_priority[row] = engine.city_priority_score(positions, ranks)
        priority_rank[row] = min((ranks[p] for p in positions if p in ranks), default=0)
    neighbourhood = places.columns(np.array([row[1] for row in rows], dtype=np.int64))
    arrays = engine.Projects(
        theme_mask=np.array([themes.mask(project_themes[i]) for i in ids.tolist()], dtype=np.uint64),
        skill_mask=np.array([skills.mask(project_skills[i]) for i in ids.tolist()], dtype=np.uint64),
        neighbourhood=neighbourhood,
        city_priority=city_priority,
        need=places.need[neighbourhood] if count else np.zeros(0, np.float32),
        funding_gap=funding_gap.astype(np.float32),
        hours_gap=hours_gap.astype(np.float32),
        text=text.for_projects(ids),
    )
    return arrays, ids, priority_rank


@dataclass(frozen=True)
class _CompanyArrays:
    arrays: engine.Companies
    ids: np.ndarray
    distance_km: np.ndarray
    nearest_site: np.ndarray
    site_ids: np.ndarray


def _per_row(ids: np.ndarray, totals: dict[int, Decimal]) -> np.ndarray:
    """A {company id: amount} dict as a float column aligned with ids (0 where absent)."""
    column = np.zeros(len(ids), np.float64)
    rows, found = _index_of(ids, totals)
    column[rows[found]] = np.array([float(amount) for amount in totals.values()], dtype=np.float64)[found]
    return column


def _bitmask_rows(
    count: int, pairs: Iterable[tuple[int, int]], ids: np.ndarray, positions: _Positions
) -> np.ndarray:
    """uint64 mask per company from (company id, theme or skill id) pairs."""
    masks = np.zeros(count, np.uint64)
    pairs = [(c, positions.position_by_id[t]) for c, t in pairs if t in positions.position_by_id]
    if pairs:
        rows, found = _index_of(ids, (c for c, _ in pairs))
        bits = np.array([1 << p for _, p in pairs], dtype=np.uint64)
        np.bitwise_or.at(masks, rows[found], bits[found])
    return masks


def _companies(
    city: City,
    company_ids: Sequence[int] | np.ndarray | None,
    themes: _Positions,
    skills: _Positions,
    places: _Places,
    half_km: float,
    text: TextVectors,
) -> _CompanyArrays:
    wanted = _wanted(company_ids)
    rows = list(
        _within(Company.objects.filter(city=city), "id", wanted)
        .order_by("id")
        .values_list("id", "csr_budget_eur", "volunteer_hours_per_year")
    )
    rows = _only_wanted(rows, wanted)
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    count = len(ids)
    mine = {"company__city": city}

    def related(queryset: QuerySet, *fields: str) -> list[tuple]:
        return list(_within(queryset.filter(**mine), "company_id", ids).values_list("company_id", *fields))

    theme_mask = _bitmask_rows(count, related(Company.themes.through.objects, "theme_id"), ids, themes)
    skill_mask = _bitmask_rows(count, related(Company.skills.through.objects, "skill_id"), ids, skills)

    city_pledges = _within(Pledge.objects.filter(**mine), "company_id", ids)
    money_used, hours_committed = capacity_used(pledges=city_pledges)
    budget_used = _per_row(ids, money_used)
    hours_used = _per_row(ids, hours_committed)
    committed = Pledge.objects.committed().order_by()
    budget = np.array([float(row[1]) for row in rows], dtype=np.float64)
    hours = np.array([float(row[2]) for row in rows], dtype=np.float64)

    pledged = related(committed, "need__project__neighbourhood_id", "need__project_id")
    pledged_projects = {row[2] for row in pledged}
    themes_of_project: dict[int, list[int]] = defaultdict(list)
    for project_id, theme_id in Project.themes.through.objects.filter(project__city=city).values_list(
        "project_id", "theme_id"
    ):
        if project_id in pledged_projects:
            themes_of_project[project_id].append(theme_id)
    history_pairs = {(c, t) for c, _, p in pledged for t in themes_of_project[p]}
    history_theme_mask = _bitmask_rows(count, history_pairs, ids, themes)

    def place_pairs(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        pairs = sorted(set(pairs))
        rows_, found = _index_of(ids, (c for c, _ in pairs))
        columns, known = _index_of(places.ids, (n for _, n in pairs))
        keep = found & known
        return list(zip(rows_[keep].tolist(), columns[keep].tolist(), strict=True))

    preferred = place_pairs(related(Company.preferred_neighbourhoods.through.objects, "neighbourhood_id"))
    pledged_places = place_pairs((c, n) for c, n, _ in pledged)
    affinity = engine.affinity_table(
        company_count=count, neighbourhood_count=len(places.ids), preferred=preferred, pledged=pledged_places
    )

    sites = related(Site.objects.order_by("company_id", "id"), "id", "latitude", "longitude")
    site_rows, site_found = _index_of(ids, (row[0] for row in sites))
    sites = [site for site, ok in zip(sites, site_found, strict=True) if ok]
    site_rows = site_rows[site_found]
    site_xy = engine.to_local_km(
        np.array([s[2] for s in sites], dtype=np.float64).reshape(-1),
        np.array([s[3] for s in sites], dtype=np.float64).reshape(-1),
        origin_lat=places.origin_lat,
    ).reshape(-1, 2)
    distance, nearest = engine.nearest_site_km(
        site_company=site_rows,
        site_xy=site_xy,
        neighbourhood_xy=places.xy.reshape(-1, 2),
        company_count=count,
    )
    arrays = engine.Companies(
        theme_mask=theme_mask,
        skill_mask=skill_mask,
        budget_left=np.maximum(0.0, budget - budget_used).astype(np.float32),
        hours_left=np.maximum(0.0, hours - hours_used).astype(np.float32),
        text=text.for_companies(ids),
        history_theme_mask=history_theme_mask,
        proximity=engine.proximity_from_km(distance, half_km=half_km),
        affinity=affinity,
    )
    site_ids = np.array([s[1] for s in sites], dtype=np.int64)
    return _CompanyArrays(arrays, ids, distance, nearest, site_ids)
