"""Sign-up, sign-in, password reset, and joining a company or NGO with its admin's approval."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User
from companies.models import Company
from tests import factories

pytestmark = pytest.mark.django_db

STRONG = "Quartieri-2027-verdi"
VALID_VAT = "00743110157"  # a well-formed partita IVA (Pirelli's)


@pytest.fixture
def city():
    return factories.CityFactory(slug="milano", name="Milano")


def sign_up(client, **fields: str):
    data = {
        "first_name": "Giulia",
        "last_name": "Rossi",
        "email": "giulia@example.org",
        "password": STRONG,
        "language": "it",
    } | fields
    return client.post(reverse("sign_up"), data)


def test_sign_up_creates_the_account_signs_in_and_leads_to_joining(client, city) -> None:
    response = sign_up(client)

    assert response.status_code == 302 and response["Location"] == "/milano/join/"
    user = User.objects.get(email="giulia@example.org")
    assert user.check_password(STRONG) and user.language == "it"
    assert client.get("/milano/join/").context["user"] == user


def test_sign_up_with_a_taken_address_or_a_weak_password_shows_the_errors(client, city) -> None:
    factories.UserFactory(email="giulia@example.org")

    taken = sign_up(client)
    weak = sign_up(client, email="altro@example.org", password="12345678")

    assert "email" in taken.context["form"].errors
    assert "password" in weak.context["form"].errors
    assert User.objects.filter(email="altro@example.org").count() == 0


def test_registering_a_company_makes_its_registrant_the_admin(client, city) -> None:
    client.force_login(factories.UserFactory())

    response = client.post(
        "/milano/join/",
        {
            "action": "company",
            "company-legal_name": "Verdi S.p.A.",
            "company-vat_number": VALID_VAT,
            "company-ateco_code": "62.01",
            "company-size_class": "large",
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(company__legal_name="Verdi S.p.A.")
    assert (membership.status, membership.is_admin, membership.city) == ("active", True, city)


def test_a_wrong_vat_number_or_an_already_registered_company_is_a_form_error(client, city) -> None:
    factories.CompanyFactory(city=city, vat_number=VALID_VAT)
    client.force_login(factories.UserFactory())
    fields = {
        "action": "company",
        "company-legal_name": "Verdi",
        "company-ateco_code": "62.01",
        "company-size_class": "small",
    }

    wrong = client.post("/milano/join/", fields | {"company-vat_number": "00743110158"})
    taken = client.post("/milano/join/", fields | {"company-vat_number": VALID_VAT})

    assert "vat_number" in wrong.context["forms"]["company"].errors
    assert "vat_number" in taken.context["forms"]["company"].errors
    assert Company.objects.count() == 1 and Membership.objects.count() == 0


def test_joining_waits_for_the_admin_who_approves_it(client, city) -> None:
    admin = factories.CompanyMemberFactory(city=city, is_admin=True)
    newcomer = factories.UserFactory()
    client.force_login(newcomer)
    client.post("/milano/join/", {"action": "join", "join-company": admin.company.pk})
    request = Membership.objects.get(user=newcomer)
    assert request.status == Membership.Status.PENDING

    client.force_login(admin.user)
    assert list(client.get("/milano/members/").context["pending"]) == [request]
    client.post(f"/milano/members/{request.pk}/", {"decision": "approve"})

    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE


def test_another_organisations_admin_or_a_plain_member_cannot_decide_a_request(client, city) -> None:
    admin = factories.CompanyMemberFactory(city=city, is_admin=True)
    request = factories.CompanyMemberFactory(
        city=city, company=admin.company, status=Membership.Status.PENDING
    )
    outsiders = [
        factories.CompanyMemberFactory(city=city, is_admin=True).user,
        factories.CompanyMemberFactory(city=city, company=admin.company).user,
    ]

    for outsider in outsiders:
        client.force_login(outsider)
        assert client.post(f"/milano/members/{request.pk}/", {"decision": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING


def test_a_declined_request_frees_the_user_to_ask_elsewhere(client, city) -> None:
    admin = factories.NgoMemberFactory(city=city, is_admin=True)
    request = factories.NgoMemberFactory(
        city=city, organisation=admin.organisation, status=Membership.Status.PENDING
    )
    client.force_login(admin.user)

    client.post(f"/milano/members/{request.pk}/", {"decision": "decline"})

    assert not Membership.objects.filter(pk=request.pk).exists()


def test_password_reset_mails_a_link_that_sets_a_new_password(client, city) -> None:
    user = factories.UserFactory(email="giulia@example.org")

    client.post(reverse("password_reset"), {"email": "giulia@example.org"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/\S+/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_sign_in_and_sign_out(client, city) -> None:
    user = factories.UserFactory(email="giulia@example.org")
    user.set_password(STRONG)
    user.save()

    response = client.post(reverse("login"), {"username": user.username, "password": STRONG})
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
