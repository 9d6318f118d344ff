"""The company's pledge flow, initiatives by companies and NGOs, and the officer's review of both.

Every rule lives in ledger/services.py and projects/services.py: a form validates, a service acts, the view
redirects (or returns a fragment to htmx). Every lookup goes through the signed-in member's company,
organisation or city, so another organisation's pledge or initiative is a 404.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import company_of, organisation_of
from audit.models import Event
from companies.models import Company
from ledger import services as ledger
from ledger.funds import fund_preview
from ledger.models import FundMatch, Pledge
from ledger.selectors import companies_capacity_left
from milanpartner.forms import add_service_errors
from neighborhoods.models import City
from ngos.models import Organisation
from projects import initiatives as initiative_services
from projects import services as projects
from projects.models import Need, Project
from projects.selectors import initiative_review
from web.company import member_company
from web.forms_pledges import (
    EndorseForm,
    InitiativeForm,
    NeedForm,
    NeedFormSet,
    PledgeForm,
    PledgeFulfilForm,
    PledgePreviewForm,
    PledgeStatusFilter,
    ReasonForm,
)
from web.officer import officer_city

PAGE_SIZE = 25
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
INITIATIVE_REVIEW_STATUSES = (
    Project.Status.PROPOSED,
    Project.Status.CHANGES_REQUESTED,
    Project.Status.DECLINED,
    Project.Status.PUBLISHED,
)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _sum_or_zero(queryset: QuerySet, group: str, field: str) -> Coalesce:
    total = queryset.order_by().values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total), Value(ZERO), output_field=DecimalField())


def _with_matched(pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """Each pledge with what match funds added to it (matches given back excluded)."""
    active = FundMatch.objects.filter(pledge=OuterRef("pk"), status=FundMatch.Status.ACTIVE)
    return pledges.annotate(matched_eur=_sum_or_zero(active, "pledge", "amount_eur"))


# --- pledging: the company ---------------------------------------------------------------------------


def _pledgeable_needs(project: Project) -> QuerySet[Need]:
    committed = Pledge.objects.committed().filter(need=OuterRef("pk"))
    return (
        project.needs.select_related("project")
        .annotate(committed=_sum_or_zero(committed, "need", "quantity"))
        .order_by("id")
    )


def _pledge_preview(data: Any, needs: QuerySet[Need], company: Company) -> dict[str, Any] | None:
    """What the pledge would be worth: its declared value, what match funds would add, what is left."""
    form = PledgePreviewForm(data, needs=needs)
    if not data or not form.is_valid():
        return None
    need, quantity = form.cleaned_data["need"], form.cleaned_data["quantity"]
    value_eur = (quantity * need.unit_value_eur).quantize(CENT, rounding=ROUND_HALF_UP)
    return {
        "need": need,
        "quantity": quantity,
        "value_eur": value_eur,
        "funds": fund_preview(need=need, company=company, amount_eur=value_eur),
        "capacity": companies_capacity_left(company_ids=[company.pk])[company.pk],
    }


def _public_project(city: City, slug: str) -> Project:
    return get_object_or_404(
        Project.objects.in_city(city).public().select_related("neighbourhood"), slug=slug
    )


@login_required
def pledge_new(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    project = _public_project(city, slug)
    chosen = request.GET.get("need", "")
    needs = _pledgeable_needs(project)
    form = PledgeForm(
        request.POST or None, needs=needs, initial={"need": chosen} if chosen.isdigit() else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ledger.pledge_offer(
                need=data["need"],
                company=company,
                quantity=data["quantity"],
                actor=request.user,
                message=data["message"],
                confirm_beyond_capacity=data["confirm_beyond_capacity"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "beyond_capacity":
                form.ask_to_confirm(error.messages[0])
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, _("Pledge offered: the City will answer it soon."))
            return redirect("web:company_pledges", city_slug=city.slug)
    return render(
        request,
        "web/pledges/pledge_form.html",
        {
            "city": city,
            "company": company,
            "project": project,
            "form": form,
            "preview": _pledge_preview(request.POST, needs, company),
            "open_for_pledges": project.status == Project.Status.PUBLISHED,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def pledge_preview(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    """The htmx fragment under the pledge form: "your EUR 1,000 becomes EUR 2,000"."""
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    project = _public_project(city, slug)
    preview = _pledge_preview(request.GET, _pledgeable_needs(project), company)
    return render(request, "web/pledges/_pledge_preview.html", {"preview": preview})


def _decline_reasons(pledge_ids: list[int]) -> dict[int, str]:
    """Why the City declined each of these pledges: the note of its transition to declined (one query)."""
    events = Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Pledge),
        object_id__in=pledge_ids,
        to_status=Pledge.Status.DECLINED,
    ).order_by("occurred_at", "id")
    return dict(events.values_list("object_id", "note"))


@login_required
def company_pledges(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    pledges = _with_matched(
        Pledge.objects.filter(company=company).select_related("need__project").order_by("-offered_at", "-id")
    )
    page = Paginator(pledges, PAGE_SIZE).get_page(request.GET.get("page"))
    declined = [pledge.pk for pledge in page if pledge.status == Pledge.Status.DECLINED]
    reasons = _decline_reasons(declined) if declined else {}
    for pledge in page:
        pledge.decline_reason = reasons.get(pledge.pk, "")
    return render(
        request,
        "web/pledges/company_pledges.html",
        {
            "city": city,
            "company": company,
            "page": page,
            "capacity": companies_capacity_left(company_ids=[company.pk])[company.pk],
        },
    )


def _own_pledge(request: HttpRequest, city_slug: str, pledge_id: int) -> tuple[City, Company, Pledge]:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    pledge = get_object_or_404(
        Pledge.objects.filter(company=company).select_related("need__project"), pk=pledge_id
    )
    return city, company, pledge


@login_required
@require_POST
def pledge_withdraw(request: HttpRequest, city_slug: str, pledge_id: int) -> HttpResponse:
    city, _company, pledge = _own_pledge(request, city_slug, pledge_id)
    try:
        ledger.pledge_withdraw(pledge=pledge, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pledge withdrawn."))
    return redirect("web:company_pledges", city_slug=city.slug)


@login_required
def pledge_fulfil(request: HttpRequest, city_slug: str, pledge_id: int) -> HttpResponse:
    city, company, pledge = _own_pledge(request, city_slug, pledge_id)
    form = PledgeFulfilForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger.pledge_fulfil(
                pledge=pledge,
                actor=request.user,
                evidence_note=form.cleaned_data["evidence_note"],
                receipt=form.cleaned_data["receipt"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: the pledge is marked as fulfilled."))
            return redirect("web:company_pledges", city_slug=city.slug)
    return render(
        request,
        "web/pledges/pledge_fulfil.html",
        {"city": city, "company": company, "pledge": pledge, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- the officer's review of pledges -----------------------------------------------------------------


def _city_pledges(city: City) -> QuerySet[Pledge]:
    return _with_matched(
        Pledge.objects.filter(need__project__city=city).select_related("company", "need__project")
    )


def _decline_form(pledge: Pledge, data: Any = None) -> ReasonForm:
    return ReasonForm(data, prefix=f"decline-{pledge.pk}")


def _officer_pledges_page(
    request: HttpRequest, city: City, *, bound: ReasonForm | None = None, bound_id: int | None = None
) -> HttpResponse:
    status_filter = PledgeStatusFilter({"status": request.GET.get("status", Pledge.Status.OFFERED)})
    status = status_filter.cleaned_data["status"] if status_filter.is_valid() else Pledge.Status.OFFERED
    pledges = _city_pledges(city).order_by("expires_at", "offered_at", "id")
    if status:
        pledges = pledges.filter(status=status)
    page = Paginator(pledges, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(pledge, bound if pledge.pk == bound_id else _decline_form(pledge)) for pledge in page]
    if bound is not None and all(pledge.pk != bound_id for pledge, _form in rows):
        # The refused pledge may not be in the filtered list: show it first, with its error.
        rows.insert(0, (_city_pledges(city).get(pk=bound_id), bound))
    return render(
        request,
        "web/pledges/officer_pledges.html",
        {"city": city, "page": page, "rows": rows, "status_filter": status_filter, "status": status},
        status=400 if bound is not None else 200,
    )


@login_required
def officer_pledges(request: HttpRequest, city_slug: str) -> HttpResponse:
    return _officer_pledges_page(request, officer_city(request, city_slug))


def _officer_pledge_answer(
    request: HttpRequest, city: City, pledge: Pledge, *, notice: str = "", form: ReasonForm | None = None
) -> HttpResponse:
    """htmx gets the pledge's row as it is now; a plain form post goes back to the list."""
    if _is_htmx(request):
        fresh = _city_pledges(city).get(pk=pledge.pk)
        return render(
            request,
            "web/pledges/_officer_pledge_row.html",
            {"city": city, "pledge": fresh, "decline_form": form or _decline_form(fresh), "notice": notice},
        )
    if form is not None:
        return _officer_pledges_page(request, city, bound=form, bound_id=pledge.pk)
    return redirect(reverse("web:officer_pledges", kwargs={"city_slug": city.slug}))


