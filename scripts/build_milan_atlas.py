"""Build MilanPartner's Milan atlas fixture from the Comune di Milano open data.

    .venv/bin/python scripts/build_milan_atlas.py /work/shared/data/milan neighborhoods/fixtures/atlas/milan

Reads the source folder described by its SOURCE.md (never read by the project at run time) and writes the
fixture folder that `neighborhoods.atlas.import_atlas` loads: simplified boundaries, the NIL → Municipio area
shares, one row of derived indicators per NIL, a manifest and an attribution note. The output is
deterministic, so re-running it on the same sources gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

# ~8 m east-west and ~11 m north-south at Milan's latitude: invisible at city zoom, a tenth of the vertices.
SIMPLIFY_TOLERANCE_DEG = 0.0001
COORDINATE_DECIMALS = 6
MIN_SHARE = 0.01
SOURCE_YEAR = "2021"
ATTRIBUTION = "Fonte: Comune di Milano, CC BY 4.0"

SINGLE_PARENT_WITH_MINOR = "Monogenitore con almeno un figlio minorenne"
HEAD_AGED_80_PLUS = "80 anni e più"

# code, column, name_it, name_en, unit, kind, direction, year, source, weight
INDICATORS: list[dict[str, Any]] = [
    {
        "code": "population",
        "column": "population",
        "name_it": "Popolazione residente",
        "name_en": "Resident population",
        "unit": "residenti",
        "kind": "context",
        "direction": "higher",
        "year": 2021,
        "source": "Comune di Milano DS205, 2021",
        "weight": 0,
    },
    {
        "code": "density",
        "column": "density_per_km2",
        "name_it": "Densità abitativa",
        "name_en": "Population density",
        "unit": "ab./km²",
        "kind": "context",
        "direction": "higher",
        "year": 2021,
        "source": "Comune di Milano DS205, 2021",
        "weight": 0,
    },
    {
        "code": "foreign-residents",
        "column": "foreign_residents_pct",
        "name_it": "Residenti stranieri",
        "name_en": "Foreign residents",
        "unit": "%",
        "kind": "social",
        "direction": "higher",
        "year": 2021,
        "source": "Comune di Milano DS205, 2021",
        "weight": 0.15,
    },
    {
        "code": "single-person-households",
        "column": "single_person_households_pct",
        "name_it": "Famiglie unipersonali",
        "name_en": "Single-person households",
        "unit": "%",
        "kind": "social",
        "direction": "higher",
        "year": 2021,
        "source": "Comune di Milano DS205, 2021",
        "weight": 0.10,
    },
    {
        "code": "single-parent-minor-households",
        "column": "single_parent_minor_households_pct",
        "name_it": "Famiglie monogenitore con almeno un figlio minorenne",
        "name_en": "Single-parent households with a minor child",
        "unit": "%",
        "kind": "social",
        "direction": "higher",
        "year": 2021,
        "source": "Comune di Milano DS1440, 2021",
        "weight": 0.20,
    },
    {
        "code": "head-80-plus-households",
        "column": "head_80_plus_households_pct",
        "name_it": "Famiglie con capofamiglia di 80 anni e più",
        "name_en": "Households headed by someone aged 80 or over",
        "unit": "%",
        "kind": "social",
        "direction": "higher",
        "year": 2021,
        "source": "Comune di Milano DS1440, 2021",
        "weight": 0.15,
    },
    {
        "code": "urban-green-index",
        "column": "urban_green_index",
        "name_it": "Indice di verde urbano (media)",
        "name_en": "Urban green index (mean)",
        "unit": "indice",
        "kind": "environmental",
        "direction": "lower",
        "year": 2024,
        "source": "Comune di Milano DS2813, luglio 2024",
        "weight": 0.15,
    },
    {
        "code": "urban-heat-exposure",
        "column": "urban_heat_exposure",
        "name_it": "Esposizione al calore urbano (media)",
        "name_en": "Urban heat exposure (mean)",
        "unit": "indice 0-1",
        "kind": "environmental",
        "direction": "higher",
        "year": 2024,
        "source": "Comune di Milano DS2811, luglio 2024",
        "weight": 0.10,
    },
    {
        "code": "heatwave-risk",
        "column": "urban_heatwave_risk",
        "name_it": "Rischio ondata di calore (media)",
        "name_en": "Heat-wave risk (mean)",
        "unit": "indice 0-1",
        "kind": "environmental",
        "direction": "higher",
        "year": 2024,
        "source": "Comune di Milano DS2812, luglio 2024",
        "weight": 0.15,
    },
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_features(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def simplified(geometry: BaseGeometry) -> BaseGeometry:
    result = shapely.set_precision(
        geometry.simplify(SIMPLIFY_TOLERANCE_DEG, preserve_topology=True), 10**-COORDINATE_DECIMALS
    )
    if result.geom_type not in ("Polygon", "MultiPolygon") or not result.is_valid or result.is_empty:
        raise SystemExit(f"simplification broke a geometry ({result.geom_type}): lower the tolerance")
    return result


def rounded_coordinates(value: Any) -> Any:
    """set_precision snaps to the 1e-6 grid, but floats still print as 9.190000000000001: round them."""
    if isinstance(value, (list, tuple)):
        return [rounded_coordinates(item) for item in value]
    return round(value, COORDINATE_DECIMALS)


def write_feature_collection(path: Path, features: Iterable[tuple[dict[str, Any], BaseGeometry]]) -> None:
    # One feature per line keeps the file small and its git diffs readable.
    lines = []
    for properties, geometry in features:
        geojson = mapping(geometry)
        feature = {
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": geojson["type"], "coordinates": rounded_coordinates(geojson["coordinates"])},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    path.write_text(
        '{"type":"FeatureCollection",\n"crs":{"type":"name","properties":{"name":"EPSG:4326"}},\n'
        f'"features":[\n{body}\n]}}\n',
        encoding="utf-8",
    )


def to_local_plane(geometry: BaseGeometry, reference_lat: float) -> BaseGeometry:
    """Equirectangular projection about the city's latitude: metres, good to a fraction of a percent here."""
    metres_per_degree = 6_371_008.8 * math.pi / 180
    scale_x = metres_per_degree * math.cos(math.radians(reference_lat))
    return shapely.transform(geometry, lambda xy: xy * [scale_x, metres_per_degree])


