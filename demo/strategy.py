"""The City's strategy for each neighbourhood, derived from its indicators: which urban challenges come first.

A function of the atlas alone (no seed), so every demo ranks Milan's challenges the same way. The scoring
core is pure; `priorities_ensure` reads the indicators and writes the rows.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from neighborhoods.models import City, Indicator, IndicatorValue, NeighbourhoodPriority
from taxonomy.models import Theme

# How much each indicator's need percentile (0 = least need in the city, 1 = most) speaks for a challenge.
THEME_SIGNALS: dict[str, tuple[tuple[str, float], ...]] = {
    "greening": (("urban-green-index", 0.5), ("urban-heat-exposure", 0.25), ("heatwave-risk", 0.25)),
    "health": (("head-80-plus-households", 0.7), ("heatwave-risk", 0.3)),
    "education": (("single-parent-minor-households", 0.8), ("foreign-residents", 0.2)),
    "social-inclusion": (
        ("foreign-residents", 0.45),
        ("single-person-households", 0.3),
        ("single-parent-minor-households", 0.25),
    ),
    "public-space": (("density", 0.7), ("urban-heat-exposure", 0.3)),
}
# Challenges no indicator measures: a steady middling score, so they follow the pressing ones.
BASELINE_SCORES: dict[str, float] = {"innovation": 0.45, "culture": 0.42}
UNMEASURED_SCORE = 0.4
PRESSING = 0.7  # a challenge this pressing earns a place beyond the first two
STRONG = 0.8
MIN_PRIORITIES, MAX_PRIORITIES = 2, 4

# (among the highest in the city, above the city's average): why a challenge ranks here.
EVIDENCE: dict[str, tuple[str, str]] = {
    "urban-green-index": (
        "Il verde urbano è tra i più scarsi della città",
        "C'è meno verde che nella media della città",
    ),
    "urban-heat-exposure": (
        "D'estate strade e cortili sono tra i più caldi della città",
        "D'estate qui fa più caldo che nella media della città",
    ),
    "heatwave-risk": (
        "Il rischio di ondate di calore è tra i più alti della città",
        "Il rischio di ondate di calore è sopra la media cittadina",
    ),
    "head-80-plus-households": (
        "Le famiglie con un capofamiglia di 80 anni o più sono tra le più numerose della città",
        "Molte famiglie hanno un capofamiglia di 80 anni o più",
    ),
    "single-parent-minor-households": (
        "Le famiglie con un solo genitore e figli minorenni sono tra le più numerose della città",
        "Molte famiglie hanno un solo genitore e figli minorenni",
    ),
    "foreign-residents": (
        "La quota di residenti stranieri è tra le più alte della città",
        "La quota di residenti stranieri è sopra la media cittadina",
    ),
    "single-person-households": (
        "Le persone che vivono da sole sono tra le più numerose della città",
        "Molte persone vivono da sole",
    ),
    "density": ("È uno dei quartieri più densi della città", "È un quartiere più denso della media"),
}
GENERIC_LEADS: dict[str, str] = {
    "greening": "Anche qui servono più alberi e più ombra",
    "health": "La salute si costruisce vicino a casa",
    "education": "La scuola è il primo presidio del quartiere",
    "social-inclusion": "Nessuno deve restare solo",
    "public-space": "Lo spazio pubblico è di chi lo vive",
    "innovation": "Il quartiere ha bisogno di nuove opportunità",
    "culture": "La cultura tiene insieme il quartiere",
}
ACTIONS: dict[str, str] = {
    "greening": "piantiamo alberi, togliamo asfalto e creiamo ombra dove si vive.",
    "health": "portiamo compagnia, prevenzione e servizi sotto casa a chi vive solo.",
    "education": "sosteniamo doposcuola, centri estivi e spazi per studiare.",
    "social-inclusion": "rafforziamo le reti di vicinato e l'aiuto alle famiglie in difficoltà.",
    "public-space": "restituiamo piazze, cortili e marciapiedi a chi li vive.",
    "innovation": "creiamo competenze digitali e occasioni di lavoro per i giovani.",
    "culture": "portiamo libri, musica e arte nei cortili e nelle piazze.",
}
ALL_THEMES: tuple[str, ...] = (*THEME_SIGNALS, *BASELINE_SCORES)


@dataclass(frozen=True)
class RankedTheme:
    theme: str
    score: float
    evidence: str | None  # the indicator that speaks loudest for it here
    evidence_percentile: float


def need_percentiles(values: Mapping[int, float], *, lower_is_needier: bool) -> dict[int, float]:
    """Each neighbourhood's share of the others with less need on one indicator (ties share the mean rank)."""
    if len(values) < 2:
        return dict.fromkeys(values, 0.5)
    ordered = sorted(values.values(), reverse=lower_is_needier)
    first_position: dict[float, int] = {}
    last_position: dict[float, int] = {}
    for position, value in enumerate(ordered):
        first_position.setdefault(value, position)
        last_position[value] = position
    span = len(ordered) - 1
    return {key: (first_position[value] + last_position[value]) / 2 / span for key, value in values.items()}


