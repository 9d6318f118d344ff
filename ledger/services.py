"""What changes a pledge: offered by a company, accepted or declined by the City, withdrawn, fulfilled,
expired or released; every move checked, locked and recorded in the project's history.

Locks are always taken in one order, so two requests never wait on each other in a circle:
the need, then its pledges (by id), then the company, then the funds (by priority, id), then the project.
"""

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import is_member_of, is_officer_of
from audit.services import transition_record
from companies.models import Company
from ledger.funds import fund_match_pledge, fund_matches_return
from ledger.models import Pledge
from ledger.selectors import companies_capacity_left, need_called, need_committed, project_needs_covered
from milanpartner.uploads import document_content_type
from projects.models import Need, Project
from projects.services import project_transition

CENT = Decimal("0.01")
S = Pledge.Status


def money(value: Decimal) -> str:
    """An amount as the reader's language writes it: 1,000.00 in English, 1.000,00 in Italian."""
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- locks and records ------------------------------------------------------------------------------


def _lock_need(need_id: int) -> Need:
    return Need.objects.select_for_update(of=("self",)).select_related("project__city").get(pk=need_id)


def _lock_pledge(pledge: Pledge) -> Pledge:
    """The pledge's need first, then the pledge: the house order (see the module's docstring)."""
    need = _lock_need(pledge.need_id)
    locked = Pledge.objects.select_for_update(of=("self",)).select_related("company").get(pk=pledge.pk)
    locked.need = need
    return locked


def _move(
    pledge: Pledge, *, to_status: S, actor: Any, note: str = "", fields: tuple[str, ...] = ()
) -> Pledge:
    from_status = pledge.status
    pledge.status = to_status
    pledge.save(update_fields=["status", *fields])
    project = pledge.need.project
    transition_record(
        subject=pledge,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        city=project.city,
        project_id=project.pk,
        note=note,
    )
    return pledge


def _refuse_unless(pledge: Pledge, allowed: tuple[S, ...], message: str) -> None:
    if pledge.status not in allowed:
        raise ValidationError(message % {"status": S(pledge.status).label}, code="wrong_status")


def _require_officer(actor: Any, project: Project) -> None:
    if not is_officer_of(actor, project.city):
        raise ValidationError(
            _("Only an officer of the project's city may accept or decline its pledges."), code="forbidden"
        )


def _require_member(actor: Any, company: Company) -> None:
    if not is_member_of(actor, company=company):
        raise ValidationError(
            _("Only an active member of the company may act on its pledges."), code="forbidden"
        )


# --- offering ---------------------------------------------------------------------------------------


def _clean_quantity(quantity: Decimal | int | str) -> Decimal:
    try:
        cleaned = Decimal(quantity).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        cleaned = Decimal(0)
    if cleaned <= 0:
        raise ValidationError({"quantity": _("Pledge a quantity above zero.")}, code="not_positive")
    return cleaned


def _check_open_for_pledges(project: Project, now: datetime) -> None:
    if project.status != Project.Status.PUBLISHED:
        raise ValidationError(_("This project is not open for pledges."), code="not_open")
    if project.pledge_deadline is not None and now >= project.pledge_deadline:
        raise ValidationError(
            _("Pledges for this project closed on %(deadline)s.")
            % {"deadline": when(project.pledge_deadline)},
            code="deadline_passed",
        )


def _check_target(need: Need, quantity: Decimal) -> None:
    if need.allow_oversubscription:
        return
    still_open = max(Decimal(0), need.target_quantity - need_committed(need=need))
    if quantity > still_open:
        raise ValidationError(
            _("This pledge would pass the need's target: only %(open)s %(unit)s are still open.")
            % {"open": money(still_open), "unit": need.get_unit_display()},
            code="over_target",
        )


def _check_capacity(need: Need, company: Company, quantity: Decimal, value_eur: Decimal) -> None:
    # The company row is locked so that two pledges of one company cannot both spend the same budget.
    Company.objects.select_for_update().filter(pk=company.pk).values_list("pk").first()
    left = companies_capacity_left(company_ids=[company.pk])[company.pk]
    if need.kind == Need.Kind.FUNDING and value_eur > left.budget_eur:
        raise ValidationError(
            _("Your company has EUR %(left)s left of this year's CSR budget; confirm to pledge beyond it.")
            % {"left": money(left.budget_eur)},
            code="beyond_capacity",
        )
    if need.kind == Need.Kind.VOLUNTEERING and quantity > left.hours:
        raise ValidationError(
            _("Your company has %(left)s volunteer hours left this year; confirm to pledge beyond them.")
            % {"left": money(left.hours)},
            code="beyond_capacity",
        )