def district_shares(
    nil_geometries: dict[int, BaseGeometry], municipio_geometries: dict[int, BaseGeometry]
) -> dict[int, list[tuple[int, float]]]:
    """Each NIL's share of area in each Municipio, from the unsimplified boundaries; under 1% dropped."""
    reference_lat = shapely.union_all(list(municipio_geometries.values())).centroid.y
    municipi = {code: to_local_plane(area, reference_lat) for code, area in municipio_geometries.items()}
    shares: dict[int, list[tuple[int, float]]] = {}
    for nil_id, geometry in nil_geometries.items():
        nil_plane = to_local_plane(geometry, reference_lat)
        found = [
            (code, nil_plane.intersection(area).area / nil_plane.area) for code, area in municipi.items()
        ]
        kept = [(code, share) for code, share in found if share >= MIN_SHARE]
        shares[nil_id] = sorted(kept, key=lambda item: (-item[1], item[0]))
    return shares


def check_against_lookup(
    shares: dict[int, list[tuple[int, float]]], lookup_rows: list[dict[str, str]]
) -> None:
    """The source folder's own NIL → Municipio table was computed the same way: the two must agree."""
    for row in lookup_rows:
        nil_id = int(row["ID_NIL"])
        expected = {int(row["MUNICIPIO"]): float(row["share_in_municipio"])}
        for item in filter(None, row["other_municipi_ge1pct"].split(";")):
            code, share = item.split(":")
            expected[int(code)] = float(share)
        got = dict(shares[nil_id])
        if set(got) != set(expected) or any(abs(got[code] - expected[code]) > 0.002 for code in expected):
            raise SystemExit(f"NIL {nil_id}: shares {got} disagree with nil_municipio_lookup.csv {expected}")


def percentage(part: float, whole: float) -> float | None:
    return None if whole == 0 else 100 * part / whole


