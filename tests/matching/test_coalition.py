"""The coalition builder on hand-made cases whose optimum is known; pure, no database."""

from decimal import Decimal

import numpy as np
import pytest

from matching.city_coalition import (
    CityProposal,
    CompanyCapacityArrays,
    EdgeArrays,
    NeedArrays,
    propose_city_coalitions,
)
from matching.coalition import Candidate, CoalitionProposal, NeedKind, SolveStatus, propose_coalition

FUNDING, VOLUNTEERING = NeedKind.FUNDING, NeedKind.VOLUNTEERING


def amounts_by_company(proposal: CoalitionProposal) -> dict[int, float]:
    return {member.company_id: member.amount for member in proposal.members}


# --- One project -------------------------------------------------------------------------------------------


def test_coalition_covers_the_gap_when_capacity_allows() -> None:
    candidates = [Candidate(1, 0.9, 600), Candidate(2, 0.8, 600), Candidate(3, 0.5, 2000)]

    proposal = propose_coalition(gap=1000, candidates=candidates)

    # Best two by fit, the better one filled first: 0.9*600 + 0.8*400 beats any mix with company 3.
    assert amounts_by_company(proposal) == {1: 600.0, 2: 400.0}
    assert proposal.covered == 1000.0
    assert proposal.uncovered == 0.0
    assert proposal.status is SolveStatus.OPTIMAL
    assert proposal.objective == pytest.approx(0.9 * 600 + 0.8 * 400 - 2 * 0.01 * 1000)
    assert proposal.bound == pytest.approx(proposal.objective)
    assert proposal.optimality_gap == 0.0


def test_coalition_says_what_is_left_when_capacity_falls_short() -> None:
    candidates = [Candidate(1, 0.4, 300), Candidate(2, 0.9, 200)]

    proposal = propose_coalition(gap=1000, candidates=candidates)

    assert amounts_by_company(proposal) == {1: 300.0, 2: 200.0}
    assert proposal.covered == 500.0
    assert proposal.uncovered == 500.0


def test_coalition_prefers_the_best_fit_when_any_one_company_could_cover() -> None:
    candidates = [Candidate(1, 0.3, 1000), Candidate(2, 0.9, 1000), Candidate(3, 0.6, 1000)]

    proposal = propose_coalition(gap=100, candidates=candidates)

    assert amounts_by_company(proposal) == {2: 100.0}


def test_coalition_never_has_more_than_max_members_even_if_gap_stays_open() -> None:
    candidates = [Candidate(k, fit, 400) for k, fit in ((1, 0.5), (2, 0.9), (3, 0.7), (4, 0.6))]

    proposal = propose_coalition(gap=1000, candidates=candidates, max_members=2)

    assert amounts_by_company(proposal) == {2: 400.0, 3: 400.0}
    assert proposal.uncovered == 200.0


def test_second_member_that_barely_lifts_fit_is_not_invited() -> None:
    candidates = [Candidate(1, 0.80, 1000), Candidate(2, 0.81, 500)]

    compact = propose_coalition(gap=1000, candidates=candidates)
    without_member_cost = propose_coalition(gap=1000, candidates=candidates, member_cost=0)

    # Splitting raises the mean fit by 0.005, less than the 0.01 a member costs.
    assert amounts_by_company(compact) == {1: 1000.0}
    assert amounts_by_company(without_member_cost) == {1: 500.0, 2: 500.0}


def test_no_member_gives_less_than_the_minimum_share() -> None:
    # Fit alone would take 980 from company 1 and a 20 sliver from company 2; 5% of the gap is 50.
    candidates = [Candidate(1, 0.9, 980), Candidate(2, 0.8, 1000)]

    proposal = propose_coalition(gap=1000, candidates=candidates, min_share=0.05)

    assert amounts_by_company(proposal) == {1: 950.0, 2: 50.0}


