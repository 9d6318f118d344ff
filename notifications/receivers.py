"""From the history to the inbox: each recorded event that someone should hear about becomes notifications.

Runs inside the transaction that recorded the event (audit.signals), so a change that rolls back leaves no
message behind; the person who made the change is not told about it.
"""

from collections.abc import Callable
from typing import Any

from audit.models import Event, EventAction
from ledger.models import Pledge, PledgeStatus
from notifications.models import NotificationKind
from notifications.recipients import company_members, organisation_members
from notifications.services import notifications_send
from projects.models import Application, ApplicationStatus, Call, CallStatus, Project, ProjectStatus


def _others(users: list[Any], event: Event) -> list[Any]:
    return [user for user in users if user is not None and user.pk != event.actor_id]


def _on_pledge(event: Event) -> None:
    pledge = (
        Pledge.objects.select_related("need__project__owner", "company").filter(pk=event.object_id).first()
    )
    if pledge is None:
        return
    project = pledge.need.project
    context = {"pledge": pledge, "need": pledge.need, "project": project, "company": pledge.company}
    if event.to_status == PledgeStatus.OFFERED:
        notifications_send(
            recipients=_others([project.owner], event),
            kind=NotificationKind.PLEDGE_RECEIVED,
            dedupe_key=f"pledge:{pledge.pk}",
            context=context,
            about=pledge,
        )
    elif event.to_status in (PledgeStatus.ACCEPTED, PledgeStatus.DECLINED):
        notifications_send(
            recipients=_others(company_members([pledge.company_id]), event),
            kind=NotificationKind.PLEDGE_DECIDED,
            dedupe_key=f"pledge:{pledge.pk}:{event.to_status}",
            context={**context, "accepted": event.to_status == PledgeStatus.ACCEPTED, "note": event.note},
            about=pledge,
        )


def _on_project(event: Event) -> None:
    if (event.from_status, event.to_status) != (ProjectStatus.PROPOSED, ProjectStatus.PUBLISHED):
        return
    project = Project.objects.filter(pk=event.object_id).first()
    if project is None:
        return
    if project.proposed_by_company_id is not None:
        members = company_members([project.proposed_by_company_id])
    elif project.proposed_by_organisation_id is not None:
        members = organisation_members([project.proposed_by_organisation_id])
    else:
        return
    notifications_send(
        recipients=_others(members, event),
        kind=NotificationKind.INITIATIVE_ENDORSED,
        dedupe_key=f"project:{project.pk}",
        context={"project": project},
        about=project,
    )


def _on_application(event: Event) -> None:
    if event.action != EventAction.TRANSITION:
        return
    application = (
        Application.objects.select_related("call", "project", "organisation")
        .filter(pk=event.object_id)
        .first()
    )
    if application is None:
        return
    status = ApplicationStatus(event.to_status)
    notifications_send(
        recipients=_others(organisation_members([application.organisation_id]), event),
        kind=NotificationKind.APPLICATION_STATUS,
        dedupe_key=f"application:{application.pk}:{status.value}",
        context={
            "application": application,
            "target": application.call or application.project,
            "status": status.value,
            "status_label": status.label,  # lazy: rendered in the recipient's language
            "reason": event.note if status == ApplicationStatus.REJECTED else "",
        },
        about=application,
    )


def _on_call(event: Event) -> None:
    if event.to_status != CallStatus.CLOSED:
        return
    call = Call.objects.select_related("owner").filter(pk=event.object_id).first()
    if call is None:
        return
    applicants = (
        Application.objects.filter(call=call)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .values_list("organisation_id", flat=True)
    )
    notifications_send(
        recipients=_others([call.owner, *organisation_members(applicants)], event),
        kind=NotificationKind.CALL_CLOSED,
        dedupe_key=f"call:{call.pk}",
        context={"call": call},
        about=call,
    )


HANDLERS: dict[tuple[str, str], Callable[[Event], None]] = {
    ("ledger", "pledge"): _on_pledge,
    ("projects", "project"): _on_project,
    ("projects", "application"): _on_application,
    ("projects", "call"): _on_call,
}


def on_event_recorded(sender: Any, event: Event, **kwargs: Any) -> None:
    content_type = event.content_type
    handler = HANDLERS.get((content_type.app_label, content_type.model))
    if handler is not None:
        handler(event)
