from decimal import Decimal

import pytest
from django.utils import translation

from neighborhoods import selectors
from tests.web.conftest import RankedCity, ranked_city

pytestmark = pytest.mark.django_db


def test_reasons_read_in_italian_with_italian_number_format(milano: RankedCity) -> None:
    with translation.override("it"):
        explanation = selectors.need_explanation(milano.neighbourhoods[0])

    sentences = [reason.sentence for reason in explanation.reasons]
    assert sentences == [
        "Famiglie monogenitore 6,2% (2021)",
        "Verde urbano 4,1 m²/ab (2024)",
        "Anziani soli 3,0% (2021)",
    ]


def test_reasons_read_in_english_with_english_number_format(milano: RankedCity) -> None:
    with translation.override("en"):
        explanation = selectors.need_explanation(milano.neighbourhoods[0])

    assert explanation.reasons[1].sentence == "Urban green space 4.1 m²/ab (2024)"
    assert explanation.reasons[1].comparison == "lower than in 85% of neighbourhoods"
    assert explanation.reasons[0].comparison == "higher than in 90% of neighbourhoods"


def test_explanation_ranks_among_the_neighbourhoods_with_an_index(milano: RankedCity) -> None:
    unindexed = milano.neighbourhoods[2]
    unindexed.need_index, unindexed.need_rank = None, None
    unindexed.save()

    explanation = selectors.need_explanation(milano.neighbourhoods[1])

    assert (explanation.rank, explanation.ranked_count) == (2, 2)
    assert [reason.weight_share for reason in explanation.reasons] == pytest.approx([1 / 3] * 3)


def test_full_coverage_needs_no_note(milano: RankedCity) -> None:
    assert selectors.need_explanation(milano.neighbourhoods[0]).coverage_note == ""


def test_partial_coverage_with_enough_residents_says_figures_are_missing() -> None:
    neighbourhood = ranked_city(count=1).neighbourhoods[0]
    neighbourhood.need_index_coverage = Decimal("0.750")

    with translation.override("en"):
        note = selectors.need_explanation(neighbourhood).coverage_note

    assert note == "Index based on 75% of the indicators' weight: some figures are missing."


@pytest.mark.parametrize(
    ("value", "unit", "italian", "english"),
    [
        (6.2, "%", "6,2%", "6.2%"),
        (4.06, "m²/ab", "4,1 m²/ab", "4.1 m²/ab"),
        (12345.0, "", "12.345", "12,345"),
        (0.347, "t/ab", "0,35 t/ab", "0.35 t/ab"),
    ],
)
def test_indicator_values_follow_the_active_languages_number_format(
    value: float, unit: str, italian: str, english: str
) -> None:
    with translation.override("it"):
        assert selectors.format_indicator_value(value, unit) == italian
    with translation.override("en"):
        assert selectors.format_indicator_value(value, unit) == english


@pytest.mark.parametrize(("value", "shown"), [(500, "500"), (0.0, "0"), (16706.0, "16.706"), (0, "0")])
def test_whole_numbers_and_zero_show_no_decimals(value: float, shown: str) -> None:
    with translation.override("it"):
        assert selectors.format_number(value) == shown
