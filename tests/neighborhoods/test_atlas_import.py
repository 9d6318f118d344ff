"""The atlas importer: the shipped Milan fixture, another city's files, and every way a file can be wrong."""

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from neighborhoods.atlas import MILAN_MANIFEST, AtlasImportError, import_atlas, writer
from neighborhoods.models import City, IndicatorValue, NeedIndexWeight, Neighbourhood
from tests.neighborhoods.atlas_files import edit_csv_cell, edit_json, row_counts

pytestmark = pytest.mark.django_db


# --- Milan ---------------------------------------------------------------------------------------------


def test_the_milan_fixture_loads_every_municipio_and_nil() -> None:
    messages: list[str] = []

    city = import_atlas(MILAN_MANIFEST, progress=messages.append)

    assert (city.slug, city.name, city.district_label, city.neighbourhood_label) == (
        "milano",
        "Milano",
        "Municipio",
        "NIL",
    )
    assert city.data_attribution == "Fonte: Comune di Milano, CC BY 4.0"
    assert 45.4 < city.centroid_lat < 45.5 and 9.1 < city.centroid_lon < 9.25
    assert (City.objects.count(), city.districts.count(), city.neighbourhoods.count()) == (1, 9, 88)
    indices = [n.need_index for n in city.neighbourhoods.all()]
    assert all(index is not None and 0 <= index <= 100 for index in indices)
    assert sorted(city.neighbourhoods.values_list("need_rank", flat=True)) == list(range(1, 89))
    assert sum(weight.weight for weight in NeedIndexWeight.objects.filter(indicator__city=city)) == Decimal(1)
    assert {
        "Municipi 9/9",
        "NIL 44/88",
        "indicators 3/9",
        "need index computed for 88 neighbourhoods",
    } <= set(messages)


def test_a_nil_straddling_two_municipi_keeps_both_shares_and_the_larger_as_its_district() -> None:
    city = import_atlas(MILAN_MANIFEST)

    porta_romana = city.neighbourhoods.get(code="27")
    shares = {share.district.code: share.share for share in porta_romana.district_shares.all()}
    assert porta_romana.name == "PTA ROMANA" and porta_romana.slug == "pta-romana"
    assert shares == {"5": Decimal("0.5014"), "4": Decimal("0.4981")}
    assert porta_romana.district.code == "5"
    assert city.neighbourhoods.get(code="1").district_shares.count() == 1


def test_a_nil_takes_its_official_area_population_and_centroid() -> None:
    city = import_atlas(MILAN_MANIFEST)

    duomo = city.neighbourhoods.get(code="1")
    assert duomo.area_km2 == Decimal("2.342")  # Shape_Area 2,341,615.6 m²
    assert (duomo.population, duomo.population_year) == (16706, 2021)
    assert duomo.centroid_lat == pytest.approx(45.4642, abs=0.01)
    assert duomo.centroid_lon == pytest.approx(9.19, abs=0.01)


def test_a_blank_cell_stores_no_value() -> None:
    city = import_atlas(MILAN_MANIFEST)

    parco_sempione = city.neighbourhoods.get(code="8")
    codes = set(parco_sempione.indicator_values.values_list("indicator__code", flat=True))
    assert "foreign-residents" not in codes
    assert {"population", "urban-green-index"} <= codes
    assert parco_sempione.population == 0
    # Nobody lives there: the social indicators sit out and only the environmental ones rank it.
    assert parco_sempione.need_index_coverage == Decimal("0.400")


def test_reimporting_updates_in_place_without_duplicates() -> None:
    import_atlas(MILAN_MANIFEST)
    counts = row_counts()
    ids = dict(Neighbourhood.objects.values_list("code", "pk"))

    import_atlas(MILAN_MANIFEST)

    assert row_counts() == counts
    assert dict(Neighbourhood.objects.values_list("code", "pk")) == ids


def test_reimporting_keeps_the_weights_and_minimum_population_officers_set() -> None:
    city = import_atlas(MILAN_MANIFEST)
    NeedIndexWeight.objects.filter(indicator__city=city, indicator__code="heatwave-risk").update(weight=5)
    City.objects.filter(pk=city.pk).update(need_index_min_population=2000)

    city = import_atlas(MILAN_MANIFEST)

    assert NeedIndexWeight.objects.get(indicator__city=city, indicator__code="heatwave-risk").weight == 5
    assert city.need_index_min_population == 2000


def test_reimporting_corrected_figures_replaces_the_old_ones(milan_copy: Path) -> None:
    import_atlas(milan_copy)
    edit_csv_cell(milan_copy.parent / "indicators.csv", line=2, column="foreign_residents_pct", value="")
    edit_csv_cell(milan_copy.parent / "indicators.csv", line=3, column="foreign_residents_pct", value="99.5")

    import_atlas(milan_copy)

    values = IndicatorValue.objects.filter(indicator__code="foreign-residents")
    assert not values.filter(neighbourhood__code="1").exists()
    assert values.get(neighbourhood__code="2").value == 99.5


