"""Calls and NGO applications: publishing and closing calls, applying, scoring, ranking and deciding.

Every status change goes through one function per move, locks the row it moves and records the move
in the history (audit.Event) with the call's project and city, so a re-run or a second request finds the
row already moved and changes nothing.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import is_officer_of, organisation_of
from audit.models import EventAction
from audit.services import event_record, transition_record
from milanpartner.uploads import document_content_type
from ngos.models import Organisation
from projects.models import (
    Application,
    ApplicationAttachment,
    ApplicationScore,
    ApplicationStatus,
    Call,
    CallStatus,
    EvaluationCriterion,
    ProjectPartner,
)

A = ApplicationStatus
OFFICER, APPLICANT = "officer", "applicant"
# Statuses an application is still in the running with: what the ranking lists.
IN_THE_RUNNING = (A.SUBMITTED, A.SHORTLISTED, A.ACCEPTED)
SCORABLE = (A.SUBMITTED, A.SHORTLISTED)

# Who may make each move after submission: the City's officers decide, the NGO may withdraw. A draft was
# never submitted, so it is not withdrawn (the database wants a submission date on every other status).
APPLICATION_MOVES: dict[tuple[str, str], str] = {
    (A.SUBMITTED, A.SHORTLISTED): OFFICER,
    (A.SUBMITTED, A.ACCEPTED): OFFICER,
    (A.SHORTLISTED, A.ACCEPTED): OFFICER,
    (A.SUBMITTED, A.REJECTED): OFFICER,
    (A.SHORTLISTED, A.REJECTED): OFFICER,
    (A.SUBMITTED, A.WITHDRAWN): APPLICANT,
    (A.SHORTLISTED, A.WITHDRAWN): APPLICANT,
}


def _where(application: Application) -> tuple[Any, int | None]:
    """The city and the project (if any) an application's events belong to."""
    if application.call_id is not None:
        return application.call.city, application.call.project_id
    return application.project.city, application.project_id


