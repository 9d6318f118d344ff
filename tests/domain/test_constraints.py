"""Every named database constraint, pinned: a row that breaks it is refused by the database itself.

Rows are written with objects.create() (through the factories), which runs no model validation, so
what these tests pin is the constraint in the schema, whatever path wrote the row. `refused_by` also
checks that the error comes from the constraint named, not from some other one the row happens to
break; the last tests fail the suite when a constraint appears that no test here refuses a row by.
"""

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from accounts.models import Membership
from ledger.models import Pledge
from neighborhoods.models import Neighbourhood
from projects.models import Application, Need, Project
from taxonomy.models import SustainableDevelopmentGoal
from tests.factories import (
    ApplicationFactory,
    ApplicationScoreFactory,
    CallFactory,
    CampaignFactory,
    CityFactory,
    CompanyFactory,
    CompanyMemberFactory,
    DistrictFactory,
    EvaluationCriterionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MembershipFactory,
    NeedFactory,
    NeedIndexComponentFactory,
    NeedIndexWeightFactory,
    NeighbourhoodDistrictShareFactory,
    NeighbourhoodFactory,
    NeighbourhoodPriorityFactory,
    NgoMemberFactory,
    OfficerFactory,
    OrganisationFactory,
    PledgeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    SiteFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db


def _our_models() -> Iterator[type[models.Model]]:
    """Models of the project's own apps: every installed app that is not a third-party package."""
    for app_config in apps.get_app_configs():
        if "site-packages" not in Path(app_config.path).parts:
            yield from app_config.get_models()


def _constraints_by_name() -> dict[str, tuple[type[models.Model], models.BaseConstraint]]:
    return {
        constraint.name: (model, constraint)
        for model in _our_models()
        for constraint in model._meta.constraints
    }


CONSTRAINTS = _constraints_by_name()


def _error_names_constraint(message: str, name: str) -> bool:
    model, constraint = CONSTRAINTS[name]
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        # SQLite names the columns of a unique index, not the index.
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{model._meta.get_field(field).column}" for field in constraint.fields)
        return message.splitlines()[0] == f"UNIQUE constraint failed: {columns}"
    return name in message


@contextmanager
def refused_by(*names: str) -> Iterator[None]:
    """The block must write a row the database refuses, by (one of) the constraint(s) named."""
    for name in names:
        assert name in CONSTRAINTS, f"{name} is not a constraint of any model"
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        yield
    message = str(refusal.value)
    assert any(_error_names_constraint(message, name) for name in names), message


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


# --- companies --------------------------------------------------------------------------------------


def test_duplicate_vat_number_in_one_city_is_refused() -> None:
    company = CompanyFactory()

    with refused_by("company_vat_unique_in_city"):
        CompanyFactory(city=company.city, vat_number=company.vat_number)


def test_same_vat_number_in_two_cities_is_allowed() -> None:
    company = CompanyFactory()

    assert CompanyFactory(vat_number=company.vat_number).city != company.city


def test_duplicate_company_slug_in_one_city_is_refused() -> None:
    company = CompanyFactory()

    with refused_by("company_slug_unique_in_city"):
        CompanyFactory(city=company.city, slug=company.slug)


def test_negative_company_csr_budget_is_refused() -> None:
    with refused_by("company_budget_non_negative"):
        CompanyFactory(csr_budget_eur=Decimal("-0.01"))


def test_company_of_unknown_size_class_is_refused() -> None:
    with refused_by("company_size_class_valid"):
        CompanyFactory(size_class="huge")


def test_two_sites_of_one_company_with_the_same_name_are_refused() -> None:
    site = SiteFactory(name="Sede di Bicocca")

    with refused_by("site_name_unique_in_company"):
        SiteFactory(company=site.company, name="Sede di Bicocca")


def test_second_headquarters_of_one_company_is_refused() -> None:
    headquarters = SiteFactory(is_headquarters=True)

    with refused_by("site_one_headquarters_per_company"):
        SiteFactory(company=headquarters.company, is_headquarters=True)


def test_many_branch_sites_beside_one_headquarters_are_allowed() -> None:
    headquarters = SiteFactory(is_headquarters=True)

    SiteFactory(company=headquarters.company, is_headquarters=False)
    SiteFactory(company=headquarters.company, is_headquarters=False)

    assert SiteFactory(is_headquarters=True).company != headquarters.company
    assert headquarters.company.sites.count() == 3


@pytest.mark.parametrize("latitude", [-90.5, 90.5])
def test_site_latitude_beyond_the_poles_is_refused(latitude: float) -> None:
    with refused_by("site_latitude_range"):
        SiteFactory(latitude=latitude)


@pytest.mark.parametrize("longitude", [-180.5, 180.5])
def test_site_longitude_beyond_180_is_refused(longitude: float) -> None:
    with refused_by("site_longitude_range"):
        SiteFactory(longitude=longitude)


# --- ngos -------------------------------------------------------------------------------------------


def test_duplicate_fiscal_code_in_one_city_is_refused() -> None:
    organisation = OrganisationFactory()

    with refused_by("organisation_fiscal_code_unique_in_city"):
        OrganisationFactory(city=organisation.city, fiscal_code=organisation.fiscal_code)


def test_same_fiscal_code_in_two_cities_is_allowed() -> None:
    organisation = OrganisationFactory()

    assert OrganisationFactory(fiscal_code=organisation.fiscal_code).city != organisation.city


def test_duplicate_organisation_slug_in_one_city_is_refused() -> None:
    organisation = OrganisationFactory()

    with refused_by("organisation_slug_unique_in_city"):
        OrganisationFactory(city=organisation.city, slug=organisation.slug)


def test_same_runts_number_in_two_cities_is_refused() -> None:
    """The RUNTS is a national registry: its number names one body in the whole country."""
    organisation = OrganisationFactory(runts_number="123456")

    with refused_by("organisation_runts_number_unique"):
        OrganisationFactory(runts_number="123456")
    assert organisation.pk


def test_many_organisations_not_yet_in_the_runts_are_allowed() -> None:
    city = CityFactory()

    OrganisationFactory(city=city, runts_number="")

    assert OrganisationFactory(city=city, runts_number="").pk


def test_organisation_of_unknown_legal_form_is_refused() -> None:
    with refused_by("organisation_legal_form_valid"):
        OrganisationFactory(legal_form="cartel")


# --- accounts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "with_company", "with_organisation"),
    [
        (Membership.Role.OFFICER, True, False),
        (Membership.Role.OFFICER, False, True),
        (Membership.Role.COMPANY, False, False),
        (Membership.Role.COMPANY, False, True),
        (Membership.Role.COMPANY, True, True),
        (Membership.Role.NGO, False, False),
        (Membership.Role.NGO, True, False),
        (Membership.Role.NGO, True, True),
        ("mayor", False, False),
    ],
)
def test_membership_whose_role_does_not_match_its_organisation_is_refused(
    role: str, with_company: bool, with_organisation: bool
) -> None:
    city = CityFactory()
    company = CompanyFactory(city=city) if with_company else None
    organisation = OrganisationFactory(city=city) if with_organisation else None

    with refused_by("membership_role_matches_organisation"):
        MembershipFactory(city=city, role=role, company=company, organisation=organisation)


