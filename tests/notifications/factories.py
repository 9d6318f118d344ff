"""Factories for the notifications' rows (the shared graph is in tests/factories.py)."""

import factory
from factory.django import DjangoModelFactory

from notifications.models import Notification, NotificationKind, NotificationPreference
from tests.factories import UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.CALL_CLOSED
    dedupe_key = factory.Sequence(lambda n: f"call:{n}")
    subject = "Il bando è chiuso"
    body = "Il bando si è chiuso."
    language = "it"


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.WEEKLY_DIGEST
