"""Packages near a package, and blends of packages, by option position.

What a mediator may do with the outcome space alone, knowing nothing of
anyone's preferences.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import prod

import numpy as np

from accord.model.issues import OutcomeSpace


class Moves:
    """Packages near a package, and blends of packages, by option position.

    A *move* changes one issue: to any other option of a discrete issue, or to
    the next grid point either way on a numeric one. Options count as a scale
    in the order the scenario lists them (their numbers, on a numeric issue).
    """

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space
        sizes = space.sizes
        self.strides = tuple(prod(sizes[i + 1 :]) for i in range(len(sizes)))
        self.scales = tuple(
            np.asarray(issue.options if issue.numeric else range(issue.size), dtype=float)
            for issue in space.issues
        )

    def digits(self, outcome: int) -> tuple[int, ...]:
        """Option position of each issue in ``outcome``."""
        return tuple(int(d) for d in self.space.digits_of(np.array([outcome]))[:, 0])

    def index(self, digits: Sequence[int]) -> int:
        """Outcome index of the package with these option positions."""
        return sum(d * s for d, s in zip(digits, self.strides, strict=True))

    def steps(self, position: int, digit: int) -> list[int]:
        """Options one move away on issue ``position`` from option ``digit``."""
        issue = self.space.issues[position]
        if issue.numeric:
            return [d for d in (digit - 1, digit + 1) if 0 <= d < issue.size]
        return [d for d in range(issue.size) if d != digit]

    def singles(self, outcome: int) -> list[int]:
        """Packages that differ from ``outcome`` by one move."""
        digits = self.digits(outcome)
        return [
            outcome + (d - digits[i]) * self.strides[i]
            for i in range(len(digits))
            for d in self.steps(i, digits[i])
        ]

    def pairs(self, outcome: int) -> list[int]:
        """Packages that differ from ``outcome`` by moves on two issues (trades)."""
        digits = self.digits(outcome)
        shifts = [
            [(d - digits[i]) * self.strides[i] for d in self.steps(i, digits[i])]
            for i in range(len(digits))
        ]
        return [
            outcome + a + b
            for i in range(len(shifts))
            for j in range(i + 1, len(shifts))
            for a in shifts[i]
            for b in shifts[j]
        ]

    def extremes(self) -> list[int]:
        """The packages taking every issue's first option and every issue's last option."""
        return [0, self.space.size - 1]

    def middles(self, outcomes: Sequence[int], weights: Sequence[float]) -> list[list[int]]:
        """Per issue, the option nearest the weighted mean of ``outcomes`` (two on a tie)."""
        columns = self.space.digits_of(np.asarray(outcomes, dtype=np.int64))
        share = np.asarray(weights, dtype=float) / float(np.sum(weights))
        found = []
        for scale, row in zip(self.scales, columns, strict=True):
            gaps = np.abs(scale - float(share @ scale[row]))
            near = np.isclose(gaps, gaps.min(), rtol=1e-9, atol=1e-12)
            found.append([int(d) for d in np.flatnonzero(near)])
        return found

    def blend(self, outcomes: Sequence[int], weights: Sequence[float]) -> int:
        """Split the difference: per issue, the option nearest the weighted mean (lower on ties)."""
        return self.index([options[0] for options in self.middles(outcomes, weights)])
