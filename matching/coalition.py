"""Coalition builder: which companies should close which open needs, and with how much.

Pure core (no Django): a selector gathers remaining gaps, remaining capacities and the matching engine's
top-50 fits; a service turns a proposal into invitations that officers send. Solvers: OR-Tools
(CP-SAT for one project, the network min-cost-flow solver for the whole city).

Priorities, in order, for both problems: (1) cover as much of the open gap as possible, (2) among the
coalitions that cover that much, maximise the fit-weighted amount sum(fit * amount), (3) for one project,
keep the coalition compact. We solve them lexicographically (stage 2 is constrained to stage 1's optimum)
rather than with a weighted sum sum((1 + alpha * fit) * amount): a usable alpha would quietly trade euros
of coverage for fit, and the only alpha guaranteed never to do so is about 1 / (total euros), far below
what a solver's tolerances can resolve.

Units. Money is handled in integer units (``unit``: cents by default for one project; whole euros
city-wide) and hours in whole hours. Gaps and capacities are rounded DOWN to the unit, so a proposal never
promises more than a gap or a capacity; the dropped fraction is reported as uncovered. Amounts come back as
floats that hold an exact multiple of the unit: ``Decimal(str(amount))`` is exact. Fits are compared at a
resolution of 1/1000 (the engine's scores carry no more meaning than that); objectives and bounds are
reported with those rounded fits, so the two are comparable.

One project: ``propose_coalition`` (a small MILP, CP-SAT)
    G = floor(gap / unit); for candidate k: u_k = min(floor(capacity_k / unit), G),
    m_k = min(u_k, ceil(min_share * G)) (nobody is invited for a sliver of the gap, unless that sliver is
    all they have left), q_k = round(1000 * fit_k).
    Variables: amount x_k in {0..u_k}, membership y_k in {0, 1}.
        y_k = 1  =>  x_k >= m_k;      y_k = 0  =>  x_k = 0
        sum_k x_k <= G;               sum_k y_k <= max_members (when given)
    Stage 1: C* = max sum_k x_k.
    Stage 2: max sum_k q_k x_k - P * sum_k y_k  s.t.  sum_k x_k = C*,  with P = round(1000 * member_cost * G):
        per unit of gap, the coalition's mean fit minus ``member_cost`` per member, so a member joins only if
        it lifts the fit-weighted cover by more than ``member_cost`` of the gap.
    ``objective`` and ``bound`` are stage 2's value and CP-SAT's proven bound, in fit-weighted caller units.

The city-wide proposal is in matching.city_coalition.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import IntEnum, StrEnum

from ortools.sat.python import cp_model

FIT_RESOLUTION = 1000


class NeedKind(IntEnum):
    FUNDING = 0
    VOLUNTEERING = 1


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    # A time limit stopped the search with a solution in hand: bound and optimality_gap say how far it may be.
    FEASIBLE = "feasible"
    NO_SOLUTION = "no_solution"


# --- One project -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    company_id: int
    fit: float
    capacity: float


@dataclass(frozen=True)
class CoalitionMember:
    company_id: int
    fit: float
    amount: float


@dataclass(frozen=True)
class CoalitionProposal:
    members: tuple[CoalitionMember, ...]
    gap: float
    covered: float
    uncovered: float
    objective: float
    bound: float
    optimality_gap: float
    status: SolveStatus
    solve_seconds: float


def propose_coalition(
    *,
    gap: float,
    candidates: Sequence[Candidate],
    max_members: int | None = None,
    min_share: float = 0.05,
    member_cost: float = 0.01,
    unit: float = 0.01,
    time_limit_seconds: float = 2.0,
) -> CoalitionProposal:
    """Companies that together cover ``gap`` best: most coverage, then highest fit, then fewest members.

    ``unit`` is the smallest amount handed out: 0.01 for euros (cents), 1 for volunteer hours.
    """
    _check_coalition_inputs(gap, candidates, max_members, min_share, member_cost, unit)
    started = time.perf_counter()
    gap_units = _to_units(gap, unit)
    usable = [c for c in candidates if min(_to_units(c.capacity, unit), gap_units) > 0]
    if gap_units == 0 or not usable or max_members == 0:
        return _empty_proposal(gap, SolveStatus.OPTIMAL, time.perf_counter() - started)

    problem = _CoalitionModel.build(gap_units, usable, unit, max_members, min_share, member_cost)
    deadline = started + time_limit_seconds
    problem.model.maximize(problem.covered)
    solver, status = _solve(problem.model, deadline)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _empty_proposal(gap, SolveStatus.NO_SOLUTION, time.perf_counter() - started)
    proven = status == cp_model.OPTIMAL
    chosen = [int(solver.value(a)) for a in problem.amounts]

    problem.model.add(problem.covered == sum(chosen))
    for amount, value in zip(problem.amounts, chosen, strict=True):
        problem.model.add_hint(amount, value)
    problem.model.maximize(problem.fit_objective)
    solver, status = _solve(problem.model, deadline)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [int(solver.value(a)) for a in problem.amounts]
        proven = proven and status == cp_model.OPTIMAL
    # Stage 2 starts from stage 1's answer, so CP-SAT holds a proven bound even if time ran out before it
    # found anything better.
    bound_scaled = solver.best_objective_bound
    objective_scaled = problem.fit_objective_value(chosen)
    decimals = _decimals(unit)
    # Fit-weighted amounts carry the unit's decimals plus the fit resolution's three.
    objective, bound = (
        round(v * unit / FIT_RESOLUTION, decimals + 3) for v in (objective_scaled, bound_scaled)
    )
    members = sorted(
        (
            CoalitionMember(company_id=c.company_id, fit=c.fit, amount=round(x * unit, decimals))
            for c, x in zip(usable, chosen, strict=True)
            if x > 0
        ),
        key=lambda m: (-m.amount, -m.fit, m.company_id),
    )
    covered = round(sum(chosen) * unit, decimals)
    return CoalitionProposal(
        members=tuple(members),
        gap=gap,
        covered=covered,
        uncovered=float(Decimal(str(gap)) - Decimal(str(covered))),
        objective=objective,
        bound=bound,
        optimality_gap=relative_gap(objective_scaled, bound_scaled),
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        solve_seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class _CoalitionModel:
    """The MILP of the module docstring, in integer units, with both stages' objectives ready."""

    model: cp_model.CpModel
    amounts: list[cp_model.IntVar]
    covered: cp_model.LinearExpr
    fit_objective: cp_model.LinearExpr
    fit_weights: list[int]
    member_penalty: int

    @classmethod
    def build(
        cls,
        gap_units: int,
        usable: list[Candidate],
        unit: float,
        max_members: int | None,
        min_share: float,
        member_cost: float,
    ) -> _CoalitionModel:
        upper = [min(_to_units(c.capacity, unit), gap_units) for c in usable]
        minimum_share = max(1, math.ceil(min_share * gap_units))
        fit_weights = [round(c.fit * FIT_RESOLUTION) for c in usable]
        member_penalty = round(member_cost * FIT_RESOLUTION * gap_units)

        model = cp_model.CpModel()
        amounts = [model.new_int_var(0, u, f"amount_{k}") for k, u in enumerate(upper)]
        joins = [model.new_bool_var(f"joins_{k}") for k in range(len(usable))]
        for amount, joined, most in zip(amounts, joins, upper, strict=True):
            model.add(amount >= min(most, minimum_share)).only_enforce_if(joined)
            model.add(amount == 0).only_enforce_if(~joined)
        covered = cp_model.LinearExpr.sum(amounts)
        model.add(covered <= gap_units)
        if max_members is not None:
            model.add(cp_model.LinearExpr.sum(joins) <= max_members)
        fit_objective = cp_model.LinearExpr.weighted_sum(amounts, fit_weights) - member_penalty * (
            cp_model.LinearExpr.sum(joins)
        )
        return cls(model, amounts, covered, fit_objective, fit_weights, member_penalty)

    def fit_objective_value(self, chosen: list[int]) -> int:
        # Members are exactly the companies given a positive amount (a member gives at least one unit).
        weighted = sum(w * x for w, x in zip(self.fit_weights, chosen, strict=True))
        return weighted - self.member_penalty * sum(1 for x in chosen if x > 0)


