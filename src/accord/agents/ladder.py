"""A party's acceptable outcomes sorted by its own utility, for target-based bidding.

Strategies that aim at a utility level (time-dependent concession, tit-for-tat)
sort once when they are built and then find each target with a binary search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.agents.base import PartyView, Response

TOLERANCE = 1e-12
"""A target this close above a utility level still reaches it (float noise)."""


@dataclass(frozen=True, eq=False)
class Ladder:
    """Acceptable outcomes in increasing utility; ties in increasing outcome index."""

    outcomes: np.ndarray
    """Outcome indices, shape ``(n,)``."""
    utilities: np.ndarray
    """Their utilities, non-decreasing."""

    @classmethod
    def of(cls, view: PartyView) -> Ladder:
        """The ladder of ``view``'s acceptable outcomes."""
        outcomes = np.flatnonzero(view.acceptable)
        outcomes = outcomes[_stable_order(view.utilities[outcomes])]
        utilities = view.utilities[outcomes]
        outcomes.setflags(write=False)
        utilities.setflags(write=False)
        return cls(outcomes, utilities)

    def __len__(self) -> int:
        return int(self.outcomes.size)

    @property
    def top(self) -> float:
        """Highest acceptable utility (``nan`` when nothing is acceptable)."""
        return float(self.utilities[-1]) if self.outcomes.size else float("nan")

    @property
    def best(self) -> int | None:
        """The best outcome (lowest index among equals), ``None`` if nothing is acceptable."""
        return self.at_least(self.top) if self.outcomes.size else None

    def at_least(self, target: float) -> int | None:
        """The outcome whose utility is closest at or above ``target``.

        Among equal utilities the lowest outcome index wins; a target above the
        top gives the best outcome.
        """
        size = self.outcomes.size
        if not size:
            return None
        # The array method is np.searchsorted without its dispatch overhead.
        utilities = self.utilities
        position = int(utilities.searchsorted(target - TOLERANCE, side="left"))
        if position == size:
            position = int(utilities.searchsorted(utilities[-1], side="left"))
        return int(self.outcomes[position])


def as_good_as_mine(view: PartyView, offer: int, mine: int | None) -> Response:
    """Accept ``offer`` when it is worth at least ``mine``, the agent's own next proposal."""
    if mine is None:
        return Response.REJECT
    worth = view.utilities
    return Response.ACCEPT if worth[offer] >= worth[mine] - TOLERANCE else Response.REJECT


def _stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")``, computed faster when no two values tie.

    Without ties (or NaN) the sorted order is unique, so the quicker unstable
    sort finds the same permutation; otherwise fall back to the stable sort.
    """
    order = np.argsort(values)
    ordered = values[order]
    if np.isnan(ordered[-1:]).any() or bool(np.any(ordered[1:] == ordered[:-1])):
        return np.argsort(values, kind="stable")
    return order
