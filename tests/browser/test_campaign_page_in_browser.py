"""The campaign page in Chromium: reached from the home page, it shows the campaign's progress and projects,
links on to them and back, and passes axe-core."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ledger.models import Pledge
from tests import factories
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_leads_to_the_campaign_page_and_on_to_its_projects(page) -> None:
    milano = ranked_city(count=2)
    today = timezone.localdate()
    campaign = factories.CampaignFactory(
        city=milano.city,
        title="Milano più verde",
        slug="milano-piu-verde",
        description="Alberi, orti e cortili aperti nei quartieri che ne hanno più bisogno.",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=120),
        target_eur=Decimal("40000.00"),
    )
    campaign.themes.set([factories.theme("greening"), factories.theme("education")])
    for neighbourhood, title, pledged in (
        (milano.neighbourhoods[0], "Orti condivisi", "6000.00"),
        (milano.neighbourhoods[1], "Cortile della scuola", "4000.00"),
    ):
        project = factories.ProjectFactory(neighbourhood=neighbourhood, campaign=campaign, title=title)
        need = factories.NeedFactory(project=project, target_quantity=Decimal("12000.00"))
        factories.PledgeFactory(need=need, quantity=Decimal(pledged), status=Pledge.Status.ACCEPTED)

    page.goto("/milano/")
    page.get_by_role("link", name="Milano più verde").click()
    page.wait_for_url("**/milano/campaigns/milano-piu-verde/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Milano più verde")
    expect(page.locator('progress[aria-labelledby="campaign-progress-label"]')).to_have_attribute(
        "value", "25.0"
    )
    expect(page.locator(".cards .card")).to_have_count(2)
    screenshot(page, "campaign")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Orti condivisi").click()
    page.wait_for_url("**/milano/projects/*/")
    screenshot(page, "campaign-project")
    page.get_by_role("link", name="Milano più verde").click()
    page.wait_for_url("**/milano/campaigns/milano-piu-verde/")
