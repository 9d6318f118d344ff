"""Who a message goes to: the active members of companies and NGOs, read in one query each."""

from collections.abc import Iterable

from accounts.models import Membership, User


def _active_members(role: str, **organisation_ids: list[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            membership__status=Membership.Status.ACTIVE,
            membership__role=role,
            **organisation_ids,
        )
        .select_related("membership")
        .order_by("pk")
    )


def company_members(company_ids: Iterable[int]) -> list[User]:
    return _active_members(Membership.Role.COMPANY, membership__company_id__in=list(company_ids))


def organisation_members(organisation_ids: Iterable[int]) -> list[User]:
    return _active_members(Membership.Role.NGO, membership__organisation_id__in=list(organisation_ids))


def members_by_company(company_ids: Iterable[int]) -> dict[int, list[User]]:
    members: dict[int, list[User]] = {}
    for user in company_members(company_ids):
        members.setdefault(user.membership.company_id, []).append(user)
    return members
