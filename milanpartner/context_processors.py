from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    """What every page may need: the city links default to, and the signed-in user's active role."""
    membership = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        membership = user.membership_or_none
    active = membership if membership is not None and membership.is_active else None
    return {
        "default_city_slug": settings.DEFAULT_CITY_SLUG,
        "active_role": active.role if active else "",
        "active_city_slug": active.city.slug if active else settings.DEFAULT_CITY_SLUG,
    }
