from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, str]:
    """What every page may need outside a city's own pages: the city links default to."""
    return {"default_city_slug": settings.DEFAULT_CITY_SLUG}
