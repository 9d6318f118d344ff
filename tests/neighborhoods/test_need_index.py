"""The need index: the pure computation (no database) and the service that stores it."""

from decimal import Decimal

import pytest

from neighborhoods.models import City, Indicator, NeedIndexComponent, Neighbourhood
from neighborhoods.services import IndicatorInput, compute_need_index, need_index_recompute, need_scores
from neighborhoods.tasks import recompute_need_index
from tests import factories

# --- the pure part ------------------------------------------------------------------------------------------


def test_outliers_are_winsorised_at_the_5th_and_95th_percentiles() -> None:
    # 21 values: the 5th percentile is the 2nd smallest (1), the 95th the 2nd largest (19).
    values = [float(v) for v in range(20)] + [1000.0]
    scores = need_scores(values, lower_is_needier=False)
    assert scores[0] == 0.0
    assert scores[1] == 0.0
    assert scores[10] == pytest.approx(0.5)
    assert scores[19] == 1.0
    assert scores[20] == 1.0  # 1000 counts no more than 19


def test_lower_is_needier_flips_the_score() -> None:
    assert need_scores([10.0, 20.0, 40.0], lower_is_needier=True) == pytest.approx([1.0, 2 / 3, 0.0])


def test_an_indicator_on_which_everyone_is_equal_scores_zero() -> None:
    assert need_scores([3.0, 3.0, 3.0], lower_is_needier=False) == [0.0, 0.0, 0.0]


def test_contributions_add_up_to_the_index() -> None:
    scores = compute_need_index(
        [
            IndicatorInput(weight=0.2, lower_is_needier=False, values=[1.0, 5.0, 2.0, None, 9.0]),
            IndicatorInput(weight=0.5, lower_is_needier=True, values=[30.0, 10.0, None, 20.0, 40.0]),
            IndicatorInput(weight=0.3, lower_is_needier=False, values=[0.3, 0.1, 0.2, 0.9, None]),
        ],
        5,
    )
    for score in scores:
        assert score.index is not None
        assert sum(component.contribution for component in score.components) == pytest.approx(score.index)
        assert 0 <= score.index <= 100


def test_indicators_without_weight_do_not_count() -> None:
    scores = compute_need_index([IndicatorInput(weight=0, lower_is_needier=False, values=[1.0, 2.0])], 2)
    assert [score.index for score in scores] == [None, None]


# --- the service --------------------------------------------------------------------------------------------


def make_city(*, min_population: int = 0) -> City:
    return factories.CityFactory(need_index_min_population=min_population)


def make_neighbourhoods(city: City, *names: str, population: int = 10_000) -> list[Neighbourhood]:
    return [factories.NeighbourhoodFactory(city=city, name=name, population=population) for name in names]


def make_indicator(
    city: City,
    values: dict[Neighbourhood, float],
    *,
    weight: str,
    kind: str = Indicator.Kind.SOCIAL,
    direction: str = Indicator.Direction.HIGHER_IS_NEEDIER,
) -> Indicator:
    indicator = factories.IndicatorFactory(city=city, kind=kind, direction=direction)
    factories.NeedIndexWeightFactory(indicator=indicator, weight=Decimal(weight))
    for neighbourhood, value in values.items():
        factories.IndicatorValueFactory(indicator=indicator, neighbourhood=neighbourhood, value=value)
    return indicator


def refreshed(*neighbourhoods: Neighbourhood) -> list[Neighbourhood]:
    for neighbourhood in neighbourhoods:
        neighbourhood.refresh_from_db()
    return list(neighbourhoods)


Scenario = tuple[City, list[Neighbourhood], Indicator, Indicator]


@pytest.fixture
def three_neighbourhoods(db: None) -> Scenario:
    """Three neighbourhoods scored on two indicators, with numbers that can be checked by hand.

    Social x (weight 3, higher is needier) is 10, 20, 40; environmental y (weight 1, lower is needier) is
    5, 0, 10. With three values the 5th/95th-percentile winsorising leaves min-max unchanged: x scores 0,
    1/3, 1 and y scores 0.5, 1, 0, so the indices are 100 * (3x + y) / 4 = 12.5, 50 and 75.
    """
    city = make_city()
    a, b, c = make_neighbourhoods(city, "Alfa", "Bravo", "Charlie")
    x = make_indicator(city, {a: 10, b: 20, c: 40}, weight="3")
    y = make_indicator(
        city,
        {a: 5, b: 0, c: 10},
        weight="1",
        kind=Indicator.Kind.ENVIRONMENTAL,
        direction=Indicator.Direction.LOWER_IS_NEEDIER,
    )
    return city, [a, b, c], x, y


def test_need_index_values_and_ranks_follow_the_documented_formula(three_neighbourhoods: Scenario) -> None:
    city, neighbourhoods, _, _ = three_neighbourhoods

    assert need_index_recompute(city=city) == 3

    a, b, c = refreshed(*neighbourhoods)
    assert [a.need_index, b.need_index, c.need_index] == [
        Decimal("12.50"),
        Decimal("50.00"),
        Decimal("75.00"),
    ]
    assert [a.need_rank, b.need_rank, c.need_rank] == [3, 2, 1]
    assert {a.need_index_coverage, b.need_index_coverage, c.need_index_coverage} == {Decimal("1.000")}
    city.refresh_from_db()
    assert city.need_index_computed_at is not None


