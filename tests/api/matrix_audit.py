"""Matrix section: the audit trail, read by the officers of its city only.

Anonymous callers are asked to authenticate; companies, NGOs and staff with no role are refused (the
endpoint is documented: refusing it tells nothing); an officer reads their own city's events, and
another city's event by id is a 404. Nothing writes to it (405).
"""

from audit.models import Event
from audit.services import event_record, transition_record
from tests.api.matrix import METHODS, SIGNED_IN_ONLY, roles, rows_for


def officers(ok: int, *, foreign: int | None = None) -> dict[str, int]:
    return roles(
        403, anonymous=SIGNED_IN_ONLY, officer=ok, foreign_officer=ok if foreign is None else foreign
    )


def reads(get: dict[str, int]) -> dict[str, dict[str, int]]:
    """GET as given; every write is not allowed, once the caller may use the endpoint at all."""
    return {method: get if method == "GET" else officers(405) for method in METHODS}


ROWS = [
    *rows_for("api:audit-event-list", reads(officers(200))),
    *rows_for(
        "api:audit-event-detail", reads(officers(200, foreign=404)), kwargs=lambda w: {"pk": w.event.pk}
    ),
    *rows_for(
        "api:audit-event-detail",
        reads(officers(404, foreign=200)),
        kwargs=lambda w: {"pk": w.torino_event.pk},
        label="an event in another city",
    ),
]


def build(world) -> None:
    """An event in Milano (the company's pledge offered) and one in Torino."""
    world.event = transition_record(
        subject=world.pledge,
        from_status="",
        to_status="offered",
        actor=world.users["company"],
        city=world.milano,
        project_id=world.project.pk,
    )
    world.torino_event = event_record(
        subject=world.torino_project,
        action=Event.Action.CREATED,
        actor=world.users["foreign_officer"],
        city=world.torino,
        project_id=world.torino_project.pk,
    )
