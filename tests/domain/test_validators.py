"""Italian identifiers: partita IVA, an NGO's fiscal code, RUNTS number and ATECO code."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from companies.validators import (
    is_valid_eleven_digit_code,
    partita_iva_check_digit,
    validate_ateco_code,
    validate_partita_iva,
)
from ngos.validators import validate_entity_fiscal_code, validate_runts_number
from tests.factories import CityFactory, CompanyFactory, OrganisationFactory

ten_digits = st.text(alphabet="0123456789", min_size=10, max_size=10)

# 00743110157 is a real company's partita IVA; its check digit is verified by the Luhn test below,
# independently of partita_iva_check_digit.
KNOWN_VALID_VAT_NUMBER = "00743110157"


def luhn_is_valid(number: str) -> bool:
    """The textbook Luhn check, which the partita IVA's check digit is: an independent oracle."""
    total = 0
    for position_from_right, char in enumerate(reversed(number)):
        digit = int(char)
        if position_from_right % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def in_arabic_indic_digits(ascii_value: str) -> str:
    """The same value in Arabic-Indic digits (U+0660..U+0669), which Python's `\\d` also matches."""
    return ascii_value.translate(str.maketrans("0123456789", "".join(chr(0x0660 + d) for d in range(10))))


def with_check_digit(first_ten: str) -> str:
    return first_ten + str(partita_iva_check_digit(first_ten))


def error_code(validator: Callable[[str], None], value: str) -> str | None:
    with pytest.raises(ValidationError) as refusal:
        validator(value)
    return refusal.value.code


# --- partita IVA ------------------------------------------------------------------------------------


def test_known_valid_vat_number_passes_the_independent_luhn_check() -> None:
    assert luhn_is_valid(KNOWN_VALID_VAT_NUMBER)


@pytest.mark.parametrize("vat_number", [KNOWN_VALID_VAT_NUMBER, with_check_digit("1234567890")])
def test_vat_number_with_right_check_digit_is_accepted(vat_number: str) -> None:
    validate_partita_iva(vat_number)

    assert is_valid_eleven_digit_code(vat_number)


def test_check_digit_of_the_known_valid_vat_number_is_its_last_digit() -> None:
    assert partita_iva_check_digit(KNOWN_VALID_VAT_NUMBER[:10]) == 7


@pytest.mark.parametrize("vat_number", ["00743110158", "00743110150", "01743110157"])
def test_vat_number_with_wrong_check_digit_is_refused(vat_number: str) -> None:
    assert error_code(validate_partita_iva, vat_number) == "vat_check_digit"


@pytest.mark.parametrize(
    "vat_number",
    ["", "0074311015", "007431101570", "IT00743110157", "0074311015A", "00743 10157", "-0743110157"],
)
def test_vat_number_not_of_eleven_digits_is_refused(vat_number: str) -> None:
    assert error_code(validate_partita_iva, vat_number) == "vat_format"


@pytest.mark.parametrize(
    "vat_number",
    [KNOWN_VALID_VAT_NUMBER + "\n", in_arabic_indic_digits(KNOWN_VALID_VAT_NUMBER)],
    ids=["trailing-newline", "arabic-indic-digits"],
)
def test_vat_number_with_trailing_newline_or_non_ascii_digits_is_refused(vat_number: str) -> None:
    assert error_code(validate_partita_iva, vat_number) == "vat_format"


@given(first_ten=ten_digits)
def test_appending_the_check_digit_makes_any_ten_digits_a_valid_vat_number(first_ten: str) -> None:
    vat_number = with_check_digit(first_ten)

    validate_partita_iva(vat_number)
    assert luhn_is_valid(vat_number)


@given(first_ten=ten_digits)
def test_any_other_final_digit_makes_the_vat_number_invalid(first_ten: str) -> None:
    right_digit = partita_iva_check_digit(first_ten)

    for wrong_digit in set(range(10)) - {right_digit}:
        assert error_code(validate_partita_iva, f"{first_ten}{wrong_digit}") == "vat_check_digit"


@given(first_ten=ten_digits, position=st.integers(min_value=0, max_value=9), shift=st.integers(1, 9))
def test_changing_any_one_digit_of_a_valid_vat_number_makes_it_invalid(
    first_ten: str, position: int, shift: int
) -> None:
    vat_number = with_check_digit(first_ten)
    changed_digit = str((int(vat_number[position]) + shift) % 10)
    mistyped = vat_number[:position] + changed_digit + vat_number[position + 1 :]

    assert error_code(validate_partita_iva, mistyped) == "vat_check_digit"


