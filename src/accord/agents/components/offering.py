"""Bidding strategies: what an agent offers next.

A strategy's :meth:`Offering.next` says what the agent would offer now; the
component-built agent asks once per turn (so the same plan serves both the
acceptance test and the offer) and calls :meth:`Offering.sent` when the offer
is really made, for strategies that keep a queue or a record of their bids.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.memory import Memory
from accord.agents.components.opponent.base import OpponentModel


class Offering(ABC):
    """Chooses the agent's next offer."""

    @abstractmethod
    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        """The outcome to offer now (``None``: walk away). Asked at most once a turn."""

    def sent(self, outcome: int) -> None:
        """The agent has just offered ``outcome`` (most strategies keep no record)."""
        return None


@dataclass(frozen=True, eq=False)
class Descending:
    """A party's acceptable outcomes from best to worst; ties in increasing outcome index."""

    outcomes: np.ndarray
    utilities: np.ndarray

    @classmethod
    def of(cls, view: PartyView) -> Descending:
        """The acceptable outcomes of ``view``, best first."""
        outcomes = np.flatnonzero(view.acceptable)
        order = np.lexsort((outcomes, -view.utilities[outcomes]))
        outcomes = outcomes[order]
        return cls(outcomes, view.utilities[outcomes])

    def __len__(self) -> int:
        return int(self.outcomes.size)

    def within(self, low: float, high: float) -> np.ndarray:
        """Outcomes with utility in ``[low, high]``, best first."""
        mask = (self.utilities >= low - 1e-12) & (self.utilities <= high + 1e-12)
        return self.outcomes[mask]

    def at_least(self, target: float) -> np.ndarray:
        """Outcomes worth at least ``target``, best first."""
        return self.outcomes[self.utilities >= target - 1e-12]


def best_for_opponent(candidates: np.ndarray, model: OpponentModel | None) -> int:
    """The candidate the model rates highest for the opponent (the first on ties)."""
    if model is None or candidates.size == 1:
        return int(candidates[0])
    return int(candidates[int(np.argmax(model.utilities(candidates)))])


class TimeDependentOffering(Offering):
    """Faratin-style concession: aim at ``max - (max - min) * t ** (1 / e)``.

    Among the outcomes within ``band`` above the target, the one the opponent
    model rates best (the agent's own best one without a model).
    """

    def __init__(
        self,
        view: PartyView,
        exponent: float,
        model: OpponentModel | None = None,
        band: float = 0.02,
        floor: float | None = None,
    ) -> None:
        self.ladder = Descending.of(view)
        self.exponent = exponent
        self.model = model
        self.band = band
        self.floor = view.reservation if floor is None else max(floor, view.reservation)

    def target(self, time: float) -> float:
        """Target utility at relative time ``time``."""
        top = float(self.ladder.utilities[0]) if len(self.ladder) else 0.0
        t = min(max(time, 0.0), 1.0)
        return top - (top - self.floor) * t ** (1.0 / self.exponent)

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        if not len(self.ladder):
            return None
        target = self.target(state.relative_time)
        candidates = self.ladder.within(target, target + self.band)
        if candidates.size == 0:
            above = self.ladder.at_least(target)
            candidates = above[-1:] if above.size else self.ladder.outcomes[:1]
        return best_for_opponent(candidates, self.model)


def compose(sizes: tuple[int, ...], options: np.ndarray) -> int:
    """The outcome index of one option per issue (mixed radix, the first issue most significant)."""
    index = 0
    for size, option in zip(sizes, options, strict=True):
        index = index * size + int(option)
    return index
