"""Who someone is on the platform, read from their one active membership: the checks every service makes."""

from typing import Any

from accounts.models import Membership
from companies.models import Company
from neighborhoods.models import City
from ngos.models import Organisation


def active_membership(user: Any) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    membership = user.membership_or_none
    return membership if membership is not None and membership.is_active else None


def is_officer_of(user: Any, city: City) -> bool:
    """An active municipal officer of this city (officers act only in their own city)."""
    membership = active_membership(user)
    return (
        membership is not None
        and membership.role == Membership.Role.OFFICER
        and membership.city_id == city.pk
    )


def company_of(user: Any) -> Company | None:
    membership = active_membership(user)
    return (
        membership.company if membership is not None and membership.role == Membership.Role.COMPANY else None
    )


def organisation_of(user: Any) -> Organisation | None:
    membership = active_membership(user)
    if membership is None or membership.role != Membership.Role.NGO:
        return None
    return membership.organisation


def is_member_of(
    user: Any, *, company: Company | None = None, organisation: Organisation | None = None
) -> bool:
    """An active member of this company, or of this NGO."""
    if company is not None:
        own = company_of(user)
        return own is not None and own.pk == company.pk
    if organisation is not None:
        own_organisation = organisation_of(user)
        return own_organisation is not None and own_organisation.pk == organisation.pk
    return False
