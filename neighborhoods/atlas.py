"""Import a city's atlas (districts, neighbourhoods, district shares, indicators) from a manifest folder.

A manifest (docs/atlas-import.md) names the files beside it and the properties and columns to read, so any
city's open data load without code. The import reads and checks every file first, then writes everything in
one transaction and recomputes the need index: a bad file leaves the database exactly as it was. Re-importing
updates rows in place, keyed by city slug, district code, neighbourhood code and indicator code.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.text import slugify
from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from neighborhoods.models import (
    City,
    District,
    Indicator,
    IndicatorValue,
    NeedIndexWeight,
    Neighbourhood,
    NeighbourhoodDistrictShare,
)
from neighborhoods.services import need_index_recompute

MILAN_MANIFEST: Path = Path(__file__).resolve().parent / "fixtures" / "atlas" / "milan" / "manifest.json"

Progress = Callable[[str], None]

METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180
AREA_UNITS_PER_KM2 = {"m2": Decimal(1_000_000), "ha": Decimal(100), "km2": Decimal(1)}
MIN_COMPUTED_SHARE = 0.01
SHARE_SUM_TOLERANCE = 0.01
SHARE_PLACES = Decimal("0.0001")
AREA_PLACES = Decimal("0.001")


class AtlasImportError(ValueError):
    """A problem in an atlas file; the message names the file, the row or feature, and the field."""


def _error(
    file: str,
    problem: str,
    *,
    row: int | None = None,
    feature: int | None = None,
    field: str | None = None,
    line: int | None = None,
    column: int | None = None,
) -> AtlasImportError:
    where = [file]
    where += [f"row {row}"] if row is not None else []
    where += [f"feature {feature}"] if feature is not None else []
    where += [f"line {line}, column {column}"] if line is not None else []
    where += [f"field '{field}'"] if field is not None else []
    return AtlasImportError(f"{', '.join(where)}: {problem}")


# --- the manifest -------------------------------------------------------------------------------------------


class _Section:
    """One object of the manifest; every getter names the field's full path in its errors."""

    def __init__(self, data: Any, path: str, file: str) -> None:
        if not isinstance(data, dict):
            raise _error(file, "expected a JSON object", field=path or None)
        self.data, self.path, self.file = data, path, file

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> AtlasImportError:
        return _error(self.file, problem, field=self._name(key))

    def text(self, key: str, *, default: str | None = None, max_length: int = 255) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(key, "missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"{value!r} is not a non-empty string")
        if len(value) > max_length:
            raise self.fail(key, f"longer than {max_length} characters")
        return value.strip()

    def optional_text(self, key: str, *, max_length: int = 255) -> str | None:
        return self.text(key, max_length=max_length) if self.data.get(key) not in (None, "") else None

    def integer(
        self, key: str, *, default: int | None = None, minimum: int = 0, maximum: int = 2**31 - 1
    ) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self.fail(key, f"{value!r} is not a whole number from {minimum} to {maximum}")
        return value

    def decimal(self, key: str, *, places: Decimal, maximum: Decimal) -> Decimal:
        value = self.data.get(key, 0)
        try:
            number = Decimal(str(value)) if not isinstance(value, bool) else Decimal("NaN")
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or not 0 <= number <= maximum:
            raise self.fail(key, f"{value!r} is not a number from 0 to {maximum}")
        return number.quantize(places)

    def choice(self, key: str, choices: list[str]) -> str:
        value = self.text(key)
        if value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def section(self, key: str, *, optional: bool = False) -> _Section | None:
        if self.data.get(key) is None:
            if optional:
                return None
            raise self.fail(key, "missing")
        return _Section(self.data[key], self._name(key), self.file)

    def sections(self, key: str) -> list[_Section]:
        items = self.data.get(key)
        if not isinstance(items, list) or not items:
            raise self.fail(key, "expected a non-empty list")
        return [_Section(item, f"{self._name(key)}[{i}]", self.file) for i, item in enumerate(items)]


@dataclass(frozen=True)
class _CitySpec:
    slug: str
    name: str
    country_code: str
    district_label: str
    district_label_plural: str
    neighbourhood_label: str
    neighbourhood_label_plural: str
    attribution: str
    need_index_min_population: int


@dataclass(frozen=True)
class _LayerSpec:
    path: Path
    file: str
    code_property: str
    name_property: str | None
    area_property: str | None
    area_unit: Decimal
    district_property: str | None = None


@dataclass(frozen=True)
class _IndicatorSpec:
    code: str
    column: str
    name_it: str
    name_en: str
    unit: str
    kind: str
    direction: str
    year: int
    source: str
    weight: Decimal


def _file(section: _Section, base: Path) -> tuple[Path, str]:
    name = section.text("file")
    path = (base / name).resolve()
    if not path.is_relative_to(base.resolve()):
        raise section.fail("file", f"{name!r} is outside the manifest's folder")
    if not path.is_file():
        raise _error(name, f"file not found (named by {section.file}, field '{section._name('file')}')")
    return path, name


def _layer(section: _Section, base: Path, *, neighbourhoods: bool) -> _LayerSpec:
    path, name = _file(section, base)
    unit = section.text("area_unit", default="m2")
    if unit not in AREA_UNITS_PER_KM2:
        raise section.fail("area_unit", f"{unit!r} is not one of {', '.join(AREA_UNITS_PER_KM2)}")
    return _LayerSpec(
        path=path,
        file=name,
        code_property=section.text("code_property"),
        # A neighbourhood needs its name; a district may be called "<label> <code>".
        name_property=(section.text if neighbourhoods else section.optional_text)("name_property"),
        area_property=section.optional_text("area_property"),
        area_unit=AREA_UNITS_PER_KM2[unit],
        district_property=section.optional_text("district_property") if neighbourhoods else None,
    )


def _city(section: _Section) -> _CitySpec:
    slug = section.text("slug", max_length=60)
    try:
        validate_slug(slug)
    except ValidationError:
        raise section.fail("slug", f"{slug!r} is not a slug (letters, digits, - and _)") from None
    district_label = section.text("district_label", default="District", max_length=60)
    neighbourhood_label = section.text("neighbourhood_label", default="Neighbourhood", max_length=60)
    return _CitySpec(
        slug=slug,
        name=section.text("name", max_length=120),
        country_code=section.text("country_code", default="IT", max_length=2),
        district_label=district_label,
        district_label_plural=section.text("district_label_plural", default=district_label),
        neighbourhood_label=neighbourhood_label,
        neighbourhood_label_plural=section.text("neighbourhood_label_plural", default=neighbourhood_label),
        attribution=section.text("attribution"),
        need_index_min_population=section.integer("need_index_min_population", default=500),
    )


def _indicator(section: _Section) -> _IndicatorSpec:
    code = section.text("code", max_length=60)
    try:
        validate_slug(code)
    except ValidationError:
        raise section.fail("code", f"{code!r} is not a slug (letters, digits, - and _)") from None
    return _IndicatorSpec(
        code=code,
        column=section.text("column"),
        name_it=section.text("name_it", max_length=160),
        name_en=section.text("name_en", max_length=160),
        unit=section.optional_text("unit", max_length=30) or "",
        kind=section.choice("kind", Indicator.Kind.values),
        direction=section.choice("direction", Indicator.Direction.values),
        year=section.integer("year", minimum=1800, maximum=9999),
        source=section.text("source"),
        weight=section.decimal("weight", places=Decimal("0.001"), maximum=Decimal(100)),
    )


def _read_json(path: Path, file: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _error(file, "file not found") from None
    except UnicodeDecodeError:
        raise _error(file, "not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _error(file, f"invalid JSON ({error.msg})", line=error.lineno, column=error.colno) from None


# --- the files ----------------------------------------------------------------------------------------------


@dataclass
class _Place:
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
class _Atlas:
    city: _CitySpec
    districts: list[_Place]
    neighbourhoods: list[_Place]
    indicators: list[_IndicatorSpec]
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


def _local_area_km2(geometry: BaseGeometry) -> float:
    """Area in a local equirectangular projection about the geometry's own latitude."""
    scale = METRES_PER_DEGREE**2 * math.cos(math.radians(geometry.centroid.y))
    return geometry.area * scale / 1_000_000


def _geometry(feature: dict[str, Any], file: str, number: int) -> BaseGeometry:
    raw = feature.get("geometry")
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        problem = f"{kind or 'no geometry'}, not a Polygon or MultiPolygon"
        raise _error(file, problem, feature=number, field="geometry")
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, GEOSException) as error:
        raise _error(file, f"unreadable coordinates ({error})", feature=number, field="geometry") from None
    if geometry.is_empty or not geometry.is_valid:
        problem = "empty" if geometry.is_empty else shapely.is_valid_reason(geometry)
        raise _error(file, f"invalid geometry ({problem})", feature=number, field="geometry")
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise _error(file, "not longitude/latitude (EPSG:4326)", feature=number, field="geometry")
    return geometry


def _required(properties: dict[str, Any], name: str, file: str, number: int) -> Any:
    if properties.get(name) in (None, ""):
        raise _error(file, "missing property", feature=number, field=name)
    return properties[name]


def _read_place(layer: _LayerSpec, label: str, feature: Any, number: int) -> _Place:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        raise _error(layer.file, "no object of properties", feature=number, field="properties")
    code = _code(_required(properties, layer.code_property, layer.file, number))
    if code is None or len(code) > 20:
        problem = "not an id (text or a whole number, at most 20 characters)"
        raise _error(layer.file, problem, feature=number, field=layer.code_property)
    name = str(_required(properties, layer.name_property, layer.file, number)) if layer.name_property else ""
    if len(name.strip()) > 120:
        raise _error(layer.file, "longer than 120 characters", feature=number, field=layer.name_property)
    geometry = _geometry(feature, layer.file, number)
    if layer.area_property:
        area = _required(properties, layer.area_property, layer.file, number)
        area = _number(area, layer.file, field=layer.area_property, feature=number)
        area_km2 = Decimal(area) / layer.area_unit
    else:
        area_km2 = Decimal(_local_area_km2(geometry))
    if not 0 <= area_km2 < 1_000_000:
        problem = f"an area of {area_km2} km²"
        raise _error(layer.file, problem, feature=number, field=layer.area_property or "geometry")
    district = layer.district_property
    return _Place(
        code=code,
        name=name.strip() or f"{label} {code}",
        boundary=feature["geometry"],
        geometry=geometry,
        feature=number,
        area_km2=area_km2.quantize(AREA_PLACES),
        district_code=_code(_required(properties, district, layer.file, number)) if district else None,
    )


def _read_places(layer: _LayerSpec, label: str) -> list[_Place]:
    data = _read_json(layer.path, layer.file)
    is_collection = isinstance(data, dict) and data.get("type") == "FeatureCollection"
    features = data.get("features") if is_collection else None
    if not isinstance(features, list) or not features:
        raise _error(layer.file, "not a GeoJSON FeatureCollection with features")
    places: list[_Place] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        place = _read_place(layer, label, feature, number)
        if place.code in seen:
            problem = f"duplicate {label} id {place.code} (also feature {seen[place.code]})"
            raise _error(layer.file, problem, feature=number, field=layer.code_property)
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
        raise _error(file, f"{value!r} is not a number", row=row, feature=feature, field=field)
    return number


def _read_csv(path: Path, file: str, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; the header is row 1, so the numbers match what an editor shows."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _error(file, "not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise _error(file, "empty file", row=1) from None
    except csv.Error as error:
        raise _error(file, f"unreadable CSV ({error})", row=1) from None
    for name in required:
        if name not in header:
            raise _error(file, "column missing from the header", row=1, field=name)
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise _error(file, f"{len(cells)} cells, the header has {len(header)}", row=reader.line_num)
            rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise _error(file, f"unreadable CSV ({error})", row=reader.line_num) from None
    return rows


@dataclass(frozen=True)
class _At:
    file: str
    line: int


def _row_code(row: dict[str, str], column: str, known: dict[str, _Place], label: str, *, at: _At) -> str:
    code = row[column].strip()
    if code not in known:
        raise _error(at.file, f"unknown {label} id {code!r}", row=at.line, field=column)
    return code


def _read_shares(section: _Section, base: Path, atlas: _Atlas) -> None:
    path, file = _file(section, base)
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
            raise _error(file, f"share {share} is not in (0, 1]", row=line, field=share_column)
        place = neighbourhoods[code]
        if any(known == district for known, _ in place.shares):
            raise _error(file, f"second row for {code} in {district}", row=line, field=district_column)
        if Decimal(share).quantize(SHARE_PLACES) > 0:
            place.shares.append((district, Decimal(share).quantize(SHARE_PLACES)))
        if sum(part for _, part in place.shares) > 1 + SHARE_SUM_TOLERANCE:
            raise _error(file, f"the shares of {code} add up to more than 1", row=line, field=share_column)
    for place in atlas.neighbourhoods:
        if not place.shares:
            problem = f"no row for {city.neighbourhood_label} {place.code}"
            raise _error(file, problem, field=neighbourhood_column)


def _compute_shares(atlas: _Atlas, layer: _LayerSpec) -> None:
    districts = {place.code: place for place in atlas.districts}
    tree = shapely.STRtree([place.geometry for place in atlas.districts])
    for place in atlas.neighbourhoods:
        if place.district_code is not None:
            if place.district_code not in districts:
                problem = f"unknown {atlas.city.district_label} {place.district_code!r}"
                raise _error(layer.file, problem, feature=place.feature, field=layer.district_property)
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
            raise _error(layer.file, problem, feature=place.feature, field="geometry")
        place.shares = found


def _read_indicators(section: _Section, base: Path, atlas: _Atlas) -> None:
    path, file = _file(section, base)
    column = section.text("neighbourhood_column")
    neighbourhoods = {place.code: place for place in atlas.neighbourhoods}
    atlas.values = {indicator.code: {} for indicator in atlas.indicators}
    seen: dict[str, int] = {}
    for line, row in _read_csv(path, file, [column, *(indicator.column for indicator in atlas.indicators)]):
        code = _row_code(row, column, neighbourhoods, atlas.city.neighbourhood_label, at=_At(file, line))
        if code in seen:
            raise _error(file, f"second row for {code} (also row {seen[code]})", row=line, field=column)
        seen[code] = line
        for indicator in atlas.indicators:
            cell = row[indicator.column].strip()
            value = _number(cell, file, field=indicator.column, row=line) if cell else None
            if indicator.code == atlas.population_indicator and value is not None and value < 0:
                raise _error(file, f"a population of {value}", row=line, field=indicator.column)
            atlas.values[indicator.code][code] = value


def _slugs(atlas: _Atlas) -> None:
    taken: set[str] = set()
    for place in atlas.neighbourhoods:
        slug = slugify(place.name)[:120] or slugify(place.code)
        if slug in taken:
            slug = f"{slug}-{slugify(place.code)}"
        place.slug = slug
        taken.add(slug)


def _check_against_database(atlas: _Atlas, layer: _LayerSpec) -> None:
    """Rows the files do not mention are kept (projects may point at them): their slugs must stay free."""
    codes = {place.code for place in atlas.neighbourhoods}
    slugs = {place.slug: place for place in atlas.neighbourhoods}
    for code, slug in Neighbourhood.objects.filter(city__slug=atlas.city.slug).values_list("code", "slug"):
        if code not in codes and slug in slugs:
            raise _error(
                layer.file,
                f"its slug {slug!r} belongs to {atlas.city.neighbourhood_label} {code}, which is in the "
                "database but not in this file",
                feature=slugs[slug].feature,
                field=layer.name_property,
            )


def _load(manifest_path: Path) -> _Atlas:
    """Read and check everything; touches the database only to read."""
    base, file = manifest_path.parent, manifest_path.name
    manifest = _Section(_read_json(manifest_path, file), "", file)
    if manifest.data.get("version", 1) != 1:
        raise manifest.fail("version", "only version 1 is understood")
    city = _city(manifest.section("city"))
    indicators_section = manifest.section("indicators")
    indicators = [_indicator(item) for item in indicators_section.sections("items")]
    for position, indicator in enumerate(indicators):
        if any(other.code == indicator.code for other in indicators[:position]):
            problem = f"duplicate code {indicator.code!r}"
            raise _error(file, problem, field=f"indicators.items[{position}].code")
    population = indicators_section.optional_text("population_indicator")
    if population is not None and population not in {indicator.code for indicator in indicators}:
        raise indicators_section.fail("population_indicator", f"{population!r} is not an indicator code")

    district_layer = _layer(manifest.section("districts"), base, neighbourhoods=False)
    neighbourhood_layer = _layer(manifest.section("neighbourhoods"), base, neighbourhoods=True)
    atlas = _Atlas(
        city=city,
        districts=_read_places(district_layer, city.district_label),
        neighbourhoods=_read_places(neighbourhood_layer, city.neighbourhood_label),
        indicators=indicators,
        values={},
        population_indicator=population,
        files=4,
    )
    shares = manifest.section("district_shares", optional=True)
    if shares is not None:
        _read_shares(shares, base, atlas)
        atlas.files += 1
    else:
        _compute_shares(atlas, neighbourhood_layer)
    _read_indicators(indicators_section, base, atlas)
    _slugs(atlas)
    _check_against_database(atlas, neighbourhood_layer)
    return atlas


# --- the database -------------------------------------------------------------------------------------------


def _steps(total: int) -> set[int]:
    """Report about four times per layer, and at the end."""
    step = max(1, math.ceil(total / 4))
    return {*range(step, total + 1, step), total}


def _save_city(spec: _CitySpec, neighbourhoods: list[_Place]) -> City:
    # The area-weighted mean of the neighbourhoods' centroids is the centroid of their union.
    areas = [_local_area_km2(place.geometry) for place in neighbourhoods]
    total = sum(areas) or 1.0
    centroids = [place.geometry.centroid for place in neighbourhoods]
    fields = {
        "name": spec.name,
        "country_code": spec.country_code,
        "district_label": spec.district_label,
        "neighbourhood_label": spec.neighbourhood_label,
        "data_attribution": spec.attribution,
        "centroid_lat": sum(c.y * area for c, area in zip(centroids, areas, strict=True)) / total,
        "centroid_lon": sum(c.x * area for c, area in zip(centroids, areas, strict=True)) / total,
    }
    # The minimum population, like the weights, is the officers' once the city exists.
    city, created = City.objects.get_or_create(
        slug=spec.slug, defaults={**fields, "need_index_min_population": spec.need_index_min_population}
    )
    if not created:
        for name, value in fields.items():
            setattr(city, name, value)
        city.save(update_fields=list(fields))
    return city


def _save_districts(city: City, atlas: _Atlas, progress: Progress) -> dict[str, District]:
    existing = {district.code: district for district in city.districts.all()}
    steps = _steps(len(atlas.districts))
    for count, place in enumerate(atlas.districts, start=1):
        district = existing.get(place.code) or District(city=city, code=place.code)
        district.name, district.boundary, district.area_km2 = place.name, place.boundary, place.area_km2
        district.save()
        existing[place.code] = district
        if count in steps:
            progress(f"{atlas.city.district_label_plural} {count}/{len(atlas.districts)}")
    return existing


def _save_neighbourhoods(
    city: City, atlas: _Atlas, districts: dict[str, District], progress: Progress
) -> list[Neighbourhood]:
    existing = {neighbourhood.code: neighbourhood for neighbourhood in city.neighbourhoods.all()}
    new_slugs = {place.code: place.slug for place in atlas.neighbourhoods}
    renamed = [n for n in existing.values() if new_slugs.get(n.code, n.slug) != n.slug]
    for neighbourhood in renamed:
        # Two neighbourhoods may swap slugs: park the old ones so no save meets the unique constraint.
        neighbourhood.slug = f"{neighbourhood.slug[:100]}--renaming-{neighbourhood.pk}"
    Neighbourhood.objects.bulk_update(renamed, ["slug"])
    population_year = next((i.year for i in atlas.indicators if i.code == atlas.population_indicator), None)
    population = atlas.values.get(atlas.population_indicator or "", {})
    saved = []
    steps = _steps(len(atlas.neighbourhoods))
    for count, place in enumerate(atlas.neighbourhoods, start=1):
        neighbourhood = existing.get(place.code) or Neighbourhood(city=city, code=place.code)
        centroid = place.geometry.centroid
        residents = population.get(place.code)
        neighbourhood.district = districts[max(place.shares, key=lambda item: (item[1], item[0]))[0]]
        neighbourhood.name, neighbourhood.slug = place.name, place.slug
        neighbourhood.boundary = place.boundary
        neighbourhood.centroid_lat, neighbourhood.centroid_lon = centroid.y, centroid.x
        neighbourhood.area_km2 = place.area_km2
        neighbourhood.population = None if residents is None else round(residents)
        neighbourhood.population_year = None if residents is None else population_year
        neighbourhood.save()
        saved.append(neighbourhood)
        if count in steps:
            progress(f"{atlas.city.neighbourhood_label_plural} {count}/{len(atlas.neighbourhoods)}")
    NeighbourhoodDistrictShare.objects.filter(neighbourhood__in=saved).delete()
    NeighbourhoodDistrictShare.objects.bulk_create(
        NeighbourhoodDistrictShare(neighbourhood=neighbourhood, district=districts[code], share=share)
        for neighbourhood, place in zip(saved, atlas.neighbourhoods, strict=True)
        for code, share in place.shares
    )
    return saved


def _save_indicators(city: City, atlas: _Atlas, saved: list[Neighbourhood], progress: Progress) -> None:
    by_code = {neighbourhood.code: neighbourhood for neighbourhood in saved}
    steps = _steps(len(atlas.indicators))
    for count, spec in enumerate(atlas.indicators, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            city=city,
            code=spec.code,
            defaults={
                "name_it": spec.name_it,
                "name_en": spec.name_en,
                "unit": spec.unit,
                "kind": spec.kind,
                "direction": spec.direction,
                "year": spec.year,
                "source": spec.source,
            },
        )
        # The manifest only seeds the weight: once it exists, it is the officers' to tune in the admin.
        NeedIndexWeight.objects.get_or_create(indicator=indicator, defaults={"weight": spec.weight})
        values = atlas.values[spec.code]
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(indicator=indicator, neighbourhood=by_code[code], value=value)
                for code, value in values.items()
                if value is not None
            ],
            update_conflicts=True,
            unique_fields=["indicator", "neighbourhood"],
            update_fields=["value"],
        )
        blank = [neighbourhood for code, neighbourhood in by_code.items() if values.get(code) is None]
        IndicatorValue.objects.filter(indicator=indicator, neighbourhood__in=blank).delete()
        if count in steps:
            progress(f"indicators {count}/{len(atlas.indicators)}")


def import_atlas(manifest_path: Path, *, progress: Progress | None = None) -> City:
    """Import (or re-import) the atlas a manifest (or the folder holding manifest.json) describes.

    Raises AtlasImportError, having written nothing, when a file is missing or wrong.
    """
    report = progress or (lambda message: None)
    manifest_path = Path(manifest_path)
    atlas = _load(manifest_path / "manifest.json" if manifest_path.is_dir() else manifest_path)
    report(f"{atlas.city.name}: {atlas.files} files checked")
    with transaction.atomic():
        city = _save_city(atlas.city, atlas.neighbourhoods)
        districts = _save_districts(city, atlas, report)
        saved = _save_neighbourhoods(city, atlas, districts, report)
        _save_indicators(city, atlas, saved, report)
        scored = need_index_recompute(city=city)
    report(f"need index computed for {scored} neighbourhoods")
    return city
