"""Geography services: the need index.

The need index ranks a city's neighbourhoods by need, 0-100 (docs/need-index.md has the full method):

1. Each indicator with a weight above 0 counts. Social indicators are treated as missing for neighbourhoods
   with fewer residents than `City.need_index_min_population`: their per-resident shares are noise.
2. Per indicator, over the neighbourhoods that have a value: winsorise at the 5th and 95th percentiles
   (linear interpolation), min-max normalise to [0, 1], and flip it (1 - s) when lower values mean more need.
   If every value is the same the indicator separates no one and scores 0 everywhere.
3. percentile = share of those neighbourhoods with a strictly lower score.
4. index = 100 * sum(w_i * s_i) / sum(w_i), over the indicators that have a value for the neighbourhood;
   coverage = that sum of weights / the sum of all weights; contribution_i = 100 * w_i * s_i / sum(w_i),
   so the contributions add up to the index. A neighbourhood without any value gets no index.
5. Rank 1 is the neediest; equal indices (to 0.01) are ordered by name.

`compute_need_index` is the pure part (lists in, lists out, no ORM); `need_index_recompute` reads the city's
indicators, calls it and stores the results.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from milanpartner.cache import public_pages_expire
from neighborhoods.models import (
    City,
    Indicator,
    IndicatorValue,
    NeedIndexComponent,
    Neighbourhood,
    NeighbourhoodPriority,
)
from taxonomy.models import Theme

WINSOR_LOWER = 0.05
WINSOR_UPPER = 0.95
INDEX_PLACES = Decimal("0.01")
COVERAGE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class IndicatorInput:
    """A weighted indicator: `values[j]` is neighbourhood j's value, None if it has none or is left out."""

    weight: float
    lower_is_needier: bool
    values: Sequence[float | None]


@dataclass(frozen=True)
class ComponentScore:
    indicator: int  # position in the list of IndicatorInput
    raw_value: float
    normalised: float  # 0-1, 1 = most need
    percentile: float  # 0-1
    contribution: float  # points of the index


@dataclass(frozen=True)
class NeighbourhoodScore:
    index: float | None
    coverage: float | None
    components: list[ComponentScore]


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation between order statistics (numpy's default, R's type 7)."""
    position = q * (len(sorted_values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (position - below) * (sorted_values[above] - sorted_values[below])


def need_scores(values: Sequence[float], *, lower_is_needier: bool) -> list[float]:
    """Winsorised, min-max normalised need scores in [0, 1], 1 = most need."""
    ordered = sorted(values)
    low, high = quantile(ordered, WINSOR_LOWER), quantile(ordered, WINSOR_UPPER)
    if high - low <= 0:
        return [0.0] * len(values)
    scores = [clamp01((min(max(value, low), high) - low) / (high - low)) for value in values]
    return [1.0 - score for score in scores] if lower_is_needier else scores


def percentiles(scores: Sequence[float]) -> list[float]:
    """For each score, the share of scores strictly lower than it."""
    ordered = sorted(scores)
    return [bisect_left(ordered, score) / len(scores) for score in scores]


def clamp01(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def compute_need_index(
    indicators: Sequence[IndicatorInput], neighbourhood_count: int
) -> list[NeighbourhoodScore]:
    """Score `neighbourhood_count` neighbourhoods on the weighted indicators; see the module docstring."""
    weighted = [(position, item) for position, item in enumerate(indicators) if item.weight > 0]
    total_weight = sum(item.weight for _, item in weighted)
    found: list[list[_Measure]] = [[] for _ in range(neighbourhood_count)]
    for position, item in weighted:
        present = [(j, value) for j, value in enumerate(item.values) if value is not None]
        if not present:
            continue
        scores = need_scores([value for _, value in present], lower_is_needier=item.lower_is_needier)
        for (j, value), score, share_below in zip(present, scores, percentiles(scores), strict=True):
            found[j].append(_Measure(position, item.weight, value, score, share_below))
    return [_neighbourhood_score(measures, total_weight) for measures in found]


class _Measure(NamedTuple):
    """One neighbourhood's standing on one indicator, before weights are renormalised."""

    indicator: int
    weight: float
    raw_value: float
    score: float
    share_below: float


def _neighbourhood_score(measures: list[_Measure], total_weight: float) -> NeighbourhoodScore:
    available_weight = sum(measure.weight for measure in measures)
    if not measures or available_weight <= 0:
        return NeighbourhoodScore(index=None, coverage=None, components=[])
    components = [
        ComponentScore(
            indicator=measure.indicator,
            raw_value=measure.raw_value,
            normalised=measure.score,
            percentile=clamp01(measure.share_below),
            contribution=min(max(100 * measure.weight * measure.score / available_weight, 0.0), 100.0),
        )
        for measure in measures
    ]
    index = min(max(sum(component.contribution for component in components), 0.0), 100.0)
    coverage = clamp01(available_weight / total_weight)
    return NeighbourhoodScore(index=index, coverage=coverage, components=components)


