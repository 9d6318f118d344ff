"""The public pages' cache follows the history: any recorded change in a city makes its pages stale."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from audit.models import Event
from audit.signals import event_recorded
from milanpartner.cache import public_pages_expire


@receiver(event_recorded, dispatch_uid="web.public_pages_expire")
def expire_public_pages(sender: Any, event: Event, **kwargs: Any) -> None:
    if event.city_id is not None:
        slug = event.city.slug
        transaction.on_commit(lambda: public_pages_expire(slug))
