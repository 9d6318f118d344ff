"""Whose data a caller acts on: the one place the API reads a caller's city, company or NGO from.

Every non-public queryset of the API is narrowed through these, so another city's, company's or NGO's
object is simply not in it: a 404, the same answer as an id that does not exist.
"""

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework.request import Request

from accounts.models import Membership
from accounts.roles import active_membership
from neighborhoods.models import City


def officer_city(request: Request) -> City | None:
    """The city the caller is an active officer of, or None."""
    membership = active_membership(request.user)
    if membership is None or membership.role != Membership.Role.OFFICER:
        return None
    return membership.city


def member_city(request: Request) -> City | None:
    """The city of the caller's active membership, whatever the role (a company's or NGO's own city)."""
    membership = active_membership(request.user)
    return membership.city if membership is not None else None


def for_schema(view: Any) -> bool:
    """drf-spectacular inspects views with an anonymous fake request: their querysets are then empty."""
    return getattr(view, "swagger_fake_view", False)


def nothing(model: type[Model]) -> QuerySet:
    return model._default_manager.none()
