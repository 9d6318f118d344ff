"""What is still open: a need's gap, how much budget and volunteer time companies have left this year,
what funds matched and how far a campaign has come."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import Company
from ledger.models import Fund, FundMatch, Pledge
from projects.models import Campaign, Need, Project

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CapacityLeft:
    budget_eur: Decimal
    hours: Decimal


def need_committed(*, need: Need) -> Decimal:
    return Pledge.objects.filter(need=need).committed().total_quantity()


def need_gap(*, need: Need) -> Decimal:
    """What the need still lacks: its target less the offered, accepted and fulfilled pledges."""
    return max(ZERO, need.target_quantity - need_committed(need=need))


def capacity_year_start(today: date | None = None) -> datetime:
    """Budgets and volunteer hours are yearly: what counts against them was offered since 1 January."""
    today = today or timezone.localdate()
    return timezone.make_aware(datetime.combine(today.replace(month=1, day=1), time.min))


def capacity_used(
    *, pledges: QuerySet[Pledge] | None = None, today: date | None = None
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """EUR of funding and hours of volunteering each company committed this calendar year.

    ``pledges`` narrows the companies (by id or city); the one definition both the ledger and the
    matching engine's arrays use.
    """
    committed = (
        (pledges if pledges is not None else Pledge.objects.all())
        .committed()
        .filter(offered_at__gte=capacity_year_start(today))
        .order_by()
    )

    def per_company(kind: str, field: str) -> dict[int, Decimal]:
        return dict(committed.filter(need__kind=kind).values_list("company_id").annotate(total=Sum(field)))

    return per_company(Need.Kind.FUNDING, "value_eur"), per_company(Need.Kind.VOLUNTEERING, "quantity")


def companies_capacity_left(
    *, company_ids: Iterable[int], today: date | None = None
) -> dict[int, CapacityLeft]:
    """Yearly CSR budget and volunteer hours less what each company committed this calendar year."""
    ids = list(company_ids)
    money, hours = capacity_used(pledges=Pledge.objects.filter(company_id__in=ids), today=today)
    return {
        company_id: CapacityLeft(
            budget_eur=max(ZERO, budget - money.get(company_id, ZERO)),
            hours=max(ZERO, Decimal(yearly_hours) - hours.get(company_id, ZERO)),
        )
        for company_id, budget, yearly_hours in Company.objects.filter(id__in=ids).values_list(
            "id", "csr_budget_eur", "volunteer_hours_per_year"
        )
    }


# --- coverage ---------------------------------------------------------------------------------------


def need_called(*, need: Need) -> Decimal:
    """What the City accepted on the need (accepted and fulfilled pledges): what covers it for good."""
    return Pledge.objects.filter(need=need).called().total_quantity()


def project_needs_covered(*, project: Project) -> bool:
    """Every need of the project has accepted or fulfilled pledges up to its target (one query)."""
    needs = Need.objects.filter(project=project).annotate(
        called=Coalesce(Subquery(_called_quantity_per_need()), Value(ZERO), output_field=DecimalField())
    )
    rows = list(needs.values_list("target_quantity", "called"))
    return bool(rows) and all(called >= target for target, called in rows)


def project_funding(*, project: Project) -> tuple[Decimal, Decimal]:
    """The target of the project's funding needs and what the City accepted on them (EUR)."""
    target = Need.objects.filter(project=project, kind=Need.Kind.FUNDING).aggregate(
        total=Sum("target_quantity")
    )["total"]
    called = (
        Pledge.objects.called()
        .filter(need__project=project, need__kind=Need.Kind.FUNDING)
        .aggregate(total=Sum("value_eur"))["total"]
    )
    return target or ZERO, called or ZERO


def _called_quantity_per_need() -> QuerySet[Pledge]:
    return (
        Pledge.objects.called()
        .filter(need=OuterRef("pk"))
        .order_by()
        .values("need")
        .annotate(total=Sum("quantity"))
        .values("total")
    )


# --- match funds ------------------------------------------------------------------------------------


def project_matched_total(*, project: Project) -> Decimal:
    """What match funds added to the project's accepted pledges (matches given back excluded)."""
    total = FundMatch.objects.filter(status=FundMatch.Status.ACTIVE, pledge__need__project=project).aggregate(
        total=Sum("amount_eur")
    )["total"]
    return total or ZERO


