"""The API's write throttle: unsafe methods only, per user, or per client address for anonymous callers.

Reads are never throttled here (the public API serves open data). Rates come from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("write_user", "write_anon"; None: no limit), read on each request so
that a settings override takes effect (DRF's own classes read them once, at import).
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from milanpartner.throttling import client_ip


class _WriteThrottle(SimpleRateThrottle):
    def __init__(self) -> None:
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_ident(self, request) -> str:
        return client_ip(request)


class UserWriteThrottle(_WriteThrottle):
    scope = "write_user"

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonWriteThrottle(_WriteThrottle):
    scope = "write_anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