def rank_themes(percentiles: Mapping[str, float], *, tie_breaks: Mapping[str, float]) -> list[RankedTheme]:
    """The challenges a neighbourhood's indicators make most pressing, best first: two to four of them.

    `percentiles` maps indicator codes to this neighbourhood's need percentile; `tie_breaks` adds a tiny
    per-theme amount so equal scores still rank in a fixed, neighbourhood-specific order.
    """
    ranked = []
    for theme in ALL_THEMES:
        signals = [(code, weight) for code, weight in THEME_SIGNALS.get(theme, ()) if code in percentiles]
        evidence, evidence_percentile = None, 0.0
        if signals:
            total_weight = sum(weight for _, weight in signals)
            score = sum(percentiles[code] * weight for code, weight in signals) / total_weight
            evidence = max(signals, key=lambda signal: percentiles[signal[0]] * signal[1])[0]
            evidence_percentile = percentiles[evidence]
        else:
            score = BASELINE_SCORES.get(theme, UNMEASURED_SCORE)
        ranked.append(RankedTheme(theme, score + tie_breaks.get(theme, 0.0), evidence, evidence_percentile))
    ranked.sort(key=lambda item: (-item.score, item.theme))
    pressing = sum(item.score >= PRESSING for item in ranked)
    return ranked[: min(MAX_PRIORITIES, max(MIN_PRIORITIES, pressing))]


def priority_statement(ranked: RankedTheme) -> str:
    lead = GENERIC_LEADS[ranked.theme]
    if ranked.evidence in EVIDENCE and ranked.evidence_percentile >= PRESSING - 0.1:
        strong, moderate = EVIDENCE[ranked.evidence]
        lead = strong if ranked.evidence_percentile >= STRONG else moderate
    return f"{lead}: {ACTIONS[ranked.theme]}"


def _tie_breaks(neighbourhood_code: str) -> dict[str, float]:
    rng = random.Random(f"strategy:{neighbourhood_code}")
    return {theme: rng.random() * 0.04 for theme in ALL_THEMES}


def _percentiles_by_neighbourhood(city: City) -> dict[int, dict[str, float]]:
    codes = {code for signals in THEME_SIGNALS.values() for code, _ in signals}
    indicators = {
        indicator.id: indicator for indicator in Indicator.objects.filter(city=city, code__in=sorted(codes))
    }
    values: dict[int, dict[int, float]] = {indicator_id: {} for indicator_id in indicators}
    for indicator_id, neighbourhood_id, value in IndicatorValue.objects.filter(
        indicator_id__in=list(indicators)
    ).values_list("indicator_id", "neighbourhood_id", "value"):
        values[indicator_id][neighbourhood_id] = value
    by_neighbourhood: dict[int, dict[str, float]] = {}
    for indicator_id, indicator_values in values.items():
        indicator = indicators[indicator_id]
        lower = indicator.direction == Indicator.Direction.LOWER_IS_NEEDIER
        percentiles = need_percentiles(indicator_values, lower_is_needier=lower)
        for neighbourhood_id, percentile in percentiles.items():
            by_neighbourhood.setdefault(neighbourhood_id, {})[indicator.code] = percentile
    return by_neighbourhood


@transaction.atomic
def priorities_ensure(*, city: City) -> int:
    """Give every neighbourhood of the city without a strategy one derived from its indicators.

    Neighbourhoods that already have priorities (the City's own) keep them. Returns how many rows it created.
    """
    themes = dict(Theme.objects.values_list("code", "id"))
    planned = city.neighbourhoods.exclude(priorities__isnull=False).order_by("code").values_list("id", "code")
    percentiles = _percentiles_by_neighbourhood(city)
    rows = []
    for neighbourhood_id, code in planned:
        ranking = rank_themes(percentiles.get(neighbourhood_id, {}), tie_breaks=_tie_breaks(code))
        rows += [
            NeighbourhoodPriority(
                neighbourhood_id=neighbourhood_id,
                theme_id=themes[ranked.theme],
                rank=rank,
                statement=priority_statement(ranked),
            )
            for rank, ranked in enumerate(ranking, start=1)
        ]
    NeighbourhoodPriority.objects.bulk_create(rows)
    return len(rows)
