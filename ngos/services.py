"""An NGO's own profile: what it does, where it works. Each change recorded in the history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_member_of
from audit.models import EventAction
from audit.services import changes_between, event_record
from ngos.models import Organisation

PROFILE_FIELDS = ("description", "website")
PROFILE_SETS = ("themes", "neighbourhoods")


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    values = {field: getattr(organisation, field) for field in PROFILE_FIELDS}
    for name in PROFILE_SETS:
        values[name] = sorted(getattr(organisation, name).values_list("pk", flat=True))
    return values


@transaction.atomic
def organisation_profile_update(*, organisation: Organisation, actor: Any, **changes: Any) -> Organisation:
    """Set the profile fields and sets given (PROFILE_FIELDS, PROFILE_SETS); only the NGO's members may."""
    if not is_member_of(actor, organisation=organisation):
        raise ValidationError(_("Only the organisation's members may change its profile."), code="forbidden")
    unknown = set(changes) - set(PROFILE_FIELDS) - set(PROFILE_SETS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    neighbourhoods = changes.get("neighbourhoods")
    if neighbourhoods is not None and any(n.city_id != organisation.city_id for n in neighbourhoods):
        raise ValidationError({"neighbourhoods": _("Choose neighbourhoods of the organisation's own city.")})
    # From the database: a ModelForm has already written its values onto the instance it was given.
    before = _snapshot(Organisation.objects.get(pk=organisation.pk))
    for field in PROFILE_FIELDS:
        if field in changes:
            setattr(organisation, field, changes[field])
    organisation.full_clean()
    organisation.save()
    for name in PROFILE_SETS:
        if name in changes:
            getattr(organisation, name).set(changes[name])
    diff = changes_between(before, _snapshot(organisation))
    if diff:
        event_record(
            subject=organisation,
            action=EventAction.CHANGED,
            actor=actor,
            city=organisation.city,
            changes=diff,
        )
    return organisation