def test_membership_whose_role_matches_its_organisation_is_allowed() -> None:
    assert OfficerFactory(company=None, organisation=None).pk
    assert CompanyMemberFactory().company
    assert NgoMemberFactory().organisation


def test_membership_of_unknown_status_is_refused() -> None:
    with refused_by("membership_status_valid"):
        OfficerFactory(status="banned")


def test_pending_member_as_organisation_admin_is_refused() -> None:
    with refused_by("membership_admin_is_active"):
        CompanyMemberFactory(status=Membership.Status.PENDING, is_admin=True)


def test_second_admin_of_one_company_is_refused() -> None:
    admin = CompanyMemberFactory(is_admin=True)

    with refused_by("membership_one_admin_per_company"):
        CompanyMemberFactory(city=admin.city, company=admin.company, is_admin=True)


def test_many_members_beside_one_company_admin_are_allowed() -> None:
    admin = CompanyMemberFactory(is_admin=True)

    CompanyMemberFactory(city=admin.city, company=admin.company)
    CompanyMemberFactory(city=admin.city, company=admin.company, status=Membership.Status.PENDING)

    assert admin.company.memberships.count() == 3


def test_second_admin_of_one_ngo_is_refused() -> None:
    admin = NgoMemberFactory(is_admin=True)

    with refused_by("membership_one_admin_per_organisation"):
        NgoMemberFactory(city=admin.city, organisation=admin.organisation, is_admin=True)


