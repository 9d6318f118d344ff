"""What the City's officers see: their city only, through one scoped getter."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.roles import is_officer_of
from ledger.models import Pledge, PledgeStatus
from neighborhoods.models import City
from projects.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    Need,
    NeedKind,
    Project,
    ProjectStatus,
)

REVIEW_LIST = 15


def officer_city(request: HttpRequest, city_slug: str) -> City:
    """The city whose officer is signed in; any other visitor gets a 404."""
    city = get_object_or_404(City, slug=city_slug)
    if not is_officer_of(request.user, city):
        raise Http404
    return city


@dataclass(frozen=True)
class OfficerDashboard:
    open_gap_eur: Decimal
    open_gap_hours: Decimal
    pledges_to_review: list[Pledge]
    pledges_to_review_count: int
    initiatives_to_assess: list[Project]
    applications_to_assess: list[Application]
    applications_to_assess_count: int
    project_deadlines: list[Project]
    call_deadlines: list[Call]


def _open_gap(city: City, kind: str) -> Decimal:
    needs = Need.objects.filter(project__city=city, project__status=ProjectStatus.PUBLISHED, kind=kind)
    target = needs.aggregate(total=Sum("target_quantity"))["total"] or Decimal(0)
    committed = Pledge.objects.committed().filter(
        need__in=needs.filter(allow_oversubscription=False)
    ).aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    return max(Decimal(0), target - committed)


def officer_dashboard(*, city: City, now: datetime) -> OfficerDashboard:
    week = now + timedelta(days=7)
    offered = Pledge.objects.filter(need__project__city=city, status=PledgeStatus.OFFERED)
    applications = Application.objects.filter(
        Q(call__city=city) | Q(project__city=city),
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED],
    )
    return OfficerDashboard(
        open_gap_eur=_open_gap(city, NeedKind.FUNDING),
        open_gap_hours=_open_gap(city, NeedKind.VOLUNTEERING),
        pledges_to_review=list(
            offered.select_related("company", "need__project").order_by("expires_at", "offered_at")[
                :REVIEW_LIST
            ]
        ),
        pledges_to_review_count=offered.count(),
        initiatives_to_assess=list(
            Project.objects.filter(city=city, status=ProjectStatus.PROPOSED)
            .select_related("neighbourhood", "proposed_by_company", "proposed_by_organisation")
            .order_by("updated_at")
        ),
        applications_to_assess=list(
            applications.select_related("organisation", "call", "project").order_by("submitted_at")[
                :REVIEW_LIST
            ]
        ),
        applications_to_assess_count=applications.count(),
        project_deadlines=list(
            Project.objects.filter(
                city=city, status=ProjectStatus.PUBLISHED, pledge_deadline__range=(now, week)
            )
            .select_related("neighbourhood")
            .order_by("pledge_deadline")
        ),
        call_deadlines=list(
            Call.objects.filter(city=city, status=CallStatus.OPEN, deadline__range=(now, week)).order_by(
                "deadline"
            )
        ),
    )
