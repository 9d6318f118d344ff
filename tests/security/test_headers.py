"""Response headers: the Content-Security-Policy on every page, its widening on the API's two documentation
pages only, and, in production (DEBUG off), HTTPS-only cookies, HSTS and the redirect to HTTPS."""

import json
import secrets

import pytest
from django.urls import reverse

from tests.domain.test_settings import _manage, _production_environ
from tests.web.conftest import ranked_city

SITE_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def policy(response) -> dict[str, set[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: set(sources) for name, *sources in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["web:home", "web:catalogue", "web:impact"])
def test_every_page_carries_the_strict_policy(client, page: str) -> None:
    ranked_city(count=2)

    response = client.get(reverse(page, kwargs={"city_slug": "milano"}))

    assert response.status_code == 200
    assert policy(response) == SITE_POLICY


def test_the_sign_in_page_carries_the_strict_policy(client, db) -> None:
    assert policy(client.get(reverse("login"))) == SITE_POLICY


def test_swagger_ui_loads_its_start_up_script_from_a_url_under_the_strict_policy(client) -> None:
    page = client.get(reverse("api:docs"))
    script = client.get(reverse("api:docs") + "?script=")

    assert policy(page) == SITE_POLICY
    assert "?script=" in page.content.decode()
    assert script["Content-Type"].startswith("application/javascript")


def test_only_redoc_allows_inline_styles_and_its_search_worker(client) -> None:
    redoc = policy(client.get(reverse("api:redoc")))

    assert redoc["style-src"] == {"'self'", "'unsafe-inline'"}
    assert redoc["worker-src"] == {"'self'", "blob:"}
    assert redoc["script-src"] == {"'self'"}
    assert "fonts.googleapis.com" not in client.get(reverse("api:redoc")).content.decode()


# --- production ----------------------------------------------------------------------------------------

PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="milanpartner.example.org")
secure = client.get("/i18n/setlang/", secure=True)
plain = client.get("/i18n/setlang/")
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in (
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")},
    "secure_headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
}))
"""


@pytest.fixture(scope="module")
def production() -> dict:
    environ = _production_environ(
        DEBUG="false", SECRET_KEY=secrets.token_hex(32), ALLOWED_HOSTS="milanpartner.example.org"
    )
    result = _manage("shell", "-c", PROBE, environ=environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_travel_over_https_only(production: dict) -> None:
    assert production["settings"]["SESSION_COOKIE_SECURE"] is True
    assert production["settings"]["CSRF_COOKIE_SECURE"] is True
    assert production["settings"]["SESSION_COOKIE_HTTPONLY"] is True


def test_production_sends_hsts_for_a_year_with_subdomains(production: dict) -> None:
    hsts = production["secure_headers"]["Strict-Transport-Security"]

    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_production_redirects_plain_http_to_https(production: dict) -> None:
    assert production["plain_status"] == 301
    assert production["plain_location"].startswith("https://milanpartner.example.org/")


def test_production_pages_carry_the_policy_and_refuse_framing(production: dict) -> None:
    headers = production["secure_headers"]

    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
