"""Edits made in the Django admin enter the audit trail like the services' own (audit/admin_recording.py)."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory

from audit.models import Event
from ledger.models import Fund
from projects.models import Need
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_request():
    request = RequestFactory().post("/admin/")
    request.user = factories.UserFactory(is_staff=True, is_superuser=True)
    return request


def _form_data(obj) -> dict:
    data = model_to_dict(obj)
    return {
        name: [item.pk for item in value] if isinstance(value, list) else value
        for name, value in data.items()
    }


def test_a_need_edited_in_the_admin_records_who_changed_what(staff_request) -> None:
    need = factories.NeedFactory(target_quantity=Decimal("10000.00"))
    need_admin = admin.site._registry[Need]
    form = need_admin.get_form(staff_request, need)(
        {**_form_data(need), "target_quantity": "12000.00"}, instance=need
    )
    assert form.is_valid(), form.errors

    need_admin.save_model(staff_request, form.save(commit=False), form, change=True)

    event = Event.objects.for_object(need).get()
    assert event.action == Event.Action.CHANGED and event.actor == staff_request.user
    assert event.changes == {"target_quantity": ["10000.00", "12000.00"]}
    assert event.project_id == need.project_id and event.city == need.project.city


def test_a_fund_deleted_in_the_admin_leaves_its_deletion_in_the_trail(staff_request) -> None:
    fund = factories.FundFactory()
    fund_id, city = fund.pk, fund.city

    admin.site._registry[Fund].delete_model(staff_request, fund)

    event = Event.objects.get(object_id=fund_id, action=Event.Action.DELETED)
    assert event.city == city and event.actor == staff_request.user


def test_a_need_changed_inline_on_its_project_is_recorded_too(staff_request) -> None:
    need = factories.NeedFactory(target_quantity=Decimal("10000.00"))
    project = need.project
    project_admin = admin.site._registry[type(project)]
    formset_class, _inline = next(
        (formset, inline)
        for formset, inline in project_admin.get_formsets_with_inlines(staff_request, project)
        if formset.model is Need
    )
    prefix = formset_class.get_default_prefix()
    fields = {f"{prefix}-0-{name}": value for name, value in _form_data(need).items() if value is not None}
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        **fields,
        f"{prefix}-0-target_quantity": "15000.00",
        f"{prefix}-0-project": project.pk,
    }
    formset = formset_class(data, instance=project, prefix=prefix)
    assert formset.is_valid(), formset.errors

    project_admin.save_formset(staff_request, None, formset, change=True)

    event = Event.objects.for_object(need).get()
    assert event.changes == {"target_quantity": ["10000.00", "15000.00"]}
    assert event.project_id == project.pk
