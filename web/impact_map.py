"""The impact dashboard's map: the city's neighbourhoods with what was given in each, and the legend's bands.

The totals are the `total_eur` of ledger.impact's neighbourhood breakdown, so the map, the "By neighbourhood"
table and its CSV always agree.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.urls import reverse

from ledger.impact import impact
from neighborhoods.models import City

BANDS = 5
# Bounds keep two significant figures (3.300, 27.000, 140.000): a legend to read, not a table to audit.
SIGNIFICANT_FIGURES = 2


@dataclass(frozen=True)
class ImpactBand:
    """Totals above `lower` up to `upper` (EUR); `shade` 0 is the lightest of five colours, 4 the darkest."""

    lower: Decimal
    upper: Decimal
    shade: int


def _rounded_up(amount: Decimal) -> Decimal:
    """Up to two significant figures, and at least to a whole euro."""
    step = Decimal(10) ** max(0, amount.adjusted() + 1 - SIGNIFICANT_FIGURES)
    return ((amount / step).quantize(Decimal(1), rounding=ROUND_CEILING) * step).quantize(Decimal(1))


def impact_bands(totals: Iterable[Decimal]) -> list[ImpactBand]:
    """Up to five bands holding about as many neighbourhoods each (quantiles of the positive totals).

    Neighbourhoods given nothing belong to no band (grey on the map). With fewer distinct totals than bands
    there are fewer bands, and the top one always takes the darkest shade.
    """
    given = sorted(total for total in totals if total > 0)
    if not given:
        return []
    quantiles = {given[math.ceil(band * len(given) / BANDS) - 1] for band in range(1, BANDS + 1)}
    uppers = sorted({_rounded_up(quantile) for quantile in quantiles})
    lowers = [Decimal(0), *uppers[:-1]]
    first_shade = BANDS - len(uppers)
    return [
        ImpactBand(lower=lower, upper=upper, shade=first_shade + position)
        for position, (lower, upper) in enumerate(zip(lowers, uppers, strict=True))
    ]


def impact_map(*, city: City) -> dict[str, Any]:
    """The neighbourhoods as a GeoJSON FeatureCollection, each with the EUR value given there (0 if nothing).

    A fixed handful of queries (ledger.impact's and one for the neighbourhoods), whatever their number.
    """
    totals = {row.key: row.total_eur for row in impact(city=city).by["neighbourhood"]}
    features = [
        {
            "type": "Feature",
            "geometry": neighbourhood.boundary,
            "properties": {
                "code": neighbourhood.code,
                "name": neighbourhood.name,
                "total_eur": float(totals.get(neighbourhood.code, Decimal(0))),
                "url": reverse(
                    "web:neighbourhood", kwargs={"city_slug": city.slug, "code": neighbourhood.code}
                ),
            },
        }
        for neighbourhood in city.neighbourhoods.only("city", "code", "name", "boundary").order_by("code")
        if neighbourhood.boundary
    ]
    return {"type": "FeatureCollection", "features": features}
