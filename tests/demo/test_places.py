"""Neighbourhood names as people say them, and random points inside neighbourhood boundaries."""

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from demo.places import PointSampler, display_name, short_name, with_place
from tests.demo.conftest import l_shape, square


@pytest.mark.parametrize(
    ("official", "displayed"),
    [
        ("CITTA' STUDI", "Città Studi"),
        (
            "NIGUARDA - CA' GRANDA - PRATO CENTENARO - Q.RE FULVIO TESTI",
            "Niguarda - Ca' Granda - Prato Centenaro - Quartiere Fulvio Testi",
        ),
        ("XXII MARZO", "XXII Marzo"),
        ("GIARDINI P.TA VENEZIA", "Giardini Porta Venezia"),
        ("PARCO BOSCO IN CITTA'", "Parco Bosco in Città"),
        ("Già Leggibile", "Già Leggibile"),
    ],
)
def test_display_name_reads_like_italian(official: str, displayed: str) -> None:
    assert display_name(official) == displayed


@pytest.mark.parametrize(
    ("official", "short"),
    [
        ("GRATOSOGLIO - Q.RE MISSAGLIA - Q.RE TERRAZZE", "Gratosoglio"),
        ("Q.RE GALLARATESE - Q.RE SAN LEONARDO - LAMPUGNANO", "Gallaratese"),
        ("PTA ROMANA", "Porta Romana"),
        ("DUOMO", "Duomo"),
    ],
)
def test_short_name_is_the_first_of_the_joined_names(official: str, short: str) -> None:
    assert short_name(official) == short


def test_with_place_uses_the_euphonic_ad_before_an_a() -> None:
    assert with_place("Orti condivisi a {place}", "Affori") == "Orti condivisi ad Affori"
    assert with_place("Orti condivisi a {place}", "Baggio") == "Orti condivisi a Baggio"
    assert with_place("Casa Aperta a {place}", "Isola") == "Casa Aperta a Isola"


def test_sampled_points_fall_inside_even_a_concave_boundary() -> None:
    boundaries = [l_shape(9.10, 45.45, 0.02), square(9.20, 45.45, 0.01)]
    sampler = PointSampler(boundaries, [(45.46, 9.11), (45.455, 9.205)])
    places = [0] * 500 + [1] * 300

    latitudes, longitudes = sampler.sample(places, np.random.default_rng(1))

    inside = [
        shapely.contains_xy(shape(boundaries[place]), longitude, latitude)
        for place, latitude, longitude in zip(places, latitudes, longitudes, strict=True)
    ]
    assert all(inside)
    again = sampler.sample(places, np.random.default_rng(1))
    assert np.array_equal(again[0], latitudes) and np.array_equal(again[1], longitudes)


def test_a_neighbourhood_without_boundary_gets_points_near_its_centroid() -> None:
    sampler = PointSampler([None], [(45.46, 9.19)])

    latitudes, longitudes = sampler.sample([0] * 50, np.random.default_rng(2))

    assert np.all(np.abs(latitudes - 45.46) < 0.02) and np.all(np.abs(longitudes - 9.19) < 0.02)
