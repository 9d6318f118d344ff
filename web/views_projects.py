"""The public project catalogue and project pages."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ledger.open_data import public_history
from milanpartner.cache import project_page, public_page
from neighborhoods.models import City
from projects.models import Project
from web import selectors
from web.filters import ProjectCatalogueFilter

PAGE_SIZE = 12
HISTORY_SHOWN = 50


@public_page
def project_catalogue(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    projects = Project.objects.in_city(city).public().for_cards().order_by("-published_at", "-id")
    filters = ProjectCatalogueFilter(request.GET or None, queryset=projects, city=city)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "city": city,
        "filters": filters,
        "page": page,
        "progress": selectors.funding_progress(project_ids=[project.id for project in page]),
        "query_without_page": _query_without_page(request),
    }
    # htmx asks for the results alone when a filter changes; a plain request gets the whole page.
    template = "web/_catalogue_results.html" if request.headers.get("HX-Request") else "web/catalogue.html"
    return render(request, template, context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@public_page(generations=project_page)
def project_detail(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    project = get_object_or_404(
        Project.objects.in_city(city).public().select_related("neighbourhood__district", "campaign"),
        slug=slug,
    )
    supporters, unnamed = selectors.named_supporters(project=project)
    return render(
        request,
        "web/project_detail.html",
        {
            "city": city,
            "project": project,
            "needs": selectors.need_progress(project=project),
            "partners": project.partners.order_by("name"),
            "supporters": supporters,
            "unnamed_supporters": unnamed,
            "match_funding": selectors.match_funding(project=project),
            "events": public_history(project=project, limit=HISTORY_SHOWN),
        },
    )
