"""Writing matches in bulk: COPY on PostgreSQL, bulk_create elsewhere; and the explanation details.

`pair_table` takes what the explanations need for each (company, project) pair from the engine's inputs
while they are in memory; `details_json` turns it into each Match's `details`.
"""

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from io import BytesIO
from typing import Any

import numpy as np
from django.db import connection

from matching import engine
from matching.models import Match

MATCH_COLUMNS = (
    "city_id", "company_id", "project_id", "score", *engine.COMPONENTS, "capacity_applies", "skills_applies",
    "rank_for_company", "rank_for_project", "details", "run_id", "computed_at",
)  # fmt: skip


STORED_DECIMALS = 9


def arrays_dump(**arrays: np.ndarray) -> bytes:
    buffer = BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def arrays_load(data: bytes | memoryview) -> dict[str, np.ndarray]:
    with np.load(BytesIO(bytes(data)), allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def pair_table(
    companies: engine.Companies,
    projects: engine.Projects,
    *,
    company_index: np.ndarray,
    project_index: np.ndarray,
    distance_km: np.ndarray,
    nearest_site: np.ndarray,
) -> dict[str, np.ndarray]:
    """Components of each pair and the company-dependent facts its explanation cites."""
    c = np.asarray(company_index, dtype=np.int64)
    p = np.asarray(project_index, dtype=np.int64)
    components, applies = engine.components_for_pairs(companies, projects, c, p)
    column = projects.neighbourhood[p]
    funding_gap = projects.funding_gap[p].astype(np.float64)
    hours_gap = projects.hours_gap[p].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        budget_share = np.where(funding_gap > 0, companies.budget_left[c] / funding_gap, 0.0)
        hours_share = np.where(hours_gap > 0, companies.hours_left[c] / hours_gap, 0.0)
    return {
        "components": components.astype(np.float64),
        "capacity_applies": applies[:, engine.CAPACITY],
        "skills_applies": applies[:, engine.SKILLS],
        "site": nearest_site[c, column].astype(np.int32),
        "km": distance_km[c, column].astype(np.float32),
        "common_themes": (companies.theme_mask[c] & projects.theme_mask[p]).astype(np.uint64),
        "common_skills": (companies.skill_mask[c] & projects.skill_mask[p]).astype(np.uint64),
        "budget_share": budget_share.astype(np.float32),
        "hours_share": hours_share.astype(np.float32),
        "affinity": companies.affinity[c, column].astype(np.float32),
        "pledged_theme": (companies.history_theme_mask[c] & projects.theme_mask[p]) != 0,
    }


class DetailWriter:
    """Builds each match's `details` JSON; caches the code lists of each bitmask."""

    def __init__(
        self,
        *,
        theme_codes: Sequence[str],
        skill_codes: Sequence[str],
        neighbourhood_names: Sequence[str],
        neighbourhood_top_share: np.ndarray,
        project_neighbourhood: np.ndarray,
        project_need: np.ndarray,
        priority_rank: np.ndarray,
    ) -> None:
        self.theme_codes = list(theme_codes)
        self.skill_codes = list(skill_codes)
        self.neighbourhood_names = list(neighbourhood_names)
        self.top_share = neighbourhood_top_share.tolist()
        self.project_neighbourhood = project_neighbourhood.tolist()
        self.project_need = project_need.tolist()
        self.priority_rank = priority_rank.tolist()
        self._codes: dict[tuple[int, int], list[str]] = {}

    def _codes_of(self, mask: int, which: int) -> list[str]:
        key = (mask, which)
        if key not in self._codes:
            codes = self.theme_codes if which == 0 else self.skill_codes
            self._codes[key] = [code for position, code in enumerate(codes) if mask >> position & 1]
        return self._codes[key]

    def rows(
        self, table: dict[str, np.ndarray], projects: np.ndarray, site_names: Sequence[str]
    ) -> Iterator[str]:
        """One JSON text per pair of `table` (whose project indices are `projects`)."""
        columns = [
            table[name].tolist()
            for name in ("site", "km", "common_themes", "common_skills", "budget_share", "hours_share",
                         "affinity", "pledged_theme")
        ]  # fmt: skip
        for p, site, km, themes, skills, budget, hours, affinity, pledged_theme in zip(
            projects.tolist(), *columns, strict=True
        ):
            column = self.project_neighbourhood[p]
            rank = self.priority_rank[p]
            top_share = self.top_share[column]
            covers, covers_with = (budget, "budget") if budget >= hours else (hours, "hours")
            details: dict[str, Any] = {
                "neighbourhood": self.neighbourhood_names[column],
                "site": site_names[site] if site >= 0 else None,
                "km": round(km, 1) if site >= 0 else None,
                "themes": self._codes_of(themes, 0),
                "skills": self._codes_of(skills, 1),
                "covers": round(min(1.0, covers), 3),
                "covers_with": covers_with,
                "priority_rank": rank or None,
                "need_index": round(self.project_need[p] * 100),
                "need_top_share": round(top_share, 3) if top_share else None,
                "preferred": affinity >= engine.PREFERRED_NEIGHBOURHOOD - 0.01,
                "pledged_here": abs(affinity - engine.PLEDGED_IN_NEIGHBOURHOOD) < 0.01
                or abs(affinity - engine.PREFERRED_NEIGHBOURHOOD - engine.PLEDGED_IN_NEIGHBOURHOOD) < 0.01,
                "pledged_theme": pledged_theme,
            }
            yield json.dumps(details, separators=(",", ":"))


def match_rows(
    *,
    city_id: int,
    run_id: int | None,
    computed_at: datetime,
    company_ids: np.ndarray,
    project_ids: np.ndarray,
    scores: np.ndarray,
    components: np.ndarray,
    capacity_applies: np.ndarray,
    skills_applies: np.ndarray,
    rank_for_company: np.ndarray,
    rank_for_project: np.ndarray,
    details: Iterator[str],
) -> Iterator[tuple]:
    """Tuples in MATCH_COLUMNS order; ranks of 0 mean "not ranked on that side"."""
    # Stored to 1e-9: far finer than any meaning a fit has, and coarse enough that the last bits of
    # float arithmetic (which may differ with how the companies were chunked) never reach the table.
    scores = np.round(np.clip(scores.astype(np.float64), 0.0, 1.0), STORED_DECIMALS)
    components = np.round(np.clip(components.astype(np.float64), 0.0, None), STORED_DECIMALS)
    for row in zip(
        company_ids.tolist(), project_ids.tolist(), scores.tolist(), components.tolist(),
        capacity_applies.tolist(), skills_applies.tolist(),
        rank_for_company.tolist(), rank_for_project.tolist(),
        details, strict=True,
    ):  # fmt: skip
        company, project, score, parts, capacity, skills, rank_c, rank_p, detail = row
        yield (
            city_id, company, project, score, *parts, capacity, skills,
            rank_c or None, rank_p or None, detail, run_id, computed_at,
        )  # fmt: skip


def matches_insert(rows: Iterator[tuple]) -> int:
    """Insert match rows: COPY on PostgreSQL, bulk_create elsewhere. Call inside a transaction."""
    count = 0
    if connection.vendor == "postgresql":
        table = Match._meta.db_table
        statement = f"COPY {table} ({', '.join(MATCH_COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch: list[Match] = []
    for row in rows:
        values = dict(zip(MATCH_COLUMNS, row, strict=True))
        values["details"] = json.loads(values["details"])
        batch.append(Match(**values))
        count += 1
        if len(batch) >= 5000:
            Match.objects.bulk_create(batch)
            batch = []
    Match.objects.bulk_create(batch)
    return count
