"""Issues, outcomes and the outcome space they span.

An outcome (a *package*) picks one option per issue. The outcome space is the
Cartesian product of the issues' options, enumerated in mixed radix with the
first issue most significant, so outcome ``0`` picks every issue's first option
and the order matches ``itertools.product``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from math import prod

import numpy as np

Option = str | float
"""An option label: a string for a discrete issue, a number for a numeric one."""


@dataclass(frozen=True)
class Issue:
    """One issue on the table and the options it can take.

    ``numeric`` issues are a grid of numbers (``options`` are floats in
    increasing order); discrete issues have named options.
    """

    id: str
    name: str
    options: tuple[Option, ...]
    numeric: bool = False

    @property
    def size(self) -> int:
        """Number of options."""
        return len(self.options)

    def index(self, option: Option) -> int:
        """Position of ``option`` among this issue's options (``ValueError`` if absent)."""
        if self.numeric:
            grid = np.asarray(self.options, dtype=float)
            hits = np.flatnonzero(np.isclose(grid, float(option), rtol=0.0, atol=1e-9))
            if hits.size == 0:
                raise ValueError(f"{option!r} is not on the grid of issue {self.id!r}")
            return int(hits[0])
        return self.options.index(option)


def numeric_grid(minimum: float, maximum: float, step: float) -> tuple[float, ...]:
    """The options ``minimum, minimum + step, ...`` up to ``maximum`` (inclusive).

    Values are rounded to the step's precision so that ``0.1 * 3`` prints as
    ``0.3``; whole numbers come out as floats with no fractional part.
    """
    if step <= 0:
        raise ValueError("step must be positive")
    if maximum < minimum:
        raise ValueError("max must not be below min")
    count = int(np.floor((maximum - minimum) / step + 1e-9)) + 1
    decimals = max(0, -int(np.floor(np.log10(step))) + 6)
    values = np.round(minimum + step * np.arange(count), decimals)
    return tuple(float(v) for v in values)


@dataclass(frozen=True)
class OutcomeSpace:
    """The Cartesian product of the issues, enumerated in mixed radix."""

    issues: tuple[Issue, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of options per issue."""
        return tuple(issue.size for issue in self.issues)

    @property
    def size(self) -> int:
        """Number of outcomes (an exact Python integer, however large)."""
        return prod(self.sizes)

    def issue_position(self, issue_id: str) -> int:
        """Position of the issue called ``issue_id``."""
        for position, issue in enumerate(self.issues):
            if issue.id == issue_id:
                return position
        raise KeyError(issue_id)

    def digits(self, start: int, stop: int) -> np.ndarray:
        """Option indices of outcomes ``start .. stop-1``: shape ``(n_issues, stop - start)``."""
        return self.digits_of(np.arange(start, stop, dtype=np.int64))

    def digits_of(self, indices: np.ndarray) -> np.ndarray:
        """Option indices of the given outcome indices: shape ``(n_issues, len(indices))``."""
        index = np.asarray(indices, dtype=np.int64)
        out = np.empty((len(self.issues), index.size), dtype=np.int64)
        for position in range(len(self.issues) - 1, -1, -1):
            index, out[position] = np.divmod(index, self.issues[position].size)
        return out

    def digits_exact(self, index: int) -> tuple[int, ...]:
        """Option indices of one outcome index, decoded with Python integers, so that it
        is exact for spaces beyond 2**63 outcomes (the solver names packages by index)."""
        out = []
        for issue in reversed(self.issues):
            index, digit = divmod(int(index), issue.size)
            out.append(digit)
        return tuple(reversed(out))

    def outcome(self, index: int) -> dict[str, Option]:
        """The package with outcome index ``index`` as ``{issue id: option}``."""
        return {
            issue.id: issue.options[d]
            for issue, d in zip(self.issues, self.digits_exact(index), strict=True)
        }

    def index_of(self, outcome: Mapping[str, Option]) -> int:
        """Outcome index of a complete package given as ``{issue id: option}``."""
        index = 0
        for issue in self.issues:
            index = index * issue.size + issue.index(outcome[issue.id])
        return index

    def chunks(self, chunk_size: int) -> Iterator[tuple[int, int]]:
        """Consecutive ``(start, stop)`` ranges covering the space."""
        total = self.size
        for start in range(0, total, chunk_size):
            yield start, min(start + chunk_size, total)


def outcome_space(issues: Sequence[Issue]) -> OutcomeSpace:
    """Build the outcome space of ``issues``."""
    return OutcomeSpace(tuple(issues))