@pytest.mark.django_db
def test_company_with_wrong_vat_check_digit_fails_full_clean_on_vat_number() -> None:
    company = CompanyFactory.build(city=CityFactory(), vat_number="00743110158")

    with pytest.raises(ValidationError) as refusal:
        company.full_clean()

    assert set(refusal.value.error_dict) == {"vat_number"}
    assert [error.code for error in refusal.value.error_dict["vat_number"]] == ["vat_check_digit"]


@pytest.mark.django_db
def test_company_with_valid_vat_number_passes_full_clean() -> None:
    CompanyFactory.build(city=CityFactory(), vat_number=KNOWN_VALID_VAT_NUMBER).full_clean()


# --- an NGO's fiscal code ---------------------------------------------------------------------------


@pytest.mark.parametrize("fiscal_code", [with_check_digit("9700000001"), with_check_digit("8012345678")])
def test_ngo_fiscal_code_of_eleven_digits_with_right_check_digit_is_accepted(fiscal_code: str) -> None:
    validate_entity_fiscal_code(fiscal_code)


def test_ngo_fiscal_code_with_wrong_check_digit_is_refused() -> None:
    wrong = with_check_digit("9700000001")[:10] + str((partita_iva_check_digit("9700000001") + 1) % 10)

    assert error_code(validate_entity_fiscal_code, wrong) == "fiscal_code_check_digit"


@pytest.mark.parametrize(
    "fiscal_code",
    ["", "9700000001", "970000000123", "RSSMRA80A01F205X", "97000O00019", KNOWN_VALID_VAT_NUMBER + "\n"],
)
def test_ngo_fiscal_code_not_of_eleven_digits_is_refused(fiscal_code: str) -> None:
    assert error_code(validate_entity_fiscal_code, fiscal_code) == "fiscal_code_format"


def test_ngo_fiscal_code_in_non_ascii_digits_is_refused() -> None:
    fiscal_code = in_arabic_indic_digits(KNOWN_VALID_VAT_NUMBER)

    assert error_code(validate_entity_fiscal_code, fiscal_code) == "fiscal_code_format"


@pytest.mark.django_db
def test_organisation_with_wrong_fiscal_code_check_digit_fails_full_clean_on_fiscal_code() -> None:
    organisation = OrganisationFactory.build(city=CityFactory(), fiscal_code="00743110158")

    with pytest.raises(ValidationError) as refusal:
        organisation.full_clean()

    assert set(refusal.value.error_dict) == {"fiscal_code"}


# --- RUNTS number -----------------------------------------------------------------------------------


@pytest.mark.parametrize("runts_number", ["1", "123456", "123456789"])
def test_runts_number_of_up_to_nine_digits_is_accepted(runts_number: str) -> None:
    validate_runts_number(runts_number)


@pytest.mark.parametrize("runts_number", ["", "1234567890", "12a456", "-123", "12 345", "R123456"])
def test_runts_number_other_than_one_to_nine_digits_is_refused(runts_number: str) -> None:
    assert error_code(validate_runts_number, runts_number) == "runts_format"


@pytest.mark.parametrize(
    "runts_number", ["123\n", in_arabic_indic_digits("123")], ids=["trailing-newline", "arabic-indic-digits"]
)
def test_runts_number_with_trailing_newline_or_non_ascii_digits_is_refused(runts_number: str) -> None:
    assert error_code(validate_runts_number, runts_number) == "runts_format"


@pytest.mark.django_db
def test_organisation_not_yet_in_the_runts_passes_full_clean() -> None:
    OrganisationFactory.build(city=CityFactory(), runts_number="").full_clean()


# --- ATECO code -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ateco_code", ["62", "62.0", "62.01", "62.01.0", "62.01.00"])
def test_ateco_code_at_any_level_is_accepted(ateco_code: str) -> None:
    validate_ateco_code(ateco_code)


@pytest.mark.parametrize(
    "ateco_code", ["", "6", "6201", "A62", "62.", "62.011", "62.01.00.00", "62,01", " 62.01", "J62.01"]
)
def test_ateco_code_not_shaped_like_62_01_00_is_refused(ateco_code: str) -> None:
    assert error_code(validate_ateco_code, ateco_code) == "ateco_format"


@pytest.mark.parametrize(
    "ateco_code",
    ["62.01\n", in_arabic_indic_digits("62.01")],
    ids=["trailing-newline", "arabic-indic-digits"],
)
def test_ateco_code_with_trailing_newline_or_non_ascii_digits_is_refused(ateco_code: str) -> None:
    assert error_code(validate_ateco_code, ateco_code) == "ateco_format"
