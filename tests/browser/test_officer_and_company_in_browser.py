"""The signed-in areas in Chromium: an officer's dashboard and candidates, a company's recommendations."""

from decimal import Decimal

import pytest

from tests import factories
from tests.browser.conftest import screenshot, serious_accessibility_violations, sign_in
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_sees_the_dashboard_and_a_projects_candidates_with_a_coalition(page) -> None:
    milano = ranked_city(count=3)
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    factories.NeedFactory(project=project, title="Alberi", target_quantity=Decimal("8000.00"))
    for rank, budget in ((1, "5000.00"), (2, "6000.00")):
        company = factories.CompanyFactory(city=milano.city, csr_budget_eur=Decimal(budget))
        factories.MatchFactory(company=company, project=project, score=0.9 - rank / 10, rank_for_project=rank,
                               common_theme_mask=1, proximity=0.7, km=1.8)  # fmt: skip
    sign_in(page, factories.OfficerFactory(city=milano.city).user)

    page.goto("/milano/officer/")
    screenshot(page, "officer-dashboard-it")
    assert serious_accessibility_violations(page) == []
    page.goto(f"/milano/officer/projects/{project.slug}/candidates/")
    assert page.locator(".match").count() == 2
    screenshot(page, "officer-candidates-it")
    assert serious_accessibility_violations(page) == []


def test_company_sees_its_recommendations_with_reasons(page) -> None:
    milano = ranked_city(count=2)
    member = factories.CompanyMemberFactory(city=milano.city, company__legal_name="Verdi S.p.A.")
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    site = factories.SiteFactory(company=member.company, name="Bicocca")
    factories.MatchFactory(company=member.company, project=project, score=0.82, common_theme_mask=1,
                           nearest_site=site, km=2.4, proximity=0.6)  # fmt: skip
    sign_in(page, member.user)

    page.goto("/milano/company/")
    assert page.get_by_text("Bicocca").count() >= 1
    screenshot(page, "company-recommendations-it")
    assert serious_accessibility_violations(page) == []
