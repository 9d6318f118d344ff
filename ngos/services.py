"""An NGO's own profile: what it does, where it works. Each change recorded in the history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_member_of
from audit.services import changes_apply_recorded
from ngos.models import Organisation

PROFILE_FIELDS = ("description", "website")
PROFILE_SETS = ("themes", "neighbourhoods")


@transaction.atomic
def organisation_profile_update(*, organisation: Organisation, actor: Any, **changes: Any) -> Organisation:
    """Set the profile fields and sets given (PROFILE_FIELDS, PROFILE_SETS); only the NGO's members may."""
    if not is_member_of(actor, organisation=organisation):
        raise ValidationError(_("Only the organisation's members may change its profile."), code="forbidden")
    neighbourhoods = changes.get("neighbourhoods")
    if neighbourhoods is not None and any(n.city_id != organisation.city_id for n in neighbourhoods):
        raise ValidationError({"neighbourhoods": _("Choose neighbourhoods of the organisation's own city.")})
    changes_apply_recorded(
        subject=organisation, actor=actor, city=organisation.city, changes=changes,
        fields=PROFILE_FIELDS, sets=PROFILE_SETS,
    )  # fmt: skip
    return organisation
