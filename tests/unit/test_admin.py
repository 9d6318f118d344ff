"""The admin shows every model of ours, and each page of it renders with data in it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

OUR_APPS = ["taxonomy", "neighborhoods", "audit", "accounts", "companies", "ngos", "projects", "ledger"]


@pytest.fixture
def staff_client(client):
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_every_model_of_ours_is_registered_in_the_admin() -> None:
    ours = {model for label in OUR_APPS for model in apps.get_app_config(label).get_models()}
    assert ours - set(admin.site._registry) == set()


def test_every_admin_changelist_add_and_change_page_renders(staff_client) -> None:
    factories.PledgeFactory()
    factories.ApplicationFactory()
    factories.SiteFactory()
    factories.CompanyMemberFactory()
    factories.NeedIndexWeightFactory()
    factories.FundMatchFactory()
    factories.ImpactPhotoFactory()
    factories.ApplicationAttachmentFactory()
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert staff_client.get(changelist).status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert staff_client.get(add).status_code in (200, 403), add
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert staff_client.get(change).status_code == 200, change


def test_officer_recomputes_the_need_index_from_the_city_admin(
    staff_client, django_capture_on_commit_callbacks
) -> None:
    neighbourhood = factories.NeighbourhoodFactory()
    weight = factories.NeedIndexWeightFactory(indicator__city=neighbourhood.city)
    factories.IndicatorValueFactory(indicator=weight.indicator, neighbourhood=neighbourhood, value=3.0)
    url = reverse("admin:neighborhoods_city_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"action": "recompute_need_index", "_selected_action": [neighbourhood.city.pk]}, follow=True
        )
    assert response.status_code == 200
    neighbourhood.refresh_from_db()
    assert neighbourhood.need_index is not None
