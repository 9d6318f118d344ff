"""Who a message goes to: the active members of companies and NGOs, read in one query each."""

from collections.abc import Iterable

from accounts.models import Membership, User


def company_members(company_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            membership__status=Membership.Status.ACTIVE,
            membership__role=Membership.Role.COMPANY,
            membership__company_id__in=list(company_ids),
        )
        .select_related("membership")
        .order_by("pk")
    )


def organisation_members(organisation_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            membership__status=Membership.Status.ACTIVE,
            membership__role=Membership.Role.NGO,
            membership__organisation_id__in=list(organisation_ids),
        )
        .select_related("membership")
        .order_by("pk")
    )


def members_by_company(company_ids: Iterable[int]) -> dict[int, list[User]]:
    members: dict[int, list[User]] = {}
    for user in company_members(company_ids):
        members.setdefault(user.membership.company_id, []).append(user)
    return members