def _city_pledge(request: HttpRequest, city_slug: str, pledge_id: int) -> tuple[City, Pledge]:
    city = officer_city(request, city_slug)
    return city, get_object_or_404(Pledge.objects.filter(need__project__city=city), pk=pledge_id)


@login_required
@require_POST
def officer_pledge_accept(request: HttpRequest, city_slug: str, pledge_id: int) -> HttpResponse:
    city, pledge = _city_pledge(request, city_slug, pledge_id)
    try:
        ledger.pledge_accept(pledge=pledge, actor=request.user)
    except ValidationError as error:
        notice, level = " ".join(error.messages), messages.ERROR
    else:
        notice, level = _("Pledge accepted."), messages.SUCCESS
    if not _is_htmx(request):
        messages.add_message(request, level, notice)
    return _officer_pledge_answer(request, city, pledge, notice=notice)


@login_required
@require_POST
def officer_pledge_decline(request: HttpRequest, city_slug: str, pledge_id: int) -> HttpResponse:
    city, pledge = _city_pledge(request, city_slug, pledge_id)
    form = _decline_form(pledge, request.POST)
    if form.is_valid():
        try:
            ledger.pledge_decline(pledge=pledge, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = _("Pledge declined; the company will read why.")
            if not _is_htmx(request):
                messages.success(request, notice)
            return _officer_pledge_answer(request, city, pledge, notice=notice)
    return _officer_pledge_answer(request, city, pledge, form=form)


# --- initiatives: the proposing company or NGO -------------------------------------------------------


def _proposer(request: HttpRequest, city: City) -> tuple[Company | None, Organisation | None]:
    """The company or NGO the signed-in member acts for in this city; 404 for anyone else."""
    company, organisation = company_of(request.user), organisation_of(request.user)
    proposer = company or organisation
    if proposer is None or proposer.city_id != city.pk:
        raise Http404
    return company, organisation


def _own_initiatives(request: HttpRequest, city: City) -> QuerySet[Project]:
    company, organisation = _proposer(request, city)
    owned = Q(proposed_by_company=company) if company else Q(proposed_by_organisation=organisation)
    return Project.objects.filter(owned, city=city)


@login_required
def initiatives(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    own = (
        _own_initiatives(request, city)
        .select_related("neighbourhood")
        .annotate(need_count=Count("needs"))
        .order_by("-updated_at", "-id")
    )
    page = Paginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/pledges/initiatives.html",
        {"city": city, "page": page, "editable": projects.PROPOSER_EDITABLE_STATUSES},
    )


def _split_needs_errors(form: InitiativeForm, error: ValidationError) -> list[str]:
    """The needs' problems go above the needs; every other problem beside its field."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return []
    problems = error.message_dict
    needs_errors = problems.pop("needs", [])
    if problems:
        add_service_errors(form, ValidationError(problems))
    return needs_errors


def _initiative_page(request: HttpRequest, context: dict[str, Any], *, failed: bool) -> HttpResponse:
    return render(request, "web/pledges/initiative_form.html", context, status=400 if failed else 200)


@login_required
def initiative_new(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    _company, organisation = _proposer(request, city)
    form = InitiativeForm(request.POST or None, city=city, own_organisation=organisation)
    formset = NeedFormSet(request.POST or None, prefix="needs")
    needs_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            initiative_services.initiative_propose(
                actor=request.user, city=city, needs=formset.needs(), **form.service_fields()
            )
        except ValidationError as error:
            needs_errors = _split_needs_errors(form, error)
        else:
            messages.success(request, _("Initiative sent: the City will review it."))
            return redirect("web:initiatives", city_slug=city.slug)
    context = {"city": city, "form": form, "formset": formset, "needs_errors": needs_errors, "project": None}
    return _initiative_page(request, context, failed=request.method == "POST")


@login_required
def initiative_edit(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    """Edit an initiative under review; one the City asked changes to goes back to its review."""
    city = get_object_or_404(City, slug=city_slug)
    project = get_object_or_404(_own_initiatives(request, city).select_related("neighbourhood"), slug=slug)
    _company, organisation = _proposer(request, city)
    initial_needs = [
        {field: getattr(need, field) for field in NeedForm.base_fields}
        for need in project.needs.order_by("id")
    ]
    form = InitiativeForm(
        request.POST or None,
        city=city,
        own_organisation=organisation,
        initial=InitiativeForm.initial_from(project),
    )
    formset = NeedFormSet(request.POST or None, prefix="needs", initial=initial_needs)
    needs_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        resubmit = project.status == Project.Status.CHANGES_REQUESTED
        try:
            with transaction.atomic():
                projects.project_update(
                    project=project, actor=request.user, needs=formset.needs(), **form.service_fields()
                )
                if resubmit:
                    initiative_services.initiative_resubmit(project=project, actor=request.user)
        except ValidationError as error:
            needs_errors = _split_needs_errors(form, error)
        else:
            messages.success(
                request,
                _("Initiative saved and sent back to the City's review.")
                if resubmit
                else _("Initiative saved."),
            )
            return redirect("web:initiatives", city_slug=city.slug)
    context = {
        "city": city,
        "form": form,
        "formset": formset,
        "needs_errors": needs_errors,
        "project": project,
    }
    return _initiative_page(request, context, failed=request.method == "POST")


@login_required
@require_POST
def initiative_resubmit(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    project = get_object_or_404(_own_initiatives(request, city), slug=slug)
    try:
        initiative_services.initiative_resubmit(project=project, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Initiative sent back to the City's review."))
    return redirect("web:initiatives", city_slug=city.slug)


# --- initiatives: the officer's review ---------------------------------------------------------------


def _city_initiatives(city: City) -> QuerySet[Project]:
    return (
        Project.objects.filter(city=city)
        .exclude(origin=Project.Origin.CITY)
        .select_related("neighbourhood", "proposed_by_company", "proposed_by_organisation")
    )


@login_required
def officer_initiatives(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    status = request.GET.get("status", Project.Status.PROPOSED)
    if status not in INITIATIVE_REVIEW_STATUSES:
        status = Project.Status.PROPOSED
    waiting = _city_initiatives(city).filter(status=status).order_by("updated_at", "id")
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/pledges/officer_initiatives.html",
        {
            "city": city,
            "page": page,
            "status": status,
            "statuses": [(value, Project.Status(value).label) for value in INITIATIVE_REVIEW_STATUSES],
        },
    )


DECISIONS = {
    "endorse": Project.Status.PUBLISHED,
    "changes": Project.Status.CHANGES_REQUESTED,
    "decline": Project.Status.DECLINED,
}


def _review_forms(data: Any = None, decision: str = "") -> dict[str, Any]:
    def bound(name: str) -> Any:
        return data if decision == name else None

    return {
        "endorse": EndorseForm(bound("endorse"), prefix="endorse"),
        "changes": ReasonForm(bound("changes"), prefix="changes"),
        "decline": ReasonForm(bound("decline"), prefix="decline"),
    }


def _initiative_review_page(
    request: HttpRequest, city: City, project: Project, forms: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    allowed = projects.allowed_transitions(project=project, actor=request.user)
    return render(
        request,
        "web/pledges/officer_initiative.html",
        {
            "city": city,
            "project": project,
            "review": initiative_review(project=project),
            "needs": project.needs.order_by("id"),
            "partners": project.partners.order_by("name"),
            "forms": forms,
            "may": {name: to_status in allowed for name, to_status in DECISIONS.items()},
        },
        status=status,
    )


@login_required
def officer_initiative(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    project = get_object_or_404(_city_initiatives(city), slug=slug)
    return _initiative_review_page(request, city, project, _review_forms())


def _decide(project: Project, actor: Any, decision: str, data: dict[str, str]) -> None:
    if decision == "endorse":
        initiative_services.initiative_endorse(project=project, actor=actor, note=data["note"])
    elif decision == "changes":
        initiative_services.initiative_request_changes(project=project, actor=actor, note=data["reason"])
    else:
        initiative_services.initiative_decline(project=project, actor=actor, reason=data["reason"])


DECIDED = {
    "endorse": gettext_lazy("Initiative endorsed: it is published and open to pledges."),
    "changes": gettext_lazy("Changes requested: the proposer will read your note."),
    "decline": gettext_lazy("Initiative declined: the proposer will read why."),
}


@login_required
@require_POST
def officer_initiative_decide(request: HttpRequest, city_slug: str, slug: str, decision: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    project = get_object_or_404(_city_initiatives(city), slug=slug)
    if decision not in DECISIONS:
        raise Http404
    forms = _review_forms(request.POST, decision)
    form = forms[decision]
    if form.is_valid():
        try:
            _decide(project, request.user, decision, form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "note" in error.error_dict and "reason" in form.fields:
                error = ValidationError({"reason": error.message_dict["note"]})
            add_service_errors(form, error)
        else:
            messages.success(request, str(DECIDED[decision]))
            return redirect("web:officer_initiative", city_slug=city.slug, slug=project.slug)
    return _initiative_review_page(request, city, project, forms, status=400)
