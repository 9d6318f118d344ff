"""Reads for the neighbourhood pages: the ranking by need and why each neighbourhood ranks where it does.

`reason_from_component` is the one place that turns a need-index component into words; the list and the
detail page both go through it, so a neighbourhood is explained the same way everywhere. Every string is
built in the language active when the selector is called (the request's), with its number formats.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

from neighborhoods.models import (
    City,
    District,
    Indicator,
    NeedIndexComponent,
    NeedIndexWeight,
    Neighbourhood,
    NeighbourhoodDistrictShare,
    NeighbourhoodPriority,
)

# How many components the ranking shows as a neighbourhood's main reasons.
TOP_REASONS = 3

# Where a need index turns from low to medium to high, in points: the meters and badges colour by these.
MEDIUM_NEED = 40
HIGH_NEED = 60


def format_number(value: float | Decimal | int, *, decimals: int | None = None) -> str:
    """A figure in the active language's format (6,2 in Italian), with a precision that suits its size."""
    if decimals is None:
        magnitude = abs(value)
        if isinstance(value, int) or magnitude == 0 or magnitude >= 1000:
            decimals = 0
        else:
            decimals = 1 if magnitude >= 1 else 2
    # number_format cuts extra decimals off; round half up first so 4,06 shows as 4,1.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


# Units are stored once, as the city's open data spell them (in Italian for Milan); these are the ones we
# know how to say in every language. An index needs no unit: the indicator's name already says it.
UNIT_LABELS = {
    "residenti": gettext_lazy("residents"),
    "ab./km²": gettext_lazy("residents/km²"),
    "indice": "",
    "indice 0-1": "",
}


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def format_indicator_value(value: float | Decimal | int, unit: str) -> str:
    """`6,2%`, `4,1 m²/ab`, `12.345`: a percent sign sticks to the figure, other units follow a space."""
    figure = format_number(value)
    unit = unit_label(unit)
    if not unit:
        return figure
    if unit == "%":
        return f"{figure}%"
    return f"{figure} {unit}"