def test_admins_of_two_different_ngos_are_allowed() -> None:
    NgoMemberFactory(is_admin=True)

    assert NgoMemberFactory(is_admin=True).pk


# --- projects: campaigns ----------------------------------------------------------------------------


def test_duplicate_campaign_slug_in_one_city_is_refused() -> None:
    campaign = CampaignFactory()

    with refused_by("campaign_slug_unique_in_city"):
        CampaignFactory(city=campaign.city, slug=campaign.slug)


def test_campaign_ending_before_it_starts_is_refused() -> None:
    with refused_by("campaign_ends_after_start"):
        CampaignFactory(starts_on=date(2027, 6, 1), ends_on=date(2027, 5, 31))


def test_one_day_campaign_is_allowed() -> None:
    assert CampaignFactory(starts_on=date(2027, 6, 1), ends_on=date(2027, 6, 1)).pk


@pytest.mark.parametrize("target_eur", [Decimal("0"), Decimal("-100.00")])
def test_campaign_target_of_zero_or_less_is_refused(target_eur: Decimal) -> None:
    with refused_by("campaign_target_positive"):
        CampaignFactory(target_eur=target_eur)


def test_campaign_without_target_is_allowed() -> None:
    assert CampaignFactory(target_eur=None).pk


# --- projects: projects and partners ----------------------------------------------------------------


def test_duplicate_project_slug_in_one_city_is_refused() -> None:
    project = ProjectFactory()

    with refused_by("project_slug_unique_in_city"):
        ProjectFactory(neighbourhood=NeighbourhoodFactory(city=project.city), slug=project.slug)


def test_project_of_unknown_status_is_refused() -> None:
    with refused_by("project_status_valid"):
        ProjectFactory(status="abandoned")


def test_project_of_unknown_instrument_is_refused() -> None:
    with refused_by("project_instrument_valid"):
        ProjectFactory(instrument="lottery")


@pytest.mark.parametrize(
    ("origin", "with_company", "with_organisation"),
    [
        (Project.Origin.CITY, True, False),
        (Project.Origin.CITY, False, True),
        (Project.Origin.COMPANY, False, False),
        (Project.Origin.COMPANY, False, True),
        (Project.Origin.COMPANY, True, True),
        (Project.Origin.NGO, False, False),
        (Project.Origin.NGO, True, False),
        (Project.Origin.NGO, True, True),
        ("region", False, False),
    ],
)
def test_project_whose_origin_does_not_match_its_proposer_is_refused(
    origin: str, with_company: bool, with_organisation: bool
) -> None:
    neighbourhood = NeighbourhoodFactory()
    company = CompanyFactory(city=neighbourhood.city) if with_company else None
    organisation = OrganisationFactory(city=neighbourhood.city) if with_organisation else None

    with refused_by("project_origin_matches_proposer"):
        ProjectFactory(
            neighbourhood=neighbourhood,
            origin=origin,
            proposed_by_company=company,
            proposed_by_organisation=organisation,
        )


def test_project_whose_origin_matches_its_proposer_is_allowed() -> None:
    neighbourhood = NeighbourhoodFactory()

    ProjectFactory(neighbourhood=neighbourhood, origin=Project.Origin.CITY)
    ProjectFactory(
        neighbourhood=neighbourhood,
        origin=Project.Origin.COMPANY,
        proposed_by_company=CompanyFactory(city=neighbourhood.city),
    )
    ProjectFactory(
        neighbourhood=neighbourhood,
        origin=Project.Origin.NGO,
        proposed_by_organisation=OrganisationFactory(city=neighbourhood.city),
    )

    assert Project.objects.filter(neighbourhood=neighbourhood).count() == 3


def test_project_ending_before_it_starts_is_refused() -> None:
    with refused_by("project_ends_after_start"):
        ProjectFactory(starts_on=date(2027, 6, 1), ends_on=date(2027, 5, 31))


def test_project_with_only_a_start_date_is_allowed() -> None:
    assert ProjectFactory(starts_on=date(2027, 6, 1), ends_on=None).pk


@pytest.mark.parametrize("status", Project.PUBLIC_STATUSES)
def test_public_project_without_published_at_is_refused(status: str) -> None:
    with refused_by("project_public_has_published_at"):
        ProjectFactory(status=status, published_at=None)


