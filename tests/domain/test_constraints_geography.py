"""Constraints of the geography floor, pinned: SDGs, districts, neighbourhoods, indicators, priorities."""

from decimal import Decimal

import pytest

from neighborhoods.models import Neighbourhood
from taxonomy.models import SustainableDevelopmentGoal
from tests.domain.constraints import refused_by
from tests.factories import (
    CityFactory,
    DistrictFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NeedIndexComponentFactory,
    NeedIndexWeightFactory,
    NeighbourhoodDistrictShareFactory,
    NeighbourhoodFactory,
    NeighbourhoodPriorityFactory,
    theme,
)

pytestmark = pytest.mark.django_db


# --- taxonomy ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [0, 18])
def test_sdg_number_outside_1_to_17_is_refused(number: int) -> None:
    with refused_by("sdg_number_1_to_17"):
        SustainableDevelopmentGoal.objects.create(number=number, name_it="Obiettivo", name_en="Goal")


@pytest.mark.parametrize("number", [1, 17])
def test_sdg_numbers_1_and_17_are_allowed(number: int) -> None:
    SustainableDevelopmentGoal.objects.filter(number=number).delete()  # seeded by the migration

    SustainableDevelopmentGoal.objects.create(number=number, name_it="Obiettivo", name_en="Goal")


# --- neighborhoods: districts and neighbourhoods ----------------------------------------------------


def test_duplicate_district_code_in_one_city_is_refused() -> None:
    district = DistrictFactory(code="1")

    with refused_by("district_code_unique_in_city"):
        DistrictFactory(city=district.city, code="1")


def test_same_district_code_in_two_cities_is_allowed() -> None:
    DistrictFactory(code="1")

    assert DistrictFactory(code="1").pk


def test_duplicate_nil_code_in_one_city_is_refused() -> None:
    nil = NeighbourhoodFactory(code="12", slug="gratosoglio")

    with refused_by("neighbourhood_code_unique_in_city"):
        NeighbourhoodFactory(city=nil.city, code="12", slug="ticinello")


def test_same_nil_code_in_two_cities_is_allowed() -> None:
    milan_nil = NeighbourhoodFactory(city=CityFactory(slug="milano"), code="12")

    turin_nil = NeighbourhoodFactory(city=CityFactory(slug="torino"), code="12")

    assert Neighbourhood.objects.filter(code="12").count() == 2
    assert milan_nil.city != turin_nil.city


def test_duplicate_neighbourhood_slug_in_one_city_is_refused() -> None:
    nil = NeighbourhoodFactory(code="12", slug="gratosoglio")

    with refused_by("neighbourhood_slug_unique_in_city"):
        NeighbourhoodFactory(city=nil.city, code="13", slug="gratosoglio")


@pytest.mark.parametrize("need_index", [Decimal("-0.01"), Decimal("100.01")])
def test_need_index_outside_0_to_100_is_refused(need_index: Decimal) -> None:
    with refused_by("neighbourhood_need_index_0_to_100"):
        NeighbourhoodFactory(need_index=need_index)


@pytest.mark.parametrize("need_index", [None, Decimal("0"), Decimal("100")])
def test_need_index_empty_or_within_0_to_100_is_allowed(need_index: Decimal | None) -> None:
    assert NeighbourhoodFactory(need_index=need_index).pk


@pytest.mark.parametrize("latitude", [-90.5, 90.5])
def test_neighbourhood_centroid_latitude_beyond_the_poles_is_refused(latitude: float) -> None:
    with refused_by("neighbourhood_centroid_lat_range"):
        NeighbourhoodFactory(centroid_lat=latitude)


@pytest.mark.parametrize("longitude", [-180.5, 180.5])
def test_neighbourhood_centroid_longitude_beyond_180_is_refused(longitude: float) -> None:
    with refused_by("neighbourhood_centroid_lon_range"):
        NeighbourhoodFactory(centroid_lon=longitude)


def test_neighbourhood_without_centroid_is_allowed() -> None:
    assert NeighbourhoodFactory(centroid_lat=None, centroid_lon=None).pk


def test_need_index_coverage_above_1_is_refused() -> None:
    with refused_by("neighbourhood_need_coverage_0_to_1"):
        NeighbourhoodFactory(need_index_coverage=Decimal("1.500"))


def test_need_rank_zero_is_refused() -> None:
    with refused_by("neighbourhood_need_rank_positive"):
        NeighbourhoodFactory(need_rank=0)


# --- neighborhoods: district shares, indicators, need index -----------------------------------------