def format_percent(share: float | Decimal, *, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage: 0.923 -> `92%`."""
    return f"{format_number(float(share) * 100, decimals=decimals)}%"


@dataclass(frozen=True)
class NeedReason:
    """One indicator's part in a neighbourhood's need index, worded once, in the language active when built.

    `sentence` is the reason in plain words (`Famiglie monogenitore 6,2% (2021)`); `comparison` places the
    figure among the city's neighbourhoods in the direction that means need (`higher than in 92% of ...`).
    """

    indicator_code: str
    indicator_name: str
    kind: str
    higher_is_needier: bool
    value: float
    year: int
    source: str
    normalised: float
    percentile: float
    weight_share: float | None
    contribution: float
    value_display: str
    sentence: str
    comparison: str
    needier_than: str
    score_display: str
    weight_display: str
    contribution_display: str


def indicator_name(indicator: Indicator) -> str:
    return str(indicator)  # Indicator.__str__ picks the active language's name


def reason_from_component(
    component: NeedIndexComponent, *, total_weight: Decimal | None = None
) -> NeedReason:
    """The one place that turns a need-index component into words.

    `total_weight` is the weight of every component of the neighbourhood: a component's share of it is the
    share of the index it could move (the service divides by the same sum).
    """
    indicator = component.indicator
    name = indicator_name(indicator)
    higher_is_needier = indicator.direction == Indicator.Direction.HIGHER_IS_NEEDIER
    value_display = format_indicator_value(component.raw_value, indicator.unit)
    weight_share = float(component.weight / total_weight) if total_weight else None
    needier_share = {"percent": format_number(component.percentile * 100, decimals=0)}
    if higher_is_needier:
        comparison = gettext("higher than in %(percent)s%% of neighbourhoods") % needier_share
    else:
        comparison = gettext("lower than in %(percent)s%% of neighbourhoods") % needier_share
    return NeedReason(
        indicator_code=indicator.code,
        indicator_name=name,
        kind=indicator.kind,
        higher_is_needier=higher_is_needier,
        value=component.raw_value,
        year=indicator.year,
        source=indicator.source,
        normalised=component.normalised,
        percentile=component.percentile,
        weight_share=weight_share,
        contribution=component.contribution,
        value_display=value_display,
        sentence=gettext("%(indicator)s %(value)s (%(year)s)")
        % {"indicator": name, "value": value_display, "year": indicator.year},
        comparison=comparison,
        needier_than=gettext("needier than %(percent)s%% of neighbourhoods") % needier_share,
        score_display=format_number(component.normalised * 100, decimals=0),
        weight_display=format_percent(weight_share) if weight_share is not None else "—",
        contribution_display=format_number(component.contribution, decimals=1),
    )


def coverage_note(neighbourhood: Neighbourhood, *, city: City) -> str:
    """Why an index rests on part of the weights, or `""` when every weighted indicator had a figure."""
    coverage = neighbourhood.need_index_coverage
    if neighbourhood.need_index is None or coverage is None or coverage >= 1:
        return ""
    # The same test the need-index service applies before it leaves social indicators out.
    minimum = city.need_index_min_population
    population = neighbourhood.population
    if minimum > 0 and (population is None or population < minimum):
        return gettext(
            "Index based on environmental indicators only: too few residents for reliable social figures."
        )
    return gettext("Index based on %(percent)s%% of the indicators' weight: some figures are missing.") % {
        "percent": format_number(coverage * 100, decimals=0)
    }


@dataclass(frozen=True)
class RankedNeighbourhood:
    """A row of the ranking: the neighbourhood (with its district) and its main reasons."""

    neighbourhood: Neighbourhood
    reasons: list[NeedReason]
    coverage_note: str


def neighbourhoods_by_need(*, city: City, district_code: str | None = None) -> list[RankedNeighbourhood]:
    """The city's neighbourhoods, neediest first (no index last), each with its top reasons.

    Two queries whatever the number of neighbourhoods: the neighbourhoods joined to their district, and
    their top components (a windowed prefetch, Django >= 4.2) joined to their indicator.
    """
    top_components = (
        NeedIndexComponent.objects.filter(contribution__gt=0)
        .select_related("indicator")
        .order_by("-contribution", "indicator__code")[:TOP_REASONS]
    )
    neighbourhoods = (
        city.neighbourhoods.by_need()
        .select_related("district")
        .defer("boundary", "district__boundary")  # the list draws no shape: 180 JSON documents not decoded
        .prefetch_related(Prefetch("need_components", queryset=top_components, to_attr="top_components"))
    )
    if district_code:
        neighbourhoods = neighbourhoods.filter(district__code=district_code)
    return [
        RankedNeighbourhood(
            neighbourhood=neighbourhood,
            reasons=[reason_from_component(component) for component in neighbourhood.top_components],
            coverage_note=coverage_note(neighbourhood, city=city),
        )
        for neighbourhood in neighbourhoods
    ]


def city_districts(*, city: City) -> QuerySet[District]:
    return city.districts.defer("boundary").order_by("code")


@dataclass(frozen=True)
class NeedExplanation:
    """A neighbourhood's need index, its place in the city's ranking, and every component behind it."""

    need_index: Decimal | None
    rank: int | None
    ranked_count: int
    coverage: Decimal | None
    coverage_note: str
    reasons: list[NeedReason]

    @property
    def top_reasons(self) -> list[NeedReason]:
        return [reason for reason in self.reasons if reason.contribution > 0][:TOP_REASONS]


def need_explanation(neighbourhood: Neighbourhood) -> NeedExplanation:
    city = neighbourhood.city
    components = list(
        neighbourhood.need_components.select_related("indicator").order_by("-contribution", "indicator__code")
    )
    # A component's weight counts against the weights this neighbourhood had figures for: that is the
    # share of the index it could move.
    total_weight = sum((component.weight for component in components), Decimal(0))
    return NeedExplanation(
        need_index=neighbourhood.need_index,
        rank=neighbourhood.need_rank,
        ranked_count=city.neighbourhoods.filter(need_index__isnull=False).count(),
        coverage=neighbourhood.need_index_coverage,
        coverage_note=coverage_note(neighbourhood, city=city),
        reasons=[reason_from_component(component, total_weight=total_weight) for component in components],
    )


def neighbourhood_priorities(neighbourhood: Neighbourhood) -> QuerySet[NeighbourhoodPriority]:
    """The City's ranked priorities for the neighbourhood, with their urban challenge."""
    return neighbourhood.priorities.select_related("theme").order_by("rank")


@dataclass(frozen=True)
class ContextFigure:
    """A figure that describes the neighbourhood without counting in its need index."""

    indicator_name: str
    value_display: str
    year: int
    source: str


def context_figures(neighbourhood: Neighbourhood) -> list[ContextFigure]:
    values = (
        neighbourhood.indicator_values.select_related("indicator")
        .exclude(indicator__need_components__neighbourhood=neighbourhood)
        .order_by("indicator__kind", "indicator__code")
    )
    return [
        ContextFigure(
            indicator_name=indicator_name(value.indicator),
            value_display=format_indicator_value(value.value, value.indicator.unit),
            year=value.indicator.year,
            source=value.indicator.source,
        )
        for value in values
    ]


def district_shares(neighbourhood: Neighbourhood) -> list[NeighbourhoodDistrictShare]:
    """The districts the neighbourhood spreads over, largest share first; empty when it lies in one."""
    shares = list(
        neighbourhood.district_shares.select_related("district").order_by("-share", "district__code")
    )
    return shares if len(shares) > 1 else []


@dataclass(frozen=True)
class IndexWeight:
    indicator_name: str
    kind_label: str
    higher_is_needier: bool
    weight_share: float
    year: int
    source: str


def need_index_weights(*, city: City) -> list[IndexWeight]:
    """The indicators that make up the city's need index, heaviest first, with their share of the weight."""
    weights = list(
        NeedIndexWeight.objects.filter(indicator__city=city, weight__gt=0)
        .select_related("indicator")
        .order_by("-weight", "indicator__code")
    )
    total = sum((weight.weight for weight in weights), Decimal(0))
    return [
        IndexWeight(
            indicator_name=indicator_name(weight.indicator),
            kind_label=weight.indicator.get_kind_display(),
            higher_is_needier=weight.indicator.direction == Indicator.Direction.HIGHER_IS_NEEDIER,
            weight_share=float(weight.weight / total),
            year=weight.indicator.year,
            source=weight.indicator.source,
        )
        for weight in weights
    ]


def neighbourhood_at(*, city: City, latitude: float, longitude: float) -> Neighbourhood | None:
    """The neighbourhood whose boundary holds the point, if any (a company site placed on the map)."""
    import shapely
    from shapely.geometry import shape

    for neighbourhood in city.neighbourhoods.exclude(boundary=None).only("id", "boundary", "name", "code"):
        if shapely.contains_xy(shape(neighbourhood.boundary), longitude, latitude):
            return neighbourhood
    return None
