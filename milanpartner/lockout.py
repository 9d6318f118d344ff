"""Sign-in lock-out after repeated failures (django-axes): per username and client address, for a cool-off.

Every `authenticate()` call that passes `request` is watched, the sign-in page's, the admin's and the API
token endpoint's alike; AxesMiddleware answers a locked-out attempt with `locked_out` below.
"""

from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, also for the API's token endpoint.

    DRF hands `authenticate()` its own Request wrapping Django's: axes flags the wrapper as locked out, but
    AxesMiddleware, which turns the flag into the lock-out answer, only sees Django's request. Without this
    the endpoint would still refuse the attempt, with a 400 as for a wrong password.
    """

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        wrapped = getattr(request, "_request", None)
        if isinstance(wrapped, HttpRequest) and getattr(request, "axes_locked_out", False):
            wrapped.axes_locked_out = True
            wrapped.axes_credentials = getattr(request, "axes_credentials", None)


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a 429 page for the site, a 429 JSON body for the API."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    minutes = max(1, ceil(seconds / 60))
    if request.path.startswith("/api/"):
        detail = _("Too many failed sign-in attempts: try again in %(minutes)s minutes.") % {
            "minutes": minutes
        }
        answer = JsonResponse({"detail": detail}, status=429)
    else:
        answer = render(request, "registration/locked_out.html", {"cool_off_minutes": minutes}, status=429)
    if seconds:
        answer["Retry-After"] = str(seconds)
    return answer
