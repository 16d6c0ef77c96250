"""Each party's utility as whole *units* of ``1 / denominator``, exactly.

The utility of a package is a sum of terms (weighted option values, rectangle
utilities). Written over the smallest common denominator ``D`` of those terms,
every term is an integer, so the solver works with small integers and never
with float noise: ``u = min(R, cap) / D`` with ``R`` an integer sum. GENIUS
hyper-rectangles of integer utility over ``maxutility`` give ``D = maxutility``;
decimal weights and values give a power of ten times the weights' sum.
Comparisons are then made on ticks, ``ticks(u) = round(u * 10**9)``, computed
from the integers exactly (see :mod:`accord.analysis.exact`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm

import numpy as np

from accord.analysis.exact import SCALE
from accord.model.issues import OutcomeSpace
from accord.model.preferences import Condition, Preferences

MAX_DENOMINATOR = 10**9
"""Largest common denominator used: it keeps the solver's coefficients within 10**9."""
FALLBACK_DENOMINATOR = 10**6
"""Above that, each term is rounded to 10**-6 (the analysis then says it is not exact),
which keeps the coefficients small enough for the solver to stay reliable."""
TERM_DENOMINATOR = 10**6
"""Largest denominator tried for a single term."""

Box = tuple[tuple[tuple[int, tuple[int, ...]], ...], int]
"""``((issue position, allowed option indices), ...), units``: pays when every listed
issue takes an allowed option."""


@dataclass(frozen=True)
class IntegerUtility:
    """One party's utility as integers: ``u = min(R, cap) / denominator``."""

    denominator: int
    tables: tuple[np.ndarray, ...]
    """Per issue, the units (``int64``) of each option."""
    boxes: tuple[Box, ...]
    constant: int
    cap: int | None
    exact: bool
    """False when some term had no small denominator and was rounded."""

    def raw(self, digits: np.ndarray) -> int:
        """``R`` of one package given as option indices."""
        total = self.constant + sum(int(t[d]) for t, d in zip(self.tables, digits, strict=True))
        for bounds, value in self.boxes:
            if all(int(digits[i]) in allowed for i, allowed in bounds):
                total += value
        return total

    def units(self, digits: np.ndarray) -> int:
        """The capped units of one package."""
        r = self.raw(digits)
        return r if self.cap is None else min(r, self.cap)

    def units_of(self, packages: np.ndarray) -> np.ndarray:
        """The capped units of many packages (rows of option indices, one column per
        issue), as ``int64``: :meth:`units` vectorised over rows."""
        raw = np.full(packages.shape[0], self.constant, dtype=np.int64)
        for position, table in enumerate(self.tables):
            raw += table[packages[:, position]]
        for bounds, value in self.boxes:
            inside = np.ones(packages.shape[0], dtype=bool)
            for position, allowed in bounds:
                inside &= np.isin(packages[:, position], allowed)
            raw += value * inside
        return raw if self.cap is None else np.minimum(raw, self.cap)

    def ticks(self, units: int) -> int:
        """Ticks of a utility of ``units`` (rounding half to even, as ``numpy.rint``)."""
        return round(Fraction(units * SCALE, self.denominator))

    def at_least(self, tick: int) -> int:
        """The fewest units whose ticks reach ``tick``."""
        guess = -((-(2 * tick - 1) * self.denominator) // (2 * SCALE))
        while self.ticks(guess) < tick:
            guess += 1
        while self.ticks(guess - 1) >= tick:
            guess -= 1
        return guess

    def above(self, units: int) -> int:
        """The fewest units whose ticks exceed those of ``units``."""
        return self.at_least(self.ticks(units) + 1)


def _fraction(value: float) -> Fraction | None:
    guess = Fraction(value).limit_denominator(TERM_DENOMINATOR)
    return guess if abs(float(guess) - value) <= 1e-15 * max(1.0, abs(value)) else None


def integer_utility(prefs: Preferences, space: OutcomeSpace) -> IntegerUtility:
    """The party's utility over ``space`` in integer units."""
    tables = prefs.utility_tables(space)
    terms: list[float] = [float(x) for t in tables for x in t]
    boxes: list[tuple[Condition, float]] = []
    constant = 0.0
    for rectangle in prefs.rectangles:
        if rectangle.excludes:  # pays outside: the value everywhere, less the value inside
            constant += rectangle.utility
            boxes.append((rectangle.condition, -rectangle.utility))
        else:
            boxes.append((rectangle.condition, rectangle.utility))
    terms += [v for _, v in boxes] + [constant]
    if prefs.cap is not None:
        terms.append(prefs.cap)
    fractions = [_fraction(t) for t in terms]
    exact = all(f is not None for f in fractions)
    denominator = 1
    if exact:
        for f in fractions:
            assert f is not None
            denominator = lcm(denominator, f.denominator)
            if denominator > MAX_DENOMINATOR:
                exact = False
                break
    if not exact:
        denominator = FALLBACK_DENOMINATOR

    def units(value: float) -> int:
        return round(Fraction(value) * denominator) if not exact else _exact(value, denominator)

    int_tables = tuple(np.array([units(float(x)) for x in t], dtype=np.int64) for t in tables)
    int_boxes = []
    fixed = units(constant)
    for condition, value in boxes:
        bounds = tuple(
            (space.issue_position(issue_id), tuple(sorted(allowed)))
            for issue_id, allowed in condition.allowed.items()
        )
        if not bounds:  # pays everywhere
            fixed += units(value)
        elif len(bounds) == 1:  # a single issue: additive, folded into its table
            position, allowed = bounds[0]
            int_tables[position][list(allowed)] += units(value)
        else:
            int_boxes.append((bounds, units(value)))
    return IntegerUtility(
        denominator=denominator,
        tables=int_tables,
        boxes=tuple(b for b in int_boxes if b[1] != 0),
        constant=fixed,
        cap=None if prefs.cap is None else units(prefs.cap),
        exact=exact,
    )


def _exact(value: float, denominator: int) -> int:
    f = _fraction(value)
    assert f is not None
    return f.numerator * (denominator // f.denominator)