@pytest.mark.parametrize(
    "status",
    [
        Project.Status.DRAFT,
        Project.Status.PROPOSED,
        Project.Status.CHANGES_REQUESTED,
        Project.Status.DECLINED,
    ],
)
def test_project_never_published_without_published_at_is_allowed(status: str) -> None:
    assert ProjectFactory(status=status, published_at=None).pk


def test_archived_project_never_published_is_allowed() -> None:
    assert ProjectFactory(status=Project.Status.ARCHIVED, published_at=None).pk


def test_same_ngo_partnering_twice_on_one_project_is_refused() -> None:
    partnership = ProjectPartnerFactory()

    with refused_by("project_partner_unique"):
        ProjectPartnerFactory(project=partnership.project, organisation=partnership.organisation)


# --- projects: needs --------------------------------------------------------------------------------


@pytest.mark.parametrize("target_quantity", [Decimal("0"), Decimal("-1.00")])
def test_need_target_of_zero_or_less_is_refused(target_quantity: Decimal) -> None:
    with refused_by("need_target_positive"):
        NeedFactory(target_quantity=target_quantity)


def test_need_target_of_one_cent_is_allowed() -> None:
    assert NeedFactory(target_quantity=Decimal("0.01")).pk


def test_need_of_negative_unit_value_is_refused() -> None:
    with refused_by("need_unit_value_non_negative"):
        NeedFactory(kind=Need.Kind.IN_KIND, unit=Need.Unit.ITEMS, unit_value_eur=Decimal("-1.00"))


def test_need_of_unknown_kind_is_refused() -> None:
    # An unknown kind also matches no unit: either constraint may be the one the database reports.
    with refused_by("need_kind_valid", "need_unit_matches_kind"):
        NeedFactory(kind="prayers")


@pytest.mark.parametrize(
    ("kind", "unit", "unit_value_eur"),
    [
        (Need.Kind.FUNDING, Need.Unit.HOURS, Decimal("1")),
        (Need.Kind.FUNDING, Need.Unit.EUR, Decimal("2")),
        (Need.Kind.VOLUNTEERING, Need.Unit.EUR, Decimal("1")),
        (Need.Kind.VOLUNTEERING, Need.Unit.ITEMS, Decimal("1")),
        (Need.Kind.IN_KIND, Need.Unit.HOURS, Decimal("1")),
        (Need.Kind.IN_KIND, Need.Unit.EUR, Decimal("1")),
        (Need.Kind.IN_KIND, "tonnes", Decimal("1")),
    ],
)
def test_need_whose_unit_does_not_match_its_kind_is_refused(
    kind: str, unit: str, unit_value_eur: Decimal
) -> None:
    with refused_by("need_unit_matches_kind"):
        NeedFactory(kind=kind, unit=unit, unit_value_eur=unit_value_eur)


@pytest.mark.parametrize(
    ("kind", "unit", "unit_value_eur"),
    [
        (Need.Kind.FUNDING, Need.Unit.EUR, Decimal("1.00")),
        (Need.Kind.VOLUNTEERING, Need.Unit.HOURS, Decimal("25.00")),
        (Need.Kind.IN_KIND, Need.Unit.ITEMS, Decimal("12.50")),
        (Need.Kind.IN_KIND, Need.Unit.KG, Decimal("3.00")),
        (Need.Kind.IN_KIND, Need.Unit.M2, Decimal("40.00")),
    ],
)
def test_need_whose_unit_matches_its_kind_is_allowed(kind: str, unit: str, unit_value_eur: Decimal) -> None:
    assert NeedFactory(kind=kind, unit=unit, unit_value_eur=unit_value_eur).pk


@pytest.mark.parametrize(
    ("kind", "unit"), [(Need.Kind.VOLUNTEERING, Need.Unit.HOURS), (Need.Kind.IN_KIND, Need.Unit.ITEMS)]
)
def test_all_or_nothing_need_other_than_funding_is_refused(kind: str, unit: str) -> None:
    with refused_by("need_all_or_nothing_only_funding"):
        NeedFactory(kind=kind, unit=unit, unit_value_eur=Decimal("10.00"), all_or_nothing=True)


