"""Writing matches in bulk: binary COPY on PostgreSQL, bulk_create elsewhere; and the explanation facts.

`pair_table` takes what the explanations need for each (company, project) pair from the engine's inputs
while they are in memory; `match_columns` turns pairs into Match's columns, one numpy array each, and
`matches_insert` writes them without a Python object per row.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

import numpy as np
from django.db import connection

from matching import engine
from matching.models import Match

STORED_DECIMALS = 9
_COPY_BATCH = 250_000
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = datetime(2000, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - _PG_EPOCH


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
    site_ids: np.ndarray,
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
    site = nearest_site[c, column]
    return {
        "components": components.astype(np.float64),
        "capacity_applies": applies[:, engine.CAPACITY],
        "skills_applies": applies[:, engine.SKILLS],
        "site": np.where(site >= 0, site_ids[np.maximum(site, 0)] if len(site_ids) else -1, -1),
        "km": distance_km[c, column].astype(np.float32),
        "common_themes": (companies.theme_mask[c] & projects.theme_mask[p]).astype(np.uint64),
        "common_skills": (companies.skill_mask[c] & projects.skill_mask[p]).astype(np.uint64),
        "budget_share": budget_share.astype(np.float32),
        "hours_share": hours_share.astype(np.float32),
        "affinity": companies.affinity[c, column].astype(np.float32),
        "pledged_theme": (companies.history_theme_mask[c] & projects.theme_mask[p]) != 0,
    }


@dataclass(frozen=True)
class ProjectFacts:
    """What an explanation cites about each project (by array index), whoever the company."""

    neighbourhood: np.ndarray  # int32[P]: column into top_share
    need: np.ndarray  # float32[P] in [0, 1]
    priority_rank: np.ndarray  # int16[P], 0 none
    top_share: np.ndarray  # float32[N], 0 no index


def _near(values: np.ndarray, target: float) -> np.ndarray:
    return np.abs(values - target) < 0.01


def match_columns(
    *,
    city_id: int,
    run_id: int | None,
    computed_at: datetime,
    company_ids: np.ndarray,
    project_ids: np.ndarray,
    project_index: np.ndarray,
    scores: np.ndarray,
    table: dict[str, np.ndarray],
    facts: ProjectFacts,
    rank_for_company: np.ndarray,
    rank_for_project: np.ndarray,
) -> dict[str, np.ndarray]:
    """Match's columns for the pairs of `table`; NaN (floats) or -1 (ids, ranks 0) stand for NULL."""
    count = len(company_ids)
    p = np.asarray(project_index, dtype=np.int64)
    # Stored to 1e-9: far finer than any meaning a fit has, and coarse enough that the last bits of
    # float arithmetic (which may differ with how the companies were chunked) never reach the table.
    components = np.round(np.clip(table["components"].astype(np.float64), 0.0, None), STORED_DECIMALS)
    budget = table["budget_share"].astype(np.float64)
    hours = table["hours_share"].astype(np.float64)
    with_budget = budget >= hours
    affinity = table["affinity"].astype(np.float64)
    top_share = facts.top_share.astype(np.float64)[facts.neighbourhood[p]]
    has_site = table["site"] >= 0
    columns = {
        "city_id": np.full(count, city_id, np.int64),
        "company_id": np.asarray(company_ids, np.int64),
        "project_id": np.asarray(project_ids, np.int64),
        "score": np.round(np.clip(scores.astype(np.float64), 0.0, 1.0), STORED_DECIMALS),
        **{name: components[:, i] for i, name in enumerate(engine.COMPONENTS)},
        "capacity_applies": table["capacity_applies"].astype(bool),
        "skills_applies": table["skills_applies"].astype(bool),
        "rank_for_company": np.asarray(rank_for_company, np.int16),
        "rank_for_project": np.asarray(rank_for_project, np.int16),
        "nearest_site_id": np.where(has_site, table["site"], -1).astype(np.int64),
        "km": np.where(has_site, np.round(table["km"].astype(np.float64), 1), np.nan),
        "covers": np.round(np.minimum(1.0, np.where(with_budget, budget, hours)), 3),
        "covers_with": np.where(with_budget, Match.CoversWith.BUDGET, Match.CoversWith.HOURS).astype(
            np.int16
        ),
        "common_theme_mask": table["common_themes"].astype(np.int64),
        "common_skill_mask": table["common_skills"].astype(np.int64),
        "priority_rank": facts.priority_rank[p].astype(np.int16),
        "need_index": np.round(facts.need[p].astype(np.float64) * 100).astype(np.int16),
        "need_top_share": np.round(top_share, 3),
        "preferred_neighbourhood": affinity >= engine.PREFERRED_NEIGHBOURHOOD - 0.01,
        "pledged_in_neighbourhood": _near(affinity, engine.PLEDGED_IN_NEIGHBOURHOOD)
        | _near(affinity, engine.PREFERRED_NEIGHBOURHOOD + engine.PLEDGED_IN_NEIGHBOURHOOD),
        "pledged_on_theme": table["pledged_theme"].astype(bool),
        "run_id": np.full(count, -1 if run_id is None else run_id, np.int64),
    }
    return {name: columns[name] for name in _COLUMN_ORDER} | {"computed_at": computed_at}


# Which column a NULL may stand in, and how: ranks of 0, ids of -1, NaN floats.
_NULL_WHEN = {
    "rank_for_company": 0, "rank_for_project": 0, "nearest_site_id": -1, "run_id": -1, "km": None,
}  # fmt: skip
_PG_TYPE = {
    np.dtype(np.int64): ">i8", np.dtype(np.int16): ">i2", np.dtype(np.float64): ">f8", np.dtype(bool): "u1",
}  # fmt: skip
_COLUMN_ORDER = (
    "city_id", "company_id", "project_id", "score", *engine.COMPONENTS, "capacity_applies", "skills_applies",
    "rank_for_company", "rank_for_project", "nearest_site_id", "km", "covers", "covers_with",
    "common_theme_mask", "common_skill_mask", "priority_rank", "need_index", "need_top_share",
    "preferred_neighbourhood", "pledged_in_neighbourhood", "pledged_on_theme", "run_id",
)  # fmt: skip


def _nulls(name: str, values: np.ndarray) -> np.ndarray:
    if name not in _NULL_WHEN:
        return np.zeros(len(values), bool)
    return np.isnan(values) if _NULL_WHEN[name] is None else values == _NULL_WHEN[name]


def _binary_rows(columns: dict[str, np.ndarray], computed_at: datetime) -> bytes:
    """PostgreSQL's binary COPY tuples for these rows: each field a length, then big-endian bytes.

    Rows are grouped by which fields are NULL (a handful of patterns), so each group is one packed
    numpy record array; COPY does not care about the order of the rows.
    """
    count = len(columns["city_id"])
    since_epoch = computed_at.astimezone(UTC) - _PG_EPOCH
    fields = [*columns.items(), ("computed_at", np.full(count, since_epoch // _ONE_MICROSECOND, np.int64))]
    nulls = np.stack([_nulls(name, values) for name, values in fields], axis=1)
    nullable = [index for index, (name, _values) in enumerate(fields) if name in _NULL_WHEN]
    pattern = nulls[:, nullable].astype(np.int64) @ (1 << np.arange(len(nullable), dtype=np.int64))
    parts = []
    for code in np.unique(pattern):
        rows = np.flatnonzero(pattern == code)
        null = nulls[rows[0]]
        layout = [("count", ">i2")]
        for index, (name, values) in enumerate(fields):
            layout.append((f"{name}_length", ">i4"))
            if not null[index]:
                layout.append((name, _PG_TYPE[values.dtype]))
        records = np.empty(len(rows), dtype=np.dtype(layout))
        records["count"] = len(fields)
        for index, (name, values) in enumerate(fields):
            if null[index]:
                records[f"{name}_length"] = -1
            else:
                records[f"{name}_length"] = records.dtype[name].itemsize
                records[name] = values[rows]
        parts.append(records.tobytes())
    return b"".join(parts)


def matches_insert(columns: dict[str, np.ndarray | datetime]) -> int:
    """Insert the rows of `match_columns`: binary COPY on PostgreSQL. Call inside a transaction."""
    computed_at = columns["computed_at"]
    arrays = {name: values for name, values in columns.items() if name != "computed_at"}
    count = len(arrays["city_id"])
    if connection.vendor == "postgresql":
        names = ", ".join([*arrays, "computed_at"])
        statement = f"COPY {Match._meta.db_table} ({names}) FROM STDIN WITH (FORMAT BINARY)"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            copy.write(b"PGCOPY\n\xff\r\n\x00" + bytes(8))  # signature, flags, no header extension
            for start in range(0, count, _COPY_BATCH):
                batch = {name: values[start : start + _COPY_BATCH] for name, values in arrays.items()}
                copy.write(_binary_rows(batch, computed_at))
            copy.write(b"\xff\xff")
        return count
    for start in range(0, count, 5000):
        rows = zip(*(values[start : start + 5000].tolist() for values in arrays.values()), strict=True)
        batch = [
            Match(**_row_values(dict(zip(arrays, row, strict=True))), computed_at=computed_at) for row in rows
        ]
        Match.objects.bulk_create(batch)
    return count


def _row_values(values: dict) -> dict:
    for name, null in _NULL_WHEN.items():
        value = values[name]
        if (null is None and value != value) or value == null:
            values[name] = None
    return values
