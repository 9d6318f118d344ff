"""In Chromium: an officer creates a project with two needs in one form, publishes it, sees it in the public
catalogue and invites a company, whose member finds the invitation among their notifications."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification, NotificationKind
from projects.models import Project
from tests import factories
from tests.browser.conftest import accessible, sign_in
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db(transaction=True)


def fill_project(page, milano) -> None:
    page.locator("#id_title").fill("Cortile della scuola Pascoli")
    page.locator("#id_summary").fill("Un cortile verde e ombreggiato per la scuola e il quartiere.")
    page.locator("#id_description").fill("Alberi, panchine e un orto didattico curato con le famiglie.")
    page.locator("#id_neighbourhood").select_option(str(milano.neighbourhoods[1].pk))
    page.locator(f"input[name=themes][value='{factories.theme('greening').pk}']").check()
    page.locator("#id_instrument").select_option("collective_action")
    page.locator("#id_needs-0-kind").select_option("funding")
    page.locator("#id_needs-0-title").fill("Alberi e panchine")
    page.locator("#id_needs-0-target_quantity").fill("12000")
    page.locator("#id_needs-0-all_or_nothing").check()
    page.locator("#id_needs-1-kind").select_option("volunteering")
    page.locator("#id_needs-1-title").fill("Giornata di piantumazione")
    page.locator("#id_needs-1-target_quantity").fill("80")
    page.locator("#id_needs-1-unit_value_eur").fill("25")


def test_officer_creates_publishes_and_invites_then_the_company_sees_the_invitation(page) -> None:
    milano = ranked_city(count=3)
    officer = factories.OfficerFactory(city=milano.city, user__first_name="Giulia").user
    member = factories.CompanyMemberFactory(city=milano.city, company__legal_name="Verdi S.p.A.")
    sign_in(page, officer)

    page.goto("/milano/officer/projects/")
    page.locator(".manage-head a.button").click()
    page.wait_for_url("**/milano/officer/new-project/")
    fill_project(page, milano)
    page.locator("button[name=add_need]").click()  # htmx brings a third, blank row
    expect(page.locator(".need-row")).to_have_count(3)
    expect(page.locator("#id_needs-0-title")).to_have_value("Alberi e panchine")
    expect(page.locator("#id_needs-2-kind")).to_be_focused()
    accessible(page, "manage-project-form-it")
    page.locator("form.project-form > button[type=submit]").click()

    page.wait_for_url("**/milano/officer/projects/cortile-della-scuola-pascoli/")
    expect(page.locator("#needs-title + .table-scroll tbody tr")).to_have_count(2)
    page.locator("button[data-move=published]").click()
    expect(page.locator(".page-head__lead .status")).to_have_attribute("data-status", "published")
    project = Project.objects.get(slug="cortile-della-scuola-pascoli")
    factories.MatchFactory(project=project, company=member.company, score=0.82, rank_for_project=1)
    page.reload()
    expect(page.locator(".manage-history li")).not_to_have_count(0)
    accessible(page, "manage-project-published-it")

    page.goto("/milano/projects/")
    expect(page.get_by_text("Cortile della scuola Pascoli")).to_be_visible()

    page.goto("/milano/officer/projects/cortile-della-scuola-pascoli/")
    page.locator(f".invite-form input[name=companies][value='{member.company.pk}']").check()
    page.locator(".invite-form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert Notification.objects.filter(recipient=member.user, kind=NotificationKind.INVITATION).exists()
    page.goto("/milano/officer/projects/")
    accessible(page, "manage-projects-it")

    sign_in(page, member.user)
    page.goto("/milano/notifications/")
    invitation = page.locator(".notice[data-kind=invitation]")
    expect(invitation).to_contain_text("Cortile della scuola Pascoli")
    expect(invitation).to_have_class("notice notice--unread")
    accessible(page, "notifications-it")
    invitation.locator("button[type=submit]").click()  # htmx: marks it read in place
    expect(page.locator(".notice[data-kind=invitation]")).to_have_class("notice")
    expect(page.locator("#unread-count")).to_contain_text("0")
    invitation.get_by_role("link").click()
    page.wait_for_url("**/milano/projects/cortile-della-scuola-pascoli/")
