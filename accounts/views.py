"""Sign-up, joining or registering an organisation, and its admin approving who joins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import (
    AccountDeleteForm,
    CompanyRegisterForm,
    JoinForm,
    OrganisationRegisterForm,
    SignUpForm,
)
from milanpartner.forms import add_service_errors
from milanpartner.throttling import rate_limited
from neighborhoods.models import City


@rate_limited("sign_up")
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:join", city_slug=settings.DEFAULT_CITY_SLUG)
    form = SignUpForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_up(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:join", city_slug=settings.DEFAULT_CITY_SLUG)
    return render(request, "accounts/sign_up.html", {"form": form})


@login_required
def join(request: HttpRequest, city_slug: str) -> HttpResponse:
    """Join an existing company or NGO, or register a new one (its registrant becomes its admin)."""
    city = get_object_or_404(City, slug=city_slug)
    membership = request.user.membership_or_none
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "join": JoinForm(request.POST if action == "join" else None, city=city, prefix="join"),
        "company": CompanyRegisterForm(request.POST if action == "company" else None, prefix="company"),
        "ngo": OrganisationRegisterForm(request.POST if action == "ngo" else None, prefix="ngo"),
    }
    if membership is None and action in forms and forms[action].is_valid():
        try:
            _act(action, forms[action], request, city)
        except ValidationError as error:
            add_service_errors(forms[action], error)
        else:
            return redirect("accounts:join", city_slug=city.slug)
    return render(request, "accounts/join.html", {"city": city, "membership": membership, "forms": forms})


def _act(action: str, form, request: HttpRequest, city: City) -> None:
    if action == "join":
        services.membership_request(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your request has been sent to the organisation's admin."))
    elif action == "company":
        services.company_register(user=request.user, city=city, **form.cleaned_data)
        messages.success(request, _("Your company is registered, and you are its admin."))
    else:
        services.organisation_register(user=request.user, city=city, **form.cleaned_data)
        messages.success(request, _("Your organisation is registered, and you are its admin."))


@login_required
def members(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    return render(
        request,
        "accounts/members.html",
        {"city": city, "pending": services.pending_members(admin=request.user)},
    )


@login_required
@require_POST
def member_decide(request: HttpRequest, city_slug: str, membership_id: int) -> HttpResponse:
    # Scoped to the admin's own organisation: another organisation's request is a 404, not a 403.
    membership = get_object_or_404(services.pending_members(admin=request.user), pk=membership_id)
    try:
        if request.POST.get("decision") == "approve":
            services.membership_approve(membership=membership, actor=request.user)
            messages.success(request, _("%(name)s has joined.") % {"name": membership.user.get_full_name()})
        else:
            services.membership_decline(membership=membership, actor=request.user)
            messages.info(request, _("The request has been declined."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:members", city_slug=city_slug)


# --- "My data": download it, or delete the account (GDPR) -------------------------------------------


def _my_data_page(
    request: HttpRequest, city: City, form: AccountDeleteForm, status: int = 200
) -> HttpResponse:
    context = {"city": city, "form": form, "deletion": services.account_deletion_check(user=request.user)}
    return render(request, "accounts/my_data.html", context, status=status)


@login_required
def my_data(request: HttpRequest, city_slug: str) -> HttpResponse:
    return _my_data_page(request, get_object_or_404(City, slug=city_slug), AccountDeleteForm())


@login_required
@require_POST
def account_delete(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    form = AccountDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(
                request,
                _("Your account is deleted; what you did for your organisation stays, unlinked from you."),
            )
            return redirect("web:home", city_slug=city.slug)
    return _my_data_page(request, city, form, status=400)