def household_shares(rows: list[dict[str, str]], dimension: str, category: str) -> dict[int, float | None]:
    """Share of a NIL's households in one category of one dimension of the DS1440 breakdown, in %.

    The long table omits empty categories, so a missing row counts as 0 when the NIL has other rows in that
    dimension. A NIL with no 2021 rows in the dimension (PARCO SEMPIONE's latest figures are from 2019) gets
    no figure rather than one from another year.
    """
    totals: dict[int, int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["anno"] != SOURCE_YEAR or row["dimensione"] != dimension:
            continue
        nil_id = int(row["ID_NIL"])
        totals[nil_id] += int(row["famiglie"])
        if row["categoria"] == category:
            counts[nil_id] += int(row["famiglie"])
    return {nil_id: percentage(counts[nil_id], total) for nil_id, total in totals.items()}


def indicator_rows(source: Path) -> list[dict[str, Any]]:
    demography = {int(row["ID_NIL"]): row for row in read_csv(source / "nil_demografia_2021.csv")}
    environment = {int(row["ID_NIL"]): row for row in read_csv(source / "nil_ambiente_luglio2024.csv")}
    household_types = read_csv(source / "nil_famiglie_tipologia_2021.csv")
    single_parent = household_shares(household_types, "tipologia_familiare", SINGLE_PARENT_WITH_MINOR)
    elderly_head = household_shares(household_types, "classe_eta_capofamiglia", HEAD_AGED_80_PLUS)

    rows = []
    for nil_id, people in sorted(demography.items()):
        if people["anno"] != SOURCE_YEAR:
            raise SystemExit(f"NIL {nil_id}: demography year {people['anno']}, expected {SOURCE_YEAR}")
        green = environment[nil_id]
        rows.append(
            {
                "ID_NIL": nil_id,
                "NIL": people["NIL"],
                "population": int(people["popolazione_totale"]),
                "density_per_km2": rounded(float(people["densita_abitanti_km2"]), 1),
                # DS205 leaves the share blank where nobody lives (PARCO SEMPIONE).
                "foreign_residents_pct": rounded(optional_float(people["pct_stranieri"]), 3),
                "single_person_households_pct": rounded(
                    percentage(int(people["famiglie_unipersonali"]), int(people["famiglie_registrate"])), 3
                ),
                "single_parent_minor_households_pct": rounded(single_parent.get(nil_id), 3),
                "head_80_plus_households_pct": rounded(elderly_head.get(nil_id), 3),
                "urban_green_index": rounded(float(green["urban_green_index_mean"]), 3),
                "urban_heat_exposure": rounded(float(green["urban_heat_exposure_mean"]), 4),
                "urban_heatwave_risk": rounded(float(green["urban_heatwave_risk_mean"]), 4),
            }
        )
    return rows


def optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def write_csv(path: Path, fieldnames: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})


def manifest() -> dict[str, Any]:
    return {
        "format": "milanpartner-atlas",
        "version": 1,
        "city": {
            "slug": "milano",
            "name": "Milano",
            "country_code": "IT",
            "district_label": "Municipio",
            "district_label_plural": "Municipi",
            "neighbourhood_label": "NIL",
            "neighbourhood_label_plural": "NIL",
            "attribution": ATTRIBUTION,
            "need_index_min_population": 500,
        },
        "districts": {"file": "municipi.geojson", "code_property": "MUNICIPIO", "name_property": "name"},
        "neighbourhoods": {
            "file": "nil.geojson",
            "code_property": "ID_NIL",
            "name_property": "NIL",
            "area_property": "Shape_Area",
            "area_unit": "m2",
        },
        "district_shares": {
            "file": "nil_municipi.csv",
            "neighbourhood_column": "ID_NIL",
            "district_column": "MUNICIPIO",
            "share_column": "share",
        },
        "indicators": {
            "file": "indicators.csv",
            "neighbourhood_column": "ID_NIL",
            "population_indicator": "population",
            "items": INDICATORS,
        },
    }


