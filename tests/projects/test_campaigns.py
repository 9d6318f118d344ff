"""Campaigns: the City groups its projects under one goal and period."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import Event
from projects.campaigns import campaign_add_project, campaign_create, campaign_remove_project, campaign_update
from projects.models import Campaign, Project
from tests.factories import (
    CampaignFactory,
    CityFactory,
    CompanyMemberFactory,
    OfficerFactory,
    ProjectFactory,
    theme,
)

pytestmark = pytest.mark.django_db


def _create(city, actor, **overrides) -> Campaign:
    arguments = {
        "city": city,
        "actor": actor,
        "title": "Milano più verde 2027",
        "description": "Alberi e orti in dieci quartieri.",
        "themes": [theme("greening")],
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 12, 31),
        "target_eur": Decimal("250000.00"),
        **overrides,
    }
    return campaign_create(**arguments)


def test_an_officer_creates_a_campaign_of_the_city() -> None:
    city = CityFactory()
    officer = OfficerFactory(city=city).user

    campaign = _create(city, officer)

    assert (campaign.slug, campaign.target_eur) == ("milano-piu-verde-2027", Decimal("250000.00"))
    assert list(campaign.themes.all()) == [theme("greening")]
    assert Event.objects.for_object(campaign).get().action == Event.Action.CREATED


def test_a_campaign_that_ends_before_it_starts_or_targets_nothing_is_refused_on_its_fields() -> None:
    city = CityFactory()

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _create(city, OfficerFactory(city=city).user, ends_on=date(2026, 12, 31), target_eur=Decimal(0))

    assert refusal.value.message_dict["ends_on"] == ["The campaign cannot end before it starts."]
    assert (
        "The shared target must be more than zero, or left empty." in refusal.value.message_dict["target_eur"]
    )
    assert not Campaign.objects.exists()


def test_only_an_officer_of_the_city_manages_its_campaigns() -> None:
    city = CityFactory()
    campaign = CampaignFactory(city=city)
    project = ProjectFactory(neighbourhood__city=city)

    for outsider in (OfficerFactory().user, CompanyMemberFactory(city=city).user):
        with translation.override("en"):
            with pytest.raises(ValidationError, match="may not"):
                _create(city, outsider)
            with pytest.raises(ValidationError, match="may not"):
                campaign_update(campaign=campaign, actor=outsider, title="Altro")
            with pytest.raises(ValidationError, match="may not"):
                campaign_add_project(campaign=campaign, project=project, actor=outsider)


def test_a_campaign_edit_records_what_changed() -> None:
    campaign = CampaignFactory(title="Campagna", target_eur=Decimal("1000.00"))
    officer = OfficerFactory(city=campaign.city).user

    campaign_update(
        campaign=campaign, actor=officer, target_eur=Decimal("1500.00"), themes=[theme("culture")]
    )

    campaign.refresh_from_db()
    assert campaign.target_eur == Decimal("1500.00")
    assert Event.objects.for_object(campaign).get().changes == {
        "target_eur": ["1000.00", "1500.00"],
        "themes": [[], ["culture"]],
    }


def test_a_project_joins_and_leaves_a_campaign_with_its_history() -> None:
    campaign = CampaignFactory(title="Milano più verde")
    project = ProjectFactory(neighbourhood__city=campaign.city)
    officer = OfficerFactory(city=campaign.city).user

    campaign_add_project(campaign=campaign, project=project, actor=officer)
    assert project.campaign == campaign

    campaign_remove_project(campaign=campaign, project=project, actor=officer)
    assert project.campaign is None
    assert [event.changes for event in Event.objects.for_project(project.pk).order_by("id")] == [
        {"campaign": [None, "Milano più verde"]},
        {"campaign": ["Milano più verde", None]},
    ]


def test_a_project_of_another_city_cannot_join() -> None:
    campaign = CampaignFactory()
    project = ProjectFactory()

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        campaign_add_project(
            campaign=campaign, project=project, actor=OfficerFactory(city=campaign.city).user
        )

    assert refusal.value.message_dict == {"project": ["Only a project of the campaign's city can join it."]}
    project.refresh_from_db()
    assert project.campaign is None


def test_removing_a_project_that_is_not_in_the_campaign_is_refused() -> None:
    campaign = CampaignFactory()
    project = ProjectFactory(neighbourhood__city=campaign.city)

    with translation.override("en"), pytest.raises(ValidationError, match="not part of the campaign"):
        campaign_remove_project(
            campaign=campaign, project=project, actor=OfficerFactory(city=campaign.city).user
        )


def test_an_archived_project_cannot_join_a_campaign() -> None:
    campaign = CampaignFactory()
    project = ProjectFactory(neighbourhood__city=campaign.city, status=Project.Status.ARCHIVED)

    with translation.override("en"), pytest.raises(ValidationError, match="archived"):
        campaign_add_project(
            campaign=campaign, project=project, actor=OfficerFactory(city=campaign.city).user
        )