def test_company_with_less_than_the_minimum_share_left_may_give_all_it_has() -> None:
    candidates = [Candidate(1, 0.9, 900), Candidate(2, 0.8, 30)]

    proposal = propose_coalition(gap=1000, candidates=candidates, min_share=0.05)

    assert amounts_by_company(proposal) == {1: 900.0, 2: 30.0}
    assert proposal.uncovered == 70.0


def test_amounts_are_whole_cents_that_never_exceed_gap_or_capacity() -> None:
    candidates = [Candidate(1, 0.9, 60.555), Candidate(2, 0.8, 50)]

    proposal = propose_coalition(gap=100.29, candidates=candidates)

    amounts = {m.company_id: Decimal(str(m.amount)) for m in proposal.members}
    assert amounts == {1: Decimal("60.55"), 2: Decimal("39.74")}
    assert sum(amounts.values()) == Decimal("100.29")
    assert proposal.uncovered == 0.0


def test_volunteer_hours_are_proposed_in_whole_hours() -> None:
    proposal = propose_coalition(gap=10.5, candidates=[Candidate(1, 0.7, 40)], unit=1)

    assert amounts_by_company(proposal) == {1: 10.0}
    assert proposal.uncovered == 0.5


@pytest.mark.parametrize("candidates", [[], [Candidate(1, 0.9, 0)]])
def test_without_usable_candidates_the_whole_gap_stays_uncovered(candidates: list[Candidate]) -> None:
    proposal = propose_coalition(gap=750, candidates=candidates)

    assert proposal.members == ()
    assert proposal.covered == 0.0
    assert proposal.uncovered == 750
    assert proposal.status is SolveStatus.OPTIMAL


def test_duplicate_candidate_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        propose_coalition(gap=100, candidates=[Candidate(1, 0.5, 10), Candidate(1, 0.6, 10)])


# --- The city ----------------------------------------------------------------------------------------------


def city(
    gaps: list[float],
    kinds: list[NeedKind],
    budgets: list[float],
    hours: list[float],
    edges: list[tuple[int, int, float]],
) -> CityProposal:
    need, company, fit = zip(*edges, strict=True) if edges else ((), (), ())
    return propose_city_coalitions(
        needs=NeedArrays(gap=np.array(gaps, dtype=float), kind=np.array(kinds, dtype=np.int8)),
        companies=CompanyCapacityArrays(
            budget_left=np.array(budgets, dtype=float), hours_left=np.array(hours, dtype=float)
        ),
        edges=EdgeArrays(
            need=np.array(need, dtype=np.intp),
            company=np.array(company, dtype=np.intp),
            fit=np.array(fit, dtype=float),
        ),
    )


def test_company_goes_where_only_it_can_help_even_when_its_best_fit_is_elsewhere() -> None:
    # Company 0 fits need 0 best, but company 1 can serve need 0 too and nobody else can serve need 1.
    # Greedy by fit gives company 0 to need 0 and leaves need 1 empty (100 covered); the optimum covers 200.
    proposal = city(
        gaps=[100, 100],
        kinds=[FUNDING, FUNDING],
        budgets=[100, 100],
        hours=[0, 0],
        edges=[(0, 0, 0.9), (1, 0, 0.8), (0, 1, 0.5)],
    )

    assert proposal.edge_amount.tolist() == [0, 100, 100]
    assert proposal.need_uncovered.tolist() == [0.0, 0.0]
    summary = proposal.by_kind[FUNDING]
    assert summary.covered == 200
    assert summary.fit_weighted == pytest.approx(0.8 * 100 + 0.5 * 100)
    assert proposal.status is SolveStatus.OPTIMAL
    assert proposal.optimality_gap == 0.0


def test_city_prefers_the_better_fit_when_capacity_is_plentiful() -> None:
    proposal = city(
        gaps=[100], kinds=[FUNDING], budgets=[500, 500], hours=[0, 0], edges=[(0, 0, 0.4), (0, 1, 0.7)]
    )

    assert proposal.edge_amount.tolist() == [0, 100]


