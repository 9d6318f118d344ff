"""The database side of an import: one transaction that writes a checked Atlas and recomputes the need index.

Re-importing updates rows in place, keyed by city slug, district code, neighbourhood code and indicator code.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from django.db import transaction

from neighborhoods.atlas.manifest import CitySpec
from neighborhoods.atlas.readers import Atlas, Place, local_area_km2
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

Progress = Callable[[str], None]


def _steps(total: int) -> set[int]:
    """Report about four times per layer, and at the end."""
    step = max(1, math.ceil(total / 4))
    return {*range(step, total + 1, step), total}


def _save_city(spec: CitySpec, neighbourhoods: list[Place]) -> City:
    # The area-weighted mean of the neighbourhoods' centroids is the centroid of their union.
    areas = [local_area_km2(place.geometry) for place in neighbourhoods]
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


def _save_districts(city: City, atlas: Atlas, progress: Progress) -> dict[str, District]:
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
    city: City, atlas: Atlas, districts: dict[str, District], progress: Progress
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


def _save_indicators(city: City, atlas: Atlas, saved: list[Neighbourhood], progress: Progress) -> None:
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


def write_atlas(atlas: Atlas, progress: Progress) -> City:
    """Write everything or, if anything fails, nothing."""
    with transaction.atomic():
        city = _save_city(atlas.city, atlas.neighbourhoods)
        districts = _save_districts(city, atlas, progress)
        saved = _save_neighbourhoods(city, atlas, districts, progress)
        _save_indicators(city, atlas, saved, progress)
        scored = need_index_recompute(city=city)
    progress(f"need index computed for {scored} neighbourhoods")
    return city
