"""Identifiers of Italian third-sector bodies."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from companies.validators import is_valid_eleven_digit_code

_RUNTS_NUMBER = re.compile(r"[0-9]{1,9}")


def validate_entity_fiscal_code(value: str) -> None:
    """An organisation's codice fiscale: 11 digits, with the same check digit as a VAT number."""
    if not re.fullmatch(r"[0-9]{11}", value or ""):
        raise ValidationError(
            _("An organisation's fiscal code has exactly 11 digits."), code="fiscal_code_format"
        )
    if not is_valid_eleven_digit_code(value):
        raise ValidationError(
            _("%(value)s is not a valid fiscal code: its check digit is wrong."),
            code="fiscal_code_check_digit",
            params={"value": value},
        )


def validate_runts_number(value: str) -> None:
    """The repertorio number the national third-sector registry (RUNTS) gives on enrolment."""
    if not _RUNTS_NUMBER.fullmatch(value or ""):
        raise ValidationError(_("A RUNTS number is a number of up to 9 digits."), code="runts_format")
