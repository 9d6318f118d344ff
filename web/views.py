from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from milanpartner.cache import public_page
from neighborhoods.models import City
from projects import selectors as project_selectors
from web import selectors


@public_page
def city_home(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    home = selectors.city_home(city=city, today=timezone.localdate())
    return render(request, "web/home.html", {"city": city, "home": home})


@cache_control(public=True, max_age=300)
@public_page
def neighbourhood_map(request: HttpRequest, city_slug: str) -> JsonResponse:
    city = get_object_or_404(City, slug=city_slug)
    return geojson_response(project_selectors.neighbourhood_map(city=city))


def geojson_response(collection: dict) -> JsonResponse:
    return JsonResponse(collection, content_type="application/geo+json")