def test_all_or_nothing_funding_need_is_allowed() -> None:
    assert NeedFactory(kind=Need.Kind.FUNDING, all_or_nothing=True).pk


def test_need_ending_before_it_starts_is_refused() -> None:
    with refused_by("need_ends_after_start"):
        NeedFactory(starts_on=date(2027, 6, 1), ends_on=date(2027, 5, 31))


def test_one_day_need_is_allowed() -> None:
    assert NeedFactory(starts_on=date(2027, 6, 1), ends_on=date(2027, 6, 1)).pk


# --- projects: calls and their criteria -------------------------------------------------------------


def test_duplicate_call_slug_in_one_city_is_refused() -> None:
    call = CallFactory()

    with refused_by("call_slug_unique_in_city"):
        CallFactory(city=call.city, slug=call.slug)


@pytest.mark.parametrize("deadline_after_opening", [timedelta(0), timedelta(days=-1)])
def test_call_deadline_not_after_it_opens_is_refused(deadline_after_opening: timedelta) -> None:
    opens_at = timezone.now()

    with refused_by("call_deadline_after_opening"):
        CallFactory(opens_at=opens_at, deadline=opens_at + deadline_after_opening)


def test_call_deadline_a_second_after_it_opens_is_allowed() -> None:
    opens_at = timezone.now()

    assert CallFactory(opens_at=opens_at, deadline=opens_at + timedelta(seconds=1)).pk


def test_call_of_unknown_status_is_refused() -> None:
    with refused_by("call_status_valid"):
        CallFactory(status="cancelled")


def test_negative_call_budget_is_refused() -> None:
    with refused_by("call_budget_non_negative"):
        CallFactory(budget_eur=Decimal("-0.01"))


def test_call_without_budget_is_allowed() -> None:
    assert CallFactory(budget_eur=None).pk


def test_two_criteria_of_one_call_with_the_same_name_are_refused() -> None:
    criterion = EvaluationCriterionFactory(name="Impatto sociale")

    with refused_by("criterion_name_unique_in_call"):
        EvaluationCriterionFactory(call=criterion.call, name="Impatto sociale")


@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-5.00"), Decimal("100.01")])
def test_criterion_weight_outside_0_exclusive_to_100_is_refused(weight: Decimal) -> None:
    with refused_by("criterion_weight_0_100"):
        EvaluationCriterionFactory(weight=weight)


def test_criterion_weighing_the_whole_score_is_allowed() -> None:
    assert EvaluationCriterionFactory(weight=Decimal("100")).pk


def test_criterion_with_highest_score_zero_is_refused() -> None:
    with refused_by("criterion_max_score_positive"):
        EvaluationCriterionFactory(max_score=0)


# --- projects: applications and scores --------------------------------------------------------------


def test_application_to_both_a_call_and_a_project_is_refused() -> None:
    call = CallFactory()
    project = ProjectFactory(neighbourhood=NeighbourhoodFactory(city=call.city))

    with refused_by("application_to_call_or_project"):
        ApplicationFactory(call=call, project=project)


def test_application_to_neither_a_call_nor_a_project_is_refused() -> None:
    organisation = OrganisationFactory()

    with refused_by("application_to_call_or_project"):
        ApplicationFactory(call=None, project=None, organisation=organisation)


def test_application_to_a_project_alone_is_allowed() -> None:
    project = ProjectFactory()
    organisation = OrganisationFactory(city=project.city)

    assert ApplicationFactory(call=None, project=project, organisation=organisation).pk


def test_second_application_of_one_ngo_to_one_call_is_refused() -> None:
    application = ApplicationFactory()

    with refused_by("application_once_per_call"):
        ApplicationFactory(call=application.call, organisation=application.organisation)


def test_applications_of_one_ngo_to_two_calls_and_of_two_ngos_to_one_call_are_allowed() -> None:
    application = ApplicationFactory()

    ApplicationFactory(call=CallFactory(city=application.call.city), organisation=application.organisation)
    ApplicationFactory(call=application.call)

    assert Application.objects.count() == 3


def test_second_application_of_one_ngo_to_one_project_is_refused() -> None:
    project = ProjectFactory()
    organisation = OrganisationFactory(city=project.city)
    ApplicationFactory(call=None, project=project, organisation=organisation)

    with refused_by("application_once_per_project"):
        ApplicationFactory(call=None, project=project, organisation=organisation)


