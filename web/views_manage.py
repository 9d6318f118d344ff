"""The officer's projects: the list by status, one form for a project and its needs, the lifecycle buttons,
the impact report, the history, and the invitation of companies. Their own city only (web.officer)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from matching.models import Match
from milanpartner.forms import add_service_errors
from neighborhoods.models import City
from notifications.services import invitation_send
from projects.models import ImpactReport, Project, ProjectStatus
from projects.selectors import project_history
from projects.services import (
    TRANSITIONS,
    allowed_transitions,
    impact_report_submit,
    project_create,
    project_transition,
    project_update,
)
from web.forms_manage import (
    ImpactReportForm,
    InvitationForm,
    NeedFormSet,
    ProjectForm,
    TransitionForm,
    as_initial,
    need_initial,
)
from web.officer import officer_city

S = ProjectStatus
HISTORY = 50
CANDIDATES = 10
NEW_PROJECT_ROWS = 2
# What the button for each move says; reported is reached by submitting the impact report, not a button.
MOVE_LABELS = {
    S.PUBLISHED: gettext_lazy("Publish"),
    S.CHANGES_REQUESTED: gettext_lazy("Ask for changes"),
    S.DECLINED: gettext_lazy("Decline"),
    S.CLOSED: gettext_lazy("Close to pledges"),
    S.IN_PROGRESS: gettext_lazy("Start the work"),
    S.COMPLETED: gettext_lazy("Mark as completed"),
    S.ARCHIVED: gettext_lazy("Archive"),
}


def _project(city: City, slug: str) -> Project:
    """The one scoped getter: a project of the officer's own city, or a 404."""
    projects = Project.objects.in_city(city).select_related("neighbourhood", "owner", "campaign")
    return get_object_or_404(projects, slug=slug)


