"""A company member's pages: recommendations with reasons, profile and sites, pledges, CSR report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies import services as company_services
from ledger.models import Pledge
from ledger.selectors import companies_capacity_left
from matching.explain import Reader, matches_with_reasons
from matching.models import Match
from milanpartner.forms import add_service_errors
from neighborhoods.models import City
from projects.models import Project
from web import report as csr
from web.company import member_company
from web.forms import CompanyProfileForm, SiteForm

RECOMMENDATIONS = 10


@login_required
def company_dashboard(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    matches = list(
        Match.objects.filter(company=company, project__status=Project.Status.PUBLISHED)
        .select_related("project__neighbourhood")
        .order_by("-score", "project_id")[:RECOMMENDATIONS]
    )
    pledges = (
        Pledge.objects.filter(company=company).select_related("need__project").order_by("-offered_at")[:20]
    )
    return render(
        request,
        "web/company/dashboard.html",
        {
            "city": city,
            "company": company,
            "recommendations": matches_with_reasons(matches, reader=Reader.COMPANY),
            "pledges": pledges,
            "capacity": companies_capacity_left(company_ids=[company.pk])[company.pk],
        },
    )


@login_required
def company_profile(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    form = CompanyProfileForm(request.POST or None, instance=company, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            company_services.company_profile_update(company=company, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Profile saved. Your recommendations are being updated."))
            return redirect("web:company_profile", city_slug=city.slug)
    return render(
        request,
        "web/company/profile.html",
        {
            "city": city,
            "company": company,
            "form": form,
            "site_form": SiteForm(),
            "sites": company.sites.all(),
        },
    )


@login_required
@require_POST
def company_site_add(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    form = SiteForm(request.POST)
    if form.is_valid():
        try:
            company_services.site_save(company=company, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Site saved."))
            return redirect("web:company_profile", city_slug=city.slug)
    profile = CompanyProfileForm(instance=company, city=city)
    return render(
        request,
        "web/company/profile.html",
        {"city": city, "company": company, "form": profile, "site_form": form, "sites": company.sites.all()},
        status=400,
    )


@login_required
@require_POST
def company_site_delete(request: HttpRequest, city_slug: str, site_id: int) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    site = get_object_or_404(company.sites, pk=site_id)
    company_services.site_delete(site=site, actor=request.user)
    messages.success(request, _("Site removed."))
    return redirect("web:company_profile", city_slug=city.slug)


@login_required
def company_report(request: HttpRequest, city_slug: str, fmt: str = "html") -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    company = member_company(request, city)
    report = csr.csr_report(company=company, today=timezone.localdate())
    filename = f"{company.slug}-csr-report-{report.generated_on.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(csr.report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "pdf":
        response = HttpResponse(csr.report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return render(request, "web/company/report.html", {"city": city, "company": company, "report": report})