ATTRIBUTION_NOTE = """\
# Milan atlas: sources and licence

Fonte: Comune di Milano, CC BY 4.0 (dati.comune.milano.it). Shown wherever these data appear.

The files in this folder are **derived** from Comune di Milano open data by `scripts/build_milan_atlas.py`
(see `docs/atlas-import.md`): do not edit them by hand, re-run the script. The licence of the datasets was
confirmed only through third parties (see the source folder's SOURCE.md): check the dataset pages on
dati.comune.milano.it before production use.

## Files

- `municipi.geojson`: DS379 "Territorio: superficie dei Municipi" (boundaries of 2017). Simplified with
  shapely (`preserve_topology`, tolerance {tolerance} deg, about 8-11 m), coordinates on a 1e-{decimals} deg
  grid. Properties `MUNICIPIO` and `name`. The source's `Shape_Area` is not kept: it is a Web Mercator area,
  about twice the true one; the importer computes the area from the boundary instead.
- `nil.geojson`: DS964 "NIL vigenti - PGT Milano 2030" (boundaries of 2020), simplified likewise. Properties
  `ID_NIL`, `NIL` and `Shape_Area` (the official planar area, m2).
- `nil_municipi.csv`: the share of each NIL's area in each Municipio, intersecting the **unsimplified**
  boundaries in a local equirectangular projection. Shares under {min_share:.0%} are dropped, so a NIL's
  shares add up to 0.99-1. Checked against the source folder's `nil_municipio_lookup.csv`.
- `indicators.csv`: one row per NIL, blank where the source has no figure (below).
- `manifest.json`: how `neighborhoods.atlas.import_atlas` reads these files, and the default need-index
  weights.

## Indicators

- `population`, `density_per_km2`, `foreign_residents_pct`: DS205 "Caratteristiche demografiche e
  territoriali dei quartieri", 2021, as published. PARCO SEMPIONE (8) has 0 residents: its foreign share is
  blank.
- `single_person_households_pct`: DS205, `famiglie_unipersonali / famiglie_registrate * 100`; blank where
  there are no households.
- `single_parent_minor_households_pct`, `head_80_plus_households_pct`: the DS1440 household breakdown for
  2021, "Monogenitore con almeno un figlio minorenne" over all `tipologia_familiare` rows, and "80 anni e
  piu'" over all `classe_eta_capofamiglia` rows, * 100. The long table omits empty categories, so a missing
  category counts as 0 when the NIL has other rows in that dimension (75 STEPHENSON, 73 CASCINA MERLATA);
  a NIL with no 2021 rows (PARCO SEMPIONE, latest 2019) is blank. DS1440 counts households differently from
  DS205 (706,915 against 751,850 in the city), so the two sets of shares are not on the same base.
- `urban_green_index`, `urban_heat_exposure`, `urban_heatwave_risk`: the NIL means (`value`) of DS2813, DS2811
  and DS2812 ("Spotted" Earth observation, 1-31 July 2024). The source does not document their units.

Kept as published: CASCINA MERLATA (73) has 870 registered households but 2 single-person ones, and only 20
households in DS1440. The need index winsorises each indicator at its 5th and 95th percentiles and leaves the
social indicators out for NIL under 500 residents (`docs/need-index.md`).
"""


def build(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    municipio_features = read_features(source / "ds379_municipi_label.geojson")
    nil_features = read_features(source / "ds964_nil_wm.geojson")
    municipi = {int(f["properties"]["MUNICIPIO"]): shape(f["geometry"]) for f in municipio_features}
    nils = {int(f["properties"]["ID_NIL"]): f for f in nil_features}
    if sorted(municipi) != list(range(1, 10)) or sorted(nils) != list(range(1, 89)):
        raise SystemExit("expected Municipi 1-9 and NIL 1-88")

    write_feature_collection(
        target / "municipi.geojson",
        (
            ({"MUNICIPIO": code, "name": f"Municipio {code}"}, simplified(geometry))
            for code, geometry in sorted(municipi.items())
        ),
    )
    write_feature_collection(
        target / "nil.geojson",
        (
            (
                {
                    "ID_NIL": nil_id,
                    "NIL": f["properties"]["NIL"],
                    "Shape_Area": round(f["properties"]["Shape_Area"], 1),
                },
                simplified(shape(f["geometry"])),
            )
            for nil_id, f in sorted(nils.items())
        ),
    )

    shares = district_shares({nil_id: shape(f["geometry"]) for nil_id, f in nils.items()}, municipi)
    check_against_lookup(shares, read_csv(source / "nil_municipio_lookup.csv"))
    write_csv(
        target / "nil_municipi.csv",
        ["ID_NIL", "MUNICIPIO", "share"],
        (
            {"ID_NIL": nil_id, "MUNICIPIO": code, "share": f"{share:.4f}"}
            for nil_id, found in sorted(shares.items())
            for code, share in found
        ),
    )

    rows = indicator_rows(source)
    write_csv(target / "indicators.csv", ["ID_NIL", "NIL", *(item["column"] for item in INDICATORS)], rows)
    (target / "ATTRIBUTION.md").write_text(
        ATTRIBUTION_NOTE.format(
            tolerance=SIMPLIFY_TOLERANCE_DEG, decimals=COORDINATE_DECIMALS, min_share=MIN_SHARE
        ),
        encoding="utf-8",
    )
    (target / "manifest.json").write_text(
        json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder of the Comune di Milano files (see its SOURCE.md)")
    parser.add_argument("target", type=Path, help="fixture folder to write")
    arguments = parser.parse_args(argv)
    build(arguments.source, arguments.target)
    for path in sorted(arguments.target.iterdir()):
        print(f"{path}: {path.stat().st_size:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
