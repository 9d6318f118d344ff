"""Signing up, registering a company or an NGO, joining one with its admin's approval, deleting an account."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, User
from accounts.roles import active_membership
from audit.models import Event, EventAction
from audit.services import event_record
from companies.models import Company
from neighborhoods.models import City
from ngos.models import Organisation


@transaction.atomic
def user_sign_up(*, email: str, password: str, first_name: str, last_name: str, language: str) -> User:
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User(
        username=email.lower(), email=email, first_name=first_name, last_name=last_name, language=language
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    return user


def _no_membership_yet(user: User) -> None:
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(
            _("Your account already belongs to an organisation (or is waiting to join one)."),
            code="has_membership",
        )


def _unique_slug(model: type[models.Model], *, city: City, name: str) -> str:
    base = (slugify(name) or "org")[:200]
    slug, number = base, 1
    while model.objects.filter(city=city, slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _register_with_admin(user: User, organisation: Company | Organisation) -> None:
    """Save a new company or NGO with its registrant as the admin member, and record it."""
    organisation.slug = _unique_slug(type(organisation), city=organisation.city, name=str(organisation))
    organisation.full_clean()
    organisation.save()
    is_company = isinstance(organisation, Company)
    Membership.objects.create(
        user=user,
        role=Membership.Role.COMPANY if is_company else Membership.Role.NGO,
        status=Membership.Status.ACTIVE,
        city=organisation.city,
        company=organisation if is_company else None,
        organisation=None if is_company else organisation,
        is_admin=True,
    )
    event_record(subject=organisation, action=EventAction.CREATED, actor=user, city=organisation.city)


@transaction.atomic
def company_register(
    *, user: User, city: City, legal_name: str, vat_number: str, ateco_code: str, size_class: str
) -> Company:
    """A new company on the platform, with the user who registers it as its admin member."""
    _no_membership_yet(user)
    if Company.objects.filter(city=city, vat_number=vat_number).exists():
        raise ValidationError(
            {"vat_number": _("This company is already registered: ask its admin to let you join it.")}
        )
    company = Company(
        city=city, legal_name=legal_name, vat_number=vat_number, ateco_code=ateco_code, size_class=size_class
    )
    _register_with_admin(user, company)
    return company


@transaction.atomic
def organisation_register(
    *, user: User, city: City, name: str, legal_form: str, fiscal_code: str, runts_number: str = ""
) -> Organisation:
    """A new NGO on the platform, with the user who registers it as its admin member."""
    _no_membership_yet(user)
    if Organisation.objects.filter(city=city, fiscal_code=fiscal_code).exists():
        raise ValidationError(
            {"fiscal_code": _("This organisation is already registered: ask its admin to let you join it.")}
        )
    organisation = Organisation(
        city=city, name=name, legal_form=legal_form, fiscal_code=fiscal_code, runts_number=runts_number
    )
    _register_with_admin(user, organisation)
    return organisation


@transaction.atomic
def membership_request(
    *, user: User, company: Company | None = None, organisation: Organisation | None = None
) -> Membership:
    """Ask to join an existing company or NGO: a pending membership its admin approves or declines."""
    _no_membership_yet(user)
    if (company is None) == (organisation is None):
        raise ValidationError(_("Choose one company or one NGO to join."), code="one_organisation")
    target = company or organisation
    try:
        membership = Membership.objects.create(
            user=user,
            role=Membership.Role.COMPANY if company else Membership.Role.NGO,
            status=Membership.Status.PENDING,
            city=target.city,
            company=company,
            organisation=organisation,
        )
    except IntegrityError as error:  # a second request racing the first: one membership per user
        raise ValidationError(_("Your request is already waiting for approval."), code="duplicate") from error
    return membership


def _admin_of_same_organisation(actor: User, membership: Membership) -> bool:
    own = active_membership(actor)
    return (
        own is not None
        and own.is_admin
        and own.role == membership.role
        and own.company_id == membership.company_id
        and own.organisation_id == membership.organisation_id
    )


def pending_members(*, admin: User) -> models.QuerySet[Membership]:
    """The requests to join the organisation this user administers (none if they administer none)."""
    own = active_membership(admin)
    if own is None or not own.is_admin:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            status=Membership.Status.PENDING,
            company_id=own.company_id,
            organisation_id=own.organisation_id,
            role=own.role,
        )
        .select_related("user")
        .order_by("created_at")
    )


@transaction.atomic
def membership_approve(*, membership: Membership, actor: User) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if not _admin_of_same_organisation(actor, locked):
        raise ValidationError(_("Only your organisation's admin can approve who joins."), code="forbidden")
    if locked.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been answered."), code="answered")
    locked.status = Membership.Status.ACTIVE
    locked.save(update_fields=["status"])
    event_record(
        subject=locked,
        action=EventAction.TRANSITION,
        actor=actor,
        city=locked.city,
        from_status=Membership.Status.PENDING,
        to_status=Membership.Status.ACTIVE,
    )
    return locked


@transaction.atomic
def membership_decline(*, membership: Membership, actor: User) -> None:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if not _admin_of_same_organisation(actor, locked):
        raise ValidationError(_("Only your organisation's admin can decline a request."), code="forbidden")
    if locked.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been answered."), code="answered")
    event_record(subject=locked, action=EventAction.DELETED, actor=actor, city=locked.city, note="declined")
    locked.delete()


# --- deleting one's account (GDPR) ------------------------------------------------------------------


@dataclass(frozen=True)
class AccountDeletion:
    """What deleting the account would do to the user's organisation, shown before they confirm."""

    successor: Membership | None  # the member who becomes the organisation's admin
    unanswered_requests: int  # requests to join that nobody would be left to answer


