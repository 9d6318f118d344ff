"""Italian business identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# [0-9], not \d: \d also matches other scripts' digits, which would slip past the uniqueness constraint.
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
_ATECO = re.compile(r"[0-9]{2}(\.[0-9]{1,2}){0,2}")


def partita_iva_check_digit(first_ten_digits: str) -> int:
    """The check digit of an 11-digit Italian VAT number (partita IVA) or numeric fiscal code.

    Odd positions (1st, 3rd, ... 9th) add as they are; even positions are doubled, less 9 if over 9.
    """
    total = 0
    for position, char in enumerate(first_ten_digits, start=1):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_valid_eleven_digit_code(value: str) -> bool:
    return bool(_ELEVEN_DIGITS.fullmatch(value)) and partita_iva_check_digit(value[:10]) == int(value[10])


def validate_partita_iva(value: str) -> None:
    if not _ELEVEN_DIGITS.fullmatch(value or ""):
        raise ValidationError(_("An Italian VAT number has exactly 11 digits."), code="vat_format")
    if not is_valid_eleven_digit_code(value):
        raise ValidationError(
            _("%(value)s is not a valid Italian VAT number: its check digit is wrong."),
            code="vat_check_digit",
            params={"value": value},
        )


def validate_ateco_code(value: str) -> None:
    if not _ATECO.fullmatch(value or ""):
        raise ValidationError(
            _("An ATECO code looks like 62, 62.01 or 62.01.00."), code="ateco_format", params={"value": value}
        )
