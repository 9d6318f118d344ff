"""A neighbourhood's public page: its need index and reasons, the City's priorities, projects and impact."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ledger import impact as impact_selectors
from milanpartner.cache import neighbourhood_page, public_page
from neighborhoods import selectors as geography
from neighborhoods.models import City
from web import selectors


@public_page(generations=neighbourhood_page)
def neighbourhood_detail(request: HttpRequest, city_slug: str, code: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    neighbourhood = get_object_or_404(
        city.neighbourhoods.select_related("district").defer("boundary", "district__boundary"), code=code
    )
    projects = selectors.neighbourhood_projects(neighbourhood=neighbourhood)
    return render(
        request,
        "neighborhoods/neighbourhood_detail.html",
        {
            "city": city,
            "neighbourhood": neighbourhood,
            "explanation": geography.need_explanation(neighbourhood),
            "priorities": geography.neighbourhood_priorities(neighbourhood),
            "context_figures": geography.context_figures(neighbourhood),
            "district_shares": geography.district_shares(neighbourhood),
            "projects": projects,
            "impact": impact_selectors.impact(city=city, neighbourhood=neighbourhood),
        },
    )
