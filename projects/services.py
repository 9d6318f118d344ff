"""What changes a project's state: its lifecycle, each move with who may make it and what must hold.

Every transition goes through `project_transition`, which checks the table below, locks the row so two
requests cannot move one project twice, and records the move in the project's history (audit.Event).
Pages, API, admin actions and tasks all call it; nothing else writes `Project.status`.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_member_of, is_officer_of
from audit.services import transition_record
from projects.models import ImpactReport, Project, ProjectStatus

S = ProjectStatus

# Who may make a move: the City's officers (of the project's city), the members of the company or NGO
# that proposed it (for its own initiative), or the platform itself (a deadline, full coverage).
OFFICER, PROPOSER, SYSTEM = "officer", "proposer", "system"


@dataclass(frozen=True)
class Move:
    by: frozenset[str]
    needs_note: bool = False


def _move(*by: str, needs_note: bool = False) -> Move:
    return Move(frozenset(by), needs_note)


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.PUBLISHED): _move(OFFICER),
    (S.DRAFT, S.PROPOSED): _move(PROPOSER),
    (S.PROPOSED, S.CHANGES_REQUESTED): _move(OFFICER, needs_note=True),
    (S.CHANGES_REQUESTED, S.PROPOSED): _move(PROPOSER),
    (S.PROPOSED, S.PUBLISHED): _move(OFFICER),  # the City endorses an initiative into its plan
    (S.PROPOSED, S.DECLINED): _move(OFFICER, needs_note=True),
    (S.PUBLISHED, S.FUNDED): _move(SYSTEM),  # every need covered: decided by the ledger
    (S.PUBLISHED, S.CLOSED): _move(OFFICER, SYSTEM),  # the deadline passed, or the City closes it early
    (S.FUNDED, S.IN_PROGRESS): _move(OFFICER),
    (S.CLOSED, S.IN_PROGRESS): _move(OFFICER),
    (S.IN_PROGRESS, S.COMPLETED): _move(OFFICER),
    (S.COMPLETED, S.REPORTED): _move(OFFICER, PROPOSER),
    (S.DRAFT, S.ARCHIVED): _move(OFFICER),
    (S.DECLINED, S.ARCHIVED): _move(OFFICER),
    (S.CLOSED, S.ARCHIVED): _move(OFFICER),
    (S.REPORTED, S.ARCHIVED): _move(OFFICER),
}


def allowed_transitions(*, project: Project, actor: Any) -> list[ProjectStatus]:
    """The statuses this actor may move the project to now (for the buttons a page shows)."""
    roles = _roles(project, actor)
    return [
        ProjectStatus(to_status)
        for (from_status, to_status), move in TRANSITIONS.items()
        if from_status == project.status and move.by & roles
    ]


def _roles(project: Project, actor: Any) -> set[str]:
    if actor is None:
        return {SYSTEM}
    roles = set()
    if is_officer_of(actor, project.city):
        roles.add(OFFICER)
    if is_member_of(
        actor, company=project.proposed_by_company, organisation=project.proposed_by_organisation
    ):
        roles.add(PROPOSER)
    return roles


def _check_preconditions(project: Project, to_status: str) -> None:
    if to_status in (S.PUBLISHED, S.PROPOSED) and not project.needs.exists():
        raise ValidationError(
            _("Add at least one need (funding, volunteering or goods) before publishing or proposing."),
            code="no_need",
        )
    if to_status == S.REPORTED and not ImpactReport.objects.filter(project=project).exists():
        raise ValidationError(
            _("Submit the impact report (people reached, hours given, money spent, photos) first."),
            code="no_impact_report",
        )


@transaction.atomic
def project_transition(
    *, project: Project, to_status: ProjectStatus, actor: Any = None, note: str = ""
) -> Project:
    """Move the project to `to_status`, or raise ValidationError saying why. Actor None: the platform."""
    locked = Project.objects.select_for_update().select_related("city").get(pk=project.pk)
    from_status = locked.status
    move = TRANSITIONS.get((from_status, to_status))
    if move is None:
        raise ValidationError(
            _("A project that is %(from)s cannot become %(to)s.")
            % {"from": ProjectStatus(from_status).label, "to": ProjectStatus(to_status).label},
            code="not_allowed",
        )
    if not move.by & _roles(locked, actor):
        raise ValidationError(_("You may not make this change to the project."), code="forbidden")
    note = note.strip()
    if move.needs_note and not note:
        raise ValidationError({"note": _("Say what should change, or why: the proposer will read it.")})
    _check_preconditions(locked, to_status)

    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    if move.needs_note:
        locked.review_note = note
        fields.append("review_note")
    if to_status == S.PUBLISHED and from_status == S.PROPOSED and locked.owner_id is None:
        locked.owner = actor  # the officer who endorses an initiative takes charge of it
        fields.append("owner")
    locked.save(update_fields=fields)
    transition_record(
        subject=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        city=locked.city,
        project_id=locked.pk,
        note=note,
    )
    project.refresh_from_db()
    return locked
