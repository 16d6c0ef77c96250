"""CUHKAgent (Hao & Leung 2014), winner of ANAC 2012.

Threshold: with discount factor ``d`` the agent concedes until
``c = 0.08 + 0.92 d^beta`` (``beta`` 1.8 for ``d > 0.75``, 1.5 for ``d > 0.5``,
else 1.2), raised by ``0.1 (1 - c) k^10`` for an opponent whose last ten
distinct offers were all new (``k`` the share of them offered only once,
squared). Until ``t = c`` the threshold is ``max - (max - max d^(1-c)) (t/c)^2``,
after it ``max d^(1-t)`` — so without a discount it stays at the agent's best.
In undiscounted domains of more than 3000 outcomes it is ``max - 0.05`` instead
(``max - 0.25`` near the end of domains over 10000 outcomes).

Bidding: the opponent's best offer if it reaches the threshold; otherwise,
from its own bids at least the threshold (in 0.01-wide utility bins, at most
200 drawn at random), the one whose options the opponent has offered most
often (counts over its first 100 distinct offers; ties broken by coin flips),
with probability 0.95, else a random one of them.

Acceptance: an offer worth at least the threshold or the bid it would make;
or, once the opponent's best offer (discounted) beats ``max d`` after ``t = c``
or the discounted threshold, an offer within 0.01 of that best offer. It
walks away when its reservation value beats the threshold or its own next bid,
or, after ``t = c``, ``max d`` once discounted. In the last chance (``t >
0.9985`` with fewer than 5 rounds left) it offers the opponent's best offer, or
when that is worth less than 0.85 a bid in ``[max - 0.15, max - 0.02]``.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import Acceptance, AsPlanned
from accord.agents.components.boa import ModelledAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Descending, Offering
from accord.agents.components.opponent.base import OpponentModel
from accord.agents.components.opponent.cuhk_frequency import CUHKFrequency

MIN_CONCEDE = 0.08
ALPHA = 2.0
SEARCH_LIMIT = 200
BIN = 0.01


def concede_time(discount: float) -> float:
    """``c = 0.08 + 0.92 d^beta``: when the agent stops conceding toward ``max d``."""
    beta = 1.8 if discount > 0.75 else 1.5 if discount > 0.5 else 1.2
    return MIN_CONCEDE + (1 - MIN_CONCEDE) * discount**beta


def concession_degree(distinct: list[int], counts: dict[int, int]) -> float:
    """The share of the last ten distinct offers seen only once, squared (all distinct if fewer)."""
    if len(distinct) > 10:
        once = sum(1 for o in distinct[-10:] if counts[o] == 1)
        return (once / 10) ** 2
    return (len(distinct) / 10) ** 2


class CUHKOffering(Offering):
    """CUHKAgent's decision for one turn (its ``chooseAction``)."""

    def __init__(self, view: PartyView, rng: np.random.Generator, model: CUHKFrequency) -> None:
        self.view = view
        self.rng = rng
        self.model = model
        self.ladder = Descending.of(view)
        self.size = view.space.size
        self.top = float(self.ladder.utilities[0]) if len(self.ladder) else 0.0
        self.best = int(self.ladder.outcomes[0]) if len(self.ladder) else None
        discount = view.preferences.discount
        self.discount = discount if 0.0 < discount <= 1.0 else 1.0
        self.reservation = max(view.reservation, 0.0)
        self.c0 = concede_time(self.discount)
        self.c = self.c0
        self.threshold = self.top
        self.bins = self.bin_of(self.ladder.utilities)
        self.rounds = int(self.top / BIN) if self.top > 0 else 0
        self.distinct: list[int] = []
        self.counts: dict[int, int] = {}
        self.opponent_best: int | None = None
        self.proposed = 0
        self.accept_now = False
        self.tough = False
        self.seen = 0

    @staticmethod
    def bin_of(utilities: np.ndarray) -> np.ndarray:
        """The first 0.01-wide bin ``[i/100, (i+1)/100]`` holding each utility."""
        index = np.floor(utilities / BIN).astype(np.int64)
        on_edge = (index > 0) & (utilities <= index * BIN + 1e-12)
        return np.maximum(index - on_edge, 0)

    def between(self, low: float, high: float) -> np.ndarray:
        """Own bids in the bins from ``low``'s up to ``high``'s (exclusive); the best if none."""
        first, last = int(low / BIN), min(int(high / BIN), self.rounds)
        chosen = self.ladder.outcomes[(self.bins >= first) & (self.bins < last)]
        if last == self.rounds and first <= self.rounds - 1 and self.best is not None:
            chosen = np.append(chosen, self.best)  # the original files its best bid twice
        if not chosen.size and self.best is not None:
            chosen = np.array([self.best])
        return chosen

    def choose(self, candidates: np.ndarray) -> int:
        """The candidate whose options the opponent offered most (the original's ``ChooseBid``)."""
        if candidates.size >= SEARCH_LIMIT:
            candidates = candidates[self.rng.integers(candidates.size, size=SEARCH_LIMIT)]
        scores = np.rint(self.model.utilities(candidates) * self.model.top()).astype(np.int64)
        flips = self.rng.random(candidates.size) < 0.5
        running = np.maximum.accumulate(np.concatenate([[0], scores[:-1]]))
        taken = np.flatnonzero((scores > running) | ((scores == running) & flips))
        if taken.size == 0 or self.rng.random() >= 0.95:
            return int(candidates[int(self.rng.integers(candidates.size))])
        return int(candidates[taken[-1]])

    def bid_to_offer(self, t: float) -> int:
        top, d = self.top, self.discount
        if d == 1.0 and self.size > 3000:
            floor = top - 0.05
            if self.size > 10000 and t >= 0.98:
                floor = top - 0.25
            self.threshold = min(self.threshold, floor)
        else:
            if t <= self.c:
                lowest = top * d / d**self.c
                self.threshold = top - (top - lowest) * (t / self.c) ** ALPHA
            else:
                self.threshold = top * d / d**t
            floor = self.threshold
        worth = self.view.utilities
        best = self.opponent_best
        if best is not None and (worth[best] >= self.threshold or worth[best] >= floor):
            return best
        return self.choose(self.between(floor, top))

    def accepts(self, offer: int, bid: int, t: float) -> bool:
        worth = self.view.utilities
        u = float(worth[offer])
        if u >= self.threshold or u >= float(worth[bid]):
            return True
        best = float(worth[self.opponent_best]) if self.opponent_best is not None else 0.0
        current = best * self.discount**t
        if (current > self.top * self.discount and t > self.c) or (
            current > self.threshold * self.discount**t
        ):
            return u >= best - 0.01  # else the original sets a flag that is reset at once
        return False

    def terminates(self, bid: int, t: float) -> bool:
        rv = self.reservation
        if rv >= self.threshold or rv >= float(self.view.utilities[bid]):
            return True
        return rv * self.discount**t > self.top * self.discount and t > self.c

    def observe(self, memory: Memory) -> int | None:
        """Count the new offers; the latest one, if any."""
        fresh = memory.received[self.seen :]
        self.seen = len(memory.received)
        worth = self.view.utilities
        for offer in fresh:
            if offer not in self.counts:
                self.distinct.append(offer)
                self.counts[offer] = 0
            self.counts[offer] += 1
            self.model.update(offer, 0.0)
            acceptable = self.view.acceptable[offer]
            if acceptable and (
                self.opponent_best is None or worth[offer] > worth[self.opponent_best]
            ):
                self.opponent_best = offer
            degree = concession_degree(self.distinct, self.counts)
            self.c = min(self.c0 + 0.1 * (1 - self.c0) * degree**10, 1.0)
        return fresh[-1] if fresh else None

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        self.accept_now = False
        if self.best is None:
            return None
        offer = self.observe(memory)
        t = state.relative_time
        if offer is None or self.proposed == 0:
            self.proposed += 1
            return self.best
        left = state.deadline - state.round
        last_chance = t > 0.9985 and left < 5
        bid = self.last_chance(left) if last_chance else self.bid_to_offer(t)
        accept = self.accepts(offer, bid, t)
        if self.terminates(bid, t):
            if accept and float(self.view.utilities[offer]) > self.reservation:
                self.accept_now = True
                return bid
            return None
        self.accept_now = accept
        self.proposed += 1
        return bid

    def last_chance(self, left: int) -> int:
        bid = self.opponent_best if self.opponent_best is not None else self.best
        assert bid is not None
        if float(self.view.utilities[bid]) < 0.85 and left >= 2:
            bid = self.choose(self.between(self.top - 0.15, self.top - 0.02))
        return bid


class CUHKAgent(ModelledAgent):
    """ANAC 2012 winner: adaptive concession to the discount, bids the opponent has favoured."""

    name = "cuhkagent"
    stochastic = True
    feeds_model = False
    source = (
        "J. Hao, H. Leung. CUHKAgent: An adaptive negotiation strategy for bilateral "
        "negotiations over multiple items. In Novel Insights in Agent-based Complex Automated "
        "Negotiation, Springer SCI 535, pp. 171-179, 2014 (ANAC 2012 winner)."
    )
    parameters = MappingProxyType(
        {
            "minConcedeToDiscountingFactor": MIN_CONCEDE,
            "beta": (1.8, 1.5, 1.2),
            "alpha1": ALPHA,
            "gama": 10,
            "weight": 0.1,
            "history_length": 10,
            "maximumBidsStored": 100,
            "upperSearchLimit": SEARCH_LIMIT,
            "bin_width": BIN,
            "large_domain_concession": (0.05, 0.25),
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        model = CUHKFrequency(self.view.space)
        self.model = model
        offering = CUHKOffering(self.view, self.rng, model)
        return offering, AsPlanned(offering)

    def new_model(self) -> OpponentModel:
        return CUHKFrequency(self.view.space)
