"""Public pages served from the cache to anonymous visitors, fresh again as soon as anything changes.

Anonymous visitors of a city's public pages all get the same HTML (no CSRF token, no session), so one
rendering serves them all for PUBLIC_PAGE_CACHE_SECONDS. Every recorded change in a city (a pledge, a
transition, an edit: audit events) bumps the city's generation, which is part of every key, so a page
never outlives the change that made it stale. Signed-in users always get a fresh rendering.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# What a replayed response must carry besides its body (the middleware adds Vary, Content-Language...).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def _generation_key(city_slug: str) -> str:
    return f"public-pages:generation:{city_slug}"


def public_pages_expire(city_slug: str) -> None:
    """Every cached public page of the city is stale from now on."""
    key = _generation_key(city_slug)
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (or evicted): any new value differs from the pages' keys
        cache.set(key, 1, timeout=None)


def _personal(request: HttpRequest) -> bool:
    # A session or pending messages: the page may greet a user or show a message meant for them alone.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def cached_view(request: HttpRequest, city_slug: str, *args, **kwargs) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, city_slug, *args, **kwargs)
        generation = cache.get(_generation_key(city_slug), 0)
        fragment = "fragment" if request.headers.get("HX-Request") else "page"
        language = translation.get_language()
        key = f"public-pages:{city_slug}:{generation}:{language}:{fragment}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = view(request, city_slug, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), timeout=seconds)
        return response

    return cached_view
