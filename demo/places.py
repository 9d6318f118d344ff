"""The neighbourhoods the demo writes into: readable names, weights for drawing them, points inside them."""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape

# Neighbourhoods whose names say offices and firms cluster there (Milan's NIL), and those that are parkland.
BUSINESS_HUBS: tuple[str, ...] = (
    "DUOMO",
    "BRERA",
    "GARIBALDI",
    "CENTRALE",
    "ISOLA",
    "BICOCCA",
    "TRE TORRI",
    "ROMANA",
    "PORTELLO",
    "LAMBRATE",
    "ROGOREDO",
    "BOVISA",
    "STUDI",
    "MAGENTA",
    "GUASTALLA",
    "VENEZIA",
    "PORTA GENOVA",
    "FARINI",
    "SARPI",
)
PARKLAND_PREFIX = "PARCO"
FALLBACK_SPREAD_DEG = 0.002  # ~200 m around a centroid when a neighbourhood has no boundary

_SMALL_WORDS = {"DI", "DEL", "DELLA", "DELLE", "DEI", "DEGLI", "IN", "SUL", "E", "LA", "LE"}
_ROMAN_NUMERAL = re.compile(r"^[IVXLC]+$")
_EXPANSIONS = {"P.TA": "Porta", "PTA": "Porta", "Q.RE": "Quartiere", "QT": "QT"}
_ACCENTED = {"A'": "à", "E'": "è", "I'": "ì", "O'": "ò", "U'": "ù"}
_BEFORE_A = re.compile(r"\ba (?=[AaÀà])")


def _display_word(word: str, *, first: bool) -> str:
    if word in _EXPANSIONS:
        return _EXPANSIONS[word]
    if _ROMAN_NUMERAL.match(word):
        return word
    if not first and word in _SMALL_WORDS:
        return word.lower()
    # Open data writes accents as apostrophes (CITTA'); "CA'" (casa) keeps its apostrophe.
    if len(word) > 3 and word[-2:] in _ACCENTED:
        word = word[:-2] + _ACCENTED[word[-2:]].upper()
    return word[:1] + word[1:].lower() if "'" not in word[:-1] else word.title()


def display_name(name: str) -> str:
    """ "CITTA' STUDI" → "Città Studi"; names already in mixed case are left as they are."""
    if not name.isupper():
        return name
    words = name.split()
    return " ".join(_display_word(word, first=index == 0) for index, word in enumerate(words))


def short_name(name: str) -> str:
    """The first of a NIL's joined names, as people say it: "GRATOSOGLIO - Q.RE MISSAGLIA" → "Gratosoglio"."""
    first = display_name(name).split(" - ")[0].strip()
    return first.removeprefix("Quartiere ").strip() or first


def with_place(template: str, place: str) -> str:
    """Fill {place} in, with the euphonic "ad" Italian wants before an a: "ad Affori", not "a Affori"."""
    return _BEFORE_A.sub("ad ", template.format(place=place))


@dataclass(frozen=True)
class Place:
    id: int
    code: str
    name: str
    short_name: str
    district_id: int
    need_index: float
    population: int
    business_weight: float
    need_weight: float


def need_weight(need_index: float, population: int) -> float:
    """How often a project lands here: rising steeply with need; rarely in parkland with no residents."""
    weight = (need_index + 5.0) ** 2
    return weight if population >= 500 else weight * 0.2


def business_weight(name: str, need_index: float, population: int, km_from_centre: float) -> float:
    """Where company sites cluster: central, named business districts, less deprived, never parkland."""
    weight = math.sqrt(max(population, 500)) * math.exp(-km_from_centre / 4.0) * (1.6 - need_index / 100.0)
    upper = name.upper()
    if any(hub in upper for hub in BUSINESS_HUBS):
        weight *= 4.0
    if upper.startswith(PARKLAND_PREFIX):
        weight *= 0.1
    return weight


def km_between(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    scale = math.cos(math.radians((lat_a + lat_b) / 2))
    return math.hypot((lat_a - lat_b) * 111.2, (lon_a - lon_b) * 111.2 * scale)


class PointSampler:
    """Uniform random points inside neighbourhood boundaries, drawn in bulk with numpy."""

    def __init__(self, boundaries: Sequence[dict | None], centroids: Sequence[tuple[float, float]]) -> None:
        self._geometries = [shape(boundary) if boundary else None for boundary in boundaries]
        for geometry in self._geometries:
            if geometry is not None:
                shapely.prepare(geometry)
        self._centroids = centroids

    def sample(
        self, place_indexes: Sequence[int], generator: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """(latitudes, longitudes) of one point inside each listed neighbourhood, rounded to 10 cm."""
        indexes = np.asarray(place_indexes, dtype=np.int64)
        latitudes = np.empty(len(indexes))
        longitudes = np.empty(len(indexes))
        for index in np.unique(indexes):
            positions = np.flatnonzero(indexes == index)
            lats, lons = self._points_in(int(index), len(positions), generator)
            latitudes[positions], longitudes[positions] = lats, lons
        return np.round(latitudes, 6), np.round(longitudes, 6)

    def _points_in(
        self, index: int, count: int, generator: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        geometry = self._geometries[index]
        if geometry is None:
            lat, lon = self._centroids[index]
            spread = generator.normal(0.0, FALLBACK_SPREAD_DEG, size=(2, count))
            return lat + spread[0], lon + spread[1]
        min_x, min_y, max_x, max_y = geometry.bounds
        fill = max(geometry.area / max((max_x - min_x) * (max_y - min_y), 1e-12), 0.05)
        found_x: list[np.ndarray] = []
        found_y: list[np.ndarray] = []
        missing = count
        while missing > 0:
            draws = int(missing / fill * 1.3) + 8
            xs = generator.uniform(min_x, max_x, draws)
            ys = generator.uniform(min_y, max_y, draws)
            inside = shapely.contains_xy(geometry, xs, ys)
            found_x.append(xs[inside][:missing])
            found_y.append(ys[inside][:missing])
            missing -= len(found_x[-1])
        return np.concatenate(found_y), np.concatenate(found_x)