@transaction.atomic
def pledge_offer(
    *,
    need: Need,
    company: Company,
    quantity: Decimal,
    actor: Any,
    message: str = "",
    confirm_beyond_capacity: bool = False,
) -> Pledge:
    """Offer money, hours or goods against a need, or raise ValidationError saying why not.

    Under the need's row lock, what was offered, accepted or fulfilled never passes its target (unless
    the need allows it); beyond the company's remaining yearly budget or hours only once confirmed.
    """
    _require_member(actor, company)
    quantity = _clean_quantity(quantity)
    locked_need = _lock_need(need.pk)
    project = locked_need.project
    now = timezone.now()
    _check_open_for_pledges(project, now)
    _check_target(locked_need, quantity)
    value_eur = (quantity * locked_need.unit_value_eur).quantize(CENT, rounding=ROUND_HALF_UP)
    if not confirm_beyond_capacity:
        _check_capacity(locked_need, company, quantity, value_eur)
    pledge = Pledge.objects.create(
        need=locked_need,
        company=company,
        quantity=quantity,
        value_eur=value_eur,
        message=message.strip(),
        offered_by=actor,
        expires_at=now + timedelta(days=project.city.pledge_offer_days),
        beyond_capacity_confirmed=confirm_beyond_capacity,
    )
    transition_record(
        subject=pledge,
        from_status="",
        to_status=S.OFFERED,
        actor=actor,
        city=project.city,
        project_id=project.pk,
        note=pledge.message,
    )
    return pledge


# --- the City's answer ------------------------------------------------------------------------------


@transaction.atomic
def pledge_accept(*, pledge: Pledge, actor: Any) -> Pledge:
    """Accept an offered pledge: match funds add to it; a project with every need covered is funded."""
    locked = _lock_pledge(pledge)
    project = locked.need.project
    _require_officer(actor, project)
    _refuse_unless(locked, (S.OFFERED,), _("Only an offered pledge can be accepted; this one is %(status)s."))
    now = timezone.now()
    if locked.expires_at is not None and locked.expires_at <= now:
        raise ValidationError(
            _("This offer expired on %(date)s; the company may offer again.")
            % {"date": when(locked.expires_at)},
            code="expired",
        )
    if project.status not in (Project.Status.PUBLISHED, Project.Status.FUNDED, Project.Status.CLOSED):
        raise ValidationError(_("This project no longer takes pledges."), code="not_open")
    locked.decided_at, locked.decided_by = now, actor
    _move(locked, to_status=S.ACCEPTED, actor=actor, fields=("decided_at", "decided_by"))
    fund_match_pledge(pledge=locked)
    _fund_project_if_covered(project)
    pledge.refresh_from_db()
    return locked


def _fund_project_if_covered(project: Project) -> None:
    # Locked so that two acceptances finishing the last two needs see each other's pledges.
    status = Project.objects.select_for_update().filter(pk=project.pk).values_list("status", flat=True).get()
    if status == Project.Status.PUBLISHED and project_needs_covered(project=project):
        project_transition(
            project=project,
            to_status=Project.Status.FUNDED,
            actor=None,
            note=_("Every need is covered by accepted pledges."),
        )


@transaction.atomic
def pledge_decline(*, pledge: Pledge, actor: Any, reason: str) -> Pledge:
    """Decline an offered (or accepted, if it fell through) pledge, saying why; its matches go back."""
    reason = reason.strip()
    locked = _lock_pledge(pledge)
    _require_officer(actor, locked.need.project)
    if not reason:
        raise ValidationError({"reason": _("Say why: the company will read it.")}, code="reason_required")
    _refuse_unless(
        locked,
        (S.OFFERED, S.ACCEPTED),
        _("Only an offered or accepted pledge can be declined; this one is %(status)s."),
    )
    locked.decided_at, locked.decided_by = timezone.now(), actor
    _move(locked, to_status=S.DECLINED, actor=actor, note=reason, fields=("decided_at", "decided_by"))
    fund_matches_return(pledge=locked, actor=actor)
    pledge.refresh_from_db()
    return locked


# --- the company's moves ----------------------------------------------------------------------------


