"""Each component on hand-made cases, through the selectors and the engine."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ledger.models import Pledge
from matching import engine
from matching.selectors import matching_inputs
from projects.models import Need
from tests.factories import (
    CityFactory,
    CompanyFactory,
    NeedFactory,
    NeighbourhoodFactory,
    NeighbourhoodPriorityFactory,
    PledgeFactory,
    ProjectFactory,
    SiteFactory,
    skill,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(slug="milano", centroid_lat=45.46, centroid_lon=9.19)


@pytest.fixture
def place(city):
    return NeighbourhoodFactory(city=city, centroid_lat=45.46, centroid_lon=9.19, need_index=Decimal("80"))


def components(city, company, project) -> dict[str, float]:
    inputs = matching_inputs(city=city)
    c = list(inputs.company_ids).index(company.pk)
    p = list(inputs.project_ids).index(project.pk)
    values, applies = engine.components_for_pairs(inputs.companies, inputs.projects, [c], [p])
    return {
        name: (float(values[0, i]) if applies[0, i] else None) for i, name in enumerate(engine.COMPONENTS)
    }


def test_a_nearer_site_scores_higher_proximity(city, place) -> None:
    project = ProjectFactory(neighbourhood=place)
    near, far = CompanyFactory(city=city), CompanyFactory(city=city)
    SiteFactory(company=near, latitude=45.465, longitude=9.19)  # about 0.6 km
    SiteFactory(company=far, latitude=45.52, longitude=9.19)  # about 6.7 km
    assert components(city, near, project)["proximity"] > components(city, far, project)["proximity"] > 0


def test_a_company_without_a_site_scores_no_proximity(city, place) -> None:
    project = ProjectFactory(neighbourhood=place)
    assert components(city, CompanyFactory(city=city), project)["proximity"] == 0


def test_no_theme_in_common_scores_theme_zero(city, place) -> None:
    project = ProjectFactory(neighbourhood=place, themes=[theme("greening")])
    company = CompanyFactory(city=city)
    company.themes.set([t for t in type(theme()).objects.exclude(code="greening")])
    assert components(city, company, project)["theme"] == 0
    company.themes.add(theme("greening"))
    assert components(city, company, project)["theme"] == 1


@pytest.mark.parametrize(("gap", "expected"), [(200_000, 0.025), (4_000, 1.0)])
def test_capacity_is_the_share_of_the_gap_the_budget_left_covers(city, place, gap, expected) -> None:
    project = ProjectFactory(neighbourhood=place)
    NeedFactory(project=project, target_quantity=Decimal(gap))
    company = CompanyFactory(city=city, csr_budget_eur=Decimal("8000"))
    PledgeFactory(company=company, need=NeedFactory(project=ProjectFactory(neighbourhood=place)),
                  quantity=Decimal("3000"))  # fmt: skip
    assert components(city, company, project)["capacity"] == pytest.approx(expected)


def test_pledges_of_earlier_years_and_withdrawn_ones_leave_the_budget(city, place) -> None:
    project = ProjectFactory(neighbourhood=place)
    NeedFactory(project=project, target_quantity=Decimal(10_000))
    company = CompanyFactory(city=city, csr_budget_eur=Decimal("5000"))
    old = PledgeFactory(company=company, need=NeedFactory(project=project), quantity=Decimal("4000"))
    Pledge.objects.filter(pk=old.pk).update(offered_at=timezone.now() - timedelta(days=800))
    PledgeFactory(company=company, need=NeedFactory(project=project), quantity=Decimal("4000"),
                  status=Pledge.Status.WITHDRAWN)  # fmt: skip
    # The first pledge still narrows the project's gap (committed); the budget is the full 5,000.
    assert components(city, company, project)["capacity"] == pytest.approx(5000 / (3 * 10_000 - 4000))


def test_a_project_asking_no_skills_does_not_count_the_skills_weight(city, place) -> None:
    project = ProjectFactory(neighbourhood=place)
    NeedFactory(project=project)
    company = CompanyFactory(city=city)
    company.skills.set([skill("gardening")])
    assert components(city, company, project)["skills"] is None
    asking = ProjectFactory(neighbourhood=place)
    need = NeedFactory(project=asking, kind=Need.Kind.VOLUNTEERING, unit=Need.Unit.HOURS,
                       unit_value_eur=Decimal("20"), target_quantity=Decimal(100))  # fmt: skip
    need.skills.set([skill("gardening")])
    assert components(city, company, asking)["skills"] == 1


@pytest.mark.parametrize(("rank", "expected"), [(1, 1.0), (2, 0.75)])
def test_the_city_priority_rank_maps_to_the_score(city, place, rank, expected) -> None:
    if rank == 2:
        NeighbourhoodPriorityFactory(neighbourhood=place, theme=theme("education"), rank=1)
    NeighbourhoodPriorityFactory(neighbourhood=place, theme=theme("greening"), rank=rank)
    project = ProjectFactory(neighbourhood=place, themes=[theme("greening")])
    assert components(city, CompanyFactory(city=city), project)["city_priority"] == expected


def test_need_index_80_scores_need_0_8(city, place) -> None:
    project = ProjectFactory(neighbourhood=place)
    assert components(city, CompanyFactory(city=city), project)["need"] == pytest.approx(0.8)


def test_a_preferred_neighbourhood_raises_history(city, place) -> None:
    project = ProjectFactory(neighbourhood=place)
    company = CompanyFactory(city=city)
    before = components(city, company, project)["history"]
    company.preferred_neighbourhoods.add(place)
    assert components(city, company, project)["history"] == pytest.approx(before + 0.4)


def test_pledging_before_in_the_neighbourhood_and_theme_raises_history(city, place) -> None:
    project = ProjectFactory(neighbourhood=place, themes=[theme("greening")])
    company = CompanyFactory(city=city)
    PledgeFactory(company=company, need=NeedFactory(project=ProjectFactory(neighbourhood=place)))
    assert components(city, company, project)["history"] == pytest.approx(0.6)