def test_components_explain_the_index(three_neighbourhoods: Scenario) -> None:
    city, (a, b, c), x, y = three_neighbourhoods
    need_index_recompute(city=city)

    component = {
        (item.neighbourhood_id, item.indicator_id): item for item in NeedIndexComponent.objects.all()
    }
    assert component[b.pk, x.pk].normalised == pytest.approx(1 / 3)
    assert component[b.pk, x.pk].contribution == pytest.approx(25.0)
    assert component[b.pk, x.pk].percentile == pytest.approx(1 / 3)  # only Alfa has less need on x
    assert component[b.pk, x.pk].weight == Decimal("3.000")
    assert component[a.pk, y.pk].normalised == pytest.approx(0.5)  # flipped: lower is needier
    assert component[b.pk, y.pk].normalised == 1.0
    assert component[c.pk, y.pk].normalised == 0.0
    for neighbourhood in refreshed(a, b, c):
        total = sum(item.contribution for item in neighbourhood.need_components.all())
        assert total == pytest.approx(float(neighbourhood.need_index), abs=0.005)


def test_a_missing_value_renormalises_over_the_other_indicators(db: None) -> None:
    city = make_city()
    a, b, c = make_neighbourhoods(city, "Alfa", "Bravo", "Charlie")
    make_indicator(city, {a: 10, b: 20, c: 40}, weight="3")
    make_indicator(
        city,
        {a: 5, c: 10},
        weight="1",
        kind=Indicator.Kind.ENVIRONMENTAL,
        direction=Indicator.Direction.LOWER_IS_NEEDIER,
    )

    need_index_recompute(city=city)

    a, b, c = refreshed(a, b, c)
    assert b.need_index == Decimal("33.33")  # 100 * 3 * (1/3) / 3: only x counts for Bravo
    assert b.need_index_coverage == Decimal("0.750")
    assert a.need_index == Decimal("25.00")  # x 0, y 1 (the lower of two): 100 * 1 / 4
    assert c.need_index == Decimal("75.00")


def test_a_neighbourhood_below_the_minimum_population_is_ranked_without_social_indicators(db: None) -> None:
    city = make_city(min_population=500)
    (small,) = make_neighbourhoods(city, "Alfa", population=100)
    b, c = make_neighbourhoods(city, "Bravo", "Charlie")
    social = make_indicator(city, {small: 10, b: 20, c: 40}, weight="3")
    make_indicator(
        city,
        {small: 5, b: 0, c: 10},
        weight="1",
        kind=Indicator.Kind.ENVIRONMENTAL,
        direction=Indicator.Direction.LOWER_IS_NEEDIER,
    )

    need_index_recompute(city=city)

    small, b, c = refreshed(small, b, c)
    assert not small.need_components.filter(indicator=social).exists()
    assert small.need_index == Decimal("50.00")  # y alone: 0.5
    assert small.need_index_coverage == Decimal("0.250")
    # Alfa's 10 left the scale of x: Bravo is now its least needy.
    assert b.need_index == Decimal("25.00")
    assert c.need_index == Decimal("75.00")


def test_changing_a_weight_and_recomputing_changes_the_ranking(three_neighbourhoods: Scenario) -> None:
    city, neighbourhoods, x, _ = three_neighbourhoods
    need_index_recompute(city=city)

    x.need_weight.weight = Decimal("0")
    x.need_weight.save()
    need_index_recompute(city=city)

    a, b, c = refreshed(*neighbourhoods)
    assert [b.need_rank, a.need_rank, c.need_rank] == [1, 2, 3]
    assert [a.need_index, b.need_index, c.need_index] == [
        Decimal("50.00"),
        Decimal("100.00"),
        Decimal("0.00"),
    ]
    assert not NeedIndexComponent.objects.filter(indicator=x).exists()


def test_equal_indices_rank_by_name(db: None) -> None:
    city = make_city()
    zulu, alfa, low = make_neighbourhoods(city, "Zulu", "Alfa", "Mike")
    make_indicator(city, {zulu: 9, alfa: 9, low: 1}, weight="1")

    need_index_recompute(city=city)

    assert [n.need_rank for n in refreshed(alfa, zulu, low)] == [1, 2, 3]


def test_a_neighbourhood_without_values_gets_no_index(three_neighbourhoods: Scenario) -> None:
    city, _, _, _ = three_neighbourhoods
    (empty,) = make_neighbourhoods(city, "Delta")

    assert need_index_recompute(city=city) == 3

    empty.refresh_from_db()
    assert (empty.need_index, empty.need_rank, empty.need_index_coverage) == (None, None, None)


def test_recomputing_replaces_the_components_and_leaves_other_cities_alone(
    three_neighbourhoods: Scenario,
) -> None:
    city, _, _, _ = three_neighbourhoods
    other_city = make_city()
    (other,) = make_neighbourhoods(other_city, "Altrove")
    make_indicator(other_city, {other: 1.0}, weight="1")
    need_index_recompute(city=other_city)

    need_index_recompute(city=city)
    need_index_recompute(city=city)

    assert NeedIndexComponent.objects.filter(neighbourhood__city=city).count() == 6
    assert NeedIndexComponent.objects.filter(neighbourhood__city=other_city).count() == 1


def test_the_task_recomputes_the_city(three_neighbourhoods: Scenario) -> None:
    city, neighbourhoods, _, _ = three_neighbourhoods

    assert recompute_need_index.delay(city.pk).get() == 3

    assert refreshed(neighbourhoods[2])[0].need_rank == 1


def test_the_task_is_harmless_for_a_deleted_city(db: None) -> None:
    assert recompute_need_index.delay(987_654).get() == 0
