"""The integer program of a scenario: one binary per option of each issue.

Columns: ``x[i, k]`` (issue ``i`` takes option ``k``; one per issue), one
indicator per rectangle, and per party its raw units ``R_p`` and capped units
``C_p``. Every objective the analysis uses grows with every party's utility, so
the links only bound from the side that matters: a rectangle worth more than 0
pays at most when all its issues are in range, one worth less at least then, and
``C_p <= R_p``, ``C_p <= cap``. At an optimum they hold with equality, and the
package is read back from ``x`` and scored exactly in integers.

``highspy`` (the ``accord[solve]`` extra) is imported when a model is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.exact import ticks
from accord.analysis.solve.units import IntegerUtility
from accord.model.preferences import Condition, RuleKind
from accord.model.scenario import Scenario

ABS_GAP = 1e-7
"""Absolute optimality gap of a solve: objectives over integer units are proven exactly."""
TIME_LIMIT = 60.0
"""Seconds one solve may take before the analysis gives up and says so."""


class SolverMissing(RuntimeError):
    """``highspy`` is not installed."""


class SolverFailed(RuntimeError):
    """The solver stopped without a proof (time limit or numerical trouble)."""


def _highspy() -> Any:
    try:
        import highspy
    except ImportError as error:
        raise SolverMissing(
            "the solver analysis needs HiGHS: pip install 'accord[solve]'"
        ) from error
    return highspy


def dominated_options(scenario: Scenario, utilities: Sequence[IntegerUtility]) -> list[list[int]]:
    """Per issue, the options that another option of the same issue dominates.

    Option ``a`` dominates ``b`` when, for every party, ``a``'s units are at least
    ``b``'s and every rectangle that pays more with ``b`` inside its range (or less
    with ``b`` outside) also holds ``a`` likewise; among equals the first one is kept.
    Swapping ``b`` for ``a`` in any package then helps no party less, so every
    frontier utility vector and every solution's value is reached without ``b``.
    Issues named by a red line are left alone (the swap could break the line).
    """
    space = scenario.space
    named = {
        space.issue_position(i)
        for c in scenario.constraints
        if c.red_line is not None
        for cond in (c.red_line.condition, c.red_line.then)
        if cond is not None
        for i in cond.allowed
    }
    out: list[list[int]] = []
    for position, size in enumerate(space.sizes):
        if position in named:
            out.append([])
            continue
        columns = [u.tables[position] for u in utilities]
        for u in utilities:
            for bounds, value in u.boxes:
                for i, allowed in bounds:
                    if i == position:
                        inside = np.zeros(size, dtype=np.int64)
                        inside[list(allowed)] = 1
                        columns.append(inside if value > 0 else 1 - inside)
        good = np.column_stack(columns)  # options x criteria: larger is better
        at_least = np.all(good[:, None, :] >= good[None, :, :], axis=2)  # [a, b]: a >= b
        strictly = at_least & ~at_least.T
        equal = at_least & at_least.T
        earlier = ~np.tri(size, dtype=bool)  # [a, b]: a < b
        beaten = (strictly | (equal & earlier)).any(axis=0)
        out.append(np.flatnonzero(beaten).tolist())
    return out


@dataclass
class Solved:
    """One optimal solve: the package (option index per issue) and the proven bound."""

    digits: np.ndarray
    objective: float
    bound: float


class Model:
    """A HiGHS model of the scenario's packages, red lines and party utilities."""

    def __init__(
        self,
        scenario: Scenario,
        utilities: Sequence[IntegerUtility],
        *,
        relax: bool = False,
        time_limit: float = TIME_LIMIT,
    ) -> None:
        hs = _highspy()
        self.hs = hs
        self.scenario = scenario
        self.utilities = list(utilities)
        self.sizes = scenario.space.sizes
        self.time_limit = time_limit
        self.solves = 0
        self.empty = False
        h = hs._Highs()  # the plain binding: no banner on stdout, no callback threads
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", ABS_GAP)
        h.setOptionValue("threads", 1)
        self.h = h
        self.inf = hs.kHighsInf
        self.n_cols = 0
        self.offsets = []
        for size in self.sizes:
            self.offsets.append(self.columns(size, 0.0, 1.0, integer=True))
            self._row({self.offsets[-1] + k: 1.0 for k in range(size)}, 1.0, 1.0)
        self.raw: list[int] = []
        self.capped: list[int] = []
        self.lows: list[int] = []
        self.highs: list[int] = []
        for u in self.utilities:
            self._party(u)
        self.relax_cols: list[int] = []
        self.pruned = dominated_options(scenario, self.utilities)
        for position, options in enumerate(self.pruned):
            for k in options:
                self.h.changeColBounds(self.offsets[position] + k, 0.0, 0.0)
        if relax:
            self._constraints_with_indicators()
        else:
            for line in self._red_lines():
                self._rule(line, None)

    # -- building -------------------------------------------------------------------------

    def columns(self, n: int, lo: float, hi: float, *, integer: bool = False) -> int:
        """Add ``n`` columns with these bounds; the index of the first."""
        first = self.n_cols
        self.h.addCols(
            n,
            np.zeros(n),
            np.full(n, lo),
            np.full(n, hi),
            0,
            np.zeros(n, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        if integer:
            idx = np.arange(first, first + n, dtype=np.int32)
            kinds = np.array([self.hs.HighsVarType.kInteger] * n)
            self.h.changeColsIntegrality(n, idx, kinds)
        self.n_cols += n
        return first

    def _row(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        idx = np.array(list(coefs), dtype=np.int32)
        val = np.array([coefs[i] for i in idx], dtype=float)
        self.h.addRow(lo, hi, idx.size, idx, val)

    def _inside(self, position: int, allowed: Sequence[int]) -> dict[int, float]:
        return {self.offsets[position] + k: 1.0 for k in allowed}

    def _party(self, u: IntegerUtility) -> None:
        low = u.constant + sum(int(t.min()) for t in u.tables)
        high = u.constant + sum(int(t.max()) for t in u.tables)
        low += sum(v for _, v in u.boxes if v < 0)
        high += sum(v for _, v in u.boxes if v > 0)
        first_box = self.columns(len(u.boxes), 0.0, 1.0) if u.boxes else self.n_cols
        raw = self.columns(1, -self.inf, self.inf)
        cap_high = high if u.cap is None else min(high, u.cap)
        capped = self.columns(1, min(low, cap_high), cap_high)
        terms: dict[int, float] = {raw: 1.0}
        for position, table in enumerate(u.tables):
            for k, value in enumerate(table.tolist()):
                if value:
                    terms[self.offsets[position] + k] = -float(value)
        for b, (bounds, value) in enumerate(u.boxes):
            col = first_box + b
            terms[col] = -float(value)
            if value > 0:
                for position, allowed in bounds:
                    row = self._inside(position, allowed)
                    row[col] = -1.0
                    self._row(row, 0.0, self.inf)  # y <= inside
            else:
                row = {col: 1.0}
                for position, allowed in bounds:
                    for c, w in self._inside(position, allowed).items():
                        row[c] = row.get(c, 0.0) - w
                self._row(row, 1.0 - len(bounds), self.inf)  # y >= sum(inside) - (m - 1)
        self._row(terms, float(u.constant), float(u.constant))
        self._row({capped: 1.0, raw: -1.0}, -self.inf, 0.0)
        self.raw.append(raw)
        self.capped.append(capped)
        self.lows.append(min(low, cap_high))
        self.highs.append(cap_high)

    def _red_lines(self) -> list[Any]:
        return [c.red_line for c in self.scenario.constraints if c.red_line is not None]

    def _condition_rows(self, condition: Condition) -> list[tuple[int, tuple[int, ...]]]:
        space = self.scenario.space
        return [(space.issue_position(i), tuple(sorted(a))) for i, a in condition.allowed.items()]

    def _rule(self, line: Any, indicator: int | None) -> None:
        """A red line as rows; with an indicator column, the rows hold unless it is 1."""
        cond = self._condition_rows(line.condition)
        m = len(cond)

        def add(row: dict[int, float], lo: float, hi: float, slack: float) -> None:
            if indicator is not None:
                row = dict(row)
                row[indicator] = slack
            self._row(row, lo, hi)

        if line.kind is RuleKind.REQUIRE:
            for position, allowed in cond:
                add(self._inside(position, allowed), 1.0, self.inf, 1.0)
        elif line.kind is RuleKind.FORBID:
            row: dict[int, float] = {}
            for position, allowed in cond:
                row.update(self._inside(position, allowed))
            add(row, -self.inf, m - 1.0, -1.0)
        else:
            then = self._condition_rows(line.then)
            for position, allowed in then:
                row = {c: -1.0 for p, a in cond for c in self._inside(p, a)}
                for c, w in self._inside(position, allowed).items():
                    row[c] = row.get(c, 0.0) + w
                add(row, 1.0 - m, self.inf, float(m))

    def _constraints_with_indicators(self) -> None:
        """One binary per constraint (red lines, then reservations): 1 drops it."""
        lines = self._red_lines()
        n = len(lines) + len(self.utilities)
        first = self.columns(n, 0.0, 1.0, integer=True)
        self.relax_cols = list(range(first, first + n))
        for b, line in enumerate(lines):
            self._rule(line, first + b)
        for p, u in enumerate(self.utilities):
            floor = u.at_least(int(self.scenario_reservation_ticks()[p]))
            slack = max(0, floor - self.lows[p])
            row = {self.capped[p]: 1.0, first + len(lines) + p: float(slack)}
            self._row(row, float(floor), self.inf)

    def scenario_reservation_ticks(self) -> list[int]:
        """Every party's reservation value in ticks."""
        return [
            int(ticks(self.scenario.preferences[pid].reservation))
            for pid in self.scenario.party_ids
        ]

    def allow_dominated(self) -> None:
        """Let packages use the options dropped as dominated again (they can tie)."""
        for position, options in enumerate(self.pruned):
            for k in options:
                self.h.changeColBounds(self.offsets[position] + k, 0.0, 1.0)
        self.pruned = [[] for _ in self.pruned]

    # -- solving --------------------------------------------------------------------------

    def floors(
        self, floors: Sequence[int | None], ceilings: Sequence[int | None] | None = None
    ) -> None:
        """Lower (and upper) bounds on each party's capped units (``None``: none)."""
        self.empty = False
        for p, floor in enumerate(floors):
            lo = self.lows[p] if floor is None else max(floor, self.lows[p])
            top = None if ceilings is None else ceilings[p]
            hi = self.highs[p] if top is None else min(top, self.highs[p])
            self.empty |= lo > hi  # no package can meet these bounds
            self.h.changeColBounds(self.capped[p], float(lo), float(max(lo, hi)))

    def add_row(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        """An extra row (cuts, blocking rows)."""
        self._row(coefs, lo, hi)

    def maximize(self, objective: dict[int, float]) -> Solved | None:
        """Maximise ``objective``; ``None`` if infeasible. Raises :class:`SolverFailed`."""
        h, hs = self.h, self.hs
        if self.empty:
            return None
        costs = np.zeros(self.n_cols)
        for col, c in objective.items():
            costs[col] = c
        h.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), costs)
        h.changeObjectiveSense(hs.ObjSense.kMaximize)
        h.setOptionValue("time_limit", float(self.time_limit))
        h.run()
        self.solves += 1
        status = h.getModelStatus()
        if status == hs.HighsModelStatus.kInfeasible:
            return None
        if status != hs.HighsModelStatus.kOptimal:
            raise SolverFailed(
                f"the solver stopped without a proof ({h.modelStatusToString(status)})"
            )
        values = np.asarray(h.getSolution().col_value)
        digits = np.array(
            [
                int(np.argmax(values[o : o + s]))
                for o, s in zip(self.offsets, self.sizes, strict=True)
            ]
        )
        info = h.getInfo()
        bound = (
            float(info.mip_dual_bound)
            if np.isfinite(info.mip_dual_bound)
            else h.getObjectiveValue()
        )
        return Solved(digits, float(h.getObjectiveValue()), bound)

    def units(self, digits: np.ndarray) -> list[int]:
        """Every party's exact capped units at a package."""
        return [u.units(digits) for u in self.utilities]

    def feasible(self, digits: np.ndarray) -> bool:
        """Does the package break no red line (checked directly, not by the solver)?"""
        space = self.scenario.space
        column = digits.reshape(-1, 1)
        return not any(line.violated(space, column)[0] for line in self._red_lines())
