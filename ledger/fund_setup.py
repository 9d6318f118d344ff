"""Setting up a match fund: its pot and rules, written by an officer of its city and recorded in the history.

Opening, closing and simulating a fund are in ledger/funds.py; here only what the officer types in. A new
fund starts as a draft, so its rules can be simulated before it matches anything.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import is_officer_of
from audit.models import EventAction
from audit.services import changes_apply_recorded, event_record
from companies.models import Company
from ledger.models import Fund
from neighborhoods.models import City
from projects.models import ProjectInstrument

FUND_FIELDS = (
    "name", "description", "sponsor_id", "pot_eur", "ratio", "cap_per_pledge_eur", "cap_per_company_eur",
    "cap_per_project_eur", "threshold_share", "instruments", "priority", "opens_on", "closes_on",
)  # fmt: skip
FUND_SETS = ("themes", "neighbourhoods")


def _require_officer(actor: Any, city: City) -> None:
    if not is_officer_of(actor, city):
        raise ValidationError(_("Only an officer of the fund's city may set it up."), code="forbidden")


def _unique_slug(city: City, name: str) -> str:
    base = (slugify(name) or "fund")[:200]
    slug, number = base, 1
    while Fund.objects.filter(city=city, slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _as_fields(rules: dict[str, Any]) -> dict[str, Any]:
    """The sponsor travels as its id, so the history records a number, not an object."""
    if "sponsor" in rules:
        sponsor: Company | None = rules.pop("sponsor")
        rules["sponsor_id"] = sponsor.pk if sponsor is not None else None
    return rules


def _check(city: City, fields: dict[str, Any], sets: dict[str, Any], current: Fund | None = None) -> None:
    """Field by field: dates in order (full_clean would only name the broken constraint), the sponsor and
    the neighbourhoods in the fund's city, instruments that exist."""
    errors: dict[str, str] = {}
    opens_on = fields.get("opens_on", getattr(current, "opens_on", None))
    closes_on = fields.get("closes_on", getattr(current, "closes_on", None))
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        errors["closes_on"] = _("A fund closes on or after the day it opens.")
    sponsor_id = fields.get("sponsor_id")
    if sponsor_id is not None and not Company.objects.filter(pk=sponsor_id, city=city).exists():
        errors["sponsor"] = _("The sponsor must be a company of the fund's city.")
    if any(neighbourhood.city_id != city.pk for neighbourhood in sets.get("neighbourhoods", [])):
        errors["neighbourhoods"] = _("Every neighbourhood must be in the fund's city.")
    unknown = set(fields.get("instruments") or []) - set(ProjectInstrument.values)
    if unknown:
        errors["instruments"] = _("Unknown instruments: %(names)s.") % {"names": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fund_create(*, city: City, actor: Any, name: str, pot_eur: Any, **rules: Any) -> Fund:
    """A draft fund in the officer's city, with the rules given (FUND_FIELDS, FUND_SETS)."""
    _require_officer(actor, city)
    sets = {field: rules.pop(field) for field in FUND_SETS if field in rules}
    fields = _as_fields(rules)
    _check(city, fields, sets)
    fund = Fund(city=city, name=name, slug=_unique_slug(city, name), pot_eur=pot_eur, **fields)
    fund.full_clean()
    fund.save()
    for field, values in sets.items():
        getattr(fund, field).set(values)
    event_record(subject=fund, action=EventAction.CREATED, actor=actor, city=city, to_status=fund.status)
    return fund


@transaction.atomic
def fund_update(*, fund: Fund, actor: Any, **changes: Any) -> Fund:
    """Change the fund's rules or pot (never below what it has matched already); its status moves only
    through fund_open and fund_close."""
    _require_officer(actor, fund.city)
    # Locked: an acceptance matching from this pot meanwhile must see the new rules, or the old pot.
    locked = Fund.objects.select_for_update(of=("self",)).select_related("city").get(pk=fund.pk)
    changes = _as_fields(dict(changes))
    _check(locked.city, changes, changes, current=locked)
    if "pot_eur" in changes and changes["pot_eur"] is not None and changes["pot_eur"] < locked.matched_eur:
        raise ValidationError(
            {"pot_eur": _("The pot cannot be less than what the fund has matched: EUR %(matched)s.")
             % {"matched": locked.matched_eur}}
        )  # fmt: skip
    changes_apply_recorded(
        subject=locked, actor=actor, city=locked.city, changes=changes, fields=FUND_FIELDS, sets=FUND_SETS
    )
    fund.refresh_from_db()
    return locked
