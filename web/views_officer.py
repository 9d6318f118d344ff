"""The City's officers: dashboard, candidate companies and coalitions, re-scoring, neighbourhood strategy."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from matching.explain import Reader, matches_with_reasons
from matching.models import Match, MatchingRun
from matching.proposals import coalition_for_need
from matching.services import matching_run_start
from milanpartner.forms import add_service_errors
from neighborhoods.services import neighbourhood_priorities_set
from projects.models import NeedKind, Project
from taxonomy.models import Theme
from web.officer import officer_city, officer_dashboard

CANDIDATES = 20
NEEDIEST = 12


@login_required
def dashboard(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    return render(
        request,
        "web/officer/dashboard.html",
        {
            "city": city,
            "dashboard": officer_dashboard(city=city, now=timezone.now()),
            "last_run": MatchingRun.objects.filter(city=city).order_by("-created_at").first(),
            "neediest": city.neighbourhoods.exclude(need_rank=None).order_by("need_rank")[:NEEDIEST],
        },
    )


@login_required
def project_candidates(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    """The companies that fit a project best, why, and the coalitions that would cover its open needs."""
    city = officer_city(request, city_slug)
    project = get_object_or_404(Project.objects.filter(city=city).select_related("neighbourhood"), slug=slug)
    matches = list(
        Match.objects.filter(project=project, rank_for_project__isnull=False)
        .select_related("project__neighbourhood", "company")
        .order_by("rank_for_project")[:CANDIDATES]
    )
    coalitions = [
        coalition_for_need(need=need)
        for need in project.needs.filter(kind__in=[NeedKind.FUNDING, NeedKind.VOLUNTEERING]).order_by("id")
    ]
    return render(
        request,
        "web/officer/candidates.html",
        {
            "city": city,
            "project": project,
            "candidates": matches_with_reasons(matches, reader=Reader.OFFICER),
            "coalitions": [coalition for coalition in coalitions if coalition.gap > 0],
        },
    )


@login_required
@require_POST
def rescore_start(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    run = matching_run_start(city=city)
    return redirect("web:officer_rescore", city_slug=city.slug, run_id=run.pk)


@login_required
def rescore_progress(request: HttpRequest, city_slug: str, run_id: int) -> HttpResponse:
    """The run's progress; htmx polls the fragment until the run is done or failed."""
    city = officer_city(request, city_slug)
    run = get_object_or_404(MatchingRun.objects.filter(city=city), pk=run_id)
    template = (
        "web/officer/_rescore_progress.html"
        if request.headers.get("HX-Request")
        else "web/officer/rescore.html"
    )
    return render(request, template, {"city": city, "run": run, "percent": round(run.progress * 100)})


class PriorityForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Urban challenge"), queryset=Theme.objects.all(), required=False,
        empty_label=gettext_lazy("(none)"),
    )  # fmt: skip
    statement = forms.CharField(
        label=gettext_lazy("What the City wants here"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


PriorityFormSet = forms.formset_factory(PriorityForm, extra=0, max_num=7, absolute_max=7)


@login_required
def neighbourhood_strategy(request: HttpRequest, city_slug: str, code: str) -> HttpResponse:
    """The City's ranked priorities for one neighbourhood: the first row is priority no. 1."""
    city = officer_city(request, city_slug)
    neighbourhood = get_object_or_404(city.neighbourhoods, code=code)
    current = [
        {"theme": p.theme, "statement": p.statement} for p in neighbourhood.priorities.select_related("theme")
    ]
    initial = current + [{}] * (7 - len(current))
    formset = PriorityFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = [(row["theme"], row["statement"]) for row in formset.cleaned_data if row.get("theme")]
        try:
            neighbourhood_priorities_set(neighbourhood=neighbourhood, priorities=rows)
        except ValidationError as error:
            add_service_errors(formset.forms[0], error)
        else:
            messages.success(request, _("Priorities saved: tonight's re-scoring will use them."))
            return redirect("web:officer_strategy", city_slug=city.slug, code=neighbourhood.code)
    return render(
        request,
        "web/officer/strategy.html",
        {"city": city, "neighbourhood": neighbourhood, "formset": formset},
    )
