"""A small city to seed the demo into: eight neighbourhoods with boundaries, need indexes and indicators."""

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from neighborhoods.models import City, Indicator
from tests.factories import (
    CityFactory,
    DistrictFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NeighbourhoodFactory,
)

TODAY = "2026-11-25"
SMALL = ("--companies", "20", "--projects", "15", "--ngos", "8")


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def l_shape(lon: float, lat: float, size: float) -> dict[str, Any]:
    """Concave: its bounding box's top-right quarter lies outside it."""
    half = size / 2
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + half],
        [lon + half, lat + half],
        [lon + half, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def small_city(db: None) -> City:
    """Milan in miniature: the command finds it by its slug and imports no atlas."""
    city = CityFactory(slug="milano", name="Milano", centroid_lat=45.465, centroid_lon=9.19)
    districts = [DistrictFactory(city=city, code=code, name=f"Municipio {code}") for code in ("1", "2")]
    green = IndicatorFactory(
        city=city, code="urban-green-index", direction=Indicator.Direction.LOWER_IS_NEEDIER
    )
    elderly = IndicatorFactory(city=city, code="head-80-plus-households")
    for number in range(8):
        lon, lat = 9.11 + 0.02 * number, 45.45
        neighbourhood = NeighbourhoodFactory(
            city=city,
            district=districts[number % 2],
            code=str(number + 1),
            name=f"QUARTIERE {number + 1}",
            boundary=(l_shape if number == 0 else square)(lon, lat, 0.015),
            centroid_lat=lat + 0.005,
            centroid_lon=lon + 0.005,
            need_index=Decimal(5 + 12 * number),
        )
        IndicatorValueFactory(indicator=green, neighbourhood=neighbourhood, value=40.0 - 5 * number)
        IndicatorValueFactory(indicator=elderly, neighbourhood=neighbourhood, value=5.0 + (number % 3))
    return city


def seed(*arguments: str) -> str:
    """Run seed_demo with a fixed reference date; returns what it printed."""
    output = StringIO()
    call_command("seed_demo", "--today", TODAY, "--no-score", *arguments, stdout=output)
    return output.getvalue()
