"""The neighbourhood pages in Chromium: they render, switch language and pass axe-core."""

from decimal import Decimal

import pytest

from ledger.models import Pledge
from tests import factories
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.web.conftest import priority, ranked_city

pytestmark = pytest.mark.django_db(transaction=True)


def test_neighbourhood_list_and_detail_render_with_no_serious_accessibility_violation(page) -> None:
    milano = ranked_city(count=4)
    priority(milano.neighbourhoods[0], theme_code="greening", rank=1, statement="Più alberi nei cortili.")
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Cortili verdi")
    need = factories.NeedFactory(project=project, target_quantity=Decimal("8000.00"))
    factories.PledgeFactory(need=need, quantity=Decimal("2000.00"), status=Pledge.Status.ACCEPTED)

    page.goto("/milano/neighbourhoods/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("tbody tr").count() == 4
    screenshot(page, "neighbourhood-list-it")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name=milano.neighbourhoods[0].name).first.click()
    page.wait_for_url(f"**/milano/neighbourhoods/{milano.neighbourhoods[0].code}/")
    assert page.get_by_role("link", name="Cortili verdi").is_visible()
    assert page.get_by_role("progressbar").get_attribute("value") == "25.0"
    assert page.locator("#impact-title + .stats dd").first.inner_text() == "EUR 2.000"
    screenshot(page, "neighbourhood-detail-it")
    assert serious_accessibility_violations(page) == []


def test_language_switcher_turns_the_page_to_english(page) -> None:
    ranked_city(count=2)

    page.goto("/milano/neighbourhoods/")
    assert page.locator("html").get_attribute("lang") == "it"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/milano/neighbourhoods/")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "neighbourhood-list-en")


def test_home_map_draws_every_neighbourhood_coloured_by_need(page) -> None:
    milano = ranked_city(count=4)
    for position, neighbourhood in enumerate(milano.neighbourhoods):
        x = 9.10 + 0.05 * position
        neighbourhood.boundary = {
            "type": "Polygon",
            "coordinates": [[[x, 45.42], [x + 0.05, 45.42], [x + 0.05, 45.48], [x, 45.48], [x, 45.42]]],
        }
        neighbourhood.save()

    page.goto("/milano/")
    page.wait_for_selector("#need-map[data-loaded='4']")
    assert page.locator("#need-map path.leaflet-interactive").count() == 4
    screenshot(page, "home-it")
    assert serious_accessibility_violations(page) == []


def test_catalogue_filters_with_htmx_and_opens_a_project_page(page) -> None:
    milano = ranked_city(count=2)
    greening = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], title="Orti condivisi", themes=[factories.theme("greening")]
    )
    factories.NeedFactory(project=greening, title="Alberi e panchine")
    factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[1], title="Doposcuola", themes=[factories.theme("education")]
    )

    page.goto("/milano/projects/")
    assert page.locator(".cards .card").count() == 2
    page.locator("#id_theme").select_option("greening")
    page.wait_for_url("**/milano/projects/?*theme=greening*")
    page.wait_for_function("document.querySelectorAll('.cards .card').length === 1")
    screenshot(page, "catalogue-it")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Orti condivisi").click()
    page.wait_for_url(f"**/milano/projects/{greening.slug}/")
    assert page.get_by_role("heading", name="Orti condivisi").is_visible()
    screenshot(page, "project-it")
    assert serious_accessibility_violations(page) == []


def test_impact_dashboard_draws_its_charts_beside_their_tables(page) -> None:
    from decimal import Decimal

    from ledger.models import Pledge
    from tests import factories

    milano = ranked_city(count=2)
    for neighbourhood, amount in zip(milano.neighbourhoods, ("4000.00", "1500.00"), strict=True):
        project = factories.ProjectFactory(neighbourhood=neighbourhood)
        factories.PledgeFactory(
            need=factories.NeedFactory(project=project),
            quantity=Decimal(amount),
            status=Pledge.Status.ACCEPTED,
        )

    page.goto("/milano/impact/")
    page.wait_for_selector("canvas[data-chart='neighbourhood'][data-drawn='true']")
    assert page.locator("canvas[data-drawn='true']").count() == 5
    screenshot(page, "impact-it")
    assert serious_accessibility_violations(page) == []
