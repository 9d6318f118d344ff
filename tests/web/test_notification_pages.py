"""Every signed-in user's notifications: the inbox (unread first), marking read, preferences, the count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationKind, NotificationPreference
from tests import factories
from tests.notifications.factories import NotificationFactory
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano():
    return ranked_city(count=1)


@pytest.fixture
def member(milano):
    return factories.CompanyMemberFactory(city=milano.city).user


def url(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


def message(user, subject: str, *, read: bool = False, hours_ago: int = 0, **fields) -> Notification:
    notification = NotificationFactory(
        recipient=user, subject=subject, read_at=timezone.now() if read else None, **fields
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return notification


def test_anonymous_visitors_are_sent_to_sign_in_and_get_no_count(client, milano) -> None:
    assert client.get(url("notifications"))["Location"].startswith("/accounts/login/")
    assert client.post(url("notifications_read_all")).status_code == 302
    assert client.get(url("notifications_unread")).status_code == 204


def test_the_inbox_shows_only_my_messages_unread_first_then_newest(client, milano, member) -> None:
    message(member, "Vecchio non letto", hours_ago=5)
    message(member, "Nuovo letto", read=True)
    message(member, "Nuovo non letto", hours_ago=1)
    message(member, "Solo e-mail", in_app=False)
    message(factories.UserFactory(), "Di un altro")
    client.force_login(member)

    response = client.get(url("notifications"))

    assert [n.subject for n in response.context["notifications"]] == [
        "Nuovo non letto", "Vecchio non letto", "Nuovo letto"
    ]  # fmt: skip
    assert response.context["unread"] == 2


def test_marking_one_read_with_htmx_returns_it_and_the_new_count(client, milano, member) -> None:
    first, _second = message(member, "Uno"), message(member, "Due")
    client.force_login(member)

    response = client.post(url("notification_read", notification_id=first.pk), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "notice--unread" not in html
    assert 'id="unread-count" hx-swap-oob="true"' in html and "<html" not in html
    first.refresh_from_db()
    assert first.read_at is not None and Notification.objects.unread().count() == 1


def test_marking_read_without_htmx_goes_back_to_the_inbox(client, milano, member) -> None:
    notification = message(member, "Uno")
    client.force_login(member)

    response = client.post(url("notification_read", notification_id=notification.pk))

    assert response["Location"] == url("notifications")


def test_another_users_notification_is_a_404(client, milano, member) -> None:
    theirs = message(factories.UserFactory(), "Di un altro")
    client.force_login(member)

    response = client.post(url("notification_read", notification_id=theirs.pk))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_reads_only_mine(client, milano, member) -> None:
    message(member, "Uno")
    message(member, "Due")
    theirs = message(factories.UserFactory(), "Di un altro")
    client.force_login(member)

    response = client.post(url("notifications_read_all"), HTTP_HX_REQUEST="true")

    assert response.context["unread"] == 0 and "<html" not in response.content.decode()
    assert list(Notification.objects.unread()) == [theirs]


def test_preferences_are_saved_only_for_the_kinds_changed(client, milano, member) -> None:
    client.force_login(member)
    form = {f"{kind}-{channel}": "on" for kind in NotificationKind for channel in ("in_app", "by_email")}
    del form["weekly_digest-by_email"]
    del form["invitation-in_app"]

    response = client.post(url("notification_preferences"), form)

    assert response["Location"] == url("notifications")
    saved = NotificationPreference.objects.filter(user=member).order_by("kind")
    assert [(p.kind, p.in_app, p.by_email) for p in saved] == [
        ("invitation", False, True), ("weekly_digest", True, False)
    ]  # fmt: skip
    boxes = client.get(url("notifications")).context["preferences"]
    assert boxes["weekly_digest-by_email"].value() is False and boxes["weekly_digest-in_app"].value() is True


def test_the_unread_count_fragment_links_to_the_inbox(client, milano, member) -> None:
    message(member, "Uno")
    message(member, "Due", read=True)
    client.force_login(member)

    html = client.get(url("notifications_unread")).content.decode()

    assert f'href="{url("notifications")}"' in html and "<html" not in html
    assert 'class="unread-link__count">1<' in html


def test_an_invitation_links_to_the_public_project_page(client, milano, member) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    message(member, "Invito", kind=NotificationKind.INVITATION, subject_object=project)
    client.force_login(member)

    response = client.get(url("notifications"))

    assert url("project", slug=project.slug) in response.content.decode()


def test_the_inbox_query_count_does_not_grow_with_messages(
    client, milano, member, django_assert_max_num_queries
) -> None:
    client.force_login(member)
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])

    def add(count: int) -> None:
        for _ in range(count):
            message(member, "Invito", kind=NotificationKind.INVITATION, subject_object=project)
            message(member, "Chiuso")

    add(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url("notifications"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("notifications"))