@transaction.atomic
def pledge_withdraw(*, pledge: Pledge, actor: Any) -> Pledge:
    """The company takes back a pledge the City has not accepted yet (its capacity is freed)."""
    locked = _lock_pledge(pledge)
    _require_member(actor, locked.company)
    _refuse_unless(
        locked,
        (S.OFFERED,),
        _("Only a pledge still waiting for an answer can be withdrawn; this one is %(status)s."),
    )
    _move(locked, to_status=S.WITHDRAWN, actor=actor)
    fund_matches_return(pledge=locked, actor=actor)
    pledge.refresh_from_db()
    return locked


@transaction.atomic
def pledge_fulfil(
    *, pledge: Pledge, actor: Any, evidence_note: str, receipt: UploadedFile | None = None
) -> Pledge:
    """The company declares an accepted pledge given, with a note and optionally a receipt (PDF or image)."""
    evidence_note = evidence_note.strip()
    locked = _lock_pledge(pledge)
    _require_member(actor, locked.company)
    _refuse_unless(
        locked, (S.ACCEPTED,), _("Only an accepted pledge can be fulfilled; this one is %(status)s.")
    )
    if not evidence_note:
        raise ValidationError(
            {"evidence_note": _("Say what was given and when: the City checks it against the receipt.")},
            code="evidence_required",
        )
    fields = ["fulfilled_at", "evidence_note"]
    if receipt is not None:
        try:
            document_content_type(receipt)
        except ValidationError as refusal:
            raise ValidationError({"receipt": refusal.messages}) from None
        locked.receipt.save(os.path.basename(receipt.name or "receipt"), receipt, save=False)
        fields.append("receipt")
    locked.fulfilled_at, locked.evidence_note = timezone.now(), evidence_note
    _move(locked, to_status=S.FULFILLED, actor=actor, fields=tuple(fields))
    pledge.refresh_from_db()
    return locked


# --- the platform's moves: expiry and all-or-nothing settlement -------------------------------------


@transaction.atomic
def pledge_expire(*, pledge: Pledge, now: datetime, actor: Any = None) -> bool:
    """Expire an offer left unanswered past its waiting period; False if another run got there first.

    Actor None is the platform (the hourly run); an officer may trigger it from the back office.
    """
    if actor is not None:
        _require_officer(actor, Project.objects.select_related("city").get(needs__pledges=pledge))
    due = Pledge.objects.filter(pk=pledge.pk, status=S.OFFERED, expires_at__lte=now)
    updated = due.update(status=S.EXPIRED)
    if updated != 1:
        if actor is None:
            return False
        current = Pledge.objects.get(pk=pledge.pk)
        _refuse_unless(current, (S.OFFERED,), _("Only an offered pledge can expire; this one is %(status)s."))
        raise ValidationError(
            _("This offer waits for an answer until %(date)s.") % {"date": when(current.expires_at)}
            if current.expires_at
            else _("This offer has no waiting period."),
            code="not_due",
        )
    expired = Pledge.objects.select_related("need__project__city").get(pk=pledge.pk)
    project = expired.need.project
    transition_record(
        subject=expired,
        from_status=S.OFFERED,
        to_status=S.EXPIRED,
        actor=actor,
        city=project.city,
        project_id=project.pk,
        note=_("No answer within the waiting period."),
    )
    pledge.status = S.EXPIRED
    return True


def pledges_expire(*, now: datetime) -> int:
    """Expire every offer past its waiting period, each in its own transaction; a re-run expires nothing."""
    due = Pledge.objects.filter(status=S.OFFERED, expires_at__lte=now).order_by("pk")
    return sum(pledge_expire(pledge=pledge, now=now) for pledge in due.only("pk"))


@dataclass(frozen=True)
class NeedSettlement:
    called: bool
    released: int


def need_settle(*, need: Need) -> NeedSettlement:
    """At the deadline, an all-or-nothing need's pledges are called if the City accepted its whole target,
    and released otherwise (their matches back to the pots). The caller holds the need's lock.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("need_settle runs inside the caller's transaction, with the need locked")
    if not need.all_or_nothing:
        return NeedSettlement(called=True, released=0)
    if need_called(need=need) >= need.target_quantity:
        return NeedSettlement(called=True, released=0)
    pending = (
        Pledge.objects.select_for_update(of=("self",))
        .filter(need=need, status__in=(S.OFFERED, S.ACCEPTED))
        .order_by("pk")
    )
    released = 0
    for pledge in pending:
        pledge.need = need
        _move(
            pledge,
            to_status=S.RELEASED,
            actor=None,
            note=_("The all-or-nothing target was not reached by the deadline."),
        )
        fund_matches_return(pledge=pledge)
        released += 1
    return NeedSettlement(called=False, released=released)
