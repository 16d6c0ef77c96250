"""ValueModelAgent (Frieder & Miller 2013), ANAC 2011 finalist.

The agent keeps an *approved* set: its own bids worth at least
``lowest_approved`` (0.98 at first; utilities relative to its best). It offers
the approved bid its value model rates best for the opponent that it has not
offered yet (every fifth turn, one that uses the option it has bid least
recently instead), or, when all were offered, a random one of the best
quarter. The first four offers are its best bid.

Concession mirrors the opponent's: after four turns the agent concedes as
much as the lesser of the opponent's concession in the agent's utility and
its guessed concession in its own (from the value model, never less than the
agent's ``k``-th best bid after ``k`` distinct offers, nor than ``1 - 0.6 t``
below 0.97), shaped per 5% time slice (faster when the opponent stalls or the
domain is discounted), and never below 0.7 nor the opponent's best offer.

End game (the original slept until ``1 - timeToGive`` in these windows, see
docs): in ``(0.9, 0.96]`` the approved floor drops to at least 0.7, in
``(0.96, 0.97]`` halfway to the opponent's best offer (at least 0.65), in
``(0.99, 0.995]`` 80% of the way (at least 0.6); each accepts an offer within
0.01 of the new floor and offers the opponent's best offer back if that is
close to it (or the agent had to retreat). In ``(0.98, 0.99]`` it accepts an
offer within 0.01 of the floor; after 0.995 an offer at least 99% of the
opponent's best (if that is above 0.55), else it offers that best back.

Acceptance otherwise: an offer above the floor (in undiscounted domains also
above 0.975). In undiscounted domains an offer above 99% of the floor raises
the floor by 0.01 (the agent *retreats*).
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
from accord.agents.components.opponent.value_model import ValueModel

LOWEST_ACCEPTABLE = 0.7
FIRST_APPROVED = 0.98
CHICKEN_GAMES = ((0.9, 0.96, 0.0, 0.7), (0.96, 0.97, 0.5, 0.65), (0.99, 0.995, 0.8, 0.6))
"""``(from, to, share of the remaining gap conceded, floor)`` of the end-game windows."""


class ValueModelOffering(Offering):
    """One decision per turn, as the original's ``chooseAction``."""

    def __init__(self, view: PartyView, rng: np.random.Generator, model: ValueModel) -> None:
        self.view = view
        self.rng = rng
        self.model = model
        self.ladder = Descending.of(view)
        top = float(self.ladder.utilities[0]) if len(self.ladder) else 1.0
        self.top = top if top > 0 else 1.0
        self.ours = self.ladder.utilities / self.top
        """Own utility relative to the best, of each bid in the ladder."""
        self.position = {int(o): k for k, o in enumerate(self.ladder.outcomes)}
        self.sent_by_us = np.zeros(len(self.ladder), dtype=bool)
        self.approved = 0
        self.lowest_approved = 1.0
        self.set_approved(FIRST_APPROVED, clear=False)
        discount = view.preferences.discount
        self.discount = discount if 0.0 < discount <= 1.0 else 1.0
        self.discounted = self.discount < 1.0
        self.last_bidden = [np.full(issue.size, -1, dtype=np.int64) for issue in view.space.issues]
        self.digits = view.space.digits_of(self.ladder.outcomes)
        self.distinct: list[int] = []
        self.no_change = 0
        self.start_utility = 0.0
        self.max_utility = 0.0
        self.max_bid: int | None = None
        self.retreat = False
        self.bid_count = 0
        self.last_action: int | None = None
        self.their_max = np.zeros(21)
        self.our_min = np.zeros(21)
        self.accept_now = False
        self.seen = 0

    # --- approved set -------------------------------------------------------------------
    def set_approved(self, threshold: float, clear: bool) -> bool:
        """Approve the bids worth at least ``threshold``; did the set grow?"""
        start = 0 if clear else self.approved
        end = (
            start + int((self.ours[start:] >= threshold).sum()) if start < self.ours.size else start
        )
        self.lowest_approved = threshold
        grew = end != self.approved
        self.approved = end
        return grew

    def by_opponent(self, positions: np.ndarray) -> np.ndarray:
        """Positions sorted by the model's opponent utility, best first (stable)."""
        if not self.model.initialized:
            return positions
        loss = np.zeros(positions.size)
        for table, row in zip(self.model.decrease, self.digits[:, positions], strict=True):
            loss += table[row]
        scores = np.clip(1.0 - loss, 0.0, 1.0)  # the model's utilities, from cached digits
        return positions[np.argsort(-scores, kind="stable")]

    # --- the turn ------------------------------------------------------------------------
    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        self.accept_now = False
        if not len(self.ladder):
            return None
        fresh = memory.received[self.seen :]
        self.seen = len(memory.received)
        action: int | None = None
        if self.bid_count == 0:
            action = self.select(0)
        if fresh:
            decided = self.answer(fresh[-1], state.relative_time, action)
            if decided is not None:
                return decided
            return self.finish(self.last_action if self.last_action is not None else 0)
        return self.finish(action if action is not None else (self.last_action or 0))

    def finish(self, position: int) -> int:
        self.last_action = position
        self.bid_count += 1
        return int(self.ladder.outcomes[position])

    def accept(self) -> int:
        """Accept; the planned offer (if acceptance is refused) repeats the last one."""
        self.accept_now = True
        return int(self.ladder.outcomes[self.last_action or 0])

    def answer(self, offer: int, t: float, action: int | None) -> int | None:
        worth = float(self.view.utilities[offer]) / self.top
        self.received(offer, worth)
        if not self.model.initialized:
            self.start_utility = worth
            self.model.initialize(offer)
        elif self.no_change == 0:
            self.model.assume_worth(offer, 1 - self.guess_current(t))
        for low, high, share, floor in CHICKEN_GAMES:
            if low < t <= high:
                action = self.chicken(worth, share, floor, action)
                if action == -1:
                    return self.accept()
        if 0.98 < t <= 0.99:
            if worth >= self.lowest_approved - 0.01:
                return self.accept()
            action = self.explore() if self.bid_count % 5 == 0 else self.best_scan()
        if t > 0.995:
            if self.max_utility > 0.55 and self.max_bid is not None:
                if worth >= self.max_utility * 0.99:
                    return self.accept()
                if self.max_bid in self.position:
                    return self.max_bid
            action = self.best_scan()
        if action is not None:
            return self.finish(action)
        if worth > self.lowest_approved and (self.discounted or worth > 0.975):
            return self.accept()
        if worth > self.lowest_approved * 0.99 and not self.discounted:
            self.set_approved(self.lowest_approved + 0.01, clear=True)
            self.retreat = True
        if 0 < self.bid_count < 4:
            if self.bid_count < self.sent_by_us.size:  # the original marks this one ...
                self.sent_by_us[self.bid_count] = True
                self.mark_bidden(self.bid_count)  # ... and offers its best
            return self.finish(0)
        if self.bid_count >= 4:
            self.concede(worth, t)
            position = self.explore() if self.bid_count % 5 == 0 else self.best_scan()
            return self.finish(position)
        return None

    def received(self, offer: int, worth: float) -> None:
        if offer in self.distinct:
            self.no_change += 1
        else:
            self.distinct.append(offer)
            self.no_change = 0
        if self.max_utility < worth:
            self.max_utility, self.max_bid = worth, offer
        if self.model.initialized:
            options = self.view.space.digits_of(np.array([offer]))[:, 0]
            for table, option in zip(self.last_bidden, options, strict=True):
                table[option] = self.bid_count

    def concede(self, worth: float, t: float) -> None:
        concession = min(worth - self.start_utility, 1 - self.guess_current(t))
        concession = self.shaped(concession, 1 - self.max_utility, t)
        if concession > 1 - self.lowest_approved:
            floor = max(LOWEST_ACCEPTABLE, 1 - concession)
            if floor < self.max_utility:
                floor = self.max_utility + 0.001
            self.set_approved(floor, clear=False)

    def guess_current(self, t: float) -> float:
        """The opponent's guessed utility of its current offer."""
        s2 = len(self.distinct)
        if s2 == 0:
            return 1.0
        symmetric = float(self.ours[min(s2, self.ours.size - 1)])
        recent = np.array(self.distinct[max(0, s2 - 49) : s2 - 1][::-1], dtype=np.int64)
        total, count = 0.0, 0
        if recent.size:
            utilities = self.model.utilities(recent)
            reliable = self.model.reliabilities(recent) > 0.7
            total, count = float(utilities[reliable].sum()), int(reliable.sum())
        shield = max(t * 0.6, 0.03)
        bound = symmetric
        if count >= 5 and total / count < bound:
            bound = total / count
        return max(bound, 1 - shield)

    def shaped(self, concession: float, left: float, t: float) -> float:
        """The original's per-slice concession shaping (``minConcessionMaker``)."""
        their, ours = self.their_max, self.our_min
        their[0], ours[0] = self.start_utility, 1.0
        k = min(int(t * 20) + 1, 20)
        portion = (t - (k - 1) * 0.05) / 0.05
        if ours[k] == 0:
            ours[k] = 1.0
        if ours[k - 1] == 0:
            ours[k - 1] = self.lowest_approved
        ours[k] = min(ours[k], self.lowest_approved)
        their[k] = max(their[k], self.max_utility)
        default = 1 - ours[k - 1]
        if k == 1 or k >= 19:
            return float(default)
        if ours[k - 2] == 0:
            ours[k - 2] = self.lowest_approved
        they_moved = their[k] - their[k - 2] > 0.01
        we_moved = ours[k - 2] - ours[k - 1] > 0
        value = default
        if not self.discounted:
            if k > 2 and not we_moved and not they_moved and k <= 16:
                value = min(default + 0.02, concession * 2 / 3)
            if k > 16 and not they_moved:
                value = min((left - default) / (21 - k) + default, concession + 0.05)
        else:
            gain = their[k - 1] - their[k - 2] - self.discount * 0.05
            if k <= 16:
                value = min(max(default + 0.02, default - gain), concession)
            else:
                value = (left - default) / (21 - k) + default
        return float(default + (value - default) * portion)

    def chicken(self, worth: float, share: float, floor: float, action: int | None) -> int | None:
        """An end-game window: lower the floor; -1 to accept, else the offer (if any)."""
        planned = max(
            self.lowest_approved - share * (self.lowest_approved - self.max_utility), floor
        )
        self.set_approved(planned, clear=False)
        if worth >= planned - 0.01:
            return -1
        if (self.retreat or self.max_utility >= planned - 0.01) and self.max_bid in self.position:
            return self.position[self.max_bid]
        return action

    # --- choosing a bid --------------------------------------------------------------------
    def select(self, position: int) -> int:
        self.sent_by_us[position] = True
        self.mark_bidden(position)
        return position

    def mark_bidden(self, position: int) -> None:
        if self.model.initialized:
            for table, option in zip(self.last_bidden, self.digits[:, position], strict=True):
                table[option] = self.bid_count

    def best_scan(self) -> int:
        ranked = self.by_opponent(np.arange(max(self.approved, 1)))
        fresh = ranked[~self.sent_by_us[ranked]]
        if fresh.size:
            return self.select(int(fresh[0]))
        quarter = ranked.size // 4
        return self.select(int(ranked[int(self.rng.random() * quarter)]))

    def explore(self) -> int:
        """A fresh approved bid with the option bid least recently (the original's explore)."""
        approved = np.arange(self.approved)
        skipped: set[tuple[int, int]] = set()
        while True:
            best: tuple[int, int] | None = None
            least, most = self.bid_count, 1
            for i, table in enumerate(self.last_bidden):
                holders = np.bincount(self.digits[i, approved], minlength=table.size)
                for option in range(table.size):
                    last = self.bid_count if (i, option) in skipped else int(table[option])
                    if holders[option] and (
                        last < least or (last == least and most < holders[option])
                    ):
                        least, most, best = last, int(holders[option]), (i, option)
            if best is None or least == self.bid_count:
                return self.best_scan()
            members = approved[self.digits[best[0], approved] == best[1]]
            ranked = self.by_opponent(members)
            fresh = ranked[~self.sent_by_us[ranked]]
            if fresh.size:
                return self.select(int(fresh[0]))
            skipped.add(best)


class ValueModelAgent(ModelledAgent):
    """ANAC 2011 finalist: a per-value utility-decrease model and mirrored concession."""

    name = "value-model-agent"
    stochastic = True
    feeds_model = False
    source = (
        "A. Frieder, G. Miller. Value Model Agent: A novel preference profiler for negotiation "
        "with agents. In Complex Automated Negotiations: Theories, Models, and Software "
        "Competitions, Springer SCI 435, pp. 199-203, 2013 (ANAC 2011 finalist)."
    )
    parameters = MappingProxyType(
        {
            "lowestAcceptable": LOWEST_ACCEPTABLE,
            "first_approved": FIRST_APPROVED,
            "chicken_games": CHICKEN_GAMES,
            "temporal_difference_gamma": 0.1,
            "explore_every": 5,
            "history_window": 50,
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        model = ValueModel(self.view.space)
        self.model = model
        offering = ValueModelOffering(self.view, self.rng, model)
        return offering, AsPlanned(offering)

    def new_model(self) -> OpponentModel:
        return ValueModel(self.view.space)
