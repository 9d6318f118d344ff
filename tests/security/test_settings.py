"""The hardening settings read from the environment: rates, the lock-out and proxies, each parsed strictly."""

import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from milanpartner.env import env_rate
from tests.domain.test_settings import _last_line, _manage, _production_environ


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("20/minute", "20/minute"), ("20/min", "20/minute"), ("5/h", "5/hour"), (" 100 / day ", "100/day"),
     ("1/s", "1/second"), ("3/SEC", "3/second")],
)  # fmt: skip
def test_env_rate_reads_a_count_per_period_as_drf_writes_it(raw: str, expected: str) -> None:
    assert env_rate("RATE", default="1/day", environ={"RATE": raw}) == expected


@pytest.mark.parametrize("raw", ["off", "OFF", " off "])
def test_env_rate_off_means_no_limit(raw: str) -> None:
    assert env_rate("RATE", default="1/day", environ={"RATE": raw}) is None


@pytest.mark.parametrize("environ", [{}, {"RATE": ""}, {"RATE": "  "}])
def test_env_rate_missing_or_blank_gives_the_default(environ: dict[str, str]) -> None:
    assert env_rate("RATE", default="20/minute", environ=environ) == "20/minute"


@pytest.mark.parametrize(
    "raw", ["20", "twenty/minute", "0/minute", "-1/minute", "20/fortnight", "20/minutes!", "2.5/h"]
)
def test_env_rate_refuses_anything_else_naming_the_variable(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^RATE="):
        env_rate("RATE", default=None, environ={"RATE": raw})


@pytest.mark.parametrize(
    ("variable", "value"),
    [("RATE_LIMIT_SIGN_IN", "lots"), ("API_WRITE_RATE_ANON", "10"), ("NUM_PROXIES", "-1"),
     ("AXES_FAILURE_LIMIT", "0"), ("AXES_COOLOFF_MINUTES", "0")],
)  # fmt: skip
def test_start_up_with_a_bad_hardening_value_fails_naming_it(variable: str, value: str) -> None:
    environ = _production_environ(
        DEBUG="false",
        SECRET_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS="milanpartner.example.org",
        **{variable: value},
    )

    result = _manage("check", environ=environ)

    assert result.returncode != 0
    error = _last_line(result.stderr)
    assert "ImproperlyConfigured" in error, result.stderr
    assert variable in error, result.stderr
