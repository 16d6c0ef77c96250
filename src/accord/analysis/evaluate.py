"""Utilities and constraint violations over ranges of the outcome space, vectorised.

Issues are packed into *groups* of consecutive issues whose joint options number
at most a few thousand. Each group gets lookup tables over its joint options
(each party's summed weighted value; whether each condition holds on the
group's issues), so evaluating an outcome costs one integer division and one
table lookup per group rather than per issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np

from accord.analysis.exact import ticks
from accord.model.issues import OutcomeSpace
from accord.model.preferences import Condition, RuleKind
from accord.model.scenario import Scenario

RESERVATION_TOLERANCE = 1e-12
"""Float slack for code that compares single utilities outside the enumerating
analysis (agents, the GeniusWeb reservation search). The analysis itself compares
ticks: a reservation is met iff ``ticks(u) >= ticks(r)`` (see :mod:`accord.analysis.exact`)."""
GROUP_SIZE = 4096
"""Largest number of joint options in one group of issues."""


@dataclass(frozen=True)
class _Group:
    """Consecutive issues ``first .. last-1`` evaluated through joint tables."""

    first: int
    last: int
    size: int
    stride: int
    """Product of the sizes of all issues after this group."""
    utilities: np.ndarray
    """Shape ``(n_parties, size)``: summed weighted values over the group's issues."""

    def digit(self, index: np.ndarray) -> np.ndarray:
        """Joint option index of this group for each outcome index."""
        if self.stride > 1:
            index = index // self.stride
        return index % self.size if self.first > 0 else index


@dataclass(frozen=True)
class _CompiledCondition:
    """A condition as one boolean table per group it touches."""

    tables: tuple[tuple[int, np.ndarray], ...]

    def holds(self, digits: list[np.ndarray], n: int) -> np.ndarray:
        out = np.ones(n, dtype=bool)
        for group, table in self.tables:
            out &= table[digits[group]]
        return out


@dataclass(frozen=True)
class _CompiledRule:
    kind: RuleKind
    condition: _CompiledCondition
    then: _CompiledCondition | None

    def violated(self, digits: list[np.ndarray], n: int) -> np.ndarray:
        then = None if self.then is None else self.then.holds(digits, n)
        return self.kind.broken(self.condition.holds(digits, n), then)


