"""What every stage of the demo seeding shares: options, the reference clock, random streams, the city's
places and vocabularies, unique slugs, and bulk insertion with counts and progress."""

import math
import random
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np
from django.db import models
from django.utils.text import slugify

from demo.places import Place, PointSampler, business_weight, km_between, need_weight, short_name
from neighborhoods.models import City, NeighbourhoodPriority
from taxonomy.models import Skill, Theme

DEMO_DOMAIN = "milanpartner.demo"
DEFAULT_SEED = 42
DEFAULT_COMPANIES = 60
DEFAULT_PROJECTS = 80
DEFAULT_NGOS = 30
BATCH_SIZE = 5_000
CHUNK_SIZE = 10_000
SLUG_MAX_LENGTH = 200  # leaves room for a "-12345" suffix within the fields' 220

Progress = Callable[[str], None]
ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass(frozen=True)
class SeedOptions:
    """What to generate. The same options on the same atlas give the same rows, field for field.

    `today` anchors every date relative to now (published a month ago, deadline in three weeks), so passing
    the same `today` is what makes two runs identical on different days.
    """

    today: date
    seed: int = DEFAULT_SEED
    companies: int = DEFAULT_COMPANIES
    projects: int = DEFAULT_PROJECTS
    ngos: int = DEFAULT_NGOS


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, count: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + count


class SlugRegistry:
    """Hands out slugs unique within a city: the first "orti-condivisi", then "orti-condivisi-2", ..."""

    def __init__(self, taken: Iterable[str]) -> None:
        self._taken = set(taken)
        self._next_suffix: dict[str, int] = {}

    def claim(self, text: str) -> str:
        base = slugify(text)[:SLUG_MAX_LENGTH].strip("-") or "demo"
        candidate = base
        suffix = self._next_suffix.get(base, 2)
        while candidate in self._taken:
            candidate = f"{base}-{suffix}"
            suffix += 1
        self._next_suffix[base] = suffix
        self._taken.add(candidate)
        return candidate


def money(cents: int) -> Decimal:
    """Whole cents as a two-place Decimal: 123456 → Decimal("1234.56")."""
    return Decimal(cents).scaleb(-2)


def demo_website(slug: str) -> str:
    """A website under the demo domain: it marks the row as demo data and links nowhere real."""
    return f"https://{slug.replace('-', '')[:63]}.{DEMO_DOMAIN}"


class SeedContext:
    def __init__(self, *, city: City, options: SeedOptions, progress: Progress) -> None:
        self.city = city
        self.options = options
        self.progress = progress
        self.report = SeedReport()
        self.today = options.today
        self.now = datetime.combine(options.today, time(9, 0), tzinfo=UTC)
        self.theme_ids: dict[str, int] = dict(Theme.objects.values_list("code", "id"))
        self.theme_names: dict[str, str] = dict(Theme.objects.values_list("code", "name_it"))
        self.skill_ids: dict[str, int] = dict(Skill.objects.values_list("code", "id"))
        self.skill_names: dict[str, str] = dict(Skill.objects.values_list("code", "name_it"))
        self.places, self.sampler = _load_places(city)
        if not self.places:
            raise ValueError(f"{city} has no neighbourhoods: import its atlas first.")
        self.place_positions = {place.id: position for position, place in enumerate(self.places)}
        self.priorities = _load_priorities(city)
        self._business_cumulative = _cumulative(place.business_weight for place in self.places)
        self._need_cumulative = _cumulative(place.need_weight for place in self.places)
        self._slugs: dict[type[models.Model], SlugRegistry] = {}

    def rng(self, *labels: object) -> random.Random:
        """An independent random stream per stage (and chunk): one stage's draws never shift another's."""
        return random.Random(":".join(map(str, (self.options.seed, *labels))))

    def numpy_rng(self, *labels: object) -> np.random.Generator:
        return np.random.default_rng(self.rng("numpy", *labels).getrandbits(64))

    def business_places(self, rng: random.Random, count: int) -> list[int]:
        """Positions in `places`, drawn where company sites cluster."""
        return rng.choices(range(len(self.places)), cum_weights=self._business_cumulative, k=count)

    def needy_places(self, rng: random.Random, count: int) -> list[int]:
        """Positions in `places`, drawn more often the higher their need index."""
        return rng.choices(range(len(self.places)), cum_weights=self._need_cumulative, k=count)

    def slugs(self, model: type[models.Model]) -> SlugRegistry:
        if model not in self._slugs:
            taken = model._default_manager.filter(city=self.city).values_list("slug", flat=True)
            self._slugs[model] = SlugRegistry(taken)
        return self._slugs[model]

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def insert(self, label: str, model: type[ModelT], rows: Sequence[ModelT]) -> Sequence[ModelT]:
        """bulk_create in batches; the rows come back with ids (PostgreSQL and SQLite ≥ 3.35 return them)."""
        if rows:
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
        self.report.add(label, len(rows))
        return rows


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, cumulative = 0.0, []
    for weight in weights:
        total += max(weight, 1e-9)
        cumulative.append(total)
    return cumulative


