"""Public pages served from the cache to anonymous visitors, fresh again as soon as what they show changes.

Anonymous visitors of a city's public pages all get the same HTML (no CSRF token, no session), so one
rendering serves them all for PUBLIC_PAGE_CACHE_SECONDS. Each page is stored with the generations it was
rendered at, and a recorded change replaces the generations it makes stale:

- every change in a city: the city's lists (home, catalogue, impact, open data...);
- a change that concerns one project (a pledge, a transition, an edit of its needs): that project's page
  and its neighbourhood's page, and no other project's or neighbourhood's page;
- any other change in the city (a company's name, a fund, a campaign, the need index): every page.

A page whose generations moved is rendered again by one request while the others that arrive meanwhile
still get the page as it was (for as long as one rendering takes): after a change, a burst of visitors
costs one rendering, not one each. Signed-in users always get a fresh rendering.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# What a replayed response must carry besides its body (the middleware adds Vary, Content-Language...).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# How long one request may hold a page's rendering while others get the stale page (a crash frees it then).
RENDERING_LOCK_SECONDS = 30

# Which generations a page depends on, from the city and the view's URL arguments.
Generations = Callable[[str, dict[str, Any]], list[str]]


def _generation_key(city_slug: str, *scope: str) -> str:
    return ":".join(("public-pages", "generation", city_slug, *scope))


def city_pages(city_slug: str, kwargs: dict[str, Any]) -> list[str]:
    """A page of the city's lists: any change in the city may show on it."""
    return [_generation_key(city_slug, "all")]


def project_page(city_slug: str, kwargs: dict[str, Any]) -> list[str]:
    return [_generation_key(city_slug, "shared"), _generation_key(city_slug, "project", kwargs["slug"])]


def neighbourhood_page(city_slug: str, kwargs: dict[str, Any]) -> list[str]:
    return [_generation_key(city_slug, "shared"), _generation_key(city_slug, "neighbourhood", kwargs["code"])]


def public_pages_expire(
    city_slug: str, *, project_slug: str | None = None, neighbourhood_code: str | None = None
) -> None:
    """A change in the city: the city's lists are stale from now on, and so are the pages of the project
    (and its neighbourhood) it concerns, or every page if it concerns no project."""
    keys = [_generation_key(city_slug, "all")]
    if project_slug is None:
        keys.append(_generation_key(city_slug, "shared"))
    else:
        keys.append(_generation_key(city_slug, "project", project_slug))
        if neighbourhood_code is not None:
            keys.append(_generation_key(city_slug, "neighbourhood", neighbourhood_code))
    # A new random value rather than a counter: a generation evicted from the cache and created again
    # can never come back to a value that a stored page was rendered at.
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def _current(keys: list[str], known: dict[str, Any]) -> tuple[str, ...]:
    values = []
    for key in keys:
        if key not in known:  # never set, or evicted: start one (whoever adds first wins)
            cache.add(key, uuid.uuid4().hex, timeout=None)
            known[key] = cache.get(key)
        values.append(known[key])
    return tuple(values)


def _personal(request: HttpRequest) -> bool:
    # A session or pending messages: the page may greet a user or show a message meant for them alone.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def _page_key(request: HttpRequest, city_slug: str) -> str:
    fragment = "fragment" if request.headers.get("HX-Request") else "page"
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-pages:{city_slug}:{translation.get_language()}:{fragment}:{path}"


def public_page(view: Callable[..., HttpResponse] | None = None, *, generations: Generations = city_pages):
    """Serve the view's page from the cache to anonymous visitors; `generations` names what it shows."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def cached_view(request: HttpRequest, city_slug: str, *args, **kwargs) -> HttpResponse:
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if seconds <= 0 or request.method not in ("GET", "HEAD") or _personal(request):
                return view(request, city_slug, *args, **kwargs)
            key = _page_key(request, city_slug)
            generation_keys = generations(city_slug, kwargs)
            known = cache.get_many([key, *generation_keys])  # one round trip when all is there
            current = _current(generation_keys, known)
            stored = known.get(key)
            rendering = False
            if stored is not None:
                rendered_at, content, headers = stored
                if rendered_at == current:
                    return HttpResponse(content, headers=headers)
                # Stale: one request renders it again; the others meanwhile get it as it was.
                rendering = cache.add(f"{key}:rendering", 1, timeout=RENDERING_LOCK_SECONDS)
                if not rendering:
                    return HttpResponse(content, headers=headers)
            try:
                response = view(request, city_slug, *args, **kwargs)
                if (
                    response.status_code == 200
                    and not response.cookies
                    and not getattr(response, "streaming", False)
                ):
                    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                    cache.set(key, (current, response.content, headers), timeout=seconds)
                elif stored is not None:  # the page is gone (a project withdrawn): so is its copy
                    cache.delete(key)
            finally:
                if rendering:
                    cache.delete(f"{key}:rendering")
            return response

        return cached_view

    return decorate(view) if view is not None else decorate
