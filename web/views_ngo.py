"""Calls and applications: the public call pages, an NGO member's area, and the officer's review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import organisation_of
from milanpartner.forms import add_service_errors
from neighborhoods.models import City
from ngos.services import organisation_profile_update
from projects import applications as services
from projects.models import Application, ApplicationStatus, Call
from web import ngo
from web.forms_ngo import ApplicationForm, DecisionForm, OrganisationProfileForm, ScoresForm
from web.officer import officer_city

A = ApplicationStatus

# --- public call pages ------------------------------------------------------------------------------


def call_list(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    calls = ngo.open_calls(city=city, now=timezone.now()).prefetch_related("themes").order_by("deadline")
    return render(request, "web/calls/list.html", {"city": city, "calls": calls})


def call_detail(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    call = get_object_or_404(ngo.public_calls(city).select_related("project"), slug=slug)
    organisation = organisation_of(request.user)
    is_applicant = organisation is not None and organisation.city_id == city.pk
    own = call.applications.filter(organisation=organisation).first() if is_applicant else None
    return render(
        request,
        "web/calls/detail.html",
        {
            "city": city,
            "call": call,
            "criteria": call.criteria.all(),
            "is_open": ngo.is_open(call, timezone.now()),
            "is_applicant": is_applicant,
            "own_application": own if own is not None and own.status != A.DRAFT else None,
        },
    )


# --- the NGO's area ---------------------------------------------------------------------------------


@login_required
def ngo_dashboard(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    organisation = ngo.member_organisation(request, city)
    applications = list(
        organisation.applications.exclude(status=A.DRAFT)
        .select_related("call", "project")
        .prefetch_related("attachments")
        .order_by("-submitted_at")
    )
    applied = {application.call_id for application in applications}
    return render(
        request,
        "web/ngo/dashboard.html",
        {
            "city": city,
            "organisation": organisation,
            "open_calls": [
                (call, call.pk in applied) for call in ngo.open_calls(city=city, now=timezone.now())
            ],
            "applications": applications,
            "withdrawable": ngo.WITHDRAWABLE,
        },
    )


@login_required
def ngo_profile(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    organisation = ngo.member_organisation(request, city)
    form = OrganisationProfileForm(request.POST or None, instance=organisation, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_profile_update(organisation=organisation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("web:ngo_profile", city_slug=city.slug)
    context = {"city": city, "organisation": organisation, "form": form}
    return render(request, "web/ngo/profile.html", context, status=400 if form.errors else 200)


@login_required
def call_apply(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    organisation = ngo.member_organisation(request, city)
    call = get_object_or_404(ngo.public_calls(city), slug=slug)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                call=call, organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application sent: you will find the City's decision here."))
            return redirect("web:ngo", city_slug=city.slug)
    return render(
        request,
        "web/ngo/apply.html",
        {"city": city, "organisation": organisation, "call": call, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, city_slug: str, application_id: int) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    organisation = ngo.member_organisation(request, city)
    application = get_object_or_404(organisation.applications, pk=application_id)
    try:
        services.application_withdraw(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("web:ngo", city_slug=city.slug)


@login_required
def attachment_download(request: HttpRequest, city_slug: str, attachment_id: int) -> FileResponse:
    """Only the NGO's members and the city's officers; never through MEDIA_URL."""
    city = get_object_or_404(City, slug=city_slug)
    attachment = ngo.readable_attachment(request, city, attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- the officer's review ---------------------------------------------------------------------------


@login_required
def officer_calls(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    calls = ngo.calls_with_counts(city).order_by("-deadline")
    return render(request, "web/calls/officer_calls.html", {"city": city, "calls": calls})


@login_required
def officer_call(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    call = get_object_or_404(Call.objects.filter(city=city), slug=slug)
    criteria, rows = ngo.ranking_table(call=call)
    out_of_the_running = (
        call.applications.filter(status__in=[A.REJECTED, A.WITHDRAWN])
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(
        request,
        "web/calls/officer_call.html",
        {"city": city, "call": call, "criteria": criteria, "rows": rows, "others": out_of_the_running},
    )


def _reviewed_application(city: City, application_id: int) -> Application:
    applications = (
        Application.objects.filter(call__city=city)
        .exclude(status=A.DRAFT)
        .select_related("call", "organisation", "submitted_by")
    )
    return get_object_or_404(applications, pk=application_id)


def _review(
    request: HttpRequest,
    city: City,
    application: Application,
    scores_form: ScoresForm | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    reviews = ngo.criteria_reviews(application=application)
    if scores_form is None:
        own = {s.criterion_id: s for s in application.scores.filter(reviewer=request.user)}
        initial = {}
        for criterion_id, score in own.items():
            initial |= {f"score_{criterion_id}": score.score, f"comment_{criterion_id}": score.comment}
        scores_form = ScoresForm(initial=initial, criteria=[review.criterion for review in reviews])
    invalid = scores_form.errors or (decision_form is not None and decision_form.errors)
    return render(
        request,
        "web/calls/officer_application.html",
        {
            "city": city,
            "application": application,
            "call": application.call,
            "attachments": application.attachments.all(),
            "reviews": [(review, *scores_form.fields_of(review.criterion)) for review in reviews],
            "scores_form": scores_form,
            "decision_form": decision_form or DecisionForm(),
            "scorable": application.status in services.SCORABLE,
            "decidable": application.status in ngo.DECIDABLE,
        },
        status=400 if invalid else 200,
    )


@login_required
def officer_application(request: HttpRequest, city_slug: str, application_id: int) -> HttpResponse:
    city = officer_city(request, city_slug)
    return _review(request, city, _reviewed_application(city, application_id))


@login_required
@require_POST
def officer_application_score(request: HttpRequest, city_slug: str, application_id: int) -> HttpResponse:
    city = officer_city(request, city_slug)
    application = _reviewed_application(city, application_id)
    form = ScoresForm(request.POST, criteria=list(application.call.criteria.all()))
    if form.is_valid():
        try:
            # All the criteria or none: one refused score leaves the others as they were.
            with transaction.atomic():
                for criterion, score, comment in form.scores():
                    services.application_score(
                        application=application,
                        criterion=criterion,
                        reviewer=request.user,
                        score=score,
                        comment=comment,
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("web:officer_application", city_slug=city.slug, application_id=application.pk)
    return _review(request, city, application, scores_form=form)


DECIDE = {
    A.SHORTLISTED: lambda application, actor, reason: services.application_shortlist(
        application=application, actor=actor
    ),
    A.ACCEPTED: lambda application, actor, reason: services.application_accept(
        application=application, actor=actor, reason=reason
    ),
    A.REJECTED: lambda application, actor, reason: services.application_reject(
        application=application, actor=actor, reason=reason
    ),
}


@login_required
@require_POST
def officer_application_decide(request: HttpRequest, city_slug: str, application_id: int) -> HttpResponse:
    city = officer_city(request, city_slug)
    application = _reviewed_application(city, application_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision = A(form.cleaned_data["decision"])
        try:
            DECIDE[decision](application, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision recorded: %(status)s.") % {"status": decision.label})
            return redirect("web:officer_call", city_slug=city.slug, slug=application.call.slug)
    return _review(request, city, application, decision_form=form)
