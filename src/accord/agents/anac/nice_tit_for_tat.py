"""Nice Tit for Tat (Baarslag, Hindriks & Jonker 2013), ANAC 2011 finalist.

The agent mirrors the opponent's concession toward the Nash point it
estimates with a scalable Bayesian opponent model. Measured in its own
utility, the opponent has conceded ``c = max offered - min of its first
offers`` (those in the first 1% of the time); the agent concedes the same
fraction of its own way to the Nash point: target ``1 - min(1, c / (nash - first))
(1 - nash)``. It then adds a bonus share of the remaining gap to Nash:
``max(0.5 - 0.4 d, min(1, 20 (t - 0.91)))`` (``d`` the discount factor; the
time part from ``t = 0.85`` in domains over 3000 outcomes). Its own Nash
utility is scaled by ``1.4 - 0.6 * initial gap`` and kept in [0.5, 1].

It offers a bid near the target (in ``[0.98 target, target + 0.05 ...]``,
widened by 0.01 until two bids are found) that is among the best ``n`` for the
opponent (``n`` a tenth of the candidates, between 3 and 20), drawn at
random — or the opponent's best offer, if that is at least as good.

It accepts an offer at least as good as its next bid; after ``t = 0.98`` also
one no worse than any offer seen in the remaining time looked back on, if few
offers are still to come. Before accepting less than the opponent's best offer
it offers that best offer back, at most four times.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import TOLERANCE, Acceptance
from accord.agents.components.boa import ModelledAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Offering
from accord.agents.components.opponent.scalable_bayesian import ScalableBayesian

FIRST_BIDS_TIME = 0.01
"""Offers made before this time show where the opponent started."""


class NiceTitForTatOffering(Offering):
    """Mirror the opponent's concession toward the estimated Nash point."""

    def __init__(self, view: PartyView, rng: np.random.Generator, model: ScalableBayesian) -> None:
        self.view = view
        self.rng = rng
        self.model = model
        self.size = view.space.size
        self.outcomes = np.flatnonzero(view.acceptable)
        self.utilities = view.utilities[self.outcomes]
        discount = view.preferences.discount
        self.discount = discount if 0.0 < discount <= 1.0 else 1.0
        self.nash = 0.0
        self.initial_gap = 0.0
        self.override: int | None = None
        """The opponent's best offer, to be made instead of accepting less."""
        self.best_offered_back = 0

    @property
    def big(self) -> bool:
        """More than 10000 outcomes: the original stopped learning at half time."""
        return self.size > 10000

    def opening(self) -> int | None:
        """The agent's best bid."""
        if not self.outcomes.size:
            return None
        return int(self.outcomes[int(np.argmax(self.utilities))])

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        if not self.outcomes.size:
            return None
        if not memory.received or not memory.sent:
            return self.opening()
        t = state.relative_time
        last = memory.received[-1]
        if t <= 0.99 and not (self.big and t > 0.5):
            self.model.update(last, t)
            self.update_nash()
        worth = self.view.utilities
        received = worth[np.asarray(memory.received)]
        times = np.asarray(memory.times)
        first = received[(times > 0) & (times <= FIRST_BIDS_TIME) & (received > 0)]
        start = float(first.min()) if first.size else float(received[0])
        conceded = float(received.max()) - start
        factor = min(1.0, conceded / (self.nash - start)) if self.nash != start else 1.0
        target = 1 - factor * (1 - self.nash)
        self.initial_gap = 1 - start
        target -= self.bonus(t) * max(0.0, target - self.nash)
        planned = self.best_for_opponent(self.near(target))
        best = self.opponent_best(memory)
        if best is not None and worth[best] >= worth[planned]:
            return best
        return planned

    def bonus(self, t: float) -> float:
        """The share of the gap to Nash given away: discount or time pressure."""
        discount_bonus = 0.5 - 0.4 * self.discount
        start = 0.85 if self.size > 3000 else 0.91
        time_bonus = min(1.0, 20 * (t - start)) if t > start else 0.0
        return min(max(discount_bonus, time_bonus, 0.0), 1.0)

    def update_nash(self) -> None:
        """The agent's utility at the Nash point against the model, scaled and clipped."""
        nash = 0.7
        if self.size < 200000:
            mine = self.utilities - self.view.reservation
            theirs = self.model.utilities(self.outcomes)
            nash = float(self.utilities[int(np.argmax(mine * theirs))])
        nash *= max(0.0, 1.4 - 0.6 * self.initial_gap)
        self.nash = min(max(nash, 0.5), 1.0)

    def near(self, target: float) -> np.ndarray:
        """Bids in ``[0.98 target, high]``, ``high`` from ``target + 0.05`` up by 0.01."""
        target = min(target, 1.0)
        low, high = 0.98 * target, target + 0.04
        while True:
            high += 0.01
            found = self.outcomes[(self.utilities >= low) & (self.utilities <= high)]
            if self.big:
                found = found[:2]
            if found.size > 1 or (high >= 1 and found.size > 0):
                return found
            if high > 1:
                opening = self.opening()
                return np.array([] if opening is None else [opening], dtype=np.int64)

    def best_for_opponent(self, bids: np.ndarray) -> int:
        """One of the ``n`` bids best for the opponent, drawn at random."""
        n = min(max(round(bids.size / 10), 3), 20)
        scores = self.model.utilities(bids)
        order = np.argsort(-scores, kind="stable")[:n]
        return int(bids[order[int(self.rng.integers(order.size))]])

    def opponent_best(self, memory: Memory) -> int | None:
        """The opponent's offer best for the agent that the agent may make."""
        offers = [o for o in memory.received if self.view.is_acceptable(o)]
        if not offers:
            return None
        worth = self.view.utilities
        return max(offers, key=lambda o: (worth[o], -offers.index(o)))


