"""Atlas folders to import: a copy of the Milan fixture to corrupt, and a tiny city of another shape."""

import json
import shutil
from pathlib import Path

import pytest

from neighborhoods.atlas import MILAN_MANIFEST
from tests.neighborhoods.atlas_files import feature_collection, rectangle


@pytest.fixture
def milan_copy(tmp_path: Path) -> Path:
    """A writable copy of the Milan atlas; returns its manifest."""
    folder = tmp_path / "milan"
    shutil.copytree(MILAN_MANIFEST.parent, folder)
    return folder / MILAN_MANIFEST.name


@pytest.fixture
def other_city(tmp_path: Path) -> Path:
    """Two arrondissements side by side, three quartiers in each, one of them straddling the border.

    Other property names, other labels, no shares file (the importer overlays the boundaries) and no official
    area (it measures them). Returns the manifest.
    """
    folder = tmp_path / "ville"
    folder.mkdir()
    (folder / "arrondissements.geojson").write_text(
        feature_collection(
            [
                ({"arr_num": "A", "arr_nom": "Ouest"}, rectangle(4.80, 45.70, 4.83, 45.73)),
                ({"arr_num": "B", "arr_nom": "Est"}, rectangle(4.83, 45.70, 4.86, 45.73)),
            ]
        )
    )
    (folder / "quartiers.geojson").write_text(
        feature_collection(
            [
                ({"code_q": "Q1", "nom_q": "Vieux Port"}, rectangle(4.80, 45.70, 4.83, 45.71)),
                ({"code_q": "Q2", "nom_q": "Les Pentes"}, rectangle(4.80, 45.71, 4.83, 45.72)),
                # 60% west, 40% east of 4.83
                ({"code_q": "Q3", "nom_q": "La Croix"}, rectangle(4.80, 45.72, 4.85, 45.73)),
                ({"code_q": "Q4", "nom_q": "Gare"}, rectangle(4.83, 45.70, 4.86, 45.71)),
                ({"code_q": "Q5", "nom_q": "Parc"}, rectangle(4.83, 45.71, 4.86, 45.72)),
                ({"code_q": "Q6", "nom_q": "Rive Est"}, rectangle(4.85, 45.72, 4.86, 45.73)),
            ]
        )
    )
    (folder / "donnees.csv").write_text(
        "quartier,habitants,chomage\n"
        "Q1,12000,9.5\nQ2,8000,12.0\nQ3,15000,7.25\nQ4,300,20.0\nQ5,5000,\nQ6,7000,15.5\n"
    )
    manifest = {
        "version": 1,
        "city": {
            "slug": "ville-test",
            "name": "Ville Test",
            "country_code": "FR",
            "district_label": "Arrondissement",
            "district_label_plural": "Arrondissements",
            "neighbourhood_label": "Quartier",
            "neighbourhood_label_plural": "Quartiers",
            "attribution": "Source : Ville Test, Licence Ouverte",
            "need_index_min_population": 1000,
        },
        "districts": {
            "file": "arrondissements.geojson",
            "code_property": "arr_num",
            "name_property": "arr_nom",
        },
        "neighbourhoods": {"file": "quartiers.geojson", "code_property": "code_q", "name_property": "nom_q"},
        "indicators": {
            "file": "donnees.csv",
            "neighbourhood_column": "quartier",
            "population_indicator": "habitants",
            "items": [
                {
                    "code": "habitants",
                    "column": "habitants",
                    "name_it": "Abitanti",
                    "name_en": "Residents",
                    "unit": "",
                    "kind": "context",
                    "direction": "higher",
                    "year": 2023,
                    "source": "Ville Test 2023",
                    "weight": 0,
                },
                {
                    "code": "chomage",
                    "column": "chomage",
                    "name_it": "Disoccupazione",
                    "name_en": "Unemployment",
                    "unit": "%",
                    "kind": "social",
                    "direction": "higher",
                    "year": 2023,
                    "source": "Ville Test 2023",
                    "weight": 1,
                },
            ],
        },
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2))
    return path
