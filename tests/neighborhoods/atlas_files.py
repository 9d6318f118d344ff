"""Helpers to count the atlas's rows and to write or corrupt atlas files in a test's tmp_path."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neighborhoods.models import (
    City,
    District,
    Indicator,
    IndicatorValue,
    NeedIndexComponent,
    NeedIndexWeight,
    Neighbourhood,
    NeighbourhoodDistrictShare,
)

ATLAS_MODELS = [
    City,
    District,
    Neighbourhood,
    NeighbourhoodDistrictShare,
    Indicator,
    IndicatorValue,
    NeedIndexWeight,
    NeedIndexComponent,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ATLAS_MODELS}


def edit_json(path: Path, change: Callable[[Any], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def edit_csv_cell(path: Path, *, line: int, column: str, value: str) -> None:
    """Set one cell; `line` counts the header as line 1, like the importer's messages."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rectangle(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature_collection(features: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": properties, "geometry": geometry}
                for properties, geometry in features
            ],
        }
    )
