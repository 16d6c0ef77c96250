"""Frozen results of an agreement-space analysis."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Package:
    """One outcome with every party's utility for it."""

    index: int
    """Outcome index in the scenario's outcome space."""
    utilities: tuple[float, ...]
    """Utilities in party order."""


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier of the feasible outcomes, sorted by outcome index."""

    indices: np.ndarray
    """Outcome indices, shape ``(n,)``."""
    utilities: np.ndarray
    """Utilities, shape ``(n, n_parties)``."""
    in_zopa: np.ndarray
    """Boolean, shape ``(n,)``: is the point also in the ZOPA?"""

    def __len__(self) -> int:
        return int(self.indices.size)


@dataclass(frozen=True)
class Relaxation:
    """A minimal set of constraints whose removal opens a ZOPA."""

    relax: tuple[str, ...]
    """Constraint ids (``party.redline_id`` or ``party.reservation``)."""
    zopa_size: int
    """How many outcomes the relaxed ZOPA holds."""
    best: Package
    """Nash bargaining package over the relaxed ZOPA."""


@dataclass(frozen=True)
class Solutions:
    """The four bargaining solutions over the ZOPA (``None`` when it is empty)."""

    nash: Package | None
    kalai_smorodinsky: Package | None
    egalitarian: Package | None
    utilitarian: Package | None

    def items(self) -> list[tuple[str, Package | None]]:
        """``(name, package)`` pairs in a fixed order."""
        return [
            ("nash", self.nash),
            ("kalai_smorodinsky", self.kalai_smorodinsky),
            ("egalitarian", self.egalitarian),
            ("utilitarian", self.utilitarian),
        ]


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`accord.analysis.analyze` finds about a scenario."""

    parties: tuple[str, ...]
    reservations: tuple[float, ...]
    constraint_ids: tuple[str, ...]
    n_outcomes: int
    n_feasible: int
    """Outcomes that break no red line."""
    zopa_size: int
    """Feasible outcomes at or above every party's reservation value."""
    frontier: Frontier
    solutions: Solutions
    relaxations: tuple[Relaxation, ...]
    """All minimal relaxations (empty when the ZOPA is not), smallest first."""
    conflicts: tuple[tuple[str, ...], ...] | None = ()
    """Minimal sets of constraints that cannot all hold at once, smallest first
    (empty when the ZOPA is not; ``None`` if there were too many to list)."""

    @property
    def agreement_possible(self) -> bool:
        """Is the ZOPA non-empty?"""
        return self.zopa_size > 0
