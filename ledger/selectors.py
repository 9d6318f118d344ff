"""What is still open: a need's gap, and how much budget and volunteer time companies have left this year."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from companies.models import Company
from ledger.models import Pledge
from projects.models import Need

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
