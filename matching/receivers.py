"""Re-scoring within minutes of a change, whichever page, API call, admin action or task made it.

The history records every change (audit.Event); a project that moves or is edited, a company whose
profile or sites change, is re-scored once the change commits, so a project published this morning is in
the companies' recommendations this morning, and a closed one leaves them.
"""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver

from audit.models import Event
from audit.signals import event_recorded
from companies.models import Site


@receiver(event_recorded, dispatch_uid="matching.refresh_on_change")
def refresh_on_change(sender: Any, event: Event, **kwargs: Any) -> None:
    if not settings.MATCHING_REFRESH_ON_CHANGE:
        return
    from matching import tasks

    model = ContentType.objects.get_for_id(event.content_type_id).model
    if model == "project":
        project_id = event.object_id
        transaction.on_commit(lambda: tasks.match_refresh_project.delay(project_id))
    elif model == "company":
        company_id = event.object_id
        transaction.on_commit(lambda: tasks.match_refresh_company.delay(company_id))
    elif model == "site":
        site_company = Site.objects.filter(pk=event.object_id).values_list("company_id", flat=True).first()
        if site_company is not None:
            transaction.on_commit(lambda: tasks.match_refresh_company.delay(site_company))
