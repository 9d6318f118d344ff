"""Proofs under real concurrency (PostgreSQL): many requests at once never pass a need's target or a pot.

Each thread has its own database connection, as each web request would; a barrier releases them together.
"""

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum
from django.utils import translation

from ledger.models import Fund, FundMatch, Pledge
from ledger.services import pledge_accept, pledge_offer
from tests.factories import (
    CompanyMemberFactory,
    FundFactory,
    NeedFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    ProjectFactory,
)
from tests.ledger.factories import OfferedPledgeFactory

D = Decimal
THREADS = 60

# The vocabularies a flush drops are put back by tests/conftest.py (vocabularies_after_flush).
concurrent = pytest.mark.django_db(transaction=True)


def run_together(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[ValidationError]]:
    """Run every call in its own thread, all released at once; what succeeded and what was refused."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    refusals: list[ValidationError] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def worker(call: Callable[[], Any]) -> None:
        try:
            with translation.override("en"):
                barrier.wait()
                try:
                    result = call()
                except ValidationError as refusal:
                    with lock:
                        refusals.append(refusal)
                else:
                    with lock:
                        results.append(result)
        except BaseException as error:
            with lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert unexpected == []
    return results, refusals


@concurrent
def test_sixty_companies_pledging_on_one_need_at_once_never_pass_its_target(requires_postgres) -> None:
    target, each = D("10000.00"), D("300.00")
    need = NeedFactory(target_quantity=target)
    members = [CompanyMemberFactory(city=need.project.city) for _ in range(THREADS)]
    calls = [
        lambda m=m: pledge_offer(need=need, company=m.company, quantity=each, actor=m.user) for m in members
    ]

    started = time.monotonic()
    saved, refused = run_together(calls)
    elapsed = time.monotonic() - started

    total = Pledge.objects.filter(need=need).aggregate(total=Sum("quantity"))["total"]
    print(
        f"\n[pledge race] threads={THREADS} attempts={len(calls)} successes={len(saved)} "
        f"refused={len(refused)} total={total} target={target} ({elapsed:.2f}s)"
    )
    assert total <= target
    assert len(saved) == int(target // each) == 33
    assert set(Pledge.objects.filter(need=need).values_list("pk", flat=True)) == {p.pk for p in saved}
    assert {refusal.code for refusal in refused} == {"over_target"}
    assert all("only 100.00 EUR are still open" in refusal.messages[0] for refusal in refused)


@concurrent
def test_officers_accepting_many_pledges_at_once_never_overdraw_a_small_pot(requires_postgres) -> None:
    pot, each = D("5000.00"), D("300.00")
    neighbourhood = NeighbourhoodFactory()
    needs = [
        NeedFactory(project=ProjectFactory(neighbourhood=neighbourhood), target_quantity=D("100000"))
        for _ in range(10)
    ]
    pledges = [OfferedPledgeFactory(need=needs[i % len(needs)], quantity=each) for i in range(THREADS)]
    fund = FundFactory(city=neighbourhood.city, pot_eur=pot, ratio=D("1.00"))
    officer = OfficerFactory(city=neighbourhood.city).user
    calls = [lambda p=p: pledge_accept(pledge=p, actor=officer) for p in pledges]

    started = time.monotonic()
    accepted, refused = run_together(calls)
    elapsed = time.monotonic() - started

    fund.refresh_from_db()
    active = FundMatch.objects.filter(fund=fund, status=FundMatch.Status.ACTIVE)
    matched_sum = active.aggregate(total=Sum("amount_eur"))["total"]
    print(
        f"\n[pot race] threads={THREADS} attempts={len(calls)} accepted={len(accepted)} "
        f"refused={len(refused)} matches={active.count()} matched_eur={fund.matched_eur} "
        f"sum_of_matches={matched_sum} pot={pot} wanted={each * THREADS} ({elapsed:.2f}s)"
    )
    assert refused == [] and len(accepted) == THREADS
    assert Pledge.objects.filter(status=Pledge.Status.ACCEPTED).count() == THREADS
    assert fund.matched_eur <= fund.pot_eur
    assert fund.matched_eur == matched_sum == pot  # demand (18,000) exceeds the pot: it is spent exactly
    assert Fund.objects.get(pk=fund.pk).remaining_eur == 0