@dataclass(frozen=True)
class Evaluator:
    """A scenario compiled into lookup tables for fast chunked evaluation."""

    scenario: Scenario
    groups: tuple[_Group, ...]
    rules: tuple[_CompiledRule, ...]
    reservations: np.ndarray
    rectangles: tuple[tuple[tuple[_CompiledCondition, float, bool], ...], ...] = ()
    """Per party, its constraint-based utility: (region, utility, excludes) triples."""
    caps: tuple[float | None, ...] = ()
    """Per party, the cap on its utility (``None``: none)."""

    @property
    def n_parties(self) -> int:
        return int(self.reservations.size)

    @property
    def reservation_ticks(self) -> np.ndarray:
        """Reservation values as ticks."""
        return ticks(self.reservations)

    @property
    def n_red_lines(self) -> int:
        return len(self.rules)

    @property
    def n_constraints(self) -> int:
        """Red lines plus one reservation constraint per party."""
        return self.n_red_lines + self.n_parties

    @property
    def red_line_bits(self) -> np.uint64:
        """Mask with the bit of every red line set."""
        return np.uint64((1 << self.n_red_lines) - 1)

    def at(self, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Utilities (shape ``(n, k)``) and violation masks (``uint64``) of outcome indices.

        Bit ``b`` of a mask is set when constraint ``b`` of
        :attr:`Scenario.constraints` is broken; a reservation is broken when the
        utility's tick is below the reservation's.
        """
        indices = np.asarray(indices, dtype=np.int64)
        n = indices.size
        digits = [group.digit(indices) for group in self.groups]
        columns = np.zeros((self.n_parties, n))
        for group, digit in zip(self.groups, digits, strict=True):
            for p in range(self.n_parties):
                columns[p] += group.utilities[p].take(digit)
        for p, regions in enumerate(self.rectangles):
            for region, value, excludes in regions:
                inside = region.holds(digits, n)
                columns[p] += (~inside if excludes else inside) * value
        for p, cap in enumerate(self.caps):
            if cap is not None:
                np.minimum(columns[p], cap, out=columns[p])
        mask = np.zeros(n, dtype=np.uint64)
        for bit, rule in enumerate(self.rules):
            mask |= rule.violated(digits, n).astype(np.uint64) << np.uint64(bit)
        floors = self.reservation_ticks
        for p in range(self.n_parties):
            below = ticks(columns[p]) < floors[p]
            mask |= below.astype(np.uint64) << np.uint64(self.n_red_lines + p)
        return columns.T, mask

    def chunk(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Utilities and violation masks of outcomes ``start .. stop-1``."""
        return self.at(np.arange(start, stop, dtype=np.int64))


def compile_scenario(scenario: Scenario) -> Evaluator:
    """Precompute the group tables of ``scenario``."""
    if len(scenario.constraints) > 64:
        raise ValueError("at most 64 constraints (red lines plus one reservation per party)")
    space = scenario.space
    per_party = [scenario.preferences[pid].utility_tables(space) for pid in scenario.party_ids]
    bounds = _group_bounds(space.sizes)
    groups = []
    joint: list[tuple[OutcomeSpace, np.ndarray]] = []
    for first, last in bounds:
        sub = OutcomeSpace(space.issues[first:last])
        digits = sub.digits(0, sub.size)
        joint.append((sub, digits))
        utilities = np.zeros((len(per_party), sub.size))
        for p, tables in enumerate(per_party):
            for offset, position in enumerate(range(first, last)):
                utilities[p] += tables[position][digits[offset]]
        stride = prod(space.sizes[last:])
        groups.append(_Group(first, last, sub.size, stride, utilities))
    rules = tuple(
        _CompiledRule(
            c.red_line.kind,
            _compile_condition(c.red_line.condition, joint),
            None if c.red_line.then is None else _compile_condition(c.red_line.then, joint),
        )
        for c in scenario.constraints
        if c.red_line is not None
    )
    reservations = np.array([scenario.preferences[pid].reservation for pid in scenario.party_ids])
    rectangles = tuple(
        tuple(
            (_compile_condition(r.condition, joint), r.utility, r.excludes)
            for r in scenario.preferences[pid].rectangles
        )
        for pid in scenario.party_ids
    )
    caps = tuple(scenario.preferences[pid].cap for pid in scenario.party_ids)
    return Evaluator(scenario, tuple(groups), rules, reservations, rectangles, caps)


def _group_bounds(sizes: tuple[int, ...]) -> list[tuple[int, int]]:
    """Split issue positions into runs whose joint size stays within :data:`GROUP_SIZE`."""
    bounds: list[tuple[int, int]] = []
    first, joint = 0, 1
    for position, size in enumerate(sizes):
        if position > first and joint * size > GROUP_SIZE:
            bounds.append((first, position))
            first, joint = position, 1
        joint *= size
    bounds.append((first, len(sizes)))
    return bounds


def _compile_condition(
    condition: Condition, groups: list[tuple[OutcomeSpace, np.ndarray]]
) -> _CompiledCondition:
    """Evaluate the condition once over each touched group's joint options.

    ``groups`` holds each group's own outcome space and the option indices of
    all its joint options, built once per scenario.
    """
    tables = []
    for g, (sub, digits) in enumerate(groups):
        ids = {issue.id for issue in sub.issues}
        local = {k: v for k, v in condition.allowed.items() if k in ids}
        if local:
            tables.append((g, Condition(local).holds(sub, digits)))
    return _CompiledCondition(tuple(tables))


def evaluate_outcomes(scenario: Scenario, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Utilities ``(n, k)`` and violation masks of chosen outcomes (e.g. a sample to plot)."""
    return compile_scenario(scenario).at(np.asarray(indices, dtype=np.int64))
