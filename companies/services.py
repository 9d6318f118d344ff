"""A company's own profile: what it offers, where it works. Each change recorded in the history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_member_of
from audit.models import EventAction
from audit.services import changes_apply_recorded, event_record
from companies.models import Company, Site
from neighborhoods.selectors import neighbourhood_at

PROFILE_FIELDS = ("csr_statement", "csr_budget_eur", "volunteer_hours_per_year", "website", "public_consent")
PROFILE_SETS = ("themes", "skills", "preferred_neighbourhoods")


def _check_member(company: Company, actor: Any) -> None:
    if not is_member_of(actor, company=company):
        raise ValidationError(_("Only the company's members may change its profile."), code="forbidden")


@transaction.atomic
def company_profile_update(*, company: Company, actor: Any, **changes: Any) -> Company:
    """Set the profile fields and sets given (PROFILE_FIELDS, PROFILE_SETS); matching re-scores on commit."""
    _check_member(company, actor)
    changes_apply_recorded(
        subject=company,
        actor=actor,
        city=company.city,
        changes=changes,
        fields=PROFILE_FIELDS,
        sets=PROFILE_SETS,
    )
    return company


@transaction.atomic
def site_save(
    *,
    company: Company,
    actor: Any,
    name: str,
    latitude: float,
    longitude: float,
    address: str = "",
    employees: int | None = None,
    is_headquarters: bool = False,
    site: Site | None = None,
) -> Site:
    """Add a site, or move one: its neighbourhood is the one whose boundary holds the point."""
    _check_member(company, actor)
    if site is not None and site.company_id != company.pk:
        raise ValidationError(_("This site belongs to another company."), code="forbidden")
    if Site.objects.filter(company=company, name__iexact=name).exclude(pk=getattr(site, "pk", None)).exists():
        raise ValidationError({"name": _("The company already has a site with this name.")})
    if is_headquarters:
        company.sites.exclude(pk=getattr(site, "pk", None)).update(is_headquarters=False)
    site = site or Site(company=company)
    site.name, site.address, site.employees, site.is_headquarters = name, address, employees, is_headquarters
    site.latitude, site.longitude = latitude, longitude
    site.neighbourhood = neighbourhood_at(city=company.city, latitude=latitude, longitude=longitude)
    site.full_clean()
    site.save()
    event_record(subject=site, action=EventAction.CHANGED, actor=actor, city=company.city,
                 changes={"position": [None, [latitude, longitude]]})  # fmt: skip
    return site


@transaction.atomic
def site_delete(*, site: Site, actor: Any) -> None:
    _check_member(site.company, actor)
    event_record(subject=site, action=EventAction.DELETED, actor=actor, city=site.company.city)
    site.delete()
