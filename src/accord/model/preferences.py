"""A party's private preferences: weights, option values, red lines, reservation.

Utility is additive: ``u(o) = sum_i w_i * v_i(o_i)`` with weights normalised by
their sum, plus, for constraint-based (non-linear) preferences, the utility of
every :class:`Rectangle` the outcome lies in. Red lines are hard constraints
built from :class:`Condition`; they are never traded off against utility.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from accord.model.issues import Option, OutcomeSpace


@dataclass(frozen=True)
class Condition:
    """Holds when every listed issue takes one of its allowed options.

    ``allowed`` maps an issue id to the *indices* of the options allowed for it.
    An issue that is not listed is unconstrained.
    """

    allowed: Mapping[str, frozenset[int]]

    def holds(self, space: OutcomeSpace, digits: np.ndarray) -> np.ndarray:
        """Boolean array: does the condition hold for each column of ``digits``?"""
        result = np.ones(digits.shape[1], dtype=bool)
        for issue_id, options in self.allowed.items():
            position = space.issue_position(issue_id)
            table = np.zeros(space.issues[position].size, dtype=bool)
            table[list(options)] = True
            result &= table[digits[position]]
        return result


class RuleKind(StrEnum):
    """How a red line uses its conditions."""

    REQUIRE = "require"
    """The outcome must satisfy the condition."""
    FORBID = "forbid"
    """The outcome must not satisfy the condition."""
    IMPLIES = "if-then"
    """If the first condition holds, the second must hold too."""

    def broken(self, holds: np.ndarray, then: np.ndarray | None = None) -> np.ndarray:
        """Where a red line of this kind is broken, given where its condition holds
        (``holds``) and, for if-then, where its second condition holds (``then``)."""
        if self is RuleKind.REQUIRE:
            return ~holds
        if self is RuleKind.FORBID:
            return holds
        assert then is not None
        return holds & ~then


@dataclass(frozen=True)
class Evidence:
    """What a source says in support of a position (in the analyst's words)."""

    says: str
    source: str | None = None


@dataclass(frozen=True)
class RedLine:
    """A hard constraint of one party."""

    id: str
    kind: RuleKind
    condition: Condition
    then: Condition | None = None
    text: str = ""
    evidence: tuple[Evidence, ...] = ()

    def violated(self, space: OutcomeSpace, digits: np.ndarray) -> np.ndarray:
        """Boolean array: is this red line broken by each column of ``digits``?"""
        then = None if self.then is None else self.then.holds(space, digits)
        return self.kind.broken(self.condition.holds(space, digits), then)


@dataclass(frozen=True)
class DiscreteValues:
    """Values of a discrete issue's options, one per option, in ``[0, 1]``."""

    by_option: Mapping[Option, float]

    def table(self, options: tuple[Option, ...]) -> np.ndarray:
        """Values in option order."""
        return np.array([self.by_option[o] for o in options], dtype=float)


@dataclass(frozen=True)
class PiecewiseLinear:
    """Values of a numeric issue: linear between anchor points, clamped outside."""

    anchors: tuple[tuple[float, float], ...]
    """``(x, value)`` pairs, sorted by ``x``."""

    def table(self, options: tuple[Option, ...]) -> np.ndarray:
        """Values at the issue's grid points."""
        xs = np.array([a[0] for a in self.anchors], dtype=float)
        ys = np.array([a[1] for a in self.anchors], dtype=float)
        return np.interp(np.asarray(options, dtype=float), xs, ys)


ValueFunction = DiscreteValues | PiecewiseLinear


@dataclass(frozen=True)
class Rectangle:
    """A region of the outcome space that is worth ``utility`` to a party.

    Constraint-based utility (the hyper-rectangles of ANAC 2014): the region is
    a :class:`Condition` (an allowed set of options per listed issue), and an
    outcome earns the utility of every region it lies in.
    """

    condition: Condition
    utility: float
    excludes: bool = False
    """GENIUS's EXCLUDES kind: the region pays when the condition does *not* hold
    (when any listed issue lies outside its allowed options)."""

    def pays(self, space: OutcomeSpace, digits: np.ndarray) -> np.ndarray:
        """Boolean array: does each column of ``digits`` earn this rectangle's utility?"""
        holds = self.condition.holds(space, digits)
        return ~holds if self.excludes else holds


@dataclass(frozen=True)
class Preferences:
    """One party's preferences over the outcome space."""

    weights: Mapping[str, float]
    """Normalised weights (summing to 1) for the issues that carry weight."""
    values: Mapping[str, ValueFunction]
    """Value function of each weighted issue (others may be present and ignored)."""
    reservation: float = 0.0
    """Utility of no agreement (the BATNA), in ``[0, 1]``."""
    red_lines: tuple[RedLine, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())
    rectangles: tuple[Rectangle, ...] = ()
    """Constraint-based utility added to the additive part (usually one or the other)."""
    discount: float = 1.0
    """Discount factor per unit of negotiation time (1 = none); analysis is at time 0."""
    cap: float | None = None
    """Largest utility (GENIUS caps constraint-based utilities at 1): the utility is
    ``min(cap, additive part + rectangles)``; ``None`` for no cap."""

    def utility_tables(self, space: OutcomeSpace) -> list[np.ndarray]:
        """Per issue, the weighted value ``w_i * v_i`` of each option."""
        tables = []
        for issue in space.issues:
            weight = self.weights.get(issue.id, 0.0)
            if weight == 0.0:
                tables.append(np.zeros(issue.size))
            else:
                tables.append(weight * self.values[issue.id].table(issue.options))
        return tables

    def utility(self, space: OutcomeSpace, outcome: Mapping[str, Option]) -> float:
        """Utility of a single package (a convenience; analysis is vectorised)."""
        digits = space.digits_of(np.array([space.index_of(outcome)]))
        tables = self.utility_tables(space)
        total = 0.0
        for table, d in zip(tables, digits[:, 0], strict=True):
            total += float(table[d])
        for rectangle in self.rectangles:
            if rectangle.pays(space, digits)[0]:
                total += rectangle.utility
        return total if self.cap is None else min(total, self.cap)
