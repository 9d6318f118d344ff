"""The manifest: the city, the indicators and the layers it names, each field checked and named in errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from neighborhoods.atlas.errors import AtlasImportError, atlas_error
from neighborhoods.models import Indicator

# parents[1]: this package sits one folder below the app that ships the fixture.
MILAN_MANIFEST: Path = Path(__file__).resolve().parents[1] / "fixtures" / "atlas" / "milan" / "manifest.json"

AREA_UNITS_PER_KM2 = {"m2": Decimal(1_000_000), "ha": Decimal(100), "km2": Decimal(1)}


class Section:
    """One object of the manifest; every getter names the field's full path in its errors."""

    def __init__(self, data: Any, path: str, file: str) -> None:
        if not isinstance(data, dict):
            raise atlas_error(file, "expected a JSON object", field=path or None)
        self.data, self.path, self.file = data, path, file

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> AtlasImportError:
        return atlas_error(self.file, problem, field=self._name(key))

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

    def slug(self, key: str) -> str:
        value = self.text(key, max_length=60)
        try:
            validate_slug(value)
        except ValidationError:
            raise self.fail(key, f"{value!r} is not a slug (letters, digits, - and _)") from None
        return value

    def choice(self, key: str, choices: list[str]) -> str:
        value = self.text(key)
        if value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def section(self, key: str, *, optional: bool = False) -> Section | None:
        if self.data.get(key) is None:
            if optional:
                return None
            raise self.fail(key, "missing")
        return Section(self.data[key], self._name(key), self.file)

    def sections(self, key: str) -> list[Section]:
        items = self.data.get(key)
        if not isinstance(items, list) or not items:
            raise self.fail(key, "expected a non-empty list")
        return [Section(item, f"{self._name(key)}[{i}]", self.file) for i, item in enumerate(items)]


@dataclass(frozen=True)
class CitySpec:
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
class LayerSpec:
    path: Path
    file: str
    code_property: str
    name_property: str | None
    area_property: str | None
    area_unit: Decimal
    district_property: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
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


def named_file(section: Section, base: Path) -> tuple[Path, str]:
    name = section.text("file")
    path = (base / name).resolve()
    if not path.is_relative_to(base.resolve()):
        raise section.fail("file", f"{name!r} is outside the manifest's folder")
    if not path.is_file():
        raise atlas_error(name, f"file not found (named by {section.file}, field '{section._name('file')}')")
    return path, name


def _layer(section: Section, base: Path, *, neighbourhoods: bool) -> LayerSpec:
    path, name = named_file(section, base)
    unit = section.text("area_unit", default="m2")
    if unit not in AREA_UNITS_PER_KM2:
        raise section.fail("area_unit", f"{unit!r} is not one of {', '.join(AREA_UNITS_PER_KM2)}")
    return LayerSpec(
        path=path,
        file=name,
        code_property=section.text("code_property"),
        # A neighbourhood needs its name; a district may be called "<label> <code>".
        name_property=(section.text if neighbourhoods else section.optional_text)("name_property"),
        area_property=section.optional_text("area_property"),
        area_unit=AREA_UNITS_PER_KM2[unit],
        district_property=section.optional_text("district_property") if neighbourhoods else None,
    )


def _city(section: Section) -> CitySpec:
    slug = section.slug("slug")
    district_label = section.text("district_label", default="District", max_length=60)
    neighbourhood_label = section.text("neighbourhood_label", default="Neighbourhood", max_length=60)
    return CitySpec(
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


def _indicator(section: Section) -> IndicatorSpec:
    code = section.slug("code")
    return IndicatorSpec(
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


def read_json(path: Path, file: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise atlas_error(file, "file not found") from None
    except UnicodeDecodeError:
        raise atlas_error(file, "not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise atlas_error(
            file, f"invalid JSON ({error.msg})", line=error.lineno, column=error.colno
        ) from None


@dataclass(frozen=True)
class Manifest:
    """What the manifest says before any other file is read; the CSV sections are read with their files."""

    base: Path
    root: Section
    city: CitySpec
    indicators_section: Section
    indicators: list[IndicatorSpec]
    population_indicator: str | None
    district_layer: LayerSpec
    neighbourhood_layer: LayerSpec


def read_manifest(manifest_path: Path) -> Manifest:
    base, file = manifest_path.parent, manifest_path.name
    manifest = Section(read_json(manifest_path, file), "", file)
    if manifest.data.get("version", 1) != 1:
        raise manifest.fail("version", "only version 1 is understood")
    city = _city(manifest.section("city"))
    indicators_section = manifest.section("indicators")
    indicators = [_indicator(item) for item in indicators_section.sections("items")]
    for position, indicator in enumerate(indicators):
        if any(other.code == indicator.code for other in indicators[:position]):
            problem = f"duplicate code {indicator.code!r}"
            raise atlas_error(file, problem, field=f"indicators.items[{position}].code")
    population = indicators_section.optional_text("population_indicator")
    if population is not None and population not in {indicator.code for indicator in indicators}:
        raise indicators_section.fail("population_indicator", f"{population!r} is not an indicator code")

    district_layer = _layer(manifest.section("districts"), base, neighbourhoods=False)
    neighbourhood_layer = _layer(manifest.section("neighbourhoods"), base, neighbourhoods=True)
    return Manifest(
        base=base,
        root=manifest,
        city=city,
        indicators_section=indicators_section,
        indicators=indicators,
        population_indicator=population,
        district_layer=district_layer,
        neighbourhood_layer=neighbourhood_layer,
    )
