"""Rate limits: POSTs to sign-in, sign-up and password reset per client address, and the API's writes per user
(or per address when anonymous). The suite runs them at their real rates; these tests set them low."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from milanpartner.throttling import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


@pytest.fixture
def low_limits(settings) -> None:
    settings.RATE_LIMITS = {"sign_in": "3/minute", "sign_up": "2/hour", "password_reset": "2/hour"}


def post(client, url: str, data: dict, address: str = ADDRESS):
    return client.post(url, data, REMOTE_ADDR=address)


# --- pages ----------------------------------------------------------------------------------------------


def test_sign_in_posts_past_the_limit_get_a_429_page_saying_when_to_retry(client, low_limits) -> None:
    url = reverse("login")
    answers = [post(client, url, {"username": f"someone{n}", "password": "x"}).status_code for n in range(3)]

    refused = post(client, url, {"username": "someone-else", "password": "x"})

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "429.html" in [template.name for template in refused.templates]
    assert "Troppe richieste" in refused.content.decode()


def test_the_429_page_speaks_english_under_en(client, low_limits) -> None:
    for n in range(3):
        post(client, "/en/accounts/login/", {"username": f"someone{n}", "password": "x"})

    refused = post(client, "/en/accounts/login/", {"username": "someone", "password": "x"})

    assert refused.status_code == 429
    with translation.override("en"):
        assert "Please try again in 1 minute" in refused.content.decode()


def test_showing_the_sign_in_form_is_never_counted(client, low_limits) -> None:
    for _ in range(10):
        assert client.get(reverse("login"), REMOTE_ADDR=ADDRESS).status_code == 200

    assert post(client, reverse("login"), {"username": "someone", "password": "x"}).status_code == 200


def test_the_limit_counts_each_address_apart(client, low_limits) -> None:
    for n in range(4):
        post(client, reverse("login"), {"username": f"someone{n}", "password": "x"})

    assert (
        post(client, reverse("login"), {"username": "x", "password": "x"}, "198.51.100.20").status_code == 200
    )


def test_sign_up_posts_past_the_limit_get_a_429(client, low_limits) -> None:
    url = reverse("sign_up")
    answers = [post(client, url, {"email": "not-an-address"}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_password_reset_posts_past_the_limit_get_a_429_and_send_no_mail(client, low_limits) -> None:
    user = UserFactory()
    url = reverse("password_reset")
    answers = [post(client, url, {"email": user.email}).status_code for _ in range(3)]

    assert answers == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_a_limit_set_to_off_never_refuses(client, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in": None}

    answers = {
        post(client, reverse("login"), {"username": f"u{n}", "password": "x"}).status_code for n in range(30)
    }

    assert answers == {200}


# --- the client's address -------------------------------------------------------------------------------


def test_with_no_proxy_a_forwarded_for_header_is_ignored(settings) -> None:
    settings.NUM_PROXIES = 0
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_ip(request) == ADDRESS


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings) -> None:
    settings.NUM_PROXIES = 1
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")

    assert client_ip(request) == "198.51.100.9"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings) -> None:
    settings.NUM_PROXIES = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9, 10.0.0.2"
    )

    assert client_ip(request) == "198.51.100.9"


# --- API writes -----------------------------------------------------------------------------------------


@pytest.fixture
def low_api_rates(settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"write_user": "3/minute", "write_anon": "2/minute"},
    }


@pytest.mark.urls("tests.security.urls")
def test_a_users_writes_past_the_rate_get_a_429_and_reads_are_never_throttled(low_api_rates) -> None:
    api = APIClient(REMOTE_ADDR=ADDRESS)
    api.force_authenticate(UserFactory())
    url = reverse("test-member-notes")

    writes = [api.post(url, {}).status_code for _ in range(3)] + [api.delete(url).status_code]
    reads = {api.get(url).status_code for _ in range(10)}

    assert writes == [201, 201, 201, 429]
    assert reads == {200}


@pytest.mark.urls("tests.security.urls")
def test_each_user_has_their_own_write_rate_even_from_one_address(low_api_rates) -> None:
    url = reverse("test-member-notes")
    first, second = APIClient(REMOTE_ADDR=ADDRESS), APIClient(REMOTE_ADDR=ADDRESS)
    first.force_authenticate(UserFactory())
    second.force_authenticate(UserFactory())
    for _ in range(3):
        first.post(url, {})

    assert first.post(url, {}).status_code == 429
    assert second.post(url, {}).status_code == 201


@pytest.mark.urls("tests.security.urls")
def test_anonymous_writes_are_throttled_per_address(low_api_rates) -> None:
    url = reverse("test-open-notes")
    here, elsewhere = APIClient(REMOTE_ADDR=ADDRESS), APIClient(REMOTE_ADDR="198.51.100.20")

    answers = [here.post(url, {}).status_code for _ in range(3)]

    assert answers == [201, 201, 429]
    assert "Retry-After" in here.post(url, {})
    assert elsewhere.post(url, {}).status_code == 201


@pytest.mark.urls("tests.security.urls")
def test_a_write_refused_by_its_permissions_is_not_counted(low_api_rates) -> None:
    anonymous = APIClient(REMOTE_ADDR=ADDRESS)

    refused = {anonymous.post(reverse("test-member-notes"), {}).status_code for _ in range(5)}

    assert refused == {401}
    assert anonymous.post(reverse("test-open-notes"), {}).status_code == 201