def _load_places(city: City) -> tuple[list[Place], PointSampler]:
    rows = list(
        city.neighbourhoods.order_by("code", "id").values(
            "id",
            "code",
            "name",
            "district_id",
            "need_index",
            "population",
            "boundary",
            "centroid_lat",
            "centroid_lon",
        )
    )
    known_needs = sorted(float(row["need_index"]) for row in rows if row["need_index"] is not None)
    median_need = known_needs[len(known_needs) // 2] if known_needs else 50.0
    centroids = [
        (row["centroid_lat"], row["centroid_lon"])
        if row["centroid_lat"] is not None and row["centroid_lon"] is not None
        else (city.centroid_lat or 45.4642, city.centroid_lon or 9.19)
        for row in rows
    ]
    centre = (
        (city.centroid_lat, city.centroid_lon)
        if city.centroid_lat is not None and city.centroid_lon is not None
        else (
            sum(lat for lat, _ in centroids) / max(len(centroids), 1),
            sum(lon for _, lon in centroids) / max(len(centroids), 1),
        )
    )
    places = []
    for row, (lat, lon) in zip(rows, centroids, strict=True):
        need = float(row["need_index"]) if row["need_index"] is not None else median_need
        population = row["population"] or 0
        places.append(
            Place(
                id=row["id"],
                code=row["code"],
                name=row["name"],
                short_name=short_name(row["name"]),
                district_id=row["district_id"],
                need_index=need,
                population=population,
                business_weight=business_weight(row["name"], need, population, km_between(lat, lon, *centre)),
                need_weight=need_weight(need, population),
            )
        )
    return places, PointSampler([row["boundary"] for row in rows], centroids)


def _load_priorities(city: City) -> dict[int, tuple[str, ...]]:
    ranked: dict[int, list[str]] = {}
    for neighbourhood_id, theme_code in (
        NeighbourhoodPriority.objects.filter(neighbourhood__city=city)
        .order_by("neighbourhood_id", "rank")
        .values_list("neighbourhood_id", "theme__code")
    ):
        ranked.setdefault(neighbourhood_id, []).append(theme_code)
    return {neighbourhood_id: tuple(codes) for neighbourhood_id, codes in ranked.items()}


@contextmanager
def explicit_timestamps(*models_to_seed: type[models.Model]) -> Any:
    """Let the generator write created_at, offered_at, ... itself: demo rows carry a plausible history.

    Django's auto_now / auto_now_add would stamp every row with the moment of insertion (and break
    byte-for-byte determinism). The flags are restored on exit: a management command runs alone in its
    process.
    """
    fields = [
        (model_field, model_field.auto_now, model_field.auto_now_add)
        for model in models_to_seed
        for model_field in model._meta.concrete_fields
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    ]
    try:
        for model_field, _, _ in fields:
            model_field.auto_now = model_field.auto_now_add = False
        yield
    finally:
        for model_field, auto_now, auto_now_add in fields:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    """Sizes and amounts spread over orders of magnitude: as many 5k as 50k as 500k targets, per decade."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    """One of the values, drawn with the weights beside them."""
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def rounded(value: float, step: int) -> int:
    return max(step, round(value / step) * step)
