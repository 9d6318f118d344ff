"""Strict little parsers for settings read from the environment.

A bad value stops start-up with a message that names the variable, rather than
silently falling back to a default nobody chose.
"""

import os
import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "", environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty item: separate values with single commas.")
    return items


_RATE = re.compile(r"(\d+)\s*/\s*(second|sec|s|minute|min|m|hour|h|day|d)")
_RATE_PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def env_rate(name: str, default: str | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """A request rate written as DRF writes them ("20/minute"), or None for "off" (no limit)."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value == "off":
        return None
    match = _RATE.fullmatch(value)
    if match is None or int(match[1]) == 0:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: write <count>/<second|minute|hour|day> (e.g. 20/minute), or off."
        )
    return f"{int(match[1])}/{_RATE_PERIODS[match[2][0]]}"
