import pytest

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


def test_language_switcher_links_to_the_same_page_in_each_language(client, milano: RankedCity) -> None:
    italian = client.get("/milano/neighbourhoods/?district=1").content.decode()
    english = client.get("/en/milano/neighbourhoods/?district=1").content.decode()

    assert 'href="/en/milano/neighbourhoods/?district=1"' in italian
    assert 'href="/milano/neighbourhoods/?district=1"' in english
    assert 'aria-current="true">IT<' in italian and 'aria-current="true">EN<' in english


def test_anonymous_public_pages_carry_no_csrf_token_so_every_visitor_gets_the_same_page(
    client, milano: RankedCity
) -> None:
    response = client.get("/milano/neighbourhoods/")

    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies
