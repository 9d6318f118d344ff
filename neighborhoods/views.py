from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from milanpartner.cache import public_page
from neighborhoods import selectors
from neighborhoods.models import City


@public_page
def neighbourhood_list(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    district_code = request.GET.get("district") or None
    rows = selectors.neighbourhoods_by_need(city=city, district_code=district_code)
    return render(
        request,
        "neighborhoods/neighbourhood_list.html",
        {
            "city": city,
            "rows": rows,
            "districts": selectors.city_districts(city=city),
            "district_code": district_code,
        },
    )


@public_page
def need_index_method(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    return render(
        request,
        "neighborhoods/need_index_method.html",
        {"city": city, "weights": selectors.need_index_weights(city=city)},
    )
