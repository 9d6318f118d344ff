"""Constraints of projects, pinned: campaigns, projects and their partners, needs."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import Need, Project
from tests.domain.constraints import refused_by
from tests.factories import (
    CampaignFactory,
    CompanyFactory,
    ImpactPhotoFactory,
    ImpactReportFactory,
    NeedFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

pytestmark = pytest.mark.django_db


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
    assert ProjectFactory(status=status, published_at=None, review_note="Rivedere il bilancio.").pk


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


@pytest.mark.parametrize("status", [Project.Status.CHANGES_REQUESTED, Project.Status.DECLINED])
def test_initiative_sent_back_or_declined_without_a_note_is_refused(status: str) -> None:
    with refused_by("project_review_has_note"):
        ProjectFactory(status=status, published_at=None, review_note="")


def test_declined_initiative_with_its_reason_is_allowed() -> None:
    project = ProjectFactory(status=Project.Status.DECLINED, published_at=None, review_note="Già finanziato.")
    assert project.pk


# --- impact -----------------------------------------------------------------------------------------


def test_impact_report_of_negative_hours_is_refused() -> None:
    with refused_by("impact_hours_non_negative"):
        ImpactReportFactory(volunteer_hours=Decimal("-1"))


def test_impact_report_of_negative_spending_is_refused() -> None:
    with refused_by("impact_money_non_negative"):
        ImpactReportFactory(money_spent_eur=Decimal("-0.01"))


def test_impact_photo_that_is_not_an_image_is_refused() -> None:
    with refused_by("impact_photo_is_image"):
        ImpactPhotoFactory(content_type="application/pdf")