# --- another city --------------------------------------------------------------------------------------


def test_another_citys_files_load_with_their_own_property_names(other_city: Path) -> None:
    messages: list[str] = []

    city = import_atlas(other_city, progress=messages.append)

    assert (city.slug, city.district_label, city.neighbourhood_label) == (
        "ville-test",
        "Arrondissement",
        "Quartier",
    )
    assert city.need_index_min_population == 1000
    assert list(city.districts.values_list("code", "name")) == [("A", "Ouest"), ("B", "Est")]
    assert city.neighbourhoods.count() == 6
    croix = city.neighbourhoods.get(code="Q3")
    shares = {share.district.code: share.share for share in croix.district_shares.all()}
    assert shares == {"A": Decimal("0.6000"), "B": Decimal("0.4000")}
    assert (croix.district.code, croix.slug, croix.population, croix.population_year) == (
        "A",
        "la-croix",
        15000,
        2023,
    )
    # 0.05 by 0.01 degrees at 45.7° N, measured in a local equirectangular projection
    assert float(croix.area_km2) == pytest.approx(4.316, abs=0.01)
    assert (
        city.neighbourhoods.get(code="Q4").need_index is None
    )  # 300 residents: its only indicator is social
    assert city.neighbourhoods.get(code="Q5").need_index is None  # blank cell
    assert city.neighbourhoods.get(code="Q1").need_rank == 3
    assert "Arrondissements 2/2" in messages and "Quartiers 6/6" in messages


def test_a_district_property_can_stand_in_for_the_shares(other_city: Path) -> None:
    quartiers = other_city.parent / "quartiers.geojson"
    edit_json(quartiers, lambda data: [f["properties"].update(arr="B") for f in data["features"]])
    edit_json(other_city, lambda data: data["neighbourhoods"].update(district_property="arr"))

    city = import_atlas(other_city)

    assert set(city.neighbourhoods.values_list("district__code", flat=True)) == {"B"}
    croix = city.neighbourhoods.get(code="Q3")
    assert [(s.district.code, s.share) for s in croix.district_shares.all()] == [("B", Decimal("1.0000"))]


def test_two_cities_keep_apart(other_city: Path) -> None:
    import_atlas(MILAN_MANIFEST)
    import_atlas(other_city)

    assert City.objects.count() == 2
    assert Neighbourhood.objects.count() == 94


# --- malformed files: each names the file, the row or feature, and the field; nothing is written --------


def set_feature_property(name: str, feature: int, value: Any) -> Callable[[Path], None]:
    def corrupt(manifest: Path) -> None:
        edit_json(
            manifest.parent / name, lambda data: data["features"][feature - 1]["properties"].update(value)
        )

    return corrupt


def drop_feature_property(name: str, feature: int, key: str) -> Callable[[Path], None]:
    def corrupt(manifest: Path) -> None:
        edit_json(manifest.parent / name, lambda data: data["features"][feature - 1]["properties"].pop(key))

    return corrupt


def set_geometry(feature: int, geometry: dict[str, Any]) -> Callable[[Path], None]:
    def corrupt(manifest: Path) -> None:
        edit_json(
            manifest.parent / "nil.geojson",
            lambda data: data["features"][feature - 1].update(geometry=geometry),
        )

    return corrupt


def set_cell(name: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    def corrupt(manifest: Path) -> None:
        edit_csv_cell(manifest.parent / name, line=line, column=column, value=value)

    return corrupt


def break_json(manifest: Path) -> None:
    path = manifest.parent / "nil.geojson"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"NIL":', '"NIL" ', 1)  # line 5 is NIL 2's feature
    path.write_text("\n".join(lines), encoding="utf-8")


def remove_file(manifest: Path) -> None:
    (manifest.parent / "nil_municipi.csv").unlink()


def set_indicator_kind(manifest: Path) -> None:
    edit_json(manifest, lambda data: data["indicators"]["items"][2].update(kind="economic"))


BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[9.1, 45.4], [9.2, 45.5], [9.2, 45.4], [9.1, 45.5], [9.1, 45.4]]],
}