class NiceTitForTatAcceptance(Acceptance):
    """AC_next, then after 0.98 an offer no worse than the window's, if few offers remain."""

    def __init__(self, offering: NiceTitForTatOffering) -> None:
        self.offering = offering

    def accepts(
        self,
        view: PartyView,
        state: NegotiationState,
        offer: int,
        planned: int | None,
        memory: Memory,
    ) -> bool:
        if planned is None:
            return False
        worth = view.utilities
        t = state.relative_time
        window = self._window(memory, t, worth)
        if worth[offer] < worth[planned] - TOLERANCE:
            if t < 0.98 or window.size > (40 if self.offering.big else 10):
                return False
            better = window[worth[window] > worth[offer]]
            expected = float(worth[better].mean()) if better.size else 0.0
            if not worth[offer] > expected:
                return False
        return not self._offer_best_instead(memory, window, float(worth[offer]))

    def _window(self, memory: Memory, t: float, worth: np.ndarray) -> np.ndarray:
        """Offers received in ``(t - (1 - t), t]`` worth more than 0."""
        times = np.asarray(memory.times, dtype=float)
        offers = np.asarray(memory.received, dtype=np.int64)
        mask = (times > 2 * t - 1 + 1e-9) & (times <= t + 1e-9)
        offers = offers[mask]
        return offers[worth[offers] > 0]

    def _offer_best_instead(self, memory: Memory, window: np.ndarray, offered: float) -> bool:
        offering = self.offering
        best = offering.opponent_best(memory)
        worth = offering.view.utilities
        worth_more = best is not None and worth[best] > offered
        if window.size > 1 and worth_more and offering.best_offered_back <= 3:
            offering.best_offered_back += 1
            offering.override = best
            return True
        return False


class NiceTitForTat(ModelledAgent):
    """Mirror the opponent's concession toward the Bayesian estimate of the Nash point."""

    name = "nice-tit-for-tat"
    stochastic = True
    feeds_model = False
    source = (
        "T. Baarslag, K. Hindriks, C. Jonker. A tit for tat negotiation strategy for "
        "real-time bilateral negotiations. In Complex Automated Negotiations: Theories, "
        "Models, and Software Competitions, Springer SCI 435, pp. 229-233, 2013."
    )
    parameters = MappingProxyType(
        {
            "first_bids_time": FIRST_BIDS_TIME,
            "bonus_start": 0.91,
            "bonus_start_big_domain": 0.85,
            "ac_time": 0.98,
            "enough_bids_to_come": 10,
            "nash_multiplier": "1.4 - 0.6 * initial gap",
            "model": "scalable Bayesian (Hindriks & Tykhonov 2008)",
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        model = ScalableBayesian(self.view.space)
        self.model = model
        self.ntft = NiceTitForTatOffering(self.view, self.rng, model)
        return self.ntft, NiceTitForTatAcceptance(self.ntft)

    def choose_offer(self, state: NegotiationState) -> int | None:
        """The planned bid, or the opponent's best offer when accepting was put off."""
        override, self.ntft.override = self.ntft.override, None
        if override is not None:
            self.observe(state)
            self._plan_key = None
            return override
        return super().choose_offer(state)
