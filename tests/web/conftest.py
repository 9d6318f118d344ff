"""Object graphs for the public pages: a city with ranked neighbourhoods, their components and priorities.

The need-index rows are written as the need-index service would leave them; these tests are about pages,
not about computing the index.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from neighborhoods.models import (
    City,
    Indicator,
    NeedIndexComponent,
    Neighbourhood,
    NeighbourhoodPriority,
)
from tests import factories


@dataclass
class RankedCity:
    city: City
    neighbourhoods: list[Neighbourhood]
    indicators: list[Indicator]


def component(neighbourhood: Neighbourhood, indicator: Indicator, **values: float) -> NeedIndexComponent:
    fields = {"raw_value": 6.2, "normalised": 0.8, "percentile": 0.9, "contribution": 40.0} | values
    return factories.NeedIndexComponentFactory(neighbourhood=neighbourhood, indicator=indicator, **fields)


def ranked_city(
    *,
    count: int,
    slug: str = "milano",
    code_prefix: str = "",
    attribution: str = "Fonte: Comune di Milano, CC BY 4.0",
) -> RankedCity:
    """A city of `count` neighbourhoods over two districts, each with an index and three components."""
    city = factories.CityFactory(slug=slug, name=slug.title(), data_attribution=attribution)
    districts = [
        factories.DistrictFactory(city=city, code=str(number), name=f"Municipio {number}")
        for number in (1, 2)
    ]
    indicators = [
        factories.IndicatorFactory(
            city=city,
            code="single-parent",
            name_it="Famiglie monogenitore",
            name_en="Single-parent families",
            unit="%",
            year=2021,
            source="ISTAT",
        ),
        factories.IndicatorFactory(
            city=city,
            code="green",
            name_it="Verde urbano",
            name_en="Urban green space",
            unit="m²/ab",
            kind=Indicator.Kind.ENVIRONMENTAL,
            direction=Indicator.Direction.LOWER_IS_NEEDIER,
            year=2024,
            source="Comune di Milano",
        ),
        factories.IndicatorFactory(
            city=city,
            code="elderly-alone",
            name_it="Anziani soli",
            name_en="Older people living alone",
            unit="%",
            year=2021,
            source="ISTAT",
        ),
    ]
    neighbourhoods = []
    for position in range(count):
        index = Decimal(90) - Decimal(position) * Decimal("2.5") if count > 1 else Decimal(50)
        neighbourhood = factories.NeighbourhoodFactory(
            city=city,
            district=districts[position % 2],
            code=f"{code_prefix}{position + 1}",
            name=f"Quartiere {city.slug} {position + 1:02d}",
            population=12_345 + position,
            need_index=max(index, Decimal(0)),
            need_rank=position + 1,
            need_index_coverage=Decimal("1.000"),
        )
        component(neighbourhood, indicators[0], raw_value=6.2, contribution=30.0)
        component(neighbourhood, indicators[1], raw_value=4.1, contribution=20.0, percentile=0.85)
        component(neighbourhood, indicators[2], raw_value=3.0, contribution=10.0, percentile=0.4)
        neighbourhoods.append(neighbourhood)
    return RankedCity(city=city, neighbourhoods=neighbourhoods, indicators=indicators)


def priority(
    neighbourhood: Neighbourhood, *, theme_code: str, rank: int, statement: str = ""
) -> NeighbourhoodPriority:
    return factories.NeighbourhoodPriorityFactory(
        neighbourhood=neighbourhood, theme=factories.theme(theme_code), rank=rank, statement=statement
    )


@pytest.fixture
def milano() -> RankedCity:
    return ranked_city(count=3)


@pytest.fixture
def other_city() -> RankedCity:
    return ranked_city(count=2, slug="torino", code_prefix="T", attribution="Fonte: Città di Torino")
