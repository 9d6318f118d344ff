"""What is still open: a need's gap, and how much budget and volunteer time companies have left this year."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Sum
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


def _start_of_year(today: date) -> datetime:
    return timezone.make_aware(datetime.combine(today.replace(month=1, day=1), time.min))


def companies_capacity_left(
    *, company_ids: Iterable[int], today: date | None = None
) -> dict[int, CapacityLeft]:
    """Yearly CSR budget and volunteer hours less what each company committed this calendar year."""
    ids = list(company_ids)
    start = _start_of_year(today or timezone.localdate())
    committed = Pledge.objects.committed().filter(company_id__in=ids, offered_at__gte=start)
    money = dict(
        committed.filter(need__kind=Need.Kind.FUNDING)
        .values_list("company_id")
        .annotate(total=Sum("value_eur"))
    )
    hours = dict(
        committed.filter(need__kind=Need.Kind.VOLUNTEERING)
        .values_list("company_id")
        .annotate(total=Sum("quantity"))
    )
    return {
        company_id: CapacityLeft(
            budget_eur=max(ZERO, budget - money.get(company_id, ZERO)),
            hours=max(ZERO, Decimal(yearly_hours) - hours.get(company_id, ZERO)),
        )
        for company_id, budget, yearly_hours in Company.objects.filter(id__in=ids).values_list(
            "id", "csr_budget_eur", "volunteer_hours_per_year"
        )
    }