def test_short_budgets_leave_uncovered_amounts_per_need() -> None:
    proposal = city(
        gaps=[1000, 500],
        kinds=[FUNDING, FUNDING],
        budgets=[600],
        hours=[0],
        edges=[(0, 0, 0.9), (1, 0, 0.5)],
    )

    assert proposal.need_covered.tolist() == [600, 0]
    assert proposal.need_uncovered.tolist() == [400.0, 500.0]
    assert proposal.company_budget_used.tolist() == [600]
    summary = proposal.by_kind[FUNDING]
    assert (summary.gap, summary.covered, summary.uncovered) == (1500.0, 600, 900.0)
    assert summary.coverage_bound == 600


def test_budgets_and_hours_are_separate_capacities() -> None:
    proposal = city(
        gaps=[300, 40],
        kinds=[FUNDING, VOLUNTEERING],
        budgets=[250],
        hours=[60],
        edges=[(0, 0, 0.6), (1, 0, 0.6)],
    )

    assert proposal.need_covered.tolist() == [250, 40]
    assert proposal.company_budget_used.tolist() == [250]
    assert proposal.company_hours_used.tolist() == [40]
    assert proposal.by_kind[VOLUNTEERING].uncovered == 0.0


def test_fractional_gaps_are_covered_in_whole_units_only() -> None:
    proposal = city(gaps=[100.5], kinds=[FUNDING], budgets=[1000], hours=[0], edges=[(0, 0, 0.5)])

    assert proposal.need_covered.tolist() == [100]
    assert proposal.need_uncovered.tolist() == [0.5]


def test_without_edges_every_need_stays_uncovered() -> None:
    proposal = city(gaps=[100, 20], kinds=[FUNDING, VOLUNTEERING], budgets=[50], hours=[50], edges=[])

    assert proposal.edge_amount.size == 0
    assert proposal.need_uncovered.tolist() == [100.0, 20.0]
    assert proposal.company_budget_used.tolist() == [0]
    assert proposal.status is SolveStatus.OPTIMAL


def test_random_city_never_exceeds_a_gap_or_a_capacity_and_is_certified_optimal() -> None:
    rng = np.random.default_rng(3)
    n_needs, n_companies, per_need = 300, 400, 12
    kinds = (rng.random(n_needs) < 0.4).astype(np.int8)
    gaps = np.where(kinds == FUNDING, rng.uniform(1_000, 50_000, n_needs), rng.uniform(10, 400, n_needs))
    budgets = rng.uniform(0, 20_000, n_companies)
    hours = rng.uniform(0, 150, n_companies)
    need = np.repeat(np.arange(n_needs), per_need)
    company = rng.integers(0, n_companies, need.size)
    fit = rng.random(need.size)

    proposal = propose_city_coalitions(
        needs=NeedArrays(gap=gaps, kind=kinds),
        companies=CompanyCapacityArrays(budget_left=budgets, hours_left=hours),
        edges=EdgeArrays(need=need, company=company, fit=fit),
    )

    assert np.all(proposal.edge_amount >= 0)
    assert np.all(proposal.need_covered <= gaps)
    assert np.all(proposal.company_budget_used <= budgets)
    assert np.all(proposal.company_hours_used <= hours)
    assert np.allclose(proposal.need_covered + proposal.need_uncovered, gaps)
    for summary in proposal.by_kind.values():
        assert summary.covered == summary.coverage_bound
        assert summary.fit_weighted == pytest.approx(summary.fit_weighted_bound)
    assert proposal.status is SolveStatus.OPTIMAL


def test_edge_to_a_need_outside_the_arrays_is_refused() -> None:
    with pytest.raises(ValueError, match="outside needs"):
        city(gaps=[100], kinds=[FUNDING], budgets=[100], hours=[0], edges=[(1, 0, 0.5)])
