"""Builders for the ledger's tests: the three actors around a published project, and offers that wait."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from companies.models import Company
from ledger.models import Pledge
from projects.models import Need, Project
from tests.factories import (
    CompanyMemberFactory,
    NeedFactory,
    OfficerFactory,
    PledgeFactory,
    ProjectFactory,
    UserFactory,
)


class OfferedPledgeFactory(PledgeFactory):
    """A pledge as pledge_offer leaves it: offered, waiting for the City's answer."""

    status = Pledge.Status.OFFERED
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class VolunteeringNeedFactory(NeedFactory):
    kind = Need.Kind.VOLUNTEERING
    title = "Volontari per la pulizia"
    unit = Need.Unit.HOURS
    target_quantity = Decimal("200.00")
    unit_value_eur = Decimal("25.00")


class GoodsNeedFactory(NeedFactory):
    kind = Need.Kind.IN_KIND
    title = "Panchine"
    unit = Need.Unit.ITEMS
    target_quantity = Decimal("10.00")
    unit_value_eur = Decimal("300.00")


@dataclass
class Scene:
    """A published project with one funding need, and the canonical actors around it."""

    project: Project
    need: Need
    officer: User
    member: User
    company: Company
    outsider: User


def scene(**need_fields: object) -> Scene:
    project = ProjectFactory()
    need = NeedFactory(project=project, **need_fields)
    membership = CompanyMemberFactory(city=project.city)
    return Scene(
        project=project,
        need=need,
        officer=OfficerFactory(city=project.city).user,
        member=membership.user,
        company=membership.company,
        outsider=UserFactory(),
    )


def company_member(project: Project, **company_fields: object) -> tuple[User, Company]:
    membership = CompanyMemberFactory(
        city=project.city, **{f"company__{name}": value for name, value in company_fields.items()}
    )
    return membership.user, membership.company
