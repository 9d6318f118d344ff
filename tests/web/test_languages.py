import pytest
from django.conf import settings

from tests.web.conftest import RankedCity

pytestmark = pytest.mark.django_db


def test_pages_are_in_italian_without_a_language_prefix(client, milano: RankedCity) -> None:
    response = client.get("/milano/neighbourhoods/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert '<html lang="it">' in html
    assert "Quartieri di Milano" in html
    assert "Indice di bisogno" in html
    assert "Verde urbano 4,1 m²/ab (2024)" in html


def test_pages_are_in_english_under_en(client, milano: RankedCity) -> None:
    list_html = client.get("/en/milano/neighbourhoods/").content.decode()
    detail_html = client.get(f"/en/milano/neighbourhoods/{milano.neighbourhoods[0].code}/").content.decode()

    assert '<html lang="en">' in list_html
    assert "Neighbourhoods of Milano, neediest first" in list_html
    assert "Urban green space 4.1 m²/ab (2024)" in list_html
    assert "lower than in 85% of neighbourhoods" in list_html
    assert "12,345 residents" in list_html
    assert "needier than 90% of neighbourhoods" in detail_html
    assert "Quartieri di" not in list_html


def test_language_switcher_posts_to_set_language(client, milano: RankedCity) -> None:
    html = client.get("/milano/neighbourhoods/").content.decode()

    assert 'action="/i18n/setlang/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="language" value="en"' in html


def test_set_language_switches_to_english_and_back(client, milano: RankedCity) -> None:
    to_english = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/milano/neighbourhoods/?district=1"}
    )

    assert to_english.status_code == 302
    assert to_english["Location"] == "/en/milano/neighbourhoods/?district=1"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Neighbourhoods of Milano" in client.get(to_english["Location"]).content.decode()

    english_page = client.get("/en/milano/neighbourhoods/").content.decode()
    assert '<input type="hidden" name="next" value="/milano/neighbourhoods/">' in english_page
    to_italian = client.post("/i18n/setlang/", {"language": "it", "next": "/milano/neighbourhoods/"})

    assert to_italian["Location"] == "/milano/neighbourhoods/"
    assert "Quartieri di Milano" in client.get(to_italian["Location"]).content.decode()
