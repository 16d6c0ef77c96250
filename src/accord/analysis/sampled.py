"""Utilities of outcomes under many sampled preference profiles at once.

The samples of :mod:`accord.model.sampling` are turned, for a block of samples,
into one lookup table per group of issues (the groups of
:mod:`accord.analysis.evaluate`): ``table[j, s]`` is the summed weighted value
of the group's joint option ``j`` in sample ``s``. The utilities of a chunk of
outcomes for the whole block are then one gather per group::

    u[s, o] = sum_g table_g[s, joint_g(o)]  (+ the fixed rectangles of o)

With nothing uncertain, the arithmetic is the one :mod:`accord.analysis.evaluate`
does, in the same order, so the utilities are bit for bit the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import prod

import numpy as np

from accord.analysis.evaluate import (
    _compile_condition,
    _CompiledCondition,
    _CompiledRule,
    _group_bounds,
)
from accord.model.issues import OutcomeSpace
from accord.model.preferences import Rectangle, RedLine
from accord.model.sampling import PartySamples

Rows = slice | np.ndarray
"""Which samples: a slice or an array of sample indices."""


@dataclass(frozen=True)
class SampleEvaluator:
    """The outcome space's issue groups, and each party's samples and fixed parts."""

    space: OutcomeSpace
    bounds: tuple[tuple[int, int], ...]
    """Issue positions ``first .. last-1`` of each group."""
    strides: tuple[int, ...]
    sizes: tuple[int, ...]
    joint_digits: tuple[np.ndarray, ...]
    """Per group, the option index of each of its issues for each joint option."""
    samples: tuple[PartySamples, ...]
    rectangles: tuple[tuple[tuple[_CompiledCondition, float, bool], ...], ...]
    rules: tuple[tuple[_CompiledRule, ...], ...]
    """Per party, its red lines compiled to group tables (order of ``red_lines``)."""

    @property
    def n_parties(self) -> int:
        return len(self.samples)

    def group_digits(self, indices: np.ndarray) -> list[np.ndarray]:
        """Joint option index of each group for each outcome index."""
        out = []
        for g, stride in enumerate(self.strides):
            index = indices // stride if stride > 1 else indices
            out.append(index % self.sizes[g] if self.bounds[g][0] > 0 else index)
        return out

    def tables(self, party: int, rows: Rows) -> list[np.ndarray]:
        """Per group, shape ``(joint size, r)``: summed weighted values for samples ``rows``.

        Outcome-major, so that gathering the tables at a chunk's joint options
        copies whole rows (one per outcome).
        """
        samples = self.samples[party]
        weights = samples.weights[rows]
        out = []
        for (first, last), digits in zip(self.bounds, self.joint_digits, strict=True):
            table = np.zeros((digits.shape[1], weights.shape[0]))
            for offset, position in enumerate(range(first, last)):
                values = samples.option_values(self.space, position, rows)
                weighted = np.ascontiguousarray((weights[:, position, None] * values).T)
                table += weighted[digits[offset]]
            out.append(table)
        return out

    def fixed_utility(self, party: int, digits: list[np.ndarray], n: int) -> np.ndarray | None:
        """The rectangles' utility of each outcome (the same in every sample), or ``None``."""
        regions = self.rectangles[party]
        if not regions:
            return None
        total = np.zeros(n)
        for region, value, excludes in regions:
            inside = region.holds(digits, n)
            total += (~inside if excludes else inside) * value
        return total

    def violations(self, party: int, digits: list[np.ndarray], n: int) -> np.ndarray:
        """Shape ``(n_red_lines, n)``, bool: which of the party's red lines each outcome breaks."""
        rules = self.rules[party]
        out = np.zeros((len(rules), n), dtype=bool)
        for row, rule in enumerate(rules):
            out[row] = rule.violated(digits, n)
        return out

    def utilities(self, party: int, indices: np.ndarray, rows: Rows) -> np.ndarray:
        """Utilities of outcomes ``indices`` in samples ``rows``: shape ``(r, len(indices))``."""
        indices = np.asarray(indices, dtype=np.int64)
        digits = self.group_digits(indices)
        fixed = self.fixed_utility(party, digits, indices.size)
        return self.gather(self.tables(party, rows), digits, fixed).T

    @staticmethod
    def gather(
        tables: list[np.ndarray],
        digits: list[np.ndarray],
        fixed: np.ndarray | None,
        buffers: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Shape ``(n, r)``: the group tables summed at each outcome's joint options, plus
        the fixed part (in the order :mod:`accord.analysis.evaluate` adds them).

        ``buffers`` - two arrays of at least ``n * r`` floats - are reused instead of
        allocating (the result is a view of the first).
        """
        n, r = digits[0].size, tables[0].shape[1]
        if buffers is None:
            buffers = (np.empty(n * r), np.empty(n * r))
        out = buffers[0][: n * r].reshape(n, r)
        scratch = buffers[1][: n * r].reshape(n, r)
        np.take(tables[0], digits[0], axis=0, out=out, mode="clip")  # unbuffered
        for table, digit in zip(tables[1:], digits[1:], strict=True):
            np.take(table, digit, axis=0, out=scratch, mode="clip")
            out += scratch
        if fixed is not None:
            out += fixed[:, None]
        return out


def compile_samples(
    space: OutcomeSpace,
    samples: Sequence[PartySamples],
    rectangles: Sequence[tuple[Rectangle, ...]],
    red_lines: Sequence[tuple[RedLine, ...]],
) -> SampleEvaluator:
    """Precompute groups, condition tables and rectangles for sampled utilities.

    ``rectangles`` and ``red_lines`` are given per party, in the order of ``samples``.
    """
    bounds = tuple(_group_bounds(space.sizes))
    joint: list[tuple[OutcomeSpace, np.ndarray]] = []
    for first, last in bounds:
        sub = OutcomeSpace(space.issues[first:last])
        joint.append((sub, sub.digits(0, sub.size)))
    compiled_rectangles = tuple(
        tuple((_compile_condition(r.condition, joint), r.utility, r.excludes) for r in party)
        for party in rectangles
    )
    rules = tuple(
        tuple(
            _CompiledRule(
                line.kind,
                _compile_condition(line.condition, joint),
                None if line.then is None else _compile_condition(line.then, joint),
            )
            for line in party
        )
        for party in red_lines
    )
    return SampleEvaluator(
        space=space,
        bounds=bounds,
        strides=tuple(prod(space.sizes[last:]) for _, last in bounds),
        sizes=tuple(sub.size for sub, _ in joint),
        joint_digits=tuple(digits for _, digits in joint),
        samples=tuple(samples),
        rectangles=compiled_rectangles,
        rules=rules,
    )