def test_second_share_of_one_neighbourhood_in_the_same_district_is_refused() -> None:
    share = NeighbourhoodDistrictShareFactory(share=Decimal("0.6000"))

    with refused_by("district_share_unique"):
        NeighbourhoodDistrictShareFactory(
            neighbourhood=share.neighbourhood, district=share.district, share=Decimal("0.4000")
        )


@pytest.mark.parametrize("share", [Decimal("0"), Decimal("-0.5000"), Decimal("1.0001")])
def test_district_share_outside_0_exclusive_to_1_is_refused(share: Decimal) -> None:
    with refused_by("district_share_in_0_1"):
        NeighbourhoodDistrictShareFactory(share=share)


def test_district_share_of_the_whole_neighbourhood_is_allowed() -> None:
    assert NeighbourhoodDistrictShareFactory(share=Decimal("1")).pk


def test_duplicate_indicator_code_in_one_city_is_refused() -> None:
    indicator = IndicatorFactory(code="unemployment")

    with refused_by("indicator_code_unique_in_city"):
        IndicatorFactory(city=indicator.city, code="unemployment")


def test_indicator_of_unknown_kind_is_refused() -> None:
    with refused_by("indicator_kind_valid"):
        IndicatorFactory(kind="economic")


def test_indicator_of_unknown_direction_is_refused() -> None:
    with refused_by("indicator_direction_valid"):
        IndicatorFactory(direction="sideways")


def test_second_value_of_one_indicator_for_one_neighbourhood_is_refused() -> None:
    value = IndicatorValueFactory()

    with refused_by("indicator_value_unique"):
        IndicatorValueFactory(indicator=value.indicator, neighbourhood=value.neighbourhood, value=2.0)


def test_negative_need_index_weight_is_refused() -> None:
    with refused_by("need_weight_non_negative"):
        NeedIndexWeightFactory(weight=Decimal("-0.001"))


def test_zero_need_index_weight_is_allowed() -> None:
    assert NeedIndexWeightFactory(weight=Decimal("0")).pk


def test_second_component_of_one_indicator_in_one_neighbourhood_is_refused() -> None:
    component = NeedIndexComponentFactory()

    with refused_by("need_component_unique"):
        NeedIndexComponentFactory(neighbourhood=component.neighbourhood, indicator=component.indicator)


@pytest.mark.parametrize("normalised", [-0.1, 1.1])
def test_need_component_normalised_outside_0_to_1_is_refused(normalised: float) -> None:
    with refused_by("need_component_normalised_0_1"):
        NeedIndexComponentFactory(normalised=normalised)


@pytest.mark.parametrize("percentile", [-0.1, 1.1])
def test_need_component_percentile_outside_0_to_1_is_refused(percentile: float) -> None:
    with refused_by("need_component_percentile_0_1"):
        NeedIndexComponentFactory(percentile=percentile)


@pytest.mark.parametrize("contribution", [-0.5, 100.5])
def test_need_component_contribution_outside_0_to_100_is_refused(contribution: float) -> None:
    with refused_by("need_component_contribution_0_100"):
        NeedIndexComponentFactory(contribution=contribution)


def test_need_component_at_the_bounds_is_allowed() -> None:
    assert NeedIndexComponentFactory(normalised=1.0, percentile=0.0, contribution=100.0).pk


# --- neighborhoods: the City's priorities -----------------------------------------------------------


def test_same_theme_twice_in_one_neighbourhoods_priorities_is_refused() -> None:
    priority = NeighbourhoodPriorityFactory(theme=theme("greening"), rank=1)

    with refused_by("priority_theme_once_per_neighbourhood"):
        NeighbourhoodPriorityFactory(neighbourhood=priority.neighbourhood, theme=theme("greening"), rank=2)


def test_priority_rank_taken_twice_in_one_neighbourhood_is_refused() -> None:
    priority = NeighbourhoodPriorityFactory(theme=theme("greening"), rank=1)

    with refused_by("priority_rank_unique_per_neighbourhood"):
        NeighbourhoodPriorityFactory(neighbourhood=priority.neighbourhood, theme=theme("education"), rank=1)


def test_same_priority_rank_in_two_neighbourhoods_is_allowed() -> None:
    NeighbourhoodPriorityFactory(rank=1)

    assert NeighbourhoodPriorityFactory(rank=1).pk


def test_priority_rank_zero_is_refused() -> None:
    with refused_by("priority_rank_positive"):
        NeighbourhoodPriorityFactory(rank=0)


def test_city_whose_pledges_expire_at_once_is_refused() -> None:
    with refused_by("city_pledge_offer_days_positive"):
        CityFactory(pledge_offer_days=0)
