"""Reads about projects that span apps: a project's history, an initiative against the City's priorities,
the neighbourhoods' map with their open projects (for the pages and the API alike)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from audit.models import Event
from neighborhoods.models import City, NeighbourhoodPriority
from projects.models import Project, ProjectStatus
from taxonomy.models import Theme


def project_history(*, project: Project) -> QuerySet[Event]:
    """Everything that happened to the project, newest first, with who did it.

    Its own events and every event filed under it (needs, pledges, applications, its report): one query,
    plus one the first time the project's content type is looked up in this process.
    """
    project_type = ContentType.objects.get_for_model(Project)
    return (
        Event.objects.filter(Q(project_id=project.pk) | Q(content_type=project_type, object_id=project.pk))
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


@dataclass(frozen=True)
class PriorityFit:
    priority: NeighbourhoodPriority
    addressed: bool  # one of the project's themes is this priority's theme


@dataclass(frozen=True)
class InitiativeReview:
    """An initiative seen against the City's ranked priorities for its neighbourhood."""

    priorities: list[PriorityFit]  # every priority of the neighbourhood, by rank
    themes_off_priorities: list[Theme]  # the project's themes the City does not rank there

    @property
    def matching(self) -> list[NeighbourhoodPriority]:
        return [fit.priority for fit in self.priorities if fit.addressed]

    @property
    def unaddressed(self) -> list[NeighbourhoodPriority]:
        return [fit.priority for fit in self.priorities if not fit.addressed]


def initiative_review(*, project: Project) -> InitiativeReview:
    """What an officer reviewing an initiative looks at: which of the City's priorities it serves."""
    themes = list(project.themes.all())
    theme_ids = {theme.pk for theme in themes}
    priorities = list(
        NeighbourhoodPriority.objects.filter(neighbourhood_id=project.neighbourhood_id)
        .select_related("theme")
        .order_by("rank")
    )
    ranked_theme_ids = {priority.theme_id for priority in priorities}
    return InitiativeReview(
        priorities=[PriorityFit(priority, priority.theme_id in theme_ids) for priority in priorities],
        themes_off_priorities=[theme for theme in themes if theme.pk not in ranked_theme_ids],
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
                        "web:neighbourhood", kwargs={"city_slug": city.slug, "code": neighbourhood.code}
                    ),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