@dataclass(frozen=True)
class FundProjectLine:
    project_id: int
    project_title: str
    matched_eur: Decimal
    pledges: int


@dataclass(frozen=True)
class FundLedger:
    fund: Fund
    pot_eur: Decimal
    matched_eur: Decimal
    remaining_eur: Decimal
    per_project: list[FundProjectLine]
    matches: list[FundMatch]


def fund_ledger(*, fund: Fund) -> FundLedger:
    """The fund's pot, what it matched per project, and every match (active or given back)."""
    per_project = (
        FundMatch.objects.filter(fund=fund, status=FundMatch.Status.ACTIVE)
        .order_by("pledge__need__project_id")
        .values("pledge__need__project_id", "pledge__need__project__title")
        .annotate(matched=Sum("amount_eur"), pledges=Count("id"))
    )
    matches = FundMatch.objects.filter(fund=fund).select_related("pledge__company", "pledge__need__project")
    return FundLedger(
        fund=fund,
        pot_eur=fund.pot_eur,
        matched_eur=fund.matched_eur,
        remaining_eur=fund.remaining_eur,
        per_project=[
            FundProjectLine(
                project_id=row["pledge__need__project_id"],
                project_title=row["pledge__need__project__title"],
                matched_eur=row["matched"],
                pledges=row["pledges"],
            )
            for row in per_project
        ],
        matches=list(matches),
    )


# --- campaigns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectProgress:
    project: Project
    target_eur: Decimal
    committed_eur: Decimal
    matched_eur: Decimal

    @property
    def gap_eur(self) -> Decimal:
        return max(ZERO, self.target_eur - self.committed_eur - self.matched_eur)


@dataclass(frozen=True)
class CampaignProgress:
    campaign: Campaign
    target_eur: Decimal | None  # the campaign's shared target, when the City set one
    projects_target_eur: Decimal
    committed_eur: Decimal
    matched_eur: Decimal
    projects: list[ProjectProgress]

    @property
    def raised_eur(self) -> Decimal:
        return self.committed_eur + self.matched_eur

    @property
    def goal_eur(self) -> Decimal:
        """The shared target, or when the City set none what the projects' funding needs add up to."""
        return self.target_eur or self.projects_target_eur

    @property
    def share_of_target(self) -> Decimal | None:
        return (self.raised_eur / self.goal_eur).quantize(Decimal("0.001")) if self.goal_eur else None

    @property
    def gap_eur(self) -> Decimal:
        return max(ZERO, self.goal_eur - self.raised_eur)


def campaign_progress(*, campaign: Campaign) -> CampaignProgress:
    """The campaign's public projects: funding targets against pledged and matched EUR, in one query."""

    def per_project(queryset: QuerySet, project_path: str, field: str) -> Coalesce:
        totals = (
            queryset.filter(**{project_path: OuterRef("pk")})
            .order_by()
            .values(project_path)
            .annotate(total=Sum(field))
            .values("total")
        )
        return Coalesce(Subquery(totals), Value(ZERO), output_field=DecimalField())

    projects = (
        Project.objects.public()
        .filter(campaign=campaign)
        .annotate(
            target_eur=per_project(Need.objects.filter(kind=Need.Kind.FUNDING), "project", "target_quantity"),
            committed_eur=per_project(
                Pledge.objects.committed().filter(need__kind=Need.Kind.FUNDING),
                "need__project",
                "value_eur",
            ),
            matched_eur=per_project(
                FundMatch.objects.filter(status=FundMatch.Status.ACTIVE),
                "pledge__need__project",
                "amount_eur",
            ),
        )
        .order_by("title", "pk")
    )
    lines = [
        ProjectProgress(
            project=project,
            target_eur=project.target_eur,
            committed_eur=project.committed_eur,
            matched_eur=project.matched_eur,
        )
        for project in projects
    ]
    return CampaignProgress(
        campaign=campaign,
        target_eur=campaign.target_eur,
        projects_target_eur=sum((line.target_eur for line in lines), ZERO),
        committed_eur=sum((line.committed_eur for line in lines), ZERO),
        matched_eur=sum((line.matched_eur for line in lines), ZERO),
        projects=lines,
    )
