"""What companies gave, totalled by neighbourhood, district, urban challenge, SDG and month.

Support counts once accepted (or fulfilled): money pledged, volunteer hours, and goods at their declared
value, so that every kind of support adds up in EUR. A project on several urban challenges shares its
support equally among them, and a challenge among its SDGs, so that each breakdown sums to the total.
The same figures, narrowed to one company, make its CSR report.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from companies.models import Company
from ledger.models import FundMatch, FundMatchStatus, Pledge, PledgeStatus
from neighborhoods.models import City, Neighbourhood
from projects.models import ImpactReport, NeedKind, Project
from taxonomy.models import Theme

GIVEN = (PledgeStatus.ACCEPTED, PledgeStatus.FULFILLED)
CENT = Decimal("0.01")
DIMENSIONS = ("neighbourhood", "district", "theme", "sdg", "month")


@dataclass
class ImpactRow:
    key: str
    label: str
    funding_eur: Decimal = Decimal(0)
    volunteer_hours: Decimal = Decimal(0)
    goods_eur: Decimal = Decimal(0)
    total_eur: Decimal = Decimal(0)

    def add(self, *, kind: str, quantity: Decimal, value: Decimal, share: Decimal) -> None:
        if kind == NeedKind.FUNDING:
            self.funding_eur += value * share
        elif kind == NeedKind.VOLUNTEERING:
            self.volunteer_hours += quantity * share
        else:
            self.goods_eur += value * share
        self.total_eur += value * share


# Each figure's rounding step: cents for money, tenths of an hour for time.
QUANTA = {"funding_eur": CENT, "volunteer_hours": Decimal("0.1"), "goods_eur": CENT, "total_eur": CENT}


def _rounded_to_total(rows: list[ImpactRow]) -> list[ImpactRow]:
    """Round shares so that they still add up to their rounded sum (largest remainder first).

    Thirds of a euro rounded one by one lose a cent; a report whose rows do not sum to its total is wrong.
    """
    for attribute, quantum in QUANTA.items():
        exact = [getattr(row, attribute) for row in rows]
        floors = [value.quantize(quantum, rounding=ROUND_FLOOR) for value in exact]
        target = sum(exact, Decimal(0)).quantize(quantum)
        missing = int((target - sum(floors, Decimal(0))) / quantum)
        by_remainder = sorted(range(len(rows)), key=lambda i: (floors[i] - exact[i], i))
        for i in by_remainder[:missing]:
            floors[i] += quantum
        for row, value in zip(rows, floors, strict=True):
            setattr(row, attribute, value)
    return rows


def _rounded(row: ImpactRow) -> ImpactRow:
    for attribute, quantum in QUANTA.items():
        setattr(row, attribute, getattr(row, attribute).quantize(quantum))
    return row


@dataclass
class Impact:
    total: ImpactRow
    companies: int
    projects: int
    matched_eur: Decimal
    people_reached: int
    by: dict[str, list[ImpactRow]] = field(default_factory=dict)


def _given(city: City, company: Company | None, neighbourhood: Neighbourhood | None) -> QuerySet[Pledge]:
    pledges = Pledge.objects.filter(need__project__city=city, status__in=GIVEN)
    if company is not None:
        pledges = pledges.filter(company=company)
    if neighbourhood is not None:
        pledges = pledges.filter(need__project__neighbourhood=neighbourhood)
    return pledges


def impact(
    *, city: City, company: Company | None = None, neighbourhood: Neighbourhood | None = None
) -> Impact:
    """Every breakdown in a fixed handful of queries, whatever the number of pledges and projects; narrowed
    to one company (its CSR report) or to one neighbourhood (its page) when given."""
    pledges = _given(city, company, neighbourhood)
    rows = list(
        pledges.annotate(month=TruncMonth(Coalesce("decided_at", "offered_at")))
        .values("need__project_id", "need__kind", "month")
        .annotate(quantity=Sum("quantity"), value=Sum("value_eur"))
        .order_by()
    )
    project_ids = {row["need__project_id"] for row in rows}
    projects = {
        row["id"]: row
        for row in Project.objects.filter(id__in=project_ids).values(
            "id", "neighbourhood__code", "neighbourhood__name", "neighbourhood__district__code",
            "neighbourhood__district__name",
        )
    }  # fmt: skip
    project_themes: dict[int, list[int]] = defaultdict(list)
    for project_id, theme_id in Project.themes.through.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "theme_id"
    ):
        project_themes[project_id].append(theme_id)
    # Labels read once (a theme's name follows the language), not once per pledge row.
    themes = {
        theme.id: (theme.code, theme.name, [(str(sdg.number), str(sdg)) for sdg in theme.sdgs.all()])
        for theme in Theme.objects.prefetch_related("sdgs")
    }

    total = ImpactRow("total", "")
    by: dict[str, dict[str, ImpactRow]] = {dimension: {} for dimension in DIMENSIONS}

    def row(dimension: str, key: str, label: str) -> ImpactRow:
        entries = by[dimension]
        if key not in entries:
            entries[key] = ImpactRow(key, label)
        return entries[key]

    one = Decimal(1)

    def rows_of(project_id: int) -> list[tuple[ImpactRow, Decimal]]:
        """The rows a project's support counts in, each with the share it gets there."""
        project = projects[project_id]
        shares = [
            (row("neighbourhood", project["neighbourhood__code"], project["neighbourhood__name"]), one),
            (
                row(
                    "district",
                    project["neighbourhood__district__code"] or "",
                    project["neighbourhood__district__name"] or "",
                ),
                one,
            ),
        ]
        theme_ids = project_themes.get(project_id, [])
        for theme_id in theme_ids:
            code, name, sdgs = themes[theme_id]
            theme_share = one / len(theme_ids)
            shares.append((row("theme", code, name), theme_share))
            shares.extend((row("sdg", number, label), theme_share / len(sdgs)) for number, label in sdgs)
        return shares

    shares_of: dict[int, list[tuple[ImpactRow, Decimal]]] = {}
    for given in rows:
        project_id = given["need__project_id"]
        if project_id not in shares_of:
            shares_of[project_id] = rows_of(project_id)
        kind, quantity, value = given["need__kind"], given["quantity"], given["value"]
        total.add(kind=kind, quantity=quantity, value=value, share=one)
        month = given["month"].strftime("%Y-%m")
        row("month", month, month).add(kind=kind, quantity=quantity, value=value, share=one)
        for target, share in shares_of[project_id]:
            target.add(kind=kind, quantity=quantity, value=value, share=share)

    matches = FundMatch.objects.filter(pledge__in=pledges, status=FundMatchStatus.ACTIVE)
    reports = ImpactReport.objects.filter(project_id__in=project_ids)
    counts = pledges.aggregate(
        companies=Count("company", distinct=True), projects=Count("need__project", distinct=True)
    )
    total = _rounded(total)
    return Impact(
        total=total,
        companies=counts["companies"],
        projects=counts["projects"],
        matched_eur=(matches.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)).quantize(CENT),
        people_reached=reports.aggregate(total=Sum("people_reached"))["total"] or 0,
        by={
            dimension: sorted(
                _rounded_to_total(list(entries.values())),
                key=(lambda entry: entry.key)
                if dimension == "month"
                else (lambda entry: (-entry.total_eur, entry.label)),
            )
            for dimension, entries in by.items()
        },
    )