def test_application_of_unknown_status_is_refused() -> None:
    with refused_by("application_status_valid"):
        ApplicationFactory(status="lost")


@pytest.mark.parametrize(
    "status", [status for status in Application.Status if status != Application.Status.DRAFT]
)
def test_application_past_draft_without_submitted_at_is_refused(status: str) -> None:
    with refused_by("application_submitted_has_date"):
        ApplicationFactory(status=status, submitted_at=None)


def test_draft_application_without_submitted_at_is_allowed() -> None:
    assert ApplicationFactory(status=Application.Status.DRAFT, submitted_at=None).pk


def test_negative_application_budget_is_refused() -> None:
    with refused_by("application_budget_non_negative"):
        ApplicationFactory(budget_eur=Decimal("-0.01"))


def test_second_score_by_one_reviewer_on_one_criterion_is_refused() -> None:
    score = ApplicationScoreFactory()

    with refused_by("application_score_once_per_reviewer"):
        ApplicationScoreFactory(
            application=score.application, criterion=score.criterion, reviewer=score.reviewer, score=3
        )


def test_scores_by_two_reviewers_on_one_criterion_are_allowed() -> None:
    score = ApplicationScoreFactory()

    assert ApplicationScoreFactory(
        application=score.application, criterion=score.criterion, reviewer=UserFactory()
    ).pk


# --- ledger -----------------------------------------------------------------------------------------


def test_pledge_with_no_need_is_refused() -> None:
    company = CompanyFactory()

    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        Pledge.objects.create(
            company=company, need=None, quantity=Decimal("100.00"), value_eur=Decimal("100.00")
        )
    assert "need_id" in str(refusal.value)


@pytest.mark.parametrize("quantity", [Decimal("0"), Decimal("-5.00")])
def test_pledge_of_zero_or_negative_quantity_is_refused(quantity: Decimal) -> None:
    with refused_by("pledge_quantity_positive"):
        PledgeFactory(quantity=quantity, value_eur=Decimal("0"))


def test_pledge_of_one_cent_is_allowed() -> None:
    assert PledgeFactory(quantity=Decimal("0.01")).pk


def test_pledge_of_negative_value_is_refused() -> None:
    with refused_by("pledge_value_non_negative"):
        PledgeFactory(value_eur=Decimal("-0.01"))


def test_pledge_of_unknown_status_is_refused() -> None:
    with refused_by("pledge_status_valid"):
        PledgeFactory(status="promised")


def test_fulfilled_pledge_without_fulfilled_at_is_refused() -> None:
    with refused_by("pledge_fulfilled_has_date"):
        PledgeFactory(status=Pledge.Status.FULFILLED, fulfilled_at=None)


def test_fulfilled_pledge_with_fulfilled_at_is_allowed() -> None:
    assert PledgeFactory(status=Pledge.Status.FULFILLED, fulfilled_at=timezone.now()).pk


# --- every constraint is pinned ---------------------------------------------------------------------


def _names_refused_by_tests_in_this_module() -> set[str]:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    return {
        argument.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "refused_by"
        for argument in node.args
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    }


def test_every_constraint_of_our_models_is_pinned_by_a_test() -> None:
    unpinned = sorted(set(CONSTRAINTS) - _names_refused_by_tests_in_this_module())

    assert not unpinned, f"Constraints with no test that a row breaking them is refused: {unpinned}"


def test_every_constraint_a_test_names_exists() -> None:
    stale = sorted(_names_refused_by_tests_in_this_module() - set(CONSTRAINTS))

    assert not stale, f"Tests name constraints no model declares: {stale}"


def test_constraint_names_are_unique_across_our_models() -> None:
    names = [constraint.name for model in _our_models() for constraint in model._meta.constraints]

    assert len(names) == len(set(names))


def test_our_models_declare_the_constraints_this_suite_expects_to_find() -> None:
    """Guards the enumeration itself: if it found no models, the meta-tests above would pass vacuously."""
    labels = {model._meta.app_label for model in _our_models()}

    assert {"taxonomy", "neighborhoods", "accounts", "companies", "ngos", "projects", "ledger"} <= labels
    assert len(CONSTRAINTS) >= 60
    assert all(isinstance(model_and_constraint[1], models.UniqueConstraint | models.CheckConstraint)
               for model_and_constraint in CONSTRAINTS.values())
