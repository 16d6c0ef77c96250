"""Certified analysis of a scenario whose outcome space is too large to enumerate.

Answers the questions :func:`accord.analysis.analyze` answers, through integer
programs: whether the ZOPA is empty (with a witness package), the four
bargaining solutions with their certificates, for two parties the complete
Pareto frontier, and when the ZOPA is empty the minimal relaxations. For three
or more parties the frontier is a stated sample (each party's best package and
the solutions). Every frontier vector comes with the exact number of feasible
packages that have it: from the dynamic program (two parties, linear-additive)
or by counting (:mod:`accord.analysis.solve.count`); when counting outgrows its
state limit the count is unknown (``None``), never estimated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from accord.analysis import bargaining
from accord.analysis.exact import from_ticks
from accord.analysis.pareto import frontier_mask
from accord.analysis.solve import additive
from accord.analysis.solve.count import MAX_STATES, count_packages
from accord.analysis.solve.frontier import two_party_frontier
from accord.analysis.solve.model import TIME_LIMIT, Model, SolverFailed
from accord.analysis.solve.relax import minimal_relaxations
from accord.analysis.solve.solutions import Certified, Solver
from accord.analysis.solve.units import IntegerUtility, integer_utility
from accord.analysis.solve.usable import usable_options
from accord.model.scenario import Scenario

SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
PLAIN_STATES = 50_000
"""States the count over all options may keep before the unusable options are found
and left out (which costs a few integer programs)."""


@dataclass(frozen=True)
class SolvedPackage:
    """A package found by the solver with its utilities (the floats nearest the exact
    values) and their exact ticks, on which every comparison is made."""

    index: int
    utilities: tuple[float, ...]
    certified: bool = True
    gap: float = 0.0
    count: int | None = None
    """Feasible packages with these utilities (on the frontier: all of them), if known."""
    ticks: tuple[int, ...] = ()


@dataclass(frozen=True)
class SolvedRelaxation:
    relax: tuple[str, ...]
    witness: SolvedPackage


@dataclass(frozen=True)
class SolverAnalysis:
    """What the solver proved about a scenario."""

    parties: tuple[str, ...]
    reservations: tuple[float, ...]
    n_outcomes: int
    exact: bool
    """Every utility was written exactly in integer units."""
    agreement_possible: bool
    witness: SolvedPackage | None
    solutions: dict[str, SolvedPackage | None]
    frontier: tuple[SolvedPackage, ...]
    frontier_complete: bool
    """True when the frontier is the whole frontier (two parties, last solve infeasible)."""
    in_zopa: tuple[bool, ...]
    relaxations: tuple[SolvedRelaxation, ...]
    relaxations_complete: bool
    solves: int
    method: str = "solver"
    count_states: int = 0
    """Most states kept by the package count that answered (0: counted by the dynamic
    program); a first try over all options stops at :data:`PLAIN_STATES`."""

    @property
    def counts_exact(self) -> bool:
        """Every frontier point has its exact count of packages."""
        return all(p.count is not None for p in self.frontier)

    @property
    def pareto_size(self) -> int | None:
        """Packages on the frontier (the sum of the counts), when the frontier is
        complete and every count is known."""
        if not self.frontier_complete or not self.counts_exact:
            return None
        return sum(p.count or 0 for p in self.frontier)


def _index(scenario: Scenario, digits: np.ndarray) -> int:
    index = 0
    for issue, d in zip(scenario.issues, digits, strict=True):
        index = index * issue.size + int(d)
    return index


def _package(
    scenario: Scenario,
    us: list[IntegerUtility],
    digits: np.ndarray,
    units: tuple[int, ...],
    *,
    certified: bool = True,
    gap: float = 0.0,
    count: int | None = None,
) -> SolvedPackage:
    """The package with its exact utilities (as floats) and ticks."""
    ticks = tuple(u.ticks(x) for u, x in zip(us, units, strict=True))
    utilities = tuple(float(Fraction(x, u.denominator)) for u, x in zip(us, units, strict=True))
    return SolvedPackage(_index(scenario, digits), utilities, certified, gap, count, ticks)


def solve_scenario(
    scenario: Scenario,
    *,
    frontier: bool = True,
    frontier_limit: int | None = None,
    max_relax: int = 3,
    time_limit: float = TIME_LIMIT,
    max_count_states: int = MAX_STATES,
    count: bool = True,
) -> SolverAnalysis:
    """Analyse ``scenario`` by integer programming (needs ``accord[solve]``). With
    ``count`` false the packages of each frontier vector are not counted (``None``),
    except by the dynamic program, which counts them as it goes."""
    space = scenario.space
    us = [integer_utility(scenario.preferences[p], space) for p in scenario.party_ids]
    model = Model(scenario, us, time_limit=time_limit)
    solver = Solver(model)
    k = len(us)
    witness = solver.witness()
    res_ticks = np.array(solver.res_ticks, dtype=np.int64)
    points: list[SolvedPackage] = []
    complete = False
    pareto = False
    method = "solver"
    if frontier and k == 2 and additive.applies(scenario):
        method = "dynamic programming"
        points = [
            _package(scenario, us, d, u, count=n)
            for d, u, n in additive.additive_frontier(scenario, us)
        ]
        points = _tick_frontier(points)
        complete = True
    elif frontier and k == 2:
        model.floors([None] * k)
        found, complete = two_party_frontier(model, frontier_limit)
        points = _tick_frontier([_package(scenario, us, f.digits, f.units) for f in found])
        pareto = True  # each point is Pareto-optimal (found lexicographically)
        points.sort(key=lambda p: p.index)
    solutions: dict[str, SolvedPackage | None] = dict.fromkeys(SOLUTIONS)
    if witness is not None and complete:
        solutions = _from_frontier(points, res_ticks)
    elif witness is not None:
        ideals = solver.ideals()
        assert ideals is not None
        found_solutions: dict[str, Certified | None] = {
            "kalai_smorodinsky": solver.kalai_smorodinsky(ideals),
            "egalitarian": solver.egalitarian(),
            "utilitarian": solver.utilitarian(),
        }
        hints = [c.units for c in found_solutions.values() if c is not None]
        found_solutions = {"nash": solver.nash(hints), **found_solutions}
        for name, c in found_solutions.items():
            if c is not None:
                solutions[name] = _package(
                    scenario, us, c.digits, c.units, certified=c.certified, gap=c.gap
                )
        if k != 2 or not points:
            sample = [s for s in solutions.values() if s is not None]
            points = _sample(scenario, us, model, sample) if frontier else sample
    count_states = 0
    if count and points and any(p.count is None for p in points):
        points, count_states = _counted(
            scenario, us, points, max_count_states, time_limit, pareto=pareto
        )
    frontier_ticks = np.array([_ticks(p) for p in points], dtype=np.int64).reshape(-1, k)
    in_zopa = tuple(bool(np.all(t >= res_ticks)) for t in frontier_ticks)
    relaxations: list[SolvedRelaxation] = []
    relax_complete = True
    if witness is None:
        relax_model = Model(scenario, us, relax=True, time_limit=time_limit)
        found_relax, relax_complete = minimal_relaxations(relax_model, max_relax)
        ids = [c.id for c in scenario.constraints]
        relaxations = [
            SolvedRelaxation(
                tuple(ids[b] for b in r.dropped), _package(scenario, us, r.digits, r.units)
            )
            for r in found_relax
        ]
        model.solves += relax_model.solves
    return SolverAnalysis(
        parties=scenario.party_ids,
        reservations=tuple(scenario.preferences[p].reservation for p in scenario.party_ids),
        n_outcomes=space.size,
        exact=all(u.exact for u in us),
        agreement_possible=witness is not None,
        witness=None if witness is None else _package(scenario, us, *witness),
        solutions=solutions,
        frontier=tuple(points),
        frontier_complete=complete,
        in_zopa=in_zopa,
        relaxations=tuple(relaxations),
        relaxations_complete=relax_complete,
        solves=model.solves,
        method=method,
        count_states=count_states,
    )


def _counted(
    scenario: Scenario,
    us: list[IntegerUtility],
    points: list[SolvedPackage],
    max_states: int,
    time_limit: float = TIME_LIMIT,
    *,
    pareto: bool = False,
) -> tuple[list[SolvedPackage], int]:
    """``points`` with the number of feasible packages sharing each one's units: first over
    all options with at most :data:`PLAIN_STATES` states, then, past that, over the
    options that some package reaching one of them can use (all of them when the
    solver cannot prove which). ``pareto``: every point is Pareto-optimal among the
    feasible packages (two parties), so dominated states can be dropped."""
    digits = [np.array(scenario.space.digits_exact(p.index), dtype=np.int64) for p in points]
    targets = [tuple(u.units(d) for u in us) for d in digits]
    found = count_packages(
        scenario, us, targets, max_states=min(max_states, PLAIN_STATES), pareto=pareto
    )
    if found.counts is None and max_states > PLAIN_STATES:
        options: list[list[int]] | None
        try:
            options = usable_options(scenario, us, targets, seeds=digits, time_limit=time_limit)
        except SolverFailed:
            options = None
        found = count_packages(
            scenario, us, targets, max_states=max_states, options=options, pareto=pareto
        )
    if found.counts is None:
        return points, found.states
    return [replace(p, count=n) for p, n in zip(points, found.counts, strict=True)], found.states


def _tick_frontier(points: list[SolvedPackage]) -> list[SolvedPackage]:
    """Merge points that ticks make equal (adding their counts) and drop those ticks make
    dominated (units are finer than ticks); the order of ``points`` is kept."""
    if len(points) < 2:
        return points
    t = np.array([_ticks(p) for p in points], dtype=np.int64)
    _, first, inverse = np.unique(t, axis=0, return_index=True, return_inverse=True)
    totals: list[int | None] = [0] * first.size
    for row, group in enumerate(inverse.ravel().tolist()):
        n, add = totals[group], points[row].count
        totals[group] = None if n is None or add is None else n + add
    rows = sorted(first.tolist())
    merged = {int(r): totals[g] for g, r in enumerate(first.tolist())}
    keep = frontier_mask(from_ticks(t[rows]))
    return [replace(points[r], count=merged[r]) for r, k in zip(rows, keep, strict=True) if k]


def _ticks(p: SolvedPackage) -> list[int]:
    return list(p.ticks)


def _from_frontier(
    points: list[SolvedPackage], res_ticks: np.ndarray
) -> dict[str, SolvedPackage | None]:
    """The solutions read off the complete frontier, exactly as the enumerating analysis does."""
    t = np.array([_ticks(p) for p in points], dtype=np.int64)
    zopa = np.flatnonzero(np.all(t >= res_ticks[None, :], axis=1))
    utilities = from_ticks(t[zopa])
    reservations = from_ticks(res_ticks)
    rules = {
        "nash": bargaining.nash,
        "kalai_smorodinsky": bargaining.kalai_smorodinsky,
        "egalitarian": bargaining.egalitarian,
        "utilitarian": bargaining.utilitarian,
    }
    out: dict[str, SolvedPackage | None] = {}
    for name, rule in rules.items():
        row = rule(utilities, reservations) if zopa.size else None
        out[name] = None if row is None else points[int(zopa[row])]
    return out


def _sample(
    scenario: Scenario, us: list[IntegerUtility], model: Model, solutions: list[SolvedPackage]
) -> list[SolvedPackage]:
    """A frontier sample for three or more parties: each party's best package (ties broken
    by the others' sum) and the solutions, Pareto-filtered."""
    model.floors([None] * len(us))
    found = list(solutions)
    for c in model.capped:
        weights = {other: 1.0 for other in model.capped}
        weights[c] = float(sum(model.highs) - sum(model.lows) + 1)
        best = model.maximize(weights)
        if best is not None:
            found.append(_package(scenario, us, best.digits, tuple(model.units(best.digits))))
    unique = {tuple(_ticks(f)): f for f in found}
    rows = list(unique.values())
    keep = frontier_mask(from_ticks(np.array([r.ticks for r in rows], dtype=np.int64)))
    return sorted((r for r, k in zip(rows, keep, strict=True) if k), key=lambda r: r.index)
