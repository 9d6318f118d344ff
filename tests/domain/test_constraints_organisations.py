"""Constraints of companies, NGOs and accounts, pinned: each refused by the database itself."""

from decimal import Decimal

import pytest

from accounts.models import Membership
from tests.domain.constraints import refused_by
from tests.factories import (
    CityFactory,
    CompanyFactory,
    CompanyMemberFactory,
    MembershipFactory,
    NgoMemberFactory,
    OfficerFactory,
    OrganisationFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


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
