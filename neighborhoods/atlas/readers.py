"""The GeoJSON layers and the CSV tables a manifest names: read, checked and gathered into one Atlas.

Nothing here writes: a bad file raises AtlasImportError before the database is touched.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import shapely
from django.utils.text import slugify
from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from neighborhoods.atlas.errors import atlas_error
from neighborhoods.atlas.manifest import (
    CitySpec,
    IndicatorSpec,
    LayerSpec,
    Section,
    named_file,
    read_json,
    read_manifest,
)
from neighborhoods.models import Neighbourhood

METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180
MIN_COMPUTED_SHARE = 0.01
SHARE_SUM_TOLERANCE = 0.01
SHARE_PLACES = Decimal("0.0001")
AREA_PLACES = Decimal("0.001")


@dataclass
class Place:
    code: str
    name: str
    boundary: dict[str, Any]
    geometry: BaseGeometry
    feature: int
    area_km2: Decimal
    district_code: str | None = None
    slug: str = ""
    shares: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass
class Atlas:
    city: CitySpec
    districts: list[Place]
    neighbourhoods: list[Place]
    indicators: list[IndicatorSpec]
    values: dict[str, dict[str, float | None]]  # indicator code -> neighbourhood code -> value
    population_indicator: str | None
    files: int


def _code(value: Any) -> str | None:
    """Official ids arrive as 27, 27.0 or "27": one text form, so GeoJSON and CSV keys match."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, str)):
        return str(value).strip() or None
    return None


def local_area_km2(geometry: BaseGeometry) -> float:
    """Area in a local equirectangular projection about the geometry's own latitude."""
    scale = METRES_PER_DEGREE**2 * math.cos(math.radians(geometry.centroid.y))
    return geometry.area * scale / 1_000_000


def _geometry(feature: dict[str, Any], file: str, number: int) -> BaseGeometry:
    raw = feature.get("geometry")
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        problem = f"{kind or 'no geometry'}, not a Polygon or MultiPolygon"
        raise atlas_error(file, problem, feature=number, field="geometry")
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, GEOSException) as error:
        raise atlas_error(
            file, f"unreadable coordinates ({error})", feature=number, field="geometry"
        ) from None
    if geometry.is_empty or not geometry.is_valid:
        problem = "empty" if geometry.is_empty else shapely.is_valid_reason(geometry)
        raise atlas_error(file, f"invalid geometry ({problem})", feature=number, field="geometry")
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise atlas_error(file, "not longitude/latitude (EPSG:4326)", feature=number, field="geometry")
    return geometry


def _required(properties: dict[str, Any], name: str, file: str, number: int) -> Any:
    if properties.get(name) in (None, ""):
        raise atlas_error(file, "missing property", feature=number, field=name)
    return properties[name]


def _read_place(layer: LayerSpec, label: str, feature: Any, number: int) -> Place:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        raise atlas_error(layer.file, "no object of properties", feature=number, field="properties")
    code = _code(_required(properties, layer.code_property, layer.file, number))
    if code is None or len(code) > 20:
        problem = "not an id (text or a whole number, at most 20 characters)"
        raise atlas_error(layer.file, problem, feature=number, field=layer.code_property)
    name = str(_required(properties, layer.name_property, layer.file, number)) if layer.name_property else ""
    if len(name.strip()) > 120:
        raise atlas_error(layer.file, "longer than 120 characters", feature=number, field=layer.name_property)
    geometry = _geometry(feature, layer.file, number)
    if layer.area_property:
        area = _required(properties, layer.area_property, layer.file, number)
        area = _number(area, layer.file, field=layer.area_property, feature=number)
        area_km2 = Decimal(area) / layer.area_unit
    else:
        area_km2 = Decimal(local_area_km2(geometry))
    if not 0 <= area_km2 < 1_000_000:
        problem = f"an area of {area_km2} km²"
        raise atlas_error(layer.file, problem, feature=number, field=layer.area_property or "geometry")
    district = layer.district_property
    return Place(
        code=code,
        name=name.strip() or f"{label} {code}",
        boundary=feature["geometry"],
        geometry=geometry,
        feature=number,
        area_km2=area_km2.quantize(AREA_PLACES),
        district_code=_code(_required(properties, district, layer.file, number)) if district else None,
    )