@login_required
def project_list(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    chosen = request.GET.get("status", "")
    projects = (
        Project.objects.in_city(city).select_related("neighbourhood").annotate(need_count=Count("needs"))
    )
    projects = projects.filter(status=chosen) if chosen in S.values else projects.exclude(status=S.ARCHIVED)
    by_status: dict[str, list[Project]] = {}
    for project in projects.order_by("-updated_at", "-id"):
        by_status.setdefault(project.status, []).append(project)
    counts = dict(Project.objects.in_city(city).order_by().values_list("status").annotate(Count("id")))
    return render(
        request,
        "web/manage/projects.html",
        {
            "city": city,
            "groups": [(status, by_status[status]) for status in S if status in by_status],
            "statuses": [(status, counts.get(status, 0)) for status in S],
            "chosen": chosen if chosen in S.values else "",
        },
    )


@login_required
def project_new(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    return _project_form(request, city, project=None)


@login_required
def project_edit(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    return _project_form(request, city, project=_project(city, slug))


def _project_form(request: HttpRequest, city: City, project: Project | None) -> HttpResponse:
    """The project and its needs in one form; "add a row" re-renders it with one blank need more."""
    data = request.POST if request.method == "POST" else None
    initial = need_initial(project) if project else [{}] * NEW_PROJECT_ROWS
    form = ProjectForm(data, instance=project, city=city)
    needs = NeedFormSet(data, initial=initial, prefix="needs")
    if data is not None and "add_need" in data:
        form = ProjectForm(instance=project, city=city, initial=as_initial(form))
        needs = NeedFormSet(initial=[as_initial(row) for row in needs] + [{}], prefix="needs")
        if request.headers.get("HX-Request"):
            return render(request, "web/manage/_need_rows.html", {"needs": needs})
    elif data is not None and form.is_valid() and needs.is_valid():
        try:
            saved = _project_save(request, city, project, form, needs.needs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("web:manage_project", city_slug=city.slug, slug=saved.slug)
    context = {"city": city, "project": project, "form": form, "needs": needs}
    refused = data is not None and "add_need" not in data
    return render(request, "web/manage/project_form.html", context, status=400 if refused else 200)


def _project_save(
    request: HttpRequest, city: City, project: Project | None, form: ProjectForm, needs: list[dict[str, Any]]
) -> Project:
    if project is None:
        project = project_create(city=city, actor=request.user, needs=needs, **form.service_fields())
        messages.success(request, _("Project created as a draft: publish it when it is ready."))
        return project
    project = project_update(project=project, actor=request.user, needs=needs, **form.service_fields())
    messages.success(request, _("Project saved."))
    return project


@login_required
def project_manage(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    return _manage_page(request, city, _project(city, slug))


def _manage_page(
    request: HttpRequest, city: City, project: Project, impact_form: ImpactReportForm | None = None
) -> HttpResponse:
    moves = [
        (status, MOVE_LABELS[status], TRANSITIONS[(project.status, status)].needs_note)
        for status in allowed_transitions(project=project, actor=request.user)
        if status in MOVE_LABELS
    ]
    report = (
        ImpactReport.objects.filter(project=project).prefetch_related("photos").first()
        if project.status in (S.REPORTED, S.ARCHIVED)
        else None
    )
    if impact_form is None and project.status == S.COMPLETED:
        impact_form = ImpactReportForm()
    candidates = (
        Match.objects.filter(project=project, rank_for_project__isnull=False)
        .select_related("company")
        .order_by("rank_for_project")[:CANDIDATES]
        if project.status == S.PUBLISHED
        else []
    )
    context = {
        "city": city,
        "project": project,
        "candidates": [(match, []) for match in candidates],
        "needs": project.needs.prefetch_related("skills").order_by("id"),
        "themes": project.themes.all(),
        "moves": moves,
        "report": report,
        "impact_form": impact_form,
        "history": [
            (event, _status_label(event.from_status), _status_label(event.to_status))
            for event in project_history(project=project)[:HISTORY]
        ],
    }
    status = 400 if impact_form is not None and impact_form.errors else 200
    return render(request, "web/manage/project.html", context, status=status)


def _status_label(status: str) -> str:
    # A project's history also holds its pledges' and applications' moves: their codes are shown as they are.
    return str(S(status).label) if status in S.values else status


@login_required
@require_POST
def project_move(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    """One lifecycle button: the service decides, and a refusal comes back as a message saying why."""
    city = officer_city(request, city_slug)
    project = _project(city, slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This change is not one the project can make."))
        return redirect("web:manage_project", city_slug=city.slug, slug=project.slug)
    to_status = S(form.cleaned_data["to_status"])
    try:
        project_transition(
            project=project, to_status=to_status, actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The project is now: %(status)s.") % {"status": to_status.label})
    return redirect("web:manage_project", city_slug=city.slug, slug=project.slug)


@login_required
@require_POST
def impact_report(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = officer_city(request, city_slug)
    project = _project(city, slug)
    form = ImpactReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            impact_report_submit(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Impact report submitted: the project is now reported."))
            return redirect("web:manage_project", city_slug=city.slug, slug=project.slug)
    return _manage_page(request, city, project, impact_form=form)


@login_required
@require_POST
def project_invite(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    """Invite the chosen companies (a coalition, or candidates ticked one by one) to support the project."""
    city = officer_city(request, city_slug)
    project = _project(city, slug)
    form = InvitationForm(request.POST, city=city)
    back = "web:manage_project" if request.POST.get("back") == "project" else "web:officer_candidates"
    if not form.is_valid():
        messages.error(request, _("Choose at least one company of this city to invite."))
        return redirect(back, city_slug=city.slug, slug=project.slug)
    try:
        sent = invitation_send(project=project, companies=form.cleaned_data["companies"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _invitation_message(len(sent)))
    return redirect(back, city_slug=city.slug, slug=project.slug)


def _invitation_message(people: int) -> str:
    if not people:
        return _("Nobody new to tell: these companies were already invited, or have no active member.")
    return ngettext(
        "Invitation sent: %(people)d person notified.", "Invitation sent: %(people)d people notified.", people
    ) % {"people": people}
