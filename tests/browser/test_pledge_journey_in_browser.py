"""In Chromium: a company pledges on a need and the City accepts it; an NGO proposes an initiative and the
City asks for changes; a company proposes one and the City endorses it into its plan. Screenshots of each
page; no serious accessibility violation on any."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ledger.models import Pledge
from projects.models import Project
from tests import factories
from tests.browser.conftest import accessible, screenshot, sign_in
from tests.web.conftest import priority, ranked_city

pytestmark = pytest.mark.django_db(transaction=True)


def test_company_pledges_and_the_officer_accepts_it_then_the_project_shows_the_total(page) -> None:
    milano = ranked_city(count=2)
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    need = factories.NeedFactory(project=project, title="Alberi", target_quantity=Decimal("5000.00"))
    factories.NeedFactory(
        project=project, title="Giardinieri", kind="volunteering", unit="hours",
        unit_value_eur=Decimal("25.00"), target_quantity=Decimal("200"),
    )  # fmt: skip
    factories.FundFactory(city=milano.city, name="Fondo Milano Verde", ratio=Decimal("1.00"))
    member = factories.CompanyMemberFactory(
        city=milano.city, company__legal_name="Verdi S.p.A.", company__public_consent=True
    )
    sign_in(page, member.user)

    page.goto(f"/milano/projects/{project.slug}/")
    expect(page.locator(f'progress[aria-labelledby="need-{need.pk}"]')).to_have_attribute("value", "0.0")
    page.goto(f"/milano/projects/{project.slug}/pledge/?need={need.pk}")
    expect(page.locator(f"#pledge-form input[name=need][value='{need.pk}']")).to_be_checked()
    page.locator("#id_quantity").fill("1000")
    expect(page.locator("#pledge-preview")).to_contain_text("Fondo Milano Verde")
    expect(page.locator(".pledge-preview__headline")).to_contain_text("2.000,00")
    page.locator("#id_message").fill("Per gli alberi del cortile.")
    accessible(page, "pledge-form-it")
    page.locator("#pledge-form button[type=submit]").click()

    page.wait_for_url("**/milano/company/pledges/")
    pledge = Pledge.objects.get()
    expect(page.locator(f"#pledge-{pledge.pk}")).to_have_attribute("data-status", "offered")
    accessible(page, "company-pledges-it")

    sign_in(page, factories.OfficerFactory(city=milano.city).user)
    page.goto("/milano/officer/pledges/")
    row = page.locator(f"#pledge-{pledge.pk}")
    expect(row).to_have_attribute("data-status", "offered")
    accessible(page, "officer-pledges-it")
    row.locator("button[name=accept]").click()
    expect(page.locator(f"#pledge-{pledge.pk}")).to_have_attribute("data-status", "accepted")
    expect(page.locator(f"#pledge-{pledge.pk}")).to_contain_text("1.000,00")
    screenshot(page, "officer-pledges-accepted-it")

    page.goto(f"/milano/projects/{project.slug}/")
    expect(page.locator(f'progress[aria-labelledby="need-{need.pk}"]')).to_have_attribute("value", "20.0")
    expect(page.locator("#supporters-title + ul")).to_contain_text("Verdi S.p.A.")
    expect(page.locator("#match-title + ul")).to_contain_text("Fondo Milano Verde: EUR 1.000,00")
    screenshot(page, "project-after-pledge-it")


def fill_initiative(
    page,
    *,
    title: str,
    summary: str,
    description: str,
    neighbourhood,
    theme_code: str,
    first_need: tuple[str, str],
) -> None:
    """Open the initiative form and fill what every proposal states, with a first need of money."""
    page.goto("/milano/initiatives/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill(summary)
    page.locator("#id_description").fill(description)
    page.locator("#id_neighbourhood").select_option(str(neighbourhood.pk))
    page.locator(f"input[name=themes][value='{factories.theme(theme_code).pk}']").check()
    page.locator("#id_needs-0-title").fill(first_need[0])
    page.locator("#id_needs-0-target_quantity").fill(first_need[1])


def test_ngo_proposes_an_initiative_and_the_officer_asks_for_changes(page) -> None:
    milano = ranked_city(count=2)
    priority(milano.neighbourhoods[0], theme_code="greening", rank=1, statement="Più verde nei cortili")
    priority(milano.neighbourhoods[0], theme_code="education", rank=2)
    ngo = factories.NgoMemberFactory(city=milano.city, organisation__name="Cortili Aperti APS")
    factories.OrganisationFactory(city=milano.city, name="Legambiente Milano")
    sign_in(page, ngo.user)

    fill_initiative(
        page,
        title="Cortili in fiore",
        summary="Aiuole nei cortili delle case popolari.",
        description="Con gli inquilini piantiamo aiuole e curiamo il verde.",
        neighbourhood=milano.neighbourhoods[0],
        theme_code="greening",
        first_need=("Piante e terriccio", "3000"),
    )
    page.locator("[data-add-need]").click()
    page.locator("#id_needs-1-kind").select_option("volunteering")
    page.locator("#id_needs-1-title").fill("Giardinieri volontari")
    page.locator("#id_needs-1-target_quantity").fill("120")
    page.locator("#id_needs-1-unit_value_eur").fill("25")
    accessible(page, "initiative-form-it")
    page.locator("form.initiative-form > button[type=submit]").click()

    page.wait_for_url("**/milano/initiatives/")
    project = Project.objects.get(title="Cortili in fiore")
    assert project.needs.count() == 2
    expect(page.locator(f"#initiative-{project.slug}")).to_have_attribute("data-status", "proposed")
    accessible(page, "initiatives-it")

    sign_in(page, factories.OfficerFactory(city=milano.city).user)
    page.goto("/milano/officer/initiatives/")
    accessible(page, "officer-initiatives-it")
    page.get_by_role("link", name="Cortili in fiore").click()
    expect(page.locator("#priority-fit li[data-addressed=true]")).to_have_count(1)
    expect(page.locator("#priority-fit li[data-addressed=false]")).to_have_count(1)
    accessible(page, "officer-initiative-review-it")
    page.locator("#id_changes-reason").fill("Indicate le date e i cortili coinvolti.")
    page.locator("button[name=changes]").click()
    expect(page.locator("#initiative-status")).to_have_attribute("data-status", "changes_requested")

    sign_in(page, ngo.user)
    page.goto("/milano/initiatives/")
    expect(page.locator(f"#initiative-{project.slug}")).to_contain_text("Indicate le date")
    screenshot(page, "initiatives-changes-requested-it")


def test_company_proposes_an_initiative_the_officer_endorses_it_and_the_public_finds_it(page) -> None:
    milano = ranked_city(count=2)
    priority(milano.neighbourhoods[1], theme_code="education", rank=1, statement="Doposcuola e laboratori")
    member = factories.CompanyMemberFactory(city=milano.city, company__legal_name="Officine Lambrate S.r.l.")
    sign_in(page, member.user)

    fill_initiative(
        page,
        title="Laboratori digitali a scuola",
        summary="I nostri tecnici insegnano robotica nelle scuole medie.",
        description="Dieci pomeriggi di laboratorio con kit che restano alla scuola.",
        neighbourhood=milano.neighbourhoods[1],
        theme_code="education",
        first_need=("Kit di robotica", "4000"),
    )
    page.locator("form.initiative-form > button[type=submit]").click()

    page.wait_for_url("**/milano/initiatives/")
    project = Project.objects.get(title="Laboratori digitali a scuola")
    assert project.proposed_by_company == member.company
    expect(page.locator(f"#initiative-{project.slug}")).to_have_attribute("data-status", "proposed")

    sign_in(page, factories.OfficerFactory(city=milano.city).user)
    page.goto("/milano/officer/initiatives/")
    page.get_by_role("link", name="Laboratori digitali a scuola").click()
    expect(page.locator("#priority-fit li[data-addressed=true]")).to_have_count(1)
    page.locator("button[name=endorse]").click()
    expect(page.locator("#initiative-status")).to_have_attribute("data-status", "published")
    accessible(page, "officer-initiative-endorsed-it")

    page.context.clear_cookies()  # the public
    page.goto("/milano/projects/")
    page.get_by_role("link", name="Laboratori digitali a scuola").click()
    page.wait_for_url(f"**/milano/projects/{project.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laboratori digitali a scuola")
    accessible(page, "initiative-endorsed-public-it")