@transaction.atomic
def need_index_recompute(*, city: City) -> int:
    """Recompute the need index of every neighbourhood of `city`; returns how many got an index."""
    neighbourhoods = list(city.neighbourhoods.order_by("pk"))
    indicators = list(
        Indicator.objects.filter(city=city, need_weight__weight__gt=0)
        .select_related("need_weight")
        .order_by("code")
    )
    position = {neighbourhood.pk: j for j, neighbourhood in enumerate(neighbourhoods)}
    values: dict[int, list[float | None]] = {
        indicator.pk: [None] * len(neighbourhoods) for indicator in indicators
    }
    for indicator_id, neighbourhood_id, value in IndicatorValue.objects.filter(
        indicator__in=indicators, neighbourhood__city=city
    ).values_list("indicator_id", "neighbourhood_id", "value"):
        values[indicator_id][position[neighbourhood_id]] = value
    too_small = [_below_min_population(neighbourhood, city) for neighbourhood in neighbourhoods]
    inputs = [
        IndicatorInput(
            weight=float(indicator.need_weight.weight),
            lower_is_needier=indicator.direction == Indicator.Direction.LOWER_IS_NEEDIER,
            values=[
                None if indicator.kind == Indicator.Kind.SOCIAL and excluded else value
                for value, excluded in zip(values[indicator.pk], too_small, strict=True)
            ],
        )
        for indicator in indicators
    ]
    scores = compute_need_index(inputs, len(neighbourhoods))
    _store(city=city, neighbourhoods=neighbourhoods, indicators=indicators, scores=scores)
    slug = city.slug
    transaction.on_commit(lambda: public_pages_expire(slug))  # every page shows the index
    return sum(1 for score in scores if score.index is not None)


def _below_min_population(neighbourhood: Neighbourhood, city: City) -> bool:
    # An unknown population cannot vouch for a share either, once the city sets a floor.
    minimum = city.need_index_min_population
    return minimum > 0 and (neighbourhood.population is None or neighbourhood.population < minimum)


def _store(
    *,
    city: City,
    neighbourhoods: list[Neighbourhood],
    indicators: list[Indicator],
    scores: list[NeighbourhoodScore],
) -> None:
    NeedIndexComponent.objects.filter(neighbourhood__city=city).delete()
    NeedIndexComponent.objects.bulk_create(
        NeedIndexComponent(
            neighbourhood=neighbourhood,
            indicator=indicators[component.indicator],
            raw_value=component.raw_value,
            normalised=component.normalised,
            percentile=component.percentile,
            weight=indicators[component.indicator].need_weight.weight,
            contribution=component.contribution,
        )
        for neighbourhood, score in zip(neighbourhoods, scores, strict=True)
        for component in score.components
    )
    for neighbourhood, score in zip(neighbourhoods, scores, strict=True):
        if score.index is None:
            neighbourhood.need_index = neighbourhood.need_index_coverage = None
        else:
            neighbourhood.need_index = Decimal(score.index).quantize(INDEX_PLACES)
            neighbourhood.need_index_coverage = Decimal(score.coverage or 0).quantize(COVERAGE_PLACES)
        neighbourhood.need_rank = None
    ranked = sorted(
        (n for n in neighbourhoods if n.need_index is not None), key=lambda n: (-n.need_index, n.name, n.code)
    )
    for rank, neighbourhood in enumerate(ranked, start=1):
        neighbourhood.need_rank = rank
    Neighbourhood.objects.bulk_update(neighbourhoods, ["need_index", "need_rank", "need_index_coverage"])
    city.need_index_computed_at = timezone.now()
    city.save(update_fields=["need_index_computed_at"])


@transaction.atomic
def neighbourhood_priorities_set(
    *, neighbourhood: Neighbourhood, priorities: list[tuple[Theme, str]]
) -> list[NeighbourhoodPriority]:
    """Replace the City's ranked priorities for a neighbourhood: the first theme given ranks 1.

    Callers check that an officer of the neighbourhood's city acts (this floor knows no roles).
    """
    themes = [theme.pk for theme, _statement in priorities]
    if len(set(themes)) != len(themes):
        raise ValidationError(_("Each urban challenge may be ranked once."), code="duplicate_theme")
    neighbourhood.priorities.all().delete()
    return NeighbourhoodPriority.objects.bulk_create(
        NeighbourhoodPriority(
            neighbourhood=neighbourhood, theme=theme, rank=rank, statement=statement.strip()
        )
        for rank, (theme, statement) in enumerate(priorities, start=1)
    )