def _organisation_others(membership: Membership) -> models.QuerySet[Membership]:
    return Membership.objects.filter(
        role=membership.role, company_id=membership.company_id, organisation_id=membership.organisation_id
    ).exclude(pk=membership.pk)


def account_deletion_check(*, user: User) -> AccountDeletion:
    """An admin hands the organisation to its longest-standing active member; with none, its pending
    requests to join must be answered first (nobody could approve them afterwards)."""
    membership = user.membership_or_none
    if membership is None or not membership.is_admin:
        return AccountDeletion(successor=None, unanswered_requests=0)
    others = _organisation_others(membership)
    successor = others.active().select_related("user").order_by("created_at", "pk").first()
    pending = 0 if successor else others.filter(status=Membership.Status.PENDING).count()
    return AccountDeletion(successor=successor, unanswered_requests=pending)


def _forget_in_history(content_type: ContentType, object_id: int, label: str) -> None:
    # The events stay (who did what for an organisation is the City's record); the name goes.
    Event.objects.filter(content_type=content_type, object_id=object_id).update(object_repr=label)


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Delete the account once its password confirms it. What the user did for their organisation
    (pledges, applications, scores, the audit trail) stays, no longer linked to them (SET_NULL); their
    membership, notifications, preferences and API token go with it (CASCADE)."""
    if not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")}, code="wrong_password")
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is not None:
        list(_organisation_others(membership).select_for_update())  # no one joins or leaves meanwhile
    plan = account_deletion_check(user=user)
    if plan.unanswered_requests:
        raise ValidationError(
            ngettext(
                "Approve or decline the %(count)d request to join your organisation first: once you leave "
                "nobody could answer it.",
                "Approve or decline the %(count)d requests to join your organisation first: once you leave "
                "nobody could answer them.",
                plan.unanswered_requests,
            )
            % {"count": plan.unanswered_requests},
            code="unanswered_requests",
        )
    if membership is not None:
        if plan.successor is not None:
            _admin_hand_over(membership, plan.successor)
        label = _("deleted account · %(role)s") % {"role": membership.get_role_display()}
        event_record(subject=membership, action=EventAction.DELETED, city=membership.city, note=label)
        _forget_in_history(ContentType.objects.get_for_model(Membership), membership.pk, label)
    _forget_in_history(ContentType.objects.get_for_model(User), user.pk, _("deleted account"))
    user.delete()


def _admin_hand_over(leaving: Membership, successor: Membership) -> None:
    leaving.is_admin = False
    leaving.save(update_fields=["is_admin"])  # first: the database holds one admin per organisation
    successor.is_admin = True
    successor.save(update_fields=["is_admin"])
    event_record(
        subject=successor,
        action=EventAction.CHANGED,
        city=successor.city,
        changes={"is_admin": [False, True]},
        note=_("The previous admin deleted their account."),
    )