MALFORMED = {
    "bad number": (
        set_cell("indicators.csv", 14, "foreign_residents_pct", "abc"),
        "indicators.csv, row 14, field 'foreign_residents_pct': 'abc' is not a number",
    ),
    "unknown NIL in the indicators": (
        set_cell("indicators.csv", 5, "ID_NIL", "999"),
        "indicators.csv, row 5, field 'ID_NIL': unknown NIL id '999'",
    ),
    "unknown Municipio in the shares": (
        set_cell("nil_municipi.csv", 7, "MUNICIPIO", "10"),
        "nil_municipi.csv, row 7, field 'MUNICIPIO': unknown Municipio id '10'",
    ),
    "duplicate NIL id": (
        set_feature_property("nil.geojson", 10, {"ID_NIL": 9}),
        "nil.geojson, feature 10, field 'ID_NIL': duplicate NIL id 9 (also feature 9)",
    ),
    "missing property": (
        drop_feature_property("nil.geojson", 3, "NIL"),
        "nil.geojson, feature 3, field 'NIL': missing property",
    ),
    "missing district code": (
        drop_feature_property("municipi.geojson", 4, "MUNICIPIO"),
        "municipi.geojson, feature 4, field 'MUNICIPIO': missing property",
    ),
    "broken JSON": (
        break_json,
        "nil.geojson, line 5, column 50: invalid JSON (Expecting ':' delimiter)",
    ),
    "self-intersecting geometry": (
        set_geometry(12, BOWTIE),
        "nil.geojson, feature 12, field 'geometry': invalid geometry (Self-intersection[9.15 45.45])",
    ),
    "not a polygon": (
        set_geometry(12, {"type": "Point", "coordinates": [9.1, 45.4]}),
        "nil.geojson, feature 12, field 'geometry': Point, not a Polygon or MultiPolygon",
    ),
    "missing file": (
        remove_file,
        "nil_municipi.csv: file not found (named by manifest.json, field 'district_shares.file')",
    ),
    "bad manifest value": (
        set_indicator_kind,
        "manifest.json, field 'indicators.items[2].kind': "
        "'economic' is not one of social, environmental, context",
    ),
}


@pytest.mark.parametrize(("corrupt", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_file_is_refused_by_name_row_and_field_and_the_previous_import_survives(
    milan_copy: Path, corrupt: Callable[[Path], None], message: str
) -> None:
    import_atlas(milan_copy)
    counts = row_counts()
    ranks = dict(Neighbourhood.objects.values_list("code", "need_rank"))
    corrupt(milan_copy)

    with pytest.raises(AtlasImportError) as refused:
        import_atlas(milan_copy)

    assert str(refused.value) == message
    assert row_counts() == counts
    assert dict(Neighbourhood.objects.values_list("code", "need_rank")) == ranks


def test_a_malformed_file_writes_nothing_into_an_empty_database(milan_copy: Path) -> None:
    set_cell("indicators.csv", 88, "urban_green_index", "n/a")(milan_copy)

    with pytest.raises(AtlasImportError, match=r"indicators.csv, row 88, field 'urban_green_index'"):
        import_atlas(milan_copy)

    assert set(row_counts().values()) == {0}


def test_a_failure_while_writing_rolls_everything_back(
    milan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_atlas(milan_copy)
    counts = row_counts()
    edit_csv_cell(milan_copy.parent / "indicators.csv", line=2, column="population", value="1")

    def fail(*, city: City) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(writer, "need_index_recompute", fail)
    with pytest.raises(RuntimeError):
        import_atlas(milan_copy)

    assert row_counts() == counts
    assert Neighbourhood.objects.get(code="1").population == 16706


def test_a_neighbourhood_outside_every_district_is_refused(other_city: Path) -> None:
    far_away = {"type": "Polygon", "coordinates": [[[5, 46], [5.01, 46], [5.01, 46.01], [5, 46]]]}
    edit_json(
        other_city.parent / "quartiers.geojson", lambda data: data["features"][5].update(geometry=far_away)
    )

    with pytest.raises(AtlasImportError, match=r"quartiers.geojson, feature 6, field 'geometry': lies in no"):
        import_atlas(other_city)


def test_an_unknown_district_code_on_a_neighbourhood_is_refused(other_city: Path) -> None:
    edit_json(
        other_city.parent / "quartiers.geojson",
        lambda data: [f["properties"].update(arr="A") for f in data["features"]],
    )
    edit_json(
        other_city.parent / "quartiers.geojson",
        lambda data: data["features"][1]["properties"].update(arr="Z"),
    )
    edit_json(other_city, lambda data: data["neighbourhoods"].update(district_property="arr"))

    with pytest.raises(AtlasImportError) as refused:
        import_atlas(other_city)

    assert str(refused.value) == "quartiers.geojson, feature 2, field 'arr': unknown Arrondissement 'Z'"


def test_a_manifest_that_is_not_json_is_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"city": {"slug": "x",}}')

    with pytest.raises(AtlasImportError) as refused:
        import_atlas(manifest)

    assert str(refused.value) == (
        "manifest.json, line 1, column 23: invalid JSON (Expecting property name enclosed in double quotes)"
    )


def test_a_missing_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AtlasImportError, match=r"manifest\.json: file not found"):
        import_atlas(tmp_path / "manifest.json")


def test_milan_default_weights_add_up_to_one_and_leave_context_out() -> None:
    manifest = json.loads(MILAN_MANIFEST.read_text(encoding="utf-8"))
    weights = {item["code"]: item["weight"] for item in manifest["indicators"]["items"]}
    assert sum(weights.values()) == pytest.approx(1)
    assert weights["population"] == weights["density"] == 0
