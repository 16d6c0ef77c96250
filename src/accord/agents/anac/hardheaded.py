"""HardHeaded (van Krimpen, Looije & Hajizadeh 2013), winner of ANAC 2011.

Bidding: the agent walks down its own bids one at a time from the best. When
its queue is empty it takes the next bid below its last one; if that falls
below the concession curve ``p(t)`` it repeats one of its earlier bids, drawn
at random, instead. It also collects the bids less than ``0.01`` below that
next bid and still above ``p(t)``; from more than ``4`` of them it keeps the
``5`` its opponent model rates best. If the opponent has already offered
something better for the agent than the head of the queue, it offers that
first. ``p(t) = MIN + (1 - F(t)) (MAX - MIN)`` with ``F(t) = Ka + (1 - Ka)
(t / d) ** (1 / e)`` (``d`` the discount factor; a steeper two-phase curve when
``d < 0.9``).

Acceptance: the offer is worth more than the lowest bid the agent has made so
far, or at least as much as the bid it would make next.
"""

from __future__ import annotations

import math
from collections import deque
from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import TOLERANCE, Acceptance
from accord.agents.components.boa import ModelledAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Descending, Offering
from accord.agents.components.opponent.base import OpponentModel
from accord.agents.components.opponent.hardheaded_frequency import HardHeadedFrequency


class HardHeadedOffering(Offering):
    """HardHeaded's queue of bids walking down its own ladder."""

    def __init__(
        self,
        view: PartyView,
        rng: np.random.Generator,
        model: OpponentModel | None,
        minimum: float = 0.585,
        ka: float = 0.05,
        e: float = 0.05,
        tolerance: float = 0.01,
        top_selected: int = 4,
    ) -> None:
        self.ladder = Descending.of(view)
        self.rng = rng
        self.model = model
        self.minimum = minimum
        self.ka = ka
        self.e = e
        self.tolerance = tolerance
        self.top_selected = top_selected
        discount = view.preferences.discount
        self.discount = discount if 0.0 < discount <= 1.0 else 1.0
        self.queue: deque[int] = deque()
        """Ladder positions (0 = best) waiting to be offered."""
        self.mine: list[int] = []
        """Ladder positions offered so far."""
        self.lowest = 1.0
        """Lowest utility offered so far."""
        self.opponent_best: int | None = None
        """Ladder position of the opponent's best offer for the agent."""
        self.seen = 0

    def p(self, t: float) -> float:
        """The concession curve: the lowest utility the agent means to offer at time ``t``."""
        top = float(self.ladder.utilities[0]) if len(self.ladder) else 1.0
        low, d, ka, e = self.minimum, self.discount, self.ka, self.e
        if d >= 0.9:
            f = ka + (1 - ka) * (t / d) ** (1 / e)
            return low + (1 - f) * (top - low)
        if t <= d:
            f = ka + (1 - ka) * (t / d) ** (1 / (e / d))
            raised = low + abs(top - low) * d
            return raised + (1 - f) * (top - raised)
        f = ka + (1 - ka) * ((t - d) / (1 - d)) ** (1 / 30)
        lowered = low + abs(top - low) * d
        return low + (1 - f) * (lowered - low)

    def _track_opponent_best(self, memory: Memory) -> None:
        utilities = self.ladder.utilities
        for offer in memory.received[self.seen :]:
            where = np.flatnonzero(self.ladder.outcomes == offer)
            if where.size == 0:
                continue  # not acceptable to the agent: it could never offer it back
            position = int(where[0])
            best = self.opponent_best
            if best is None or utilities[position] > utilities[best]:
                self.opponent_best = position
        self.seen = len(memory.received)

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        """The head of the queue, refilling it when empty."""
        size = len(self.ladder)
        if not size:
            return None
        self._track_opponent_best(memory)
        if not self.queue:
            if not self.mine:
                self.queue.append(0)
            else:
                self._refill(self.p(state.relative_time))
        return int(self.ladder.outcomes[self.queue[0]])

    def _refill(self, p: float) -> None:
        utilities = self.ladder.utilities
        size = len(self.ladder)
        below = min(self.mine[-1] + 1, size - 1)  # at the bottom it stays there
        chosen = below
        if utilities[below] < p:
            chosen = self.mine[math.floor(len(self.mine) * self.rng.random())]
        picked = {chosen}
        first = float(utilities[below])
        k = below + 1
        while k < size and first - utilities[k] < self.tolerance and utilities[k] >= p:
            picked.add(k)
            k += 1
        ascending = sorted(picked, key=lambda q: (utilities[q], -q))
        if len(ascending) <= self.top_selected:
            self.queue.extend(ascending)
        else:
            self.queue.extend(self._best_for_opponent(ascending))
        best = self.opponent_best
        if best is not None and utilities[self.queue[0]] < utilities[best]:
            self.queue.appendleft(best)

    def _best_for_opponent(self, ascending: list[int]) -> list[int]:
        """``top_selected + 1`` positions, best for the opponent first.

        Each pick starts from the candidate best for the agent and moves to a
        later one (in increasing own utility) only if the model rates it higher.
        """
        left = list(ascending)
        scores = (
            self.model.utilities(self.ladder.outcomes[left])
            if self.model is not None
            else np.zeros(len(left))
        ).tolist()
        chosen = []
        for _ in range(self.top_selected + 1):
            best = len(left) - 1
            for i, score in enumerate(scores):
                if score > scores[best]:
                    best = i
            chosen.append(left.pop(best))
            scores.pop(best)
        return chosen

    def sent(self, outcome: int) -> None:
        position = self.queue.popleft()
        self.mine.append(position)
        self.lowest = min(self.lowest, float(self.ladder.utilities[position]))


class HardHeadedAcceptance(Acceptance):
    """Accept above the lowest bid made so far, or at least the next planned bid."""

    def __init__(self, offering: HardHeadedOffering) -> None:
        self.offering = offering

    def accepts(
        self,
        view: PartyView,
        state: NegotiationState,
        offer: int,
        planned: int | None,
        memory: Memory,
    ) -> bool:
        worth = view.utilities
        if worth[offer] > self.offering.lowest:
            return True
        return planned is not None and bool(worth[planned] <= worth[offer] + TOLERANCE)


class HardHeaded(ModelledAgent):
    """ANAC 2011 winner: a slow, hard concession walk steered by a frequency model."""

    name = "hardheaded"
    stochastic = True
    source = (
        "T. van Krimpen, D. Looije, S. Hajizadeh. HardHeaded. In Complex Automated "
        "Negotiations: Theories, Models, and Software Competitions, Springer SCI 435, "
        "pp. 223-227, 2013 (ANAC 2011 winner)."
    )
    parameters = MappingProxyType(
        {
            "MINIMUM_BID_UTILITY": 0.585,
            "Ka": 0.05,
            "e": 0.05,
            "UTILITY_TOLERANCE": 0.01,
            "TOP_SELECTED_BIDS": 4,
            "LEARNING_COEF": 0.2,
            "LEARNING_VALUE_ADDITION": 1,
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        self.model = HardHeadedFrequency(self.view.space)
        offering = HardHeadedOffering(self.view, self.rng, self.model)
        return offering, HardHeadedAcceptance(offering)

    def new_model(self) -> OpponentModel:
        return HardHeadedFrequency(self.view.space)
