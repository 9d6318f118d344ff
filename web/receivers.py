"""The public pages' cache follows the history: a recorded change makes the pages that show it stale."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from audit.models import Event
from audit.signals import event_recorded
from milanpartner.cache import public_pages_expire
from projects.models import Project


@receiver(event_recorded, dispatch_uid="web.public_pages_expire")
def expire_public_pages(sender: Any, event: Event, **kwargs: Any) -> None:
    if event.city_id is None:
        return
    city_slug = event.city.slug
    project = None
    # A project moved to another neighbourhood (or renamed in its address) changes two pages' worth of
    # lists: treated as a change to the whole city.
    if event.project_id is not None and not {"neighbourhood", "slug"} & set(event.changes or {}):
        project = Project.objects.filter(pk=event.project_id).values("slug", "neighbourhood__code").first()
    if project is None:
        transaction.on_commit(lambda: public_pages_expire(city_slug))
    else:
        transaction.on_commit(
            lambda: public_pages_expire(
                city_slug, project_slug=project["slug"], neighbourhood_code=project["neighbourhood__code"]
            )
        )
