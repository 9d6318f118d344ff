"""The Content-Security-Policy in Chromium: the main pages draw their map, charts and htmx fragments with the
policy enforced and the browser reports no violation; the API's Swagger UI and Redoc still render."""

from collections.abc import Iterator
from decimal import Decimal

import pytest

from ledger.models import Pledge
from tests import factories
from tests.browser.conftest import browser, screenshot, sign_in  # noqa: F401  (browser: a fixture, re-exported)
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db(transaction=True)

# Every violation the document sees, collected before any of the page's own scripts runs.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${where}`);
});
"""


class StrictPage:
    """A page under the site's own policy (tests/browser's `page` bypasses it for axe-core), which keeps
    what the policy blocked: the document's violation events and the console's reports of them."""

    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations") + self.console


@pytest.fixture
def strict(browser, live_server) -> Iterator[StrictPage]:  # noqa: F811
    context = browser.new_context(
        base_url=live_server.url, locale="it-IT", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    yield StrictPage(page)
    context.close()


def city_with_a_map_projects_and_pledges():
    milano = ranked_city(count=4)
    for position, neighbourhood in enumerate(milano.neighbourhoods):
        x = 9.10 + 0.05 * position
        neighbourhood.boundary = {
            "type": "Polygon",
            "coordinates": [[[x, 45.42], [x + 0.05, 45.42], [x + 0.05, 45.48], [x, 45.48], [x, 45.42]]],
        }
        neighbourhood.save()
    projects = []
    for neighbourhood, amount in zip(milano.neighbourhoods[:2], ("4000.00", "1500.00"), strict=True):
        project = factories.ProjectFactory(
            neighbourhood=neighbourhood,
            title=f"Orti condivisi {amount}",
            themes=[factories.theme("greening")],
        )
        need = factories.NeedFactory(project=project, title="Alberi e panchine")
        factories.PledgeFactory(need=need, quantity=Decimal(amount), status=Pledge.Status.ACCEPTED)
        projects.append(project)
    return milano, projects


def test_the_main_pages_render_under_the_policy_with_no_violation(strict: StrictPage) -> None:
    milano, projects = city_with_a_map_projects_and_pledges()
    page = strict.page

    page.goto("/milano/")
    page.wait_for_selector("#need-map[data-loaded='4']")
    assert page.locator("#need-map path.leaflet-interactive").count() == 4
    page.locator("#need-map path.leaflet-interactive").first.click()  # Leaflet's popup, built in the page
    page.wait_for_selector(".leaflet-popup")
    screenshot(page, "csp-home-it")
    assert strict.violations() == [], "home"

    page.goto("/milano/projects/")
    page.locator("#id_theme").select_option("greening")  # an htmx swap
    page.wait_for_url("**/milano/projects/?*theme=greening*")
    assert strict.violations() == [], "catalogue"

    page.goto(f"/milano/projects/{projects[0].slug}/")
    assert page.get_by_role("heading", name=projects[0].title).is_visible()
    assert strict.violations() == [], "project page"

    page.goto("/milano/impact/")
    page.wait_for_selector("canvas[data-chart='neighbourhood'][data-drawn='true']")
    page.wait_for_selector("#impact-map[data-loaded='4']")  # the map, drawn from its GeoJSON
    assert page.locator("#impact-map path.leaflet-interactive").count() == 4
    assert strict.violations() == [], "impact dashboard"

    sign_in(page, factories.OfficerFactory(city=milano.city).user)
    page.goto("/milano/officer/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert strict.violations() == [], "officer dashboard"


def test_the_home_page_keeps_its_styles_under_the_policy(strict: StrictPage) -> None:
    city_with_a_map_projects_and_pledges()
    page = strict.page

    page.goto("/milano/")
    page.wait_for_selector("#need-map[data-loaded='4']")

    # app.css applied (a layout rule of the header) and Leaflet's own stylesheet too.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header__inner')).display") != "inline"
    )
    assert page.evaluate("getComputedStyle(document.querySelector('#need-map')).position") == "relative"
    screenshot(page, "csp-home-styles-it")
    assert strict.violations() == []


def test_swagger_ui_renders_under_the_strict_policy(strict: StrictPage) -> None:
    page = strict.page

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock")

    assert "MilanPartner API" in page.locator(".swagger-ui .info .title").inner_text()
    assert strict.violations() == []


def test_redoc_renders_with_only_its_own_widening(strict: StrictPage) -> None:
    page = strict.page

    page.goto("/api/v1/redoc/")
    page.wait_for_selector("h1")

    assert "MilanPartner API" in page.locator("h1").first.inner_text()
    # The one thing still blocked: the "API docs by Redocly" logo, from Redocly's server.
    assert [v for v in strict.violations() if "cdn.redoc.ly" not in v] == []


def test_the_net_catches_what_the_policy_blocks(strict: StrictPage) -> None:
    """Guards the tests above: an empty list must mean nothing was blocked, not that nothing was heard."""
    city_with_a_map_projects_and_pledges()
    page = strict.page
    page.goto("/milano/")

    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.appendChild(script);
    }""")
    page.wait_for_function("window.__cspViolations.length > 0")

    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in violation for violation in strict.violations())
