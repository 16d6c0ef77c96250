"""The four bargaining solutions by integer programming, each with its certificate.

Gains are tick differences over the reservations, as in the enumerating
analysis. Egalitarian and Kalai–Smorodinsky are found by a float-guided search
whose every step is an exact floor on integer units: the value is proven when a
solve shows that no package clears the next floor. Utilitarian maximises the
exact rational sum and proves that rounding to ticks cannot lift another package
above it. Nash maximises a sum of logs under tangent cuts (outer
approximation) until the proven bound meets the incumbent.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from math import lcm

import numpy as np

from accord.analysis.exact import SCALE
from accord.analysis.solve.model import Model

MAX_ROUNDS = 60
"""Most improvement steps of one solution before it is reported without a proof."""
NASH_GAP = 1e-9
"""Gap on the sum of logs (about the relative gap on the product of gains) at which the
outer approximation stops and the Nash package counts as proven."""


@dataclass(frozen=True)
class Certified:
    """A solution package with its exact units and whether optimality is proven."""

    digits: np.ndarray
    units: tuple[int, ...]
    certified: bool
    solves: int
    gap: float = 0.0
    """Relative gap the solver proved (0 when certified exactly)."""


class Solver:
    """Solutions over the ZOPA of a model (its floors are set to the reservations)."""

    def __init__(self, model: Model) -> None:
        self.m = model
        self.res_ticks = model.scenario_reservation_ticks()
        self.zopa_floors = [
            u.at_least(t) for u, t in zip(model.utilities, self.res_ticks, strict=True)
        ]
        dens = [u.denominator for u in model.utilities]
        common = 1
        for d in dens:
            common = lcm(common, d)
        self.common = common if common <= 2**40 else 0
        top = max(dens)
        self.sum_objective = {
            c: (common // u.denominator if self.common else top / u.denominator)
            for c, u in zip(model.capped, model.utilities, strict=True)
        }

    def gains(self, units: tuple[int, ...]) -> list[int]:
        return [
            max(0, u.ticks(x) - t)
            for u, x, t in zip(self.m.utilities, units, self.res_ticks, strict=True)
        ]

    def _best_sum(self, floors: list[int]) -> tuple[np.ndarray, tuple[int, ...]] | None:
        self.m.floors(floors)
        found = self.m.maximize(self.sum_objective)
        if found is None:
            return None
        return found.digits, tuple(self.m.units(found.digits))

    def witness(self) -> tuple[np.ndarray, tuple[int, ...]] | None:
        """A ZOPA package (Pareto-optimal: it maximises the exact sum of utilities)."""
        return self._best_sum(list(self.zopa_floors))

    def utilitarian(self) -> Certified | None:
        """Maximise the sum of ticks.

        The exact sum of utilities is maximised first (integer coefficients over their
        common denominator). Rounding to ticks moves a sum by less than k/2 ticks, and
        exact sums are multiples of ``1 / common``: when no lower level of exact sum can
        round above the best tick sum, only packages at the top level compete; for two
        parties those are walked split by split, each split proven by a solve.
        """
        start = self.m.solves
        best = self._best_sum(list(self.zopa_floors))
        if best is None:
            return None
        digits, units = best
        if not self.common:
            return Certified(digits, units, False, self.m.solves - start)
        us, k = self.m.utilities, len(units)
        weights = [self.common // u.denominator for u in us]
        level = sum(w * x for w, x in zip(weights, units, strict=True))

        def tick_sum(values: tuple[int, ...]) -> int:
            return sum(u.ticks(x) for u, x in zip(us, values, strict=True))

        def ceiling(at: int) -> int:  # largest tick sum a package of exact level ``at`` can have
            return math.ceil(Fraction(at * SCALE, self.common) + Fraction(k, 2)) - 1

        score = tick_sum(units)
        if score >= ceiling(level):
            return Certified(digits, units, True, self.m.solves - start)
        if k != 2 or ceiling(level - 1) > score:
            return Certified(digits, units, False, self.m.solves - start)
        row = self.m.h.getNumRow()
        coefs = {c: float(w) for c, w in zip(self.m.capped, weights, strict=True)}
        self.m.add_row(coefs, float(level), float(level))
        top: int | None = None
        certified = False
        for _ in range(MAX_ROUNDS):
            self.m.floors(list(self.zopa_floors), [top, None])
            found = self.m.maximize({self.m.capped[0]: 1.0})
            if found is None:
                certified = True
                break
            split = tuple(self.m.units(found.digits))
            if sum(w * x for w, x in zip(weights, split, strict=True)) != level:
                break  # the solver's tolerance let a package off the level: no proof
            if tick_sum(split) > score:
                digits, units, score = found.digits, split, tick_sum(split)
            top = split[0] - 1
        self.m.h.changeRowBounds(row, -self.m.inf, self.m.inf)
        return Certified(digits, units, certified, self.m.solves - start)

    def _share_column(self, divisors: list[int]) -> int:
        """A column ``z`` bounded by every party's share ``gain_p / divisor_p`` (in floats,
        rescaled): maximising it guides the exact search."""
        m = self.m
        z = m.columns(1, -m.inf, m.inf)
        top = max(SCALE / d for d in divisors)
        for p, (u, t, d) in enumerate(zip(m.utilities, self.res_ticks, divisors, strict=True)):
            w = (SCALE / d) / top
            m.add_row({z: 1.0, m.capped[p]: -w / u.denominator}, -m.inf, -w * t / SCALE)
        return z

    def _maxmin(self, divisors: list[int]) -> Certified | None:
        """Maximise the smallest ``gain_p / divisor_p`` exactly (divisors in ticks).

        Each step asks for a package whose every share beats the best so far, as floors
        on integer units; the float share column only steers which package comes back.
        The best is proven when no package clears the floors."""
        start = self.m.solves
        z = self._share_column(divisors)
        objective = {z: 1.0}
        self.m.floors(list(self.zopa_floors))
        first = self.m.maximize(objective)
        if first is None:
            return None
        digits, units = first.digits, tuple(self.m.units(first.digits))
        best = min(Fraction(g, d) for g, d in zip(self.gains(units), divisors, strict=True))
        for _ in range(MAX_ROUNDS):
            floors = [
                max(f, u.at_least(t + math.floor(best * d) + 1))
                for u, t, d, f in zip(
                    self.m.utilities, self.res_ticks, divisors, self.zopa_floors, strict=True
                )
            ]
            self.m.floors(floors)
            found = self.m.maximize(objective)
            if found is None:
                break
            digits, units = found.digits, tuple(self.m.units(found.digits))
            best = min(Fraction(g, d) for g, d in zip(self.gains(units), divisors, strict=True))
        else:
            return Certified(digits, units, False, self.m.solves - start)
        floors = [
            max(f, u.at_least(t + math.ceil(best * d)))
            for u, t, d, f in zip(
                self.m.utilities, self.res_ticks, divisors, self.zopa_floors, strict=True
            )
        ]
        polished = self._best_sum(floors)
        assert polished is not None
        return Certified(polished[0], polished[1], True, self.m.solves - start)

    def egalitarian(self) -> Certified | None:
        return self._maxmin([1] * len(self.m.utilities))

    def ideals(self) -> list[int] | None:
        """Each party's best units over the ZOPA."""
        out = []
        for c in self.m.capped:
            self.m.floors(list(self.zopa_floors))
            found = self.m.maximize({c: 1.0})
            if found is None:
                return None
            out.append(self.m.units(found.digits)[self.m.capped.index(c)])
        return out

    def kalai_smorodinsky(self, ideals: list[int]) -> Certified | None:
        spans = [
            max(1, u.ticks(i) - t)
            for u, i, t in zip(self.m.utilities, ideals, self.res_ticks, strict=True)
        ]
        return self._maxmin(spans)

    def nash(self, hints: Sequence[tuple[int, ...]] = ()) -> Certified | None:
        """Maximise the product of gains: sum of logs under tangent cuts.

        ``hints`` (units of packages found already, such as the other solutions) seed
        the cuts and the incumbent."""
        start = self.m.solves
        m = self.m
        positive = [u.at_least(t + 1) for u, t in zip(m.utilities, self.res_ticks, strict=True)]
        rho = [
            Fraction(t * u.denominator, 10**9)
            for u, t in zip(m.utilities, self.res_ticks, strict=True)
        ]
        m.floors(positive)
        base = self.witness_at(positive)
        if base is None:  # proven: every product of gains is 0; a Pareto-optimal ZOPA package
            fallback = self.utilitarian()
            return None if fallback is None else replace(fallback, certified=True)
        logs = [m.columns(1, -m.inf, m.inf) for _ in m.utilities]
        incumbent = base
        best = self._log_product(base[1], rho)

        def cut_at(units: tuple[int, ...]) -> None:
            for p, (x, r) in enumerate(zip(units, rho, strict=True)):
                a = float(x - r)
                # L_p <= log(a) + (C_p - rho_p - a) / a
                m.add_row(
                    {logs[p]: 1.0, m.capped[p]: -1.0 / a}, -m.inf, math.log(a) - 1.0 - float(r) / a
                )

        cut_at(base[1])
        seen = {base[1]}
        for hint in hints:
            if all(x > r for x, r in zip(hint, rho, strict=True)):
                cut_at(hint)
                seen.add(hint)
                value = self._log_product(hint, rho)
                if value > best and all(x >= f for x, f in zip(hint, positive, strict=True)):
                    best = value  # the digits come with the incumbent below
        for p in range(len(m.utilities)):
            top = float(m.highs[p] - rho[p])
            for share in (0.3, 0.5, 0.7, 0.85, 1.0):
                a = share * top
                if a > float(positive[p] - rho[p]) > 0:
                    m.add_row(
                        {logs[p]: 1.0, m.capped[p]: -1.0 / a},
                        -m.inf,
                        math.log(a) - 1.0 - float(rho[p]) / a,
                    )
        best = self._log_product(base[1], rho)
        gap = math.inf
        # The cuts' rows must hold to well below the gap sought, or the bound inflates.
        tight = {
            "mip_abs_gap": NASH_GAP / 10,
            "mip_feasibility_tolerance": NASH_GAP / 10,
            "primal_feasibility_tolerance": NASH_GAP / 10,
        }
        saved = {k: m.h.getOptionValue(k)[1] for k in tight}  # (status, value)
        for k, v in tight.items():
            m.h.setOptionValue(k, v)
        for _ in range(MAX_ROUNDS):
            m.floors(positive)
            found = m.maximize({c: 1.0 for c in logs})
            assert found is not None
            units = tuple(m.units(found.digits))
            value = self._log_product(units, rho)
            if value > best:
                best, incumbent = value, (found.digits, units)
            gap = found.bound - best
            if gap <= NASH_GAP or units in seen:
                break  # proven, or no new package to cut at: the gap is what remains
            seen.add(units)
            cut_at(units)
        for k, v in saved.items():
            m.h.setOptionValue(k, v)
        for c in logs:  # free the log columns so later objectives do not see them
            m.h.changeColBounds(c, -m.inf, m.inf)
        return Certified(
            incumbent[0],
            incumbent[1],
            gap <= NASH_GAP,
            m.solves - start,
            max(0.0, math.expm1(max(gap, 0.0))),
        )

    def witness_at(self, floors: list[int]) -> tuple[np.ndarray, tuple[int, ...]] | None:
        return self._best_sum(floors)

    @staticmethod
    def _log_product(units: tuple[int, ...], rho: list[Fraction]) -> float:
        return sum(math.log(float(x - r)) for x, r in zip(units, rho, strict=True))
