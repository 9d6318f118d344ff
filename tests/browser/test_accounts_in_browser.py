"""Signing up and registering a company, in Chromium."""

import pytest

from accounts.models import Membership
from tests import factories
from tests.browser.conftest import screenshot, serious_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_csr_manager_signs_up_and_registers_the_company(page) -> None:
    factories.CityFactory(slug="milano", name="Milano")

    page.goto("/accounts/signup/")
    assert serious_accessibility_violations(page) == []
    page.locator("#id_first_name").fill("Giulia")
    page.locator("#id_last_name").fill("Rossi")
    page.locator("#id_email").fill("giulia@example.org")
    page.locator("#id_password").fill("Quartieri-2027-verdi")
    screenshot(page, "sign-up-it")
    page.locator("form.form-card button[type=submit]").click()

    page.wait_for_url("**/milano/join/")
    screenshot(page, "join-it")
    assert serious_accessibility_violations(page) == []
    page.locator("#id_company-legal_name").fill("Verdi S.p.A.")
    page.locator("#id_company-vat_number").fill("00743110157")
    page.locator("#id_company-ateco_code").fill("62.01")
    page.locator("#id_company-size_class").select_option("large")
    page.locator("button[value=company]").click()

    page.wait_for_selector(".message")
    membership = Membership.objects.get(user__email="giulia@example.org")
    assert membership.company.legal_name == "Verdi S.p.A." and membership.is_admin
