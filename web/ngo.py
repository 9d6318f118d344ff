"""The NGO's pages and the officer's review of calls: scoped getters, so nobody else's data is reachable."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.roles import is_officer_of, organisation_of
from neighborhoods.models import City
from ngos.models import Organisation
from projects.applications import RankedApplication, applications_ranked
from projects.models import (
    Application,
    ApplicationAttachment,
    ApplicationScore,
    ApplicationStatus,
    Call,
    CallStatus,
    EvaluationCriterion,
)

A = ApplicationStatus
WITHDRAWABLE = (A.SUBMITTED, A.SHORTLISTED)
DECIDABLE = (A.SUBMITTED, A.SHORTLISTED)


def member_organisation(request: HttpRequest, city: City) -> Organisation:
    """The NGO the signed-in user acts for in this city; 404 for anyone else."""
    organisation = organisation_of(request.user)
    if organisation is None or organisation.city_id != city.pk:
        raise Http404
    return organisation


def public_calls(city: City) -> QuerySet[Call]:
    """The calls anyone may read: every call of the city once published (a draft is the City's own)."""
    return Call.objects.filter(city=city).exclude(status=CallStatus.DRAFT)


def open_calls(*, city: City, now: datetime) -> QuerySet[Call]:
    return public_calls(city).filter(status=CallStatus.OPEN, opens_at__lte=now, deadline__gt=now)


def is_open(call: Call, now: datetime) -> bool:
    return call.status == CallStatus.OPEN and call.opens_at <= now < call.deadline


def readable_attachment(request: HttpRequest, city: City, attachment_id: int) -> ApplicationAttachment:
    """An attachment the signed-in user may download: their own NGO's, or, for an officer, their city's."""
    attachments = ApplicationAttachment.objects.select_related("application")
    if is_officer_of(request.user, city):
        attachments = attachments.filter(Q(application__call__city=city) | Q(application__project__city=city))
    else:
        attachments = attachments.filter(application__organisation=member_organisation(request, city))
    return get_object_or_404(attachments, pk=attachment_id)


def calls_with_counts(city: City) -> QuerySet[Call]:
    """The city's calls, each with how many applications it received, has in the running and accepted."""
    return Call.objects.filter(city=city).annotate(
        received=Count("applications", filter=~Q(applications__status=A.DRAFT)),
        in_the_running=Count("applications", filter=Q(applications__status__in=[A.SUBMITTED, A.SHORTLISTED])),
        accepted=Count("applications", filter=Q(applications__status=A.ACCEPTED)),
    )


@dataclass(frozen=True)
class RankingRow:
    ranked: RankedApplication
    means: list[Decimal | None]  # per criterion, in the call's order; None where nobody scored yet


def ranking_table(*, call: Call) -> tuple[list[EvaluationCriterion], list[RankingRow]]:
    """The ranking with each criterion's mean score across reviewers: five queries, whatever the size."""
    criteria = list(call.criteria.all())
    ranked = applications_ranked(call=call)
    means = {
        (row["application_id"], row["criterion_id"]): row["mean"]
        for row in ApplicationScore.objects.filter(application__call=call)
        .values("application_id", "criterion_id")
        .annotate(mean=Avg("score"))
    }
    rows = [
        RankingRow(
            ranked=entry,
            means=[_rounded(means.get((entry.application.pk, criterion.pk))) for criterion in criteria],
        )
        for entry in ranked
    ]
    return criteria, rows


def _rounded(mean: float | Decimal | None) -> Decimal | None:
    return None if mean is None else Decimal(str(mean)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class CriterionReview:
    criterion: EvaluationCriterion
    mean: Decimal | None
    reviewers: int


def criteria_reviews(*, application: Application) -> list[CriterionReview]:
    """Each criterion of the application's call with the mean of every reviewer's score so far."""
    totals = {
        row["criterion_id"]: row
        for row in ApplicationScore.objects.filter(application=application)
        .values("criterion_id")
        .annotate(mean=Avg("score"), reviewers=Count("pk"))
    }
    return [
        CriterionReview(
            criterion=criterion,
            mean=_rounded(totals.get(criterion.pk, {}).get("mean")),
            reviewers=totals.get(criterion.pk, {}).get("reviewers", 0),
        )
        for criterion in application.call.criteria.all()
    ]
