"""What the public pages read across apps: the city's home, a project's progress and its supporters."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ledger.models import FundMatch, FundMatchStatus, Pledge, PledgeStatus
from ledger.selectors import CampaignProgress, campaign_progress
from neighborhoods.models import City, Neighbourhood
from projects.models import Campaign, Need, NeedKind, Project

FEATURED_PROJECTS = 6
NEIGHBOURHOOD_PROJECTS_SHOWN = 6


@dataclass(frozen=True)
class CityHome:
    featured_projects: list[Project]
    featured_progress: dict[int, "FundingProgress"]
    current_campaigns: list[Campaign]
    open_projects: int
    neighbourhoods: int


def city_home(*, city: City, today: date) -> CityHome:
    featured = list(
        Project.objects.in_city(city)
        .open_for_pledges()
        .for_cards()
        .order_by("-published_at", "-id")[:FEATURED_PROJECTS]
    )
    campaigns = list(
        Campaign.objects.filter(city=city, starts_on__lte=today, ends_on__gte=today)
        .annotate(project_count=Count("projects", filter=Q(projects__status__in=Project.PUBLIC_STATUSES)))
        .order_by("ends_on", "id")
    )
    return CityHome(
        featured_projects=featured,
        featured_progress=funding_progress(project_ids=[project.id for project in featured]),
        current_campaigns=campaigns,
        open_projects=Project.objects.in_city(city).open_for_pledges().count(),
        neighbourhoods=city.neighbourhoods.count(),
    )


@dataclass(frozen=True)
class NeighbourhoodProjects:
    shown: list[Project]
    progress: dict[int, "FundingProgress"]
    open_count: int
    public_count: int


def neighbourhood_projects(*, neighbourhood: Neighbourhood) -> NeighbourhoodProjects:
    """The neighbourhood's newest projects open to pledges (the newest public ones if none is open)."""
    public = Project.objects.filter(neighbourhood=neighbourhood).public()
    counts = public.aggregate(public=Count("id"), open=Count("id", filter=Q(status=Project.Status.PUBLISHED)))
    shown = public.open_for_pledges() if counts["open"] else public
    shown = list(shown.for_cards().order_by("-published_at", "-id")[:NEIGHBOURHOOD_PROJECTS_SHOWN])
    return NeighbourhoodProjects(
        shown=shown,
        progress=funding_progress(project_ids=[project.id for project in shown]),
        open_count=counts["open"],
        public_count=counts["public"],
    )


def need_band(need_index: Decimal | None) -> int:
    """The legend's five bands of 20 points (0 lowest need); -1 when the index is unknown."""
    return -1 if need_index is None else min(4, int(need_index // 20))


@dataclass(frozen=True)
class NeedProgress:
    need: Need
    committed: Decimal
    accepted: Decimal

    @property
    def share(self) -> Decimal:
        """Committed share of the target, 0-100, for the bar (capped: over-subscription shows full)."""
        if not self.need.target_quantity:
            return Decimal(0)
        return min(Decimal(100), (self.committed / self.need.target_quantity * 100).quantize(Decimal("0.1")))

    @property
    def gap(self) -> Decimal:
        return max(Decimal(0), self.need.target_quantity - self.committed)


@dataclass(frozen=True)
class FundingProgress:
    target_eur: Decimal
    committed_eur: Decimal

    @property
    def share(self) -> Decimal:
        if not self.target_eur:
            return Decimal(0)
        return min(Decimal(100), (self.committed_eur / self.target_eur * 100).quantize(Decimal("0.1")))


def funding_progress(*, project_ids: list[int]) -> dict[int, FundingProgress]:
    """Each project's funding target and what is committed against it: two queries for a whole page."""
    targets = dict(
        Need.objects.filter(project_id__in=project_ids, kind=NeedKind.FUNDING)
        .values_list("project_id")
        .annotate(total=Sum("target_quantity"))
        .order_by()
    )
    committed = dict(
        Pledge.objects.committed()
        .filter(need__project_id__in=project_ids, need__kind=NeedKind.FUNDING)
        .values_list("need__project_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {
        project_id: FundingProgress(target, committed.get(project_id, Decimal(0)))
        for project_id, target in targets.items()
    }


def need_progress(*, project: Project) -> list[NeedProgress]:
    needs = list(project.needs.prefetch_related("skills").order_by("id"))
    totals = {
        row["need_id"]: row
        for row in Pledge.objects.committed()
        .filter(need__project=project)
        .values("need_id")
        .annotate(
            committed=Sum("quantity"),
            accepted=Sum("quantity", filter=Q(status__in=[PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED])),
        )
        .order_by()
    }
    return [
        NeedProgress(
            need=need,
            committed=totals.get(need.id, {}).get("committed") or Decimal(0),
            accepted=totals.get(need.id, {}).get("accepted") or Decimal(0),
        )
        for need in needs
    ]


@dataclass(frozen=True)
class Supporter:
    name: str
    value_eur: Decimal


def named_supporters(*, project: Project) -> tuple[list[Supporter], int]:
    """Companies with accepted or fulfilled pledges that agreed to be named, and how many others gave."""
    rows = (
        Pledge.objects.filter(
            need__project=project, status__in=[PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED]
        )
        .values("company_id", "company__legal_name", "company__public_consent")
        .annotate(value=Sum("value_eur"))
        .order_by("-value", "company__legal_name")
    )
    named = [
        Supporter(row["company__legal_name"], row["value"]) for row in rows if row["company__public_consent"]
    ]
    return named, sum(1 for row in rows if not row["company__public_consent"])


@dataclass(frozen=True)
class FundContribution:
    fund_name: str
    sponsor: str
    amount_eur: Decimal


def match_funding(*, project: Project) -> list[FundContribution]:
    rows = (
        FundMatch.objects.filter(pledge__need__project=project, status=FundMatchStatus.ACTIVE)
        .values("fund__name", "fund__sponsor__legal_name")
        .annotate(amount=Sum("amount_eur"))
        .order_by("-amount")
    )
    return [
        FundContribution(row["fund__name"], row["fund__sponsor__legal_name"] or "", row["amount"])
        for row in rows
    ]


@dataclass(frozen=True)
class CampaignOverview:
    progress: CampaignProgress
    projects: list[Project]
    funding: dict[int, FundingProgress]

    @property
    def share(self) -> Decimal | None:
        """Raised share of the goal, 0-100, for the bar (capped: past it shows full); None with no goal."""
        share = self.progress.share_of_target
        return None if share is None else min(Decimal(100), (share * 100).quantize(Decimal("0.1")))


def campaign_overview(*, campaign: Campaign) -> CampaignOverview:
    """The campaign's progress and its public projects as cards: five queries however many projects."""
    projects = list(
        Project.objects.filter(campaign=campaign, city_id=campaign.city_id)
        .public()
        .for_cards()
        .order_by("title", "id")
    )
    return CampaignOverview(
        progress=campaign_progress(campaign=campaign),
        projects=projects,
        funding=funding_progress(project_ids=[project.id for project in projects]),
    )
