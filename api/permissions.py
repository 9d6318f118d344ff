"""Who may call what: the roles of accounts.roles, as DRF permissions.

Scoping to one's own company, NGO or city is done by each view's queryset (another's object is then a
404, the same answer as an id that does not exist: nothing to learn by guessing ids); these classes only
say which role may use an endpoint at all.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import Membership
from accounts.roles import active_membership


class _HasRole(BasePermission):
    role: str

    def has_permission(self, request, view) -> bool:
        membership = active_membership(request.user)
        return membership is not None and membership.role == self.role


class IsOfficer(_HasRole):
    """An active municipal officer (of the city the view's queryset narrows to)."""

    role = Membership.Role.OFFICER


class IsCompanyMember(_HasRole):
    role = Membership.Role.COMPANY


class IsNgoMember(_HasRole):
    role = Membership.Role.NGO


class ReadOnly(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS
