"""BRAMAgent (Fishel, Bercovitch & Gal 2013), ANAC 2011 finalist.

Acceptance threshold: ``max - (max - min) f(t)`` with ``f = 0.07`` before
``t = 60/180``, ``0.15`` before ``150/180``, ``0.3`` before ``175/180`` and
``0.8`` after (``max``/``min`` the best and the worst bid in the agent's own
list; until that list is built, ``min = max``). It accepts any offer worth at
least the threshold.

Bidding: it opens with its best bid and repeats it until it has seen 10 offers.
From then on it keeps counts of the options of the opponent's last 10 offers
and draws 10 bids issue by issue, each option with probability count / 10 (the
opponent insists on what it cares about). The one best for the agent, if it is
worth more than the threshold, is offered. Otherwise the agent walks its own
list, sorted best first: from its last position it moves a random step in
``[-4, 3]`` (``[-1, 1]`` for lists of at most 50 bids), skips bids it has
offered as often as it has taken bids from the list, and repeats its previous
bid if the one it lands on is below the threshold. Before offering, it accepts
the opponent's offer if that is worth at least the bid it would make.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import Acceptance, AsPlanned
from accord.agents.components.boa import ComponentAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Descending, Offering

FLEXIBILITY = ((60 / 180, 0.07), (150 / 180, 0.15), (175 / 180, 0.3), (math.inf, 0.8))
"""``(until t, share of the range given up)``: the threshold's four steps."""
WINDOW = 10
"""Opponent offers the model counts (and the number before it is used)."""
DRAWS = 10
"""Bids drawn from the model per turn."""
FREQUENCY_OF_PROPOSAL = 0.2
"""A list bid offered more often than this share of list turns is skipped (integer ratio)."""


class BRAMOffering(Offering):
    """BRAMAgent's decision for one turn: accept, a modelled bid, or a bid from its list."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.ladder = Descending.of(view)
        self.sizes = view.space.sizes
        self.counts = [np.zeros(size, dtype=np.int64) for size in self.sizes]
        self.window: list[int] = []
        self.built = False
        """Has the agent sorted its whole list (the first time it needed it)?"""
        self.interval, self.offset = 8, 4
        self.proposals = np.zeros(len(self.ladder), dtype=np.int64)
        self.list_turns = 0
        self.last_position = 0
        self.previous = int(self.ladder.outcomes[0]) if len(self.ladder) else None
        self.threshold = self.best
        self.accept_now = False
        self.seen = 0

    @property
    def best(self) -> float:
        return float(self.ladder.utilities[0]) if len(self.ladder) else 1.0

    def threshold_at(self, t: float) -> float:
        """``max - (max - min) f(t)``; ``min = max`` until the list is built."""
        top = self.best
        low = float(self.ladder.utilities[-1]) if self.built else top
        share = next(f for until, f in FLEXIBILITY if t < until)
        return top - (top - low) * share

    def count(self, offer: int, step: int) -> None:
        options = self.view.space.digits_of(np.array([offer]))[:, 0]
        for counts, option in zip(self.counts, options, strict=True):
            counts[option] += step

    def modelled_bids(self, count: int) -> np.ndarray:
        """``count`` bids drawn issue by issue from the window's option frequencies."""
        draws = self.rng.integers(WINDOW, size=(count, len(self.sizes))).T  # bid by bid
        options = np.array(
            [
                np.searchsorted(np.cumsum(counts), row, side="right")
                for counts, row in zip(self.counts, draws, strict=True)
            ]
        )
        step = np.ones(len(self.sizes), dtype=np.int64)
        for i in range(len(self.sizes) - 2, -1, -1):
            step[i] = step[i + 1] * self.sizes[i + 1]
        return np.asarray(step @ options, dtype=np.int64)

    def modelled_bid(self) -> int:
        """One bid drawn from the window's option frequencies."""
        return int(self.modelled_bids(1)[0])

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        self.accept_now = False
        if not len(self.ladder):
            return None
        self.threshold = self.threshold_at(state.relative_time)
        fresh = memory.received[self.seen :]
        self.seen = len(memory.received)
        if not fresh:
            return int(self.ladder.outcomes[0])
        worth = self.view.utilities
        offer = fresh[-1]
        for earlier in fresh[:-1]:  # offers not answered in turn (not in bilateral talks)
            self.slide(earlier)
        offered = float(worth[offer])
        if offered >= self.threshold:
            self.accept_now = True
            return self.previous
        full = self.slide(offer)
        bid = self.bid_to_offer() if full else int(self.ladder.outcomes[0])
        self.accept_now = offered >= float(worth[bid])
        return bid

    def slide(self, offer: int) -> bool:
        """Add an offer to the window (dropping the oldest); was the window already full?"""
        full = len(self.window) >= WINDOW
        if full:
            self.count(self.window.pop(0), -1)
        self.window.append(offer)
        self.count(offer, +1)
        return full

    def bid_to_offer(self) -> int:
        worth = self.view.utilities
        best, best_utility = None, self.threshold
        for bid in self.modelled_bids(DRAWS).tolist():
            if self.view.acceptable[bid] and worth[bid] > best_utility:
                best, best_utility = bid, float(worth[bid])
        return best if best is not None else self.from_list()

    def from_list(self) -> int:
        """A bid near the last position in the agent's sorted list."""
        size = len(self.ladder)
        if not self.built:
            self.built = True
            if size <= 50:
                self.interval, self.offset = 3, 1
        self.list_turns += 1
        step = int(self.rng.integers(self.interval)) - self.offset
        position = min(max(self.last_position + step, 0), size - 1)
        while position < size - 1 and self.proposals[position] // self.list_turns > 0:
            position += 1
        bid = int(self.ladder.outcomes[position])
        if float(self.ladder.utilities[position]) < self.threshold and self.previous is not None:
            self.proposals[self.last_position] += 1
            return self.previous
        self.previous = bid
        self.last_position = position
        self.proposals[position] += 1
        return bid


class BRAMAgent(ComponentAgent):
    """ANAC 2011 finalist: a stepped threshold and bids drawn from the opponent's recent options."""

    name = "bram-agent"
    stochastic = True
    feeds_model = False
    source = (
        "R. Fishel, M. Bercovitch, Y. Gal. BRAM agent. In Complex Automated Negotiations: "
        "Theories, Models, and Software Competitions, Springer SCI 435, pp. 213-216, 2013 "
        "(ANAC 2011 finalist)."
    )
    parameters = MappingProxyType(
        {
            "THRESHOLD_PERC_FLEXIBILITY": (0.07, 0.15, 0.3, 0.8),
            "phase_ends": (60 / 180, 150 / 180, 175 / 180),
            "OPPONENT_ARRAY_SIZE": WINDOW,
            "model_draws": DRAWS,
            "FREQUENCY_OF_PROPOSAL": FREQUENCY_OF_PROPOSAL,
            "random_step": "[-4, 3] ([-1, 1] for at most 50 bids)",
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        offering = BRAMOffering(self.view, self.rng)
        return offering, AsPlanned(offering)
