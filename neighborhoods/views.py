from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from neighborhoods import selectors
from neighborhoods.models import City


def neighbourhood_list(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    rows = selectors.neighbourhoods_by_need(city=city)
    return render(request, "neighborhoods/neighbourhood_list.html", {"city": city, "rows": rows})


def neighbourhood_detail(request: HttpRequest, city_slug: str, code: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    neighbourhood = get_object_or_404(city.neighbourhoods.select_related("district"), code=code)
    return render(
        request,
        "neighborhoods/neighbourhood_detail.html",
        {"city": city, "neighbourhood": neighbourhood, "explanation": selectors.need_explanation(neighbourhood)},
    )
