"""Publishing a call and closing the calls whose deadline passed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import Event
from projects.applications import call_publish, calls_close_due
from projects.models import Call
from tests.calls.factories import call_with_criteria
from tests.factories import CallFactory, NgoMemberFactory, OfficerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_officer_publishes_a_draft_call_whose_weights_add_up_to_100_and_the_history_records_it() -> None:
    project = ProjectFactory()
    call, _criteria = call_with_criteria(status=Call.Status.DRAFT, city=project.city, project=project)
    officer = OfficerFactory(city=call.city).user

    call_publish(call=call, actor=officer)

    call.refresh_from_db()
    assert call.status == Call.Status.OPEN
    event = Event.objects.for_object(call).get()
    assert (event.from_status, event.to_status, event.actor, event.project_id, event.city) == (
        "draft", "open", officer, project.pk, call.city,
    )  # fmt: skip


def test_publishing_a_call_whose_weights_do_not_add_up_to_100_is_refused_with_the_total() -> None:
    call, _criteria = call_with_criteria(("60", 10), ("30", 5), status=Call.Status.DRAFT)
    officer = OfficerFactory(city=call.city).user

    with translation.override("en"), pytest.raises(ValidationError, match="add up to 90%"):
        call_publish(call=call, actor=officer)
    call.refresh_from_db()
    assert call.status == Call.Status.DRAFT and not Event.objects.exists()


def test_publishing_a_call_without_criteria_is_refused() -> None:
    call = CallFactory(status=Call.Status.DRAFT)

    with translation.override("en"), pytest.raises(ValidationError, match="must add up to 100%"):
        call_publish(call=call, actor=OfficerFactory(city=call.city).user)


def test_an_officer_of_another_city_or_an_ngo_member_may_not_publish_a_call() -> None:
    call, _criteria = call_with_criteria(status=Call.Status.DRAFT)

    for outsider in (OfficerFactory().user, NgoMemberFactory(city=call.city).user):
        with translation.override("en"), pytest.raises(ValidationError, match="Only an officer"):
            call_publish(call=call, actor=outsider)


def test_an_open_call_cannot_be_published_again() -> None:
    call, _criteria = call_with_criteria()

    with translation.override("en"), pytest.raises(ValidationError, match="open cannot be published"):
        call_publish(call=call, actor=OfficerFactory(city=call.city).user)


def test_open_calls_past_their_deadline_close_once_and_a_rerun_closes_nothing() -> None:
    now = timezone.now()
    due = CallFactory(opens_at=now - timedelta(days=10), deadline=now - timedelta(minutes=1))
    running = CallFactory(opens_at=now - timedelta(days=10), deadline=now + timedelta(minutes=1))
    draft = CallFactory(status=Call.Status.DRAFT, opens_at=now - timedelta(days=10), deadline=now)

    assert calls_close_due(now=now) == [due.pk]
    assert calls_close_due(now=now) == []

    statuses = dict(Call.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "closed", running.pk: "open", draft.pk: "draft"}
    event = Event.objects.get()
    assert (event.object_id, event.from_status, event.to_status, event.actor) == (
        due.pk,
        "open",
        "closed",
        None,
    )
