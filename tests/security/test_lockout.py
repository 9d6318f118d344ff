"""Sign-in lock-out (django-axes): five failures for one username from one address pause that pair for the
cool-off, on the sign-in page, the admin's and the API's token endpoint alike."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def lockout_after_five(settings) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def sign_in(client, username: str, password: str, *, address: str = "203.0.113.7", path: str | None = None):
    return client.post(
        path or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username: str, times: int, **kwargs) -> list[int]:
    return [sign_in(client, username, "wrong-password", **kwargs).status_code for _ in range(times)]


def test_the_fifth_failure_locks_the_account_out_from_that_address_with_a_page_saying_how_long(
    client,
) -> None:
    user = UserFactory()
    assert fail(client, user.username, LIMIT - 1) == [200] * (LIMIT - 1)  # the form again, with its error

    response = sign_in(client, user.username, "wrong-password")

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "registration/locked_out.html" in [template.name for template in response.templates]
    assert "15 minuti" in response.content.decode()


def test_the_lock_out_page_speaks_english_under_en(client) -> None:
    user = UserFactory()
    fail(client, user.username, LIMIT - 1, path="/en/accounts/login/")

    response = sign_in(client, user.username, "wrong-password", path="/en/accounts/login/")

    assert response.status_code == 429
    with translation.override("en"):
        assert "try again in 15 minutes" in response.content.decode()


def test_the_right_password_is_refused_while_locked_out(client) -> None:
    user = UserFactory()
    fail(client, user.username, LIMIT)

    response = sign_in(client, user.username, DEMO_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_is_per_username_and_address(client) -> None:
    user, neighbour = UserFactory(), UserFactory()
    fail(client, user.username, LIMIT)

    assert sign_in(client, user.username, DEMO_PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, neighbour.username, DEMO_PASSWORD).status_code == 302


def test_the_lock_out_ends_after_the_cool_off(client) -> None:
    user = UserFactory()
    fail(client, user.username, LIMIT)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert sign_in(client, user.username, DEMO_PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_earlier_failures(client) -> None:
    user = UserFactory()
    fail(client, user.username, LIMIT - 1)
    assert sign_in(client, user.username, DEMO_PASSWORD).status_code == 302
    client.logout()

    fail(client, user.username, LIMIT - 1)

    assert sign_in(client, user.username, DEMO_PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client) -> None:
    staff = UserFactory(is_staff=True)
    admin_login = reverse("admin:login")
    fail(client, staff.username, LIMIT - 1, path=admin_login)

    assert sign_in(client, staff.username, "wrong-password", path=admin_login).status_code == 429
    assert sign_in(client, staff.username, DEMO_PASSWORD, path=admin_login).status_code == 429


@pytest.mark.urls("tests.security.urls")
def test_the_api_token_endpoint_locks_out_with_a_json_429() -> None:
    user = UserFactory()
    api = APIClient(REMOTE_ADDR="203.0.113.7")
    url = reverse("test-token")
    for _ in range(LIMIT - 1):
        assert (
            api.post(url, {"username": user.username, "password": "nope"}, format="json").status_code == 400
        )

    locked = api.post(url, {"username": user.username, "password": "nope"}, format="json")
    right_password = api.post(url, {"username": user.username, "password": DEMO_PASSWORD}, format="json")

    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert "15" in locked.json()["detail"]
    assert right_password.status_code == 429


def test_authenticate_without_the_request_is_refused_so_no_sign_in_escapes_the_lock_out() -> None:
    user = UserFactory()

    with pytest.raises(ValueError, match="request"):
        authenticate(username=user.username, password=DEMO_PASSWORD)