def _local(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- calls ------------------------------------------------------------------------------------------


@transaction.atomic
def call_publish(*, call: Call, actor: Any) -> Call:
    """Open a draft call to applications; its criteria's weights must add up to 100%."""
    locked = Call.objects.select_for_update(of=("self",)).select_related("city").get(pk=call.pk)
    if not is_officer_of(actor, locked.city):
        raise ValidationError(_("Only an officer of the call's city may publish it."), code="forbidden")
    if locked.status != CallStatus.DRAFT:
        raise ValidationError(
            _("A call that is %(status)s cannot be published.") % {"status": CallStatus(locked.status).label},
            code="not_allowed",
        )
    total = locked.criteria.aggregate(total=Sum("weight"))["total"] or Decimal(0)
    if total != 100:
        raise ValidationError(
            _("The criteria's weights add up to %(total)s%%; they must add up to 100%%.")
            % {"total": f"{total.normalize():f}"},
            code="weights_not_100",
        )
    if locked.deadline <= timezone.now():
        raise ValidationError(
            _("The deadline has passed: set a later one before publishing."), code="deadline_passed"
        )
    locked.status = CallStatus.OPEN
    locked.save(update_fields=["status"])
    transition_record(
        subject=locked,
        from_status=CallStatus.DRAFT,
        to_status=CallStatus.OPEN,
        actor=actor,
        city=locked.city,
        project_id=locked.project_id,
    )
    call.refresh_from_db()
    return locked


@transaction.atomic
def calls_close_due(*, now: datetime) -> list[int]:
    """Close every open call whose deadline has passed; the ids closed by this run (none on a re-run)."""
    closed = []
    due = Call.objects.filter(status=CallStatus.OPEN, deadline__lte=now).order_by("pk")
    for call in due.select_related("city"):
        # The conditional update is the lock: a concurrent run waits here, then finds nothing to close.
        if not Call.objects.filter(pk=call.pk, status=CallStatus.OPEN).update(status=CallStatus.CLOSED):
            continue
        transition_record(
            subject=call,
            from_status=CallStatus.OPEN,
            to_status=CallStatus.CLOSED,
            city=call.city,
            project_id=call.project_id,
            note=_("The deadline passed."),
        )
        closed.append(call.pk)
    return closed


# --- applying ---------------------------------------------------------------------------------------


def _check_can_apply(call: Call, organisation: Organisation, actor: Any, now: datetime) -> None:
    own = organisation_of(actor)
    if own is None or own.pk != organisation.pk:
        raise ValidationError(
            _("Only an active member of the NGO may apply on its behalf."), code="forbidden"
        )
    if call.deadline <= now or call.status in (CallStatus.CLOSED, CallStatus.AWARDED):
        raise ValidationError(
            _("The call closed on %(deadline)s: applications are no longer accepted.")
            % {"deadline": _local(call.deadline)},
            code="late",
        )
    if call.status != CallStatus.OPEN or call.opens_at > now:
        raise ValidationError(_("This call is not open for applications."), code="not_open")


def _checked_attachments(attachments: Iterable[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file with the type its content has; the first one that is not a PDF or an image refuses all."""
    checked = []
    for upload in attachments:
        try:
            checked.append((upload, document_content_type(upload)))
        except ValidationError as error:
            raise ValidationError(
                {"attachments": [f"{upload.name}: {message}" for message in error.messages]}
            ) from None
    return checked


@transaction.atomic
def application_submit(
    *,
    call: Call,
    organisation: Organisation,
    actor: Any,
    proposal: str,
    budget_eur: Decimal | None,
    partners_note: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Application:
    """Submit the NGO's application to an open call, with its attachments, all or nothing.

    A draft the NGO started is submitted in place; a second application is refused. `partners_note` is
    kept in the history with the submission (the application has no field of its own for it).
    """
    now = timezone.now()
    # Locking the call serialises two submissions of one NGO: the second finds the first, not an error.
    locked = Call.objects.select_for_update(of=("self",)).select_related("city").get(pk=call.pk)
    _check_can_apply(locked, organisation, actor, now)
    proposal = proposal.strip()
    if not proposal:
        raise ValidationError({"proposal": _("Describe what you propose.")})
    if budget_eur is not None and budget_eur < 0:
        raise ValidationError({"budget_eur": _("The budget asked cannot be negative.")})
    if budget_eur is not None and locked.budget_eur is not None and budget_eur > locked.budget_eur:
        raise ValidationError(
            {
                "budget_eur": _("The budget asked is more than the call's %(budget)s EUR.")
                % {"budget": locked.budget_eur}
            }
        )
    application = Application.objects.filter(call=locked, organisation=organisation).first()
    if application is not None and application.status != A.DRAFT:
        raise ValidationError(
            _("Your organisation has already applied to this call (%(status)s).")
            % {"status": A(application.status).label},
            code="duplicate",
        )
    checked = _checked_attachments(attachments)

    from_status = application.status if application is not None else ""
    application = application or Application(call=locked, organisation=organisation)
    application.proposal = proposal
    application.budget_eur = budget_eur
    application.status = A.SUBMITTED
    application.submitted_at = now
    application.submitted_by = actor
    application.save()
    for upload, content_type in checked:
        ApplicationAttachment.objects.create(
            application=application,
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
        )
    transition_record(
        subject=application,
        from_status=from_status,
        to_status=A.SUBMITTED,
        actor=actor,
        city=locked.city,
        project_id=locked.project_id,
        note=partners_note.strip(),
    )
    return application


# --- scoring and ranking ----------------------------------------------------------------------------


@transaction.atomic
def application_score(
    *,
    application: Application,
    criterion: EvaluationCriterion,
    reviewer: Any,
    score: int,
    comment: str = "",
) -> ApplicationScore:
    """The reviewer's score of the application on one criterion; scoring it again replaces it."""
    application = Application.objects.select_related("call__city").get(pk=application.pk)
    if application.call is None or criterion.call_id != application.call_id:
        raise ValidationError(_("This criterion is not one of the application's call."), code="other_call")
    if not is_officer_of(reviewer, application.call.city):
        raise ValidationError(_("Only an officer of the call's city may score it."), code="forbidden")
    if application.status not in SCORABLE:
        raise ValidationError(
            _("An application that is %(status)s cannot be scored.")
            % {"status": A(application.status).label},
            code="not_scorable",
        )
    if not 0 <= score <= criterion.max_score:
        raise ValidationError({"score": _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}})
    previous = ApplicationScore.objects.filter(
        application=application, criterion=criterion, reviewer=reviewer
    ).first()
    scored, _created = ApplicationScore.objects.update_or_create(
        application=application,
        criterion=criterion,
        reviewer=reviewer,
        defaults={"score": score, "comment": comment.strip()},
    )
    event_record(
        subject=application,
        action=EventAction.CHANGED,
        actor=reviewer,
        city=application.call.city,
        project_id=application.call.project_id,
        changes={criterion.name: [previous.score if previous else None, score]},
    )
    return scored


@dataclass(frozen=True)
class RankedApplication:
    rank: int
    application: Application
    score: Decimal  # 0..100: the weighted mean of the reviewers' scores
    reviewed_criteria: int


def applications_ranked(*, call: Call) -> list[RankedApplication]:
    """The call's applications in the running, best weighted score first; ties by who submitted first.

    Per criterion, the mean of its reviewers' scores * weight / highest score; a criterion no reviewer
    scored yet counts 0. Three queries, whatever the number of applications, criteria and reviewers.
    """
    criteria = {c.pk: c for c in EvaluationCriterion.objects.filter(call=call)}
    applications = list(
        Application.objects.filter(call=call, status__in=IN_THE_RUNNING)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
    totals = (
        ApplicationScore.objects.filter(application__call=call, application__status__in=IN_THE_RUNNING)
        .values("application_id", "criterion_id")
        .annotate(total=Sum("score"), reviewers=Count("pk"))  # a deleted reviewer's score still counts
    )
    scores: dict[int, Decimal] = {}
    reviewed: dict[int, int] = {}
    for row in totals:
        criterion = criteria[row["criterion_id"]]
        mean = Decimal(row["total"]) / row["reviewers"]
        part = mean * criterion.weight / criterion.max_score
        scores[row["application_id"]] = scores.get(row["application_id"], Decimal(0)) + part
        reviewed[row["application_id"]] = reviewed.get(row["application_id"], 0) + 1
    rounded = {pk: score.quantize(Decimal("0.01")) for pk, score in scores.items()}
    # sorted() is stable: equal scores keep the order of submission.
    ordered = sorted(applications, key=lambda a: rounded.get(a.pk, Decimal(0)), reverse=True)
    return [
        RankedApplication(
            rank=position,
            application=application,
            score=rounded.get(application.pk, Decimal("0.00")),
            reviewed_criteria=reviewed.get(application.pk, 0),
        )
        for position, application in enumerate(ordered, start=1)
    ]


# --- decisions --------------------------------------------------------------------------------------


def _roles(application: Application, actor: Any, city: Any) -> set[str]:
    roles = set()
    if is_officer_of(actor, city):
        roles.add(OFFICER)
    own = organisation_of(actor)
    if own is not None and own.pk == application.organisation_id:
        roles.add(APPLICANT)
    return roles


def _application_move(
    application: Application, to_status: ApplicationStatus, actor: Any, reason: str = ""
) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__city", "project__city", "organisation")
        .get(pk=application.pk)
    )
    from_status = locked.status
    who = APPLICATION_MOVES.get((from_status, to_status))
    if who is None:
        raise ValidationError(
            _("An application that is %(from)s cannot become %(to)s.")
            % {"from": A(from_status).label, "to": A(to_status).label},
            code="not_allowed",
        )
    city, project_id = _where(locked)
    if who not in _roles(locked, actor, city):
        raise ValidationError(_("You may not make this change to the application."), code="forbidden")
    locked.status = to_status
    fields = ["status"]
    if who == OFFICER:
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        fields += ["decided_at", "decision_reason"]
    locked.save(update_fields=fields)
    transition_record(
        subject=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        city=city,
        project_id=project_id,
        note=reason,
    )
    application.refresh_from_db()
    return locked


@transaction.atomic
def application_shortlist(*, application: Application, actor: Any) -> Application:
    return _application_move(application, A.SHORTLISTED, actor)


@transaction.atomic
def application_accept(*, application: Application, actor: Any, reason: str = "") -> Application:
    """Accept it; the NGO becomes a partner of the call's project, when the call has one."""
    accepted = _application_move(application, A.ACCEPTED, actor, reason.strip())
    project_id = accepted.call.project_id if accepted.call_id else accepted.project_id
    if project_id is not None:
        ProjectPartner.objects.get_or_create(
            project_id=project_id,
            organisation=accepted.organisation,
            defaults={"role": accepted.call.title[:200] if accepted.call_id else ""},
        )
    return accepted


@transaction.atomic
def application_reject(*, application: Application, actor: Any, reason: str) -> Application:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is rejected: the NGO will read it.")})
    return _application_move(application, A.REJECTED, actor, reason)


@transaction.atomic
def application_withdraw(*, application: Application, actor: Any) -> Application:
    return _application_move(application, A.WITHDRAWN, actor)
