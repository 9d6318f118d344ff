"""The impact dashboard's map in Chromium: each neighbourhood drawn in its band's colour, pointing to its
page, and no serious accessibility violation."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ledger.models import Pledge
from tests import factories
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db(transaction=True)

# What each neighbourhood was given, in EUR: five bands, and one neighbourhood given nothing.
GIVEN = ("128000.00", "41000.00", "0", "9500.00", "2400.00", "650.00")


def test_impact_map_colours_each_neighbourhood_by_what_it_was_given(page) -> None:
    milano = ranked_city(count=len(GIVEN))
    for position, (neighbourhood, amount) in enumerate(zip(milano.neighbourhoods, GIVEN, strict=True)):
        x = 9.10 + 0.04 * (position % 3)
        y = 45.42 + 0.05 * (position // 3)
        neighbourhood.boundary = {
            "type": "Polygon",
            "coordinates": [[[x, y], [x + 0.04, y], [x + 0.04, y + 0.05], [x, y + 0.05], [x, y]]],
        }
        neighbourhood.save()
        if Decimal(amount):
            need = factories.NeedFactory(project=factories.ProjectFactory(neighbourhood=neighbourhood))
            factories.PledgeFactory(need=need, quantity=Decimal(amount), status=Pledge.Status.ACCEPTED)

    page.goto("/milano/impact/")
    page.wait_for_selector(f"#impact-map[data-loaded='{len(GIVEN)}']")
    shapes = page.locator("#impact-map path.leaflet-interactive")
    expect(shapes).to_have_count(len(GIVEN))
    fills = [shapes.nth(i).get_attribute("fill") for i in range(len(GIVEN))]  # drawn in code order
    assert fills[0] == "#006837" and fills[2] == "#cfd6dd" and len(set(fills)) == 6
    expect(page.locator(".impact-map__legend li")).to_have_count(6)
    expect(page.locator(".impact-map__legend")).to_contain_text("41.000\N{EN DASH}130.000")

    shapes.nth(0).hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text(milano.neighbourhoods[0].name)
    expect(page.locator(".leaflet-tooltip")).to_contain_text("128.000")
    screenshot(page, "impact-map")
    shapes.nth(0).click()
    link = page.locator(".leaflet-popup a.map-popup__name")
    expect(link).to_have_attribute("href", f"/milano/neighbourhoods/{milano.neighbourhoods[0].code}/")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in: axe sees its real colours
    assert serious_accessibility_violations(page) == []
