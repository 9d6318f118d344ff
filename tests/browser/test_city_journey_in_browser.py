"""The issue's whole journey in Chromium, with real matching: an officer publishes a project with two needs;
a company finds it among its recommendations and pledges; the officer accepts; the project page and the
impact dashboard show the new totals."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from demo.seeding import COMPANY_MEMBER_EMAIL, OFFICER_EMAIL
from ledger.models import Pledge
from matching.models import Match, MatchingRun
from matching.services import matching_run_inline
from projects.models import Project
from tests import factories
from tests.browser.conftest import accessible, screenshot, sign_in
from tests.demo.conftest import TODAY, small_city  # noqa: F401  (a fixture, re-exported)

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Cortile verde della scuola Pascoli"


def test_published_project_is_recommended_pledged_accepted_and_counted(page, small_city, settings) -> None:  # noqa: F811
    call_command("seed_demo", "--today", TODAY, "--companies", "12", "--projects", "8", "--ngos", "3",
                 "--no-score", stdout=StringIO())  # fmt: skip
    # Compiles the kernels here rather than inside the officer's request, then lets changes re-score.
    matching_run_inline(run=MatchingRun.objects.create(city=small_city))
    settings.MATCHING_REFRESH_ON_CHANGE = True
    neighbourhood = small_city.neighbourhoods.order_by("need_rank").first()

    sign_in(page, User.objects.get(email=OFFICER_EMAIL))
    page.goto("/milano/officer/new-project/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Alberi e un orto didattico nel cortile della scuola.")
    page.locator("#id_description").fill("Con le famiglie piantiamo alberi e curiamo un orto didattico.")
    page.locator("#id_neighbourhood").select_option(str(neighbourhood.pk))
    page.locator(f"input[name=themes][value='{factories.theme('greening').pk}']").check()
    page.locator("#id_instrument").select_option("collective_action")
    page.locator("#id_needs-0-kind").select_option("funding")
    page.locator("#id_needs-0-title").fill("Alberi e panchine")
    page.locator("#id_needs-0-target_quantity").fill("10000")
    page.locator("#id_needs-1-kind").select_option("volunteering")
    page.locator("#id_needs-1-title").fill("Giornata di piantumazione")
    page.locator("#id_needs-1-target_quantity").fill("80")
    page.locator("#id_needs-1-unit_value_eur").fill("25")
    page.locator("form.project-form > button[type=submit]").click()
    project = Project.objects.get(title=TITLE)
    page.wait_for_url(f"**/milano/officer/projects/{project.slug}/")
    page.locator("button[data-move=published]").click()
    expect(page.locator(".page-head__lead .status")).to_have_attribute("data-status", "published")
    assert Match.objects.filter(project=project).exists()  # re-scored as the publication committed

    member = User.objects.get(email=COMPANY_MEMBER_EMAIL)
    sign_in(page, member)
    page.goto("/milano/company/")
    recommendation = page.locator(".match", has_text=TITLE)
    expect(recommendation).to_have_count(1)
    expect(recommendation.locator(".match__reasons li")).not_to_have_count(0)
    accessible(page, "journey-recommended-it")
    recommendation.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/milano/projects/{project.slug}/")
    funding = project.needs.get(kind="funding")
    page.goto(f"/milano/projects/{project.slug}/pledge/?need={funding.pk}")
    page.locator("#id_quantity").fill("2500")
    page.locator("#pledge-form button[type=submit]").click()
    page.wait_for_url("**/milano/company/pledges/")
    pledge = Pledge.objects.get(need=funding)

    sign_in(page, User.objects.get(email=OFFICER_EMAIL))
    page.goto("/milano/officer/pledges/")
    page.locator(f"#pledge-{pledge.pk} button[name=accept]").click()
    expect(page.locator(f"#pledge-{pledge.pk}")).to_have_attribute("data-status", "accepted")

    page.context.clear_cookies()  # the public, as anyone sees it
    page.goto(f"/milano/projects/{project.slug}/")
    expect(page.locator(f'progress[aria-labelledby="need-{funding.pk}"]')).to_have_attribute("value", "25.0")
    screenshot(page, "journey-project-after-it")
    page.goto("/milano/impact/")
    neighbourhood_row = page.locator(
        "#chart-neighbourhood-title ~ details tbody tr", has_text=neighbourhood.name
    )
    expect(neighbourhood_row).to_contain_text("2.500,00")
    accessible(page, "journey-impact-it")