def _read_places(layer: LayerSpec, label: str) -> list[Place]:
    data = read_json(layer.path, layer.file)
    is_collection = isinstance(data, dict) and data.get("type") == "FeatureCollection"
    features = data.get("features") if is_collection else None
    if not isinstance(features, list) or not features:
        raise atlas_error(layer.file, "not a GeoJSON FeatureCollection with features")
    places: list[Place] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        place = _read_place(layer, label, feature, number)
        if place.code in seen:
            problem = f"duplicate {label} id {place.code} (also feature {seen[place.code]})"
            raise atlas_error(layer.file, problem, feature=number, field=layer.code_property)
        seen[place.code] = number
        places.append(place)
    return places


def _number(
    value: Any, file: str, *, field: str, row: int | None = None, feature: int | None = None
) -> float:
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        raise atlas_error(file, f"{value!r} is not a number", row=row, feature=feature, field=field)
    return number


def _read_csv(path: Path, file: str, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; the header is row 1, so the numbers match what an editor shows."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise atlas_error(file, "not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise atlas_error(file, "empty file", row=1) from None
    except csv.Error as error:
        raise atlas_error(file, f"unreadable CSV ({error})", row=1) from None
    for name in required:
        if name not in header:
            raise atlas_error(file, "column missing from the header", row=1, field=name)
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise atlas_error(
                    file, f"{len(cells)} cells, the header has {len(header)}", row=reader.line_num
                )
            rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise atlas_error(file, f"unreadable CSV ({error})", row=reader.line_num) from None
    return rows


@dataclass(frozen=True)
class _At:
    file: str
    line: int


def _row_code(row: dict[str, str], column: str, known: dict[str, Place], label: str, *, at: _At) -> str:
    code = row[column].strip()
    if code not in known:
        raise atlas_error(at.file, f"unknown {label} id {code!r}", row=at.line, field=column)
    return code


def _read_shares(section: Section, base: Path, atlas: Atlas) -> None:
    path, file = named_file(section, base)
    columns = [section.text(key) for key in ("neighbourhood_column", "district_column", "share_column")]
    neighbourhood_column, district_column, share_column = columns
    neighbourhoods = {place.code: place for place in atlas.neighbourhoods}
    districts = {place.code: place for place in atlas.districts}
    city = atlas.city
    for line, row in _read_csv(path, file, columns):
        at = _At(file, line)
        code = _row_code(row, neighbourhood_column, neighbourhoods, city.neighbourhood_label, at=at)
        district = _row_code(row, district_column, districts, city.district_label, at=at)
        share = _number(row[share_column], file, field=share_column, row=line)
        if not 0 < share <= 1:
            raise atlas_error(file, f"share {share} is not in (0, 1]", row=line, field=share_column)
        place = neighbourhoods[code]
        if any(known == district for known, _ in place.shares):
            raise atlas_error(file, f"second row for {code} in {district}", row=line, field=district_column)
        if Decimal(share).quantize(SHARE_PLACES) > 0:
            place.shares.append((district, Decimal(share).quantize(SHARE_PLACES)))
        if sum(part for _, part in place.shares) > 1 + SHARE_SUM_TOLERANCE:
            raise atlas_error(
                file, f"the shares of {code} add up to more than 1", row=line, field=share_column
            )
    for place in atlas.neighbourhoods:
        if not place.shares:
            problem = f"no row for {city.neighbourhood_label} {place.code}"
            raise atlas_error(file, problem, field=neighbourhood_column)


def _compute_shares(atlas: Atlas, layer: LayerSpec) -> None:
    districts = {place.code: place for place in atlas.districts}
    tree = shapely.STRtree([place.geometry for place in atlas.districts])
    for place in atlas.neighbourhoods:
        if place.district_code is not None:
            if place.district_code not in districts:
                problem = f"unknown {atlas.city.district_label} {place.district_code!r}"
                raise atlas_error(layer.file, problem, feature=place.feature, field=layer.district_property)
            place.shares = [(place.district_code, Decimal(1))]
            continue
        # Plate carrée areas: the cosine factor is the same for both sides of the ratio.
        found = []
        for position in tree.query(place.geometry):
            district = atlas.districts[position]
            share = place.geometry.intersection(district.geometry).area / place.geometry.area
            if share >= MIN_COMPUTED_SHARE:
                found.append((district.code, Decimal(share).quantize(SHARE_PLACES)))
        if not found:
            problem = f"lies in no {atlas.city.district_label}"
            raise atlas_error(layer.file, problem, feature=place.feature, field="geometry")
        place.shares = found


def _read_indicators(section: Section, base: Path, atlas: Atlas) -> None:
    path, file = named_file(section, base)
    column = section.text("neighbourhood_column")
    neighbourhoods = {place.code: place for place in atlas.neighbourhoods}
    atlas.values = {indicator.code: {} for indicator in atlas.indicators}
    seen: dict[str, int] = {}
    for line, row in _read_csv(path, file, [column, *(indicator.column for indicator in atlas.indicators)]):
        code = _row_code(row, column, neighbourhoods, atlas.city.neighbourhood_label, at=_At(file, line))
        if code in seen:
            raise atlas_error(file, f"second row for {code} (also row {seen[code]})", row=line, field=column)
        seen[code] = line
        for indicator in atlas.indicators:
            cell = row[indicator.column].strip()
            value = _number(cell, file, field=indicator.column, row=line) if cell else None
            if indicator.code == atlas.population_indicator and value is not None and value < 0:
                raise atlas_error(file, f"a population of {value}", row=line, field=indicator.column)
            atlas.values[indicator.code][code] = value


def _slugs(atlas: Atlas) -> None:
    taken: set[str] = set()
    for place in atlas.neighbourhoods:
        slug = slugify(place.name)[:120] or slugify(place.code)
        if slug in taken:
            slug = f"{slug}-{slugify(place.code)}"
        place.slug = slug
        taken.add(slug)


def _check_against_database(atlas: Atlas, layer: LayerSpec) -> None:
    """Rows the files do not mention are kept (projects may point at them): their slugs must stay free."""
    codes = {place.code for place in atlas.neighbourhoods}
    slugs = {place.slug: place for place in atlas.neighbourhoods}
    for code, slug in Neighbourhood.objects.filter(city__slug=atlas.city.slug).values_list("code", "slug"):
        if code not in codes and slug in slugs:
            raise atlas_error(
                layer.file,
                f"its slug {slug!r} belongs to {atlas.city.neighbourhood_label} {code}, which is in the "
                "database but not in this file",
                feature=slugs[slug].feature,
                field=layer.name_property,
            )


def load_atlas(manifest_path: Path) -> Atlas:
    """Read and check everything; touches the database only to read."""
    manifest = read_manifest(manifest_path)
    city, base, neighbourhood_layer = manifest.city, manifest.base, manifest.neighbourhood_layer
    atlas = Atlas(
        city=city,
        districts=_read_places(manifest.district_layer, city.district_label),
        neighbourhoods=_read_places(neighbourhood_layer, city.neighbourhood_label),
        indicators=manifest.indicators,
        values={},
        population_indicator=manifest.population_indicator,
        files=4,
    )
    shares = manifest.root.section("district_shares", optional=True)
    if shares is not None:
        _read_shares(shares, base, atlas)
        atlas.files += 1
    else:
        _compute_shares(atlas, neighbourhood_layer)
    _read_indicators(manifest.indicators_section, base, atlas)
    _slugs(atlas)
    _check_against_database(atlas, neighbourhood_layer)
    return atlas
