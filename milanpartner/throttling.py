"""How often one client may try: rate limits on the pages that create accounts, sign in or send mail.

A client is known by its address. Behind reverse proxies (NUM_PROXIES > 0) that is the address the outermost
trusted proxy saw, which it appended to X-Forwarded-For: counted from the right, since whatever stands to its
left was written by the client itself. The same address keys the API's write throttle and the lock-out.
"""

import time
from collections.abc import Callable
from functools import wraps
from math import ceil

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]

PERIOD_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def client_ip(request: HttpRequest) -> str:
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/minute" (as milanpartner.env.env_rate leaves it) -> (20, 60)."""
    count, period = rate.split("/")
    return int(count), PERIOD_SECONDS[period]


def seconds_until_allowed(scope: str, client: str, rate: str) -> int:
    """Count one request of `client` in the current window: 0 if within the rate, else the seconds to wait.

    A fixed window per period, one cache counter each: incr is atomic on Redis, so concurrent workers agree.
    """
    count, seconds = parse_rate(rate)
    now = int(time.time())
    key = f"rate-limit:{scope}:{client}:{now // seconds}"
    cache.add(key, 0, timeout=seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=seconds)
        hits = 1
    return 0 if hits <= count else seconds - now % seconds


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(
        request, "429.html", {"retry_after_minutes": max(1, ceil(retry_after / 60))}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str) -> Callable[[View], View]:
    """POSTs to the view, at most settings.RATE_LIMITS[scope] per client address (None: no limit); past that,
    a 429 page. Showing the form (GET) is never counted."""

    def decorator(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            rate = settings.RATE_LIMITS[scope]
            if rate and request.method == "POST":
                retry_after = seconds_until_allowed(scope, client_ip(request), rate)
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorator
