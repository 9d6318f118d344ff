"""Applying to a call, and every move an application may make after it: who may, and what it leaves."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import Event
from projects import applications as services
from projects.models import Application, ApplicationAttachment, Call, ProjectPartner
from tests.calls.factories import call_with_criteria, fake_pdf_upload, pdf_upload, png_upload
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CompanyMemberFactory,
    NgoMemberFactory,
    OfficerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
A = Application.Status


def submit(call: Call, member, **fields: object) -> Application:
    return services.application_submit(
        call=call,
        organisation=member.organisation,
        actor=member.user,
        proposal=fields.pop("proposal", "Doposcuola in cortile, tre pomeriggi a settimana."),
        budget_eur=fields.pop("budget_eur", Decimal("5000.00")),
        **fields,
    )


# --- submitting -------------------------------------------------------------------------------------


def test_an_ngo_member_submits_with_a_pdf_and_an_image_and_the_history_records_it() -> None:
    project = ProjectFactory()
    call = CallFactory(city=project.city, project=project)
    member = NgoMemberFactory(city=call.city)

    application = submit(
        call, member, partners_note="With the school's parents", attachments=[pdf_upload(), png_upload()]
    )

    assert (application.status, application.submitted_by) == (A.SUBMITTED, member.user)
    assert application.submitted_at is not None
    types = sorted(
        ApplicationAttachment.objects.filter(application=application).values_list("content_type", flat=True)
    )
    assert types == ["application/pdf", "image/png"]
    event = Event.objects.for_object(application).get()
    assert (event.from_status, event.to_status, event.project_id, event.city) == (
        "",
        "submitted",
        project.pk,
        call.city,
    )
    assert event.note == "With the school's parents"


def test_a_draft_the_ngo_started_is_submitted_in_place() -> None:
    member = NgoMemberFactory()
    call = CallFactory(city=member.city)
    draft = ApplicationFactory(call=call, organisation=member.organisation, status=A.DRAFT, submitted_at=None)

    application = submit(call, member)

    assert application.pk == draft.pk and Application.objects.get().status == A.SUBMITTED
    assert Event.objects.get().from_status == "draft"


def test_a_late_application_is_refused_with_the_deadline() -> None:
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=30), deadline=now - timedelta(minutes=1))
    member = NgoMemberFactory(city=call.city)

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match=r"The call closed on .*no longer accepted"),
    ):
        submit(call, member)
    assert not Application.objects.exists()


def test_an_application_to_a_closed_call_is_refused_as_late() -> None:
    call = CallFactory(status=Call.Status.CLOSED)

    with translation.override("en"), pytest.raises(ValidationError, match="no longer accepted"):
        submit(call, NgoMemberFactory(city=call.city))


def test_an_application_to_a_draft_call_is_refused() -> None:
    call = CallFactory(status=Call.Status.DRAFT)

    with translation.override("en"), pytest.raises(ValidationError, match="not open for applications"):
        submit(call, NgoMemberFactory(city=call.city))


def test_a_second_application_from_the_same_ngo_is_refused_with_a_message_not_an_integrity_error() -> None:
    member = NgoMemberFactory()
    call = CallFactory(city=member.city)
    submit(call, member)
    colleague = NgoMemberFactory(city=member.city, organisation=member.organisation)

    with translation.override("en"), pytest.raises(ValidationError, match="already applied to this call"):
        submit(call, colleague)
    assert Application.objects.count() == 1


def test_a_company_member_or_a_member_of_another_ngo_may_not_apply_for_the_ngo() -> None:
    member = NgoMemberFactory()
    call = CallFactory(city=member.city)
    for outsider in (CompanyMemberFactory(city=call.city).user, NgoMemberFactory(city=call.city).user):
        with translation.override("en"), pytest.raises(ValidationError, match="Only an active member"):
            services.application_submit(
                call=call, organisation=member.organisation, actor=outsider, proposal="x", budget_eur=None
            )


def test_a_fake_pdf_is_refused_and_nothing_of_the_application_is_saved() -> None:
    member = NgoMemberFactory()
    call = CallFactory(city=member.city)

    with translation.override("en"), pytest.raises(ValidationError, match=r"proposta\.pdf: Upload a PDF or"):
        submit(call, member, attachments=[pdf_upload("budget.pdf"), fake_pdf_upload("proposta.pdf")])
    assert not Application.objects.exists() and not ApplicationAttachment.objects.exists()
    assert not Event.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(settings) -> None:
    settings.MAX_UPLOAD_BYTES = 100
    member = NgoMemberFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="the limit is 100"):
        submit(CallFactory(city=member.city), member, attachments=[pdf_upload()])
    assert not Application.objects.exists()


def test_a_budget_beyond_the_call_budget_is_refused() -> None:
    member = NgoMemberFactory()
    call = CallFactory(city=member.city, budget_eur=Decimal("1000.00"))

    with translation.override("en"), pytest.raises(ValidationError, match="more than the call's"):
        submit(call, member, budget_eur=Decimal("1000.01"))


# --- moves after submission -------------------------------------------------------------------------


def officer(application: Application):
    return OfficerFactory(city=application.call.city).user


def ngo_member(application: Application):
    return NgoMemberFactory(city=application.call.city, organisation=application.organisation).user


MOVES: list[tuple[str, str, Callable, Callable]] = [
    (A.SUBMITTED, A.SHORTLISTED, services.application_shortlist, officer),
    (A.SUBMITTED, A.ACCEPTED, services.application_accept, officer),
    (A.SHORTLISTED, A.ACCEPTED, services.application_accept, officer),
    (A.SUBMITTED, A.REJECTED, services.application_reject, officer),
    (A.SHORTLISTED, A.REJECTED, services.application_reject, officer),
    (A.SUBMITTED, A.WITHDRAWN, services.application_withdraw, ngo_member),
    (A.SHORTLISTED, A.WITHDRAWN, services.application_withdraw, ngo_member),
]


def test_the_moves_tested_are_the_moves_the_table_allows() -> None:
    assert {(from_status, to_status) for from_status, to_status, _move, _who in MOVES} == set(
        services.APPLICATION_MOVES
    )


@pytest.mark.parametrize(("from_status", "to_status", "move", "who"), MOVES)
def test_every_allowed_move_changes_the_status_and_is_recorded(from_status, to_status, move, who) -> None:
    application = ApplicationFactory(
        status=from_status, submitted_at=None if from_status == A.DRAFT else timezone.now()
    )
    actor = who(application)
    extra = {"reason": "Out of the call's scope."} if to_status == A.REJECTED else {}

    move(application=application, actor=actor, **extra)

    application.refresh_from_db()
    assert application.status == to_status
    event = Event.objects.for_object(application).get()
    assert (event.from_status, event.to_status, event.actor, event.city) == (
        from_status, to_status, actor, application.call.city,
    )  # fmt: skip
    if who is officer:
        assert application.decided_at is not None


def test_an_accepted_application_cannot_be_withdrawn() -> None:
    application = ApplicationFactory(status=A.ACCEPTED)

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="An application that is accepted cannot become withdrawn"),
    ):
        services.application_withdraw(application=application, actor=ngo_member(application))
    application.refresh_from_db()
    assert application.status == A.ACCEPTED and not Event.objects.exists()


def test_the_ngo_may_not_shortlist_its_own_application_nor_an_officer_withdraw_it() -> None:
    application = ApplicationFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="may not make this change"):
        services.application_shortlist(application=application, actor=ngo_member(application))
    with translation.override("en"), pytest.raises(ValidationError, match="may not make this change"):
        services.application_withdraw(application=application, actor=officer(application))
    with translation.override("en"), pytest.raises(ValidationError, match="may not make this change"):
        services.application_accept(application=application, actor=OfficerFactory().user)


def test_a_rejection_without_a_reason_is_refused() -> None:
    application = ApplicationFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="Say why"):
        services.application_reject(application=application, actor=officer(application), reason="  ")
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


def test_the_rejection_reason_is_kept_on_the_application_and_in_the_history() -> None:
    application = ApplicationFactory()

    services.application_reject(
        application=application, actor=officer(application), reason="Budget too high."
    )

    application.refresh_from_db()
    assert application.decision_reason == "Budget too high."
    assert Event.objects.get().note == "Budget too high."


def test_accepting_makes_the_ngo_a_partner_of_the_calls_project() -> None:
    project = ProjectFactory()
    application = ApplicationFactory(call=CallFactory(city=project.city, project=project))

    services.application_accept(application=application, actor=officer(application))

    partnership = ProjectPartner.objects.get()
    assert (partnership.project, partnership.organisation) == (project, application.organisation)
    assert Event.objects.get().project_id == project.pk


def test_accepting_for_a_call_without_a_project_makes_no_partner() -> None:
    application = ApplicationFactory()

    services.application_accept(application=application, actor=officer(application))

    assert not ProjectPartner.objects.exists()


# --- scoring ----------------------------------------------------------------------------------------


def test_an_officer_scores_and_scoring_again_replaces_the_score() -> None:
    call, (criterion, _other) = call_with_criteria()
    application = ApplicationFactory(call=call)
    reviewer = officer(application)

    services.application_score(
        application=application, criterion=criterion, reviewer=reviewer, score=6, comment=""
    )
    scored = services.application_score(
        application=application, criterion=criterion, reviewer=reviewer, score=9, comment="Better on reread."
    )

    assert application.scores.get() == scored and (scored.score, scored.comment) == (9, "Better on reread.")


@pytest.mark.parametrize("score", [-1, 11])
def test_a_score_outside_0_to_the_highest_is_refused(score: int) -> None:
    call, (criterion, _other) = call_with_criteria()
    application = ApplicationFactory(call=call)

    with translation.override("en"), pytest.raises(ValidationError, match="from 0 to 10"):
        services.application_score(
            application=application, criterion=criterion, reviewer=officer(application), score=score
        )


def test_an_outsider_may_not_score_and_a_criterion_of_another_call_is_refused() -> None:
    call, (criterion, _other) = call_with_criteria()
    application = ApplicationFactory(call=call)
    _other_call, (foreign, _second) = call_with_criteria(city=call.city)

    with translation.override("en"), pytest.raises(ValidationError, match="Only an officer"):
        services.application_score(
            application=application, criterion=criterion, reviewer=OfficerFactory().user, score=5
        )
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="not one of the application's call"),
    ):
        services.application_score(
            application=application, criterion=foreign, reviewer=officer(application), score=5
        )


def test_a_withdrawn_application_cannot_be_scored() -> None:
    call, (criterion, _other) = call_with_criteria()
    application = ApplicationFactory(call=call, status=A.WITHDRAWN)

    with translation.override("en"), pytest.raises(ValidationError, match="withdrawn cannot be scored"):
        services.application_score(
            application=application, criterion=criterion, reviewer=officer(application), score=5
        )
