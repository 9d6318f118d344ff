"""Constraints of notifications, pinned: one message per recipient, kind and key; one choice per kind."""

import pytest
from django.utils import timezone

from tests.domain.constraints import refused_by
from tests.notifications.factories import NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def test_the_same_notification_twice_to_one_recipient_is_refused() -> None:
    sent = NotificationFactory()

    with refused_by("notification_once_per_recipient_kind_key"):
        NotificationFactory(recipient=sent.recipient, kind=sent.kind, dedupe_key=sent.dedupe_key)


def test_the_same_key_for_another_recipient_or_another_kind_is_allowed() -> None:
    sent = NotificationFactory()

    assert NotificationFactory(kind=sent.kind, dedupe_key=sent.dedupe_key).pk
    assert NotificationFactory(recipient=sent.recipient, kind="weekly_digest", dedupe_key=sent.dedupe_key).pk


def test_a_notification_of_unknown_kind_is_refused() -> None:
    with refused_by("notification_kind_valid"):
        NotificationFactory(kind="gossip")


def test_a_notification_neither_in_the_app_nor_by_email_is_refused() -> None:
    with refused_by("notification_has_channel"):
        NotificationFactory(in_app=False, by_email=False)


def test_a_notification_emailed_though_not_by_email_is_refused() -> None:
    with refused_by("notification_emailed_only_by_email"):
        NotificationFactory(by_email=False, emailed_at=timezone.now())


def test_two_preferences_of_one_user_for_one_kind_are_refused() -> None:
    preference = NotificationPreferenceFactory()

    with refused_by("notification_preference_once_per_kind"):
        NotificationPreferenceFactory(user=preference.user, kind=preference.kind)


def test_a_preference_for_an_unknown_kind_is_refused() -> None:
    with refused_by("notification_preference_kind_valid"):
        NotificationPreferenceFactory(kind="gossip")
