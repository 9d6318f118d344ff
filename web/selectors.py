"""What the public pages read across apps: the city's home and its map."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse

from neighborhoods.models import City
from projects.models import Campaign, Project, ProjectStatus

FEATURED_PROJECTS = 6


@dataclass(frozen=True)
class CityHome:
    featured_projects: list[Project]
    current_campaigns: list[Campaign]
    open_projects: int
    neighbourhoods: int


def city_home(*, city: City, today: date) -> CityHome:
    featured = list(
        Project.objects.in_city(city)
        .open_for_pledges()
        .select_related("neighbourhood")
        .prefetch_related("themes")
        .order_by("-published_at", "-id")[:FEATURED_PROJECTS]
    )
    campaigns = list(
        Campaign.objects.filter(city=city, starts_on__lte=today, ends_on__gte=today)
        .annotate(project_count=Count("projects", filter=Q(projects__status__in=Project.PUBLIC_STATUSES)))
        .order_by("ends_on", "id")
    )
    return CityHome(
        featured_projects=featured,
        current_campaigns=campaigns,
        open_projects=Project.objects.in_city(city).open_for_pledges().count(),
        neighbourhoods=city.neighbourhoods.count(),
    )


def neighbourhood_map(*, city: City) -> dict:
    """The neighbourhoods as a GeoJSON FeatureCollection, each with its need index and open projects."""
    neighbourhoods = city.neighbourhoods.annotate(
        open_projects=Count("projects", filter=Q(projects__status=ProjectStatus.PUBLISHED))
    ).order_by("code")
    features = []
    for neighbourhood in neighbourhoods:
        if not neighbourhood.boundary:
            continue
        need_index = neighbourhood.need_index
        features.append(
            {
                "type": "Feature",
                "geometry": neighbourhood.boundary,
                "properties": {
                    "code": neighbourhood.code,
                    "name": neighbourhood.name,
                    "need_index": None if need_index is None else float(round(need_index, 1)),
                    "need_rank": neighbourhood.need_rank,
                    "open_projects": neighbourhood.open_projects,
                    "url": reverse(
                        "neighborhoods:detail", kwargs={"city_slug": city.slug, "code": neighbourhood.code}
                    ),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def need_band(need_index: Decimal | None) -> int:
    """The legend's five bands of 20 points (0 lowest need); -1 when the index is unknown."""
    return -1 if need_index is None else min(4, int(need_index // 20))