def _check_coalition_inputs(
    gap: float,
    candidates: Sequence[Candidate],
    max_members: int | None,
    min_share: float,
    member_cost: float,
    unit: float,
) -> None:
    if not (math.isfinite(gap) and gap >= 0):
        raise ValueError(f"gap must be a finite amount >= 0, got {gap}")
    if not unit > 0:
        raise ValueError(f"unit must be > 0, got {unit}")
    if max_members is not None and max_members < 0:
        raise ValueError(f"max_members must be >= 0, got {max_members}")
    if not 0 <= min_share <= 1:
        raise ValueError(f"min_share must be within [0, 1], got {min_share}")
    if member_cost < 0:
        raise ValueError(f"member_cost must be >= 0, got {member_cost}")
    seen: set[int] = set()
    for candidate in candidates:
        if candidate.company_id in seen:
            raise ValueError(f"company {candidate.company_id} is a candidate twice")
        seen.add(candidate.company_id)
        if not 0 <= candidate.fit <= 1:
            raise ValueError(f"company {candidate.company_id}: fit must be within [0, 1]")
        if not (math.isfinite(candidate.capacity) and candidate.capacity >= 0):
            raise ValueError(f"company {candidate.company_id}: capacity must be a finite amount >= 0")


def _solve(model: cp_model.CpModel, deadline: float) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
    # One worker: these models have a few dozen variables, where parallel portfolios only add start-up time,
    # and a single worker makes the proposal reproducible.
    solver.parameters.num_workers = 1
    return solver, solver.solve(model)


def _empty_proposal(gap: float, status: SolveStatus, seconds: float) -> CoalitionProposal:
    return CoalitionProposal(
        members=(),
        gap=gap,
        covered=0.0,
        uncovered=gap,
        objective=0.0,
        bound=0.0,
        optimality_gap=0.0,
        status=status,
        solve_seconds=seconds,
    )


def _to_units(amount: float, unit: float) -> int:
    # Through Decimal(str()) so 0.29 EUR is 29 cents, not the 28 that float division would floor to.
    return int((Decimal(str(amount)) / Decimal(str(unit))).to_integral_value(rounding=ROUND_FLOOR))


def _decimals(unit: float) -> int:
    return max(0, -int(Decimal(str(unit)).normalize().as_tuple().exponent))


def relative_gap(value: float, bound: float) -> float:
    if not math.isfinite(bound):
        # A search stopped before proving any bound has no meaningful gap to report.
        return math.inf
    if bound <= 0:
        return 0.0
    return max(0.0, (bound - value) / bound)
