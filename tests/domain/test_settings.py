"""Settings read from the environment: the strict parsers, and what production start-up makes of them."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from milanpartner.env import env_bool, env_int, env_list, env_str

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# --- env_bool ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "yes", "on", "TRUE", "Yes", " on "])
def test_env_bool_reads_true_words_as_true(raw: str) -> None:
    assert env_bool("FEATURE", default=False, environ={"FEATURE": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", "FALSE", "No", " off "])
def test_env_bool_reads_false_words_as_false(raw: str) -> None:
    assert env_bool("FEATURE", default=True, environ={"FEATURE": raw}) is False


@pytest.mark.parametrize("environ", [{}, {"FEATURE": ""}])
def test_env_bool_missing_or_empty_gives_the_default(environ: dict[str, str]) -> None:
    assert env_bool("FEATURE", default=True, environ=environ) is True
    assert env_bool("FEATURE", default=False, environ=environ) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled", "truee"])
def test_env_bool_refuses_any_other_word_naming_the_variable(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^FEATURE="):
        env_bool("FEATURE", default=False, environ={"FEATURE": raw})


# --- env_int ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("60", 60), ("-1", -1), ("31536000", 31_536_000)])
def test_env_int_reads_an_integer(raw: str, expected: int) -> None:
    assert env_int("CONN_MAX_AGE", default=5, environ={"CONN_MAX_AGE": raw}) == expected


@pytest.mark.parametrize("environ", [{}, {"CONN_MAX_AGE": ""}])
def test_env_int_missing_or_empty_gives_the_default(environ: dict[str, str]) -> None:
    assert env_int("CONN_MAX_AGE", default=60, environ=environ) == 60


@pytest.mark.parametrize("raw", ["sixty", "6.0", "60s", "1e3"])
def test_env_int_refuses_a_non_integer_naming_the_variable(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^CONN_MAX_AGE="):
        env_int("CONN_MAX_AGE", default=60, environ={"CONN_MAX_AGE": raw})


# --- env_list and env_str ---------------------------------------------------------------------------


def test_env_list_splits_on_commas_and_trims_each_item() -> None:
    environ = {"ALLOWED_HOSTS": "milanpartner.example.org, www.milanpartner.example.org"}

    hosts = env_list("ALLOWED_HOSTS", default=[], environ=environ)

    assert hosts == ["milanpartner.example.org", "www.milanpartner.example.org"]


@pytest.mark.parametrize("environ", [{}, {"ALLOWED_HOSTS": ""}, {"ALLOWED_HOSTS": "   "}])
def test_env_list_missing_or_blank_gives_the_default(environ: dict[str, str]) -> None:
    assert env_list("ALLOWED_HOSTS", default=["localhost"], environ=environ) == ["localhost"]


@pytest.mark.parametrize("raw", ["a.example.org,,b.example.org", "a.example.org,", ",a.example.org", "a, ,b"])
def test_env_list_refuses_an_empty_item_naming_the_variable(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^ALLOWED_HOSTS=.*empty item"):
        env_list("ALLOWED_HOSTS", default=[], environ={"ALLOWED_HOSTS": raw})


def test_env_str_reads_the_value_or_the_default() -> None:
    assert env_str("LOG_LEVEL", default="INFO", environ={"LOG_LEVEL": "DEBUG"}) == "DEBUG"
    assert env_str("LOG_LEVEL", default="INFO", environ={}) == "INFO"


# --- start-up in production -------------------------------------------------------------------------


def _variables_settings_read() -> set[str]:
    source = (PROJECT_ROOT / "milanpartner" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"""env_(?:str|bool|int|list|rate)\(\s*["']([A-Z0-9_]+)["']""", source))


def _production_environ(**variables: str) -> dict[str, str]:
    """This process's environment (PATH, HOME, ...) less every variable the settings read.

    DATABASE_URL stays if set: CI runs on PostgreSQL, and `check` makes no query.
    """
    project_variables = _variables_settings_read() | {"DJANGO_SETTINGS_MODULE"}
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in project_variables or name == "DATABASE_URL"
    }
    return environ | variables


def _manage(*arguments: str, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def test_settings_read_the_production_variables() -> None:
    """Guards _production_environ: if the regex found nothing, the tests below would inherit our variables."""
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= _variables_settings_read()


def test_deploy_check_is_clean_with_only_the_production_variables_set() -> None:
    environ = _production_environ(
        DEBUG="false", SECRET_KEY=secrets.token_hex(32), ALLOWED_HOSTS="milanpartner.example.org"
    )

    result = _manage("check", "--deploy", "--fail-level", "WARNING", environ=environ)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_start_up_with_debug_off_and_no_secret_key_fails_naming_secret_key() -> None:
    environ = _production_environ(DEBUG="false", ALLOWED_HOSTS="milanpartner.example.org")

    result = _manage("check", environ=environ)

    assert result.returncode != 0
    error = _last_line(result.stderr)
    assert "ImproperlyConfigured" in error, result.stderr
    assert "SECRET_KEY" in error, result.stderr


def test_start_up_with_debug_maybe_fails_naming_debug() -> None:
    environ = _production_environ(
        DEBUG="maybe", SECRET_KEY=secrets.token_hex(32), ALLOWED_HOSTS="milanpartner.example.org"
    )

    result = _manage("check", environ=environ)

    assert result.returncode != 0
    error = _last_line(result.stderr)
    assert "ImproperlyConfigured" in error, result.stderr
    assert "DEBUG='maybe'" in error, result.stderr
