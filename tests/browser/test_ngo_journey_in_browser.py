"""An NGO applies to an open call with a PDF; the officer scores and accepts it; the NGO reads why."""

from io import BytesIO

import pytest

from projects.models import Application
from tests import factories
from tests.browser.conftest import screenshot, serious_accessibility_violations, sign_in
from tests.calls.factories import call_with_criteria
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db(transaction=True)


def one_page_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    content = BytesIO()
    pdf = canvas.Canvas(content, pagesize=A4)
    pdf.drawString(72, 770, "Doposcuola nei cortili: piano e budget")
    pdf.showPage()
    pdf.save()
    return content.getvalue()


def no_serious_violations(page) -> None:
    assert serious_accessibility_violations(page) == []


def test_an_ngo_applies_with_a_pdf_and_the_officer_scores_and_accepts_it(page) -> None:
    milano = ranked_city(count=2)
    call, (relevance, budget) = call_with_criteria(
        city=milano.city, title="Doposcuola nei cortili", slug="doposcuola"
    )
    member = factories.NgoMemberFactory(city=milano.city, organisation__name="Cortili Aperti APS")
    officer = factories.OfficerFactory(city=milano.city).user

    sign_in(page, member.user)
    page.goto("/milano/ngo/")
    screenshot(page, "ngo-dashboard-before-it")
    no_serious_violations(page)
    page.locator(f'a[href="/milano/calls/{call.slug}/"]').first.click()
    page.wait_for_url(f"**/calls/{call.slug}/")
    screenshot(page, "call-detail-it")
    no_serious_violations(page)
    page.locator(".call-action a.button").click()
    page.wait_for_url(f"**/calls/{call.slug}/apply/")
    page.locator("#id_proposal").fill("Doposcuola tre pomeriggi a settimana nei cortili di via Padova.")
    page.locator("#id_budget_eur").fill("4500")
    page.locator("#id_attachments").set_input_files(
        files=[{"name": "piano.pdf", "mimeType": "application/pdf", "buffer": one_page_pdf()}]
    )
    screenshot(page, "ngo-apply-it")
    no_serious_violations(page)
    page.locator("form.apply-form button[type=submit]").click()
    page.wait_for_url("**/milano/ngo/")
    application = Application.objects.get(call=call, organisation=member.organisation)
    assert application.attachments.get().content_type == "application/pdf"
    assert page.locator(f"#application-{application.pk}").get_attribute("data-status") == "submitted"

    page.context.clear_cookies()
    sign_in(page, officer)
    page.goto("/milano/officer/calls/")
    screenshot(page, "officer-calls-it")
    no_serious_violations(page)
    page.locator(f'a[href="/milano/officer/calls/{call.slug}/"]').click()
    page.locator(f"#ranked-{application.pk} a").click()
    page.wait_for_url(f"**/officer/applications/{application.pk}/")
    page.locator(f"#id_score_{relevance.pk}").fill("8")
    page.locator(f"#id_comment_{relevance.pk}").fill("Radicata nel quartiere.")
    page.locator(f"#id_score_{budget.pk}").fill("4")
    page.locator("form.scores button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"#id_score_{relevance.pk}").input_value() == "8"
    screenshot(page, "officer-application-it")
    no_serious_violations(page)
    page.locator("input[name=decision][value=accepted]").check()
    page.locator("#id_reason").fill("Proposta chiara, budget sostenibile.")
    page.locator("form.decision button[type=submit]").click()
    page.wait_for_url(f"**/officer/calls/{call.slug}/")
    assert page.locator(f"#ranked-{application.pk} .status--accepted").count() == 1
    screenshot(page, "officer-call-ranking-it")
    no_serious_violations(page)

    page.context.clear_cookies()
    sign_in(page, member.user)
    page.goto("/milano/ngo/")
    decided = page.locator(f"#application-{application.pk}")
    assert decided.get_attribute("data-status") == "accepted"
    assert "Proposta chiara" in decided.inner_text()
    screenshot(page, "ngo-dashboard-accepted-it")
    no_serious_violations(page)
