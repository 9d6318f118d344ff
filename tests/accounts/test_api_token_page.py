"""The account page's API token section: create, replace or revoke one's own token; the key shown once."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return factories.CompanyMemberFactory(city=factories.CityFactory(slug="milano"))


def url(name: str) -> str:
    return reverse(f"accounts:{name}", kwargs={"city_slug": "milano"})


def test_a_new_token_is_shown_once_then_only_its_date(client, member) -> None:
    client.force_login(member.user)
    assert "Non avete un token." in client.get(url("join")).content.decode()

    created = client.post(url("api_token"), {"action": "rotate"})
    shown = client.get(created["Location"])
    again = client.get(url("api_token"))
    account = client.get(url("join")).content.decode()

    key = Token.objects.get(user=member.user).key
    assert created["Location"] == url("api_token")
    assert key in shown.content.decode() and "no-store" in shown["Cache-Control"]
    assert again.status_code == 302 and again["Location"] == url("join")
    assert key not in account and "Avete un token, creato il" in account and "Revoca il token" in account
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/companies/mine/").status_code == 200


def test_replacing_the_token_retires_the_old_key(client, member) -> None:
    old = Token.objects.create(user=member.user).key
    client.force_login(member.user)

    client.post(url("api_token"), {"action": "rotate"})

    assert Token.objects.get(user=member.user).key != old


def test_revoking_the_token_deletes_it(client, member) -> None:
    Token.objects.create(user=member.user)
    client.force_login(member.user)

    response = client.post(url("api_token"), {"action": "revoke"})

    assert response["Location"] == url("join") and not Token.objects.exists()
    assert "Il vostro token API è revocato" in client.get(url("join")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    factories.CityFactory(slug="milano")
    response = client.post(url("api_token"), {"action": "rotate"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Token.objects.exists()


def test_the_section_has_no_inline_script_or_style(client, member) -> None:
    client.force_login(member.user)
    client.post(url("api_token"), {"action": "rotate"})
    for page in (client.get(url("api_token")), client.get(url("join"))):
        html = page.content.decode()
        assert "style=" not in html and "<script>" not in html
