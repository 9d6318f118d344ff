"""The City's strategy derived from indicators: pure scoring, no database."""

import pytest

from demo.strategy import (
    MAX_PRIORITIES,
    MIN_PRIORITIES,
    RankedTheme,
    need_percentiles,
    priority_statement,
    rank_themes,
)

NO_TIES: dict[str, float] = {}
CALM = {
    "urban-green-index": 0.2,
    "urban-heat-exposure": 0.2,
    "heatwave-risk": 0.2,
    "head-80-plus-households": 0.2,
    "single-parent-minor-households": 0.2,
    "foreign-residents": 0.2,
    "single-person-households": 0.2,
    "density": 0.2,
}


def test_need_percentiles_put_the_neediest_at_one_whichever_the_direction() -> None:
    values = {1: 10.0, 2: 30.0, 3: 20.0}

    assert need_percentiles(values, lower_is_needier=False) == {1: 0.0, 2: 1.0, 3: 0.5}
    assert need_percentiles(values, lower_is_needier=True) == {1: 1.0, 2: 0.0, 3: 0.5}


def test_need_percentiles_share_the_rank_of_ties() -> None:
    assert need_percentiles({1: 5.0, 2: 5.0, 3: 9.0}, lower_is_needier=False) == {1: 0.25, 2: 0.25, 3: 1.0}
    assert need_percentiles({1: 5.0}, lower_is_needier=False) == {1: 0.5}


def test_little_green_and_much_heat_put_greening_first() -> None:
    hot_and_grey = {**CALM, "urban-green-index": 1.0, "urban-heat-exposure": 0.9, "heatwave-risk": 0.9}

    ranked = rank_themes(hot_and_grey, tie_breaks=NO_TIES)

    assert ranked[0].theme == "greening"
    assert ranked[0].evidence == "urban-green-index"


def test_many_households_headed_by_80_year_olds_put_health_first() -> None:
    ranked = rank_themes({**CALM, "head-80-plus-households": 1.0, "heatwave-risk": 0.8}, tie_breaks=NO_TIES)

    assert ranked[0].theme == "health"


def test_many_single_parents_put_education_first() -> None:
    ranked = rank_themes({**CALM, "single-parent-minor-households": 1.0}, tie_breaks=NO_TIES)

    assert ranked[0].theme == "education"


def test_between_two_and_four_priorities_whatever_the_data() -> None:
    everything_pressing = dict.fromkeys(CALM, 1.0)

    assert len(rank_themes(CALM, tie_breaks=NO_TIES)) == MIN_PRIORITIES
    assert len(rank_themes(everything_pressing, tie_breaks=NO_TIES)) == MAX_PRIORITIES
    assert len(rank_themes({}, tie_breaks=NO_TIES)) == MIN_PRIORITIES


def test_tie_breaks_order_equal_scores() -> None:
    ranked = rank_themes({}, tie_breaks={"culture": 0.2})

    assert ranked[0].theme == "culture"


def test_the_statement_says_why_in_italian() -> None:
    strong = RankedTheme("greening", 0.9, "urban-green-index", 0.95)
    moderate = RankedTheme("greening", 0.7, "urban-green-index", 0.65)
    unmeasured = RankedTheme("culture", 0.42, None, 0.0)

    assert priority_statement(strong).startswith("Il verde urbano è tra i più scarsi della città: piantiamo")
    assert priority_statement(moderate).startswith("C'è meno verde che nella media della città:")
    assert priority_statement(unmeasured).startswith("La cultura tiene insieme il quartiere:")


@pytest.mark.parametrize("percentile", [0.0, 0.3])
def test_weak_evidence_gets_a_generic_lead(percentile: float) -> None:
    ranked = RankedTheme("health", 0.45, "head-80-plus-households", percentile)

    assert priority_statement(ranked).startswith("La salute si costruisce vicino a casa:")
