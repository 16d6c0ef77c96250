"""Atlas3 (Mori & Ito 2017), winner of ANAC 2015 (multilateral).

Threshold: Atlas3 solves a 2×2 game of the final offers — both hold out
(``A11 = rv d``), it holds out and the others give in (``A12 = d``), it gives
in to the compromise ``C`` (``A21 = C d``, or ``rv d`` if ``C < rv``), or both
give in, each first with probability 1/2 (``A22 = (A21 + A12) / 2``) — and
takes the opponents' mixed equilibrium ``q = 1 / (1 - (A11 - A21) / (A12 -
A22))`` (1 when undefined or outside [0, 1]). The expected utility ``E = q A21
+ (1 - q) A22``, raised by the discount (``target = E / d^t``), is where it
heads: ``target + (1 - target)(1 - t)`` without a discount, ``max(1 - t/d,
target)`` with one. ``C`` is the best utility offered so far in bilateral
talks and the best *popular* offer (one every other party supported) in
multilateral ones.

Acceptance: an offer worth at least the threshold. It walks away when
``rv d^t`` reaches the threshold.

Bidding: from a random outcome, the cheapest single-issue change still worth
the threshold (ties drawn at random); if none, a walk from its best outcome
conceding on issues in random order while the total loss stays within ``1 -
threshold``; if still too low, its best outcome. Then, issue by issue in random
order, the option the others have offered most often, where that costs the
agent nothing.

Final phase: when only as many own turns are left as there are popular offers
(plus one), it offers the popular offers back from its best down, accepting
the offer on the table once it is worth more than the next one.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import Acceptance, AsPlanned
from accord.agents.components.boa import ComponentAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Descending, Offering
from accord.protocols.events import Kind

PF = 0.5
"""Chance that the agent gives in first when both give in."""
TF = 1.0
"""Time of the final offers."""


def strides(sizes: tuple[int, ...]) -> np.ndarray:
    """How far the outcome index moves per option step on each issue (mixed radix)."""
    out = np.ones(len(sizes), dtype=np.int64)
    for i in range(len(sizes) - 2, -1, -1):
        out[i] = out[i + 1] * sizes[i + 1]
    return out


def neighbours(outcome: int, sizes: tuple[int, ...], digits: np.ndarray) -> np.ndarray:
    """Every outcome differing from ``outcome`` on at most one issue (issue by issue)."""
    step = strides(sizes)
    rows = [outcome + (np.arange(k) - digits[i]) * step[i] for i, k in enumerate(sizes)]
    return np.concatenate(rows)


def game_threshold(t: float, compromise: float, rv: float, d: float) -> float:
    """Atlas3's threshold at time ``t`` given the compromise utility ``C``."""
    a11 = rv * d
    a12 = d**TF
    a21 = compromise * d**TF if compromise >= rv else rv * d
    a22 = PF * a21 + (1 - PF) * a12
    q = 1.0
    if a12 - a22 != 0 and 1.0 - (a11 - a21) / (a12 - a22) != 0:
        q = 1.0 / (1.0 - (a11 - a21) / (a12 - a22))
    if q < 0.0 or q > 1.0:
        q = 1.0
    target = (q * a21 + (1 - q) * a22) / d**t
    if d == 1.0:
        return target + (1.0 - target) * (1.0 - t)
    return max(1.0 - t / d, target)


class Atlas3Offering(Offering):
    """Atlas3's decision for one turn."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.ladder = Descending.of(view)
        self.sizes = view.space.sizes
        self.best = int(self.ladder.outcomes[0]) if len(self.ladder) else None
        discount = view.preferences.discount
        self.d = discount if 0.0 < discount <= 1.0 else 1.0
        self.rv = view.reservation
        self.frequency = [np.zeros(k, dtype=np.int64) for k in self.sizes]
        self.others: set[str] = set()
        self.offered: int | None = None
        self.supporters = 0
        self.popular: list[int] = []
        self.best_offered = 0.0
        self.popular_best = 0.0
        self.turns = 0
        self.final_index = 0
        self.seen = 0
        self.accept_now = False
        self.relative: list[np.ndarray] = []
        if self.best is not None:
            digits = view.space.digits_of(np.array([self.best]))[:, 0]
            top = float(view.utilities[self.best])
            steps = strides(self.sizes)
            for i, k in enumerate(self.sizes):
                row = self.best + (np.arange(k) - digits[i]) * steps[i]
                self.relative.append(view.utilities[row] - top)

    @property
    def negotiators(self) -> int:
        return max(2, len(self.others) + 1)

    def read(self, state: NegotiationState) -> None:
        """Follow the offers and acceptances since the last turn."""
        worth = self.view.utilities
        for message in state.history[self.seen :]:
            if message.sender == self.view.party or message.outcome is None:
                continue
            if message.kind == Kind.ACCEPT:
                self.others.add(message.sender)
                self.supporters += 1
            elif message.kind == Kind.PROPOSE:
                self.others.add(message.sender)
                self.supporters = 1
                self.offered = message.outcome
                self.best_offered = max(self.best_offered, float(worth[message.outcome]))
                options = self.view.space.digits_of(np.array([message.outcome]))[:, 0]
                for table, option in zip(self.frequency, options, strict=True):
                    table[option] += 1
            else:
                continue
            if self.supporters == self.negotiators - 1 and self.offered is not None:
                self.add_popular(self.offered)
        self.seen = len(state.history)

    def add_popular(self, outcome: int) -> None:
        if outcome in self.popular:
            return
        worth = self.view.utilities
        self.popular.append(outcome)
        self.popular_best = max(self.popular_best, float(worth[outcome]))
        self.popular.sort(key=lambda o: -float(worth[o]))

    def threshold(self, t: float) -> float:
        compromise = self.best_offered if self.negotiators == 2 else self.popular_best
        return game_threshold(t, compromise, self.rv, self.d)

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        self.accept_now = False
        if self.best is None:
            return None
        self.read(state)
        t = state.relative_time
        self.turns += 1
        scale = t / self.turns
        offered = float(self.view.utilities[self.offered]) if self.offered is not None else 0.0
        if t > 1.0 - scale * (len(self.popular) + 1):
            return self.final(offered, t)
        threshold = self.threshold(t)
        if self.offered is not None and offered >= threshold:
            self.accept_now = True
            return self.bid(threshold)
        if self.rv * self.d**t >= threshold:
            return None
        return self.bid(threshold)

    def final(self, offered: float, t: float) -> int:
        worth = self.view.utilities
        if self.final_index >= len(self.popular):
            self.accept_now = self.offered is not None and offered >= self.rv
            return self.bid(self.threshold(t))
        candidate = self.popular[self.final_index]
        value = float(worth[candidate])
        if value > offered and value > self.rv and self.view.acceptable[candidate]:
            self.final_index += 1
            return candidate
        if self.offered is not None and offered > self.rv:
            self.accept_now = True
        return self.bid(self.threshold(t))

    def bid(self, threshold: float) -> int:
        """A bid just above the threshold, moved toward the others' favourite options."""
        worth = self.view.utilities
        space = self.view.space
        base = int(self.rng.integers(space.size))
        digits = space.digits_of(np.array([base]))[:, 0]
        around = neighbours(base, self.sizes, digits)
        values = worth[around]
        good = values >= threshold
        if good.any():
            cheapest = values[good].min()
            ties = around[good & (values == cheapest)]
            bid = int(ties[int(self.rng.integers(ties.size))])
        else:
            bid = self.relative_search(threshold)
            if worth[bid] < threshold:
                assert self.best is not None
                bid = self.best
        bid = self.towards_frequent(bid)
        if not self.view.acceptable[bid]:
            above = self.ladder.at_least(threshold)
            bid = int(above[-1]) if above.size else int(self.ladder.outcomes[0])
        return bid

    def relative_search(self, threshold: float) -> int:
        """From the best outcome, concede issue by issue while the loss stays within reach."""
        assert self.best is not None
        gap = threshold - 1.0
        conceded = 0.0
        options = self.view.space.digits_of(np.array([self.best]))[:, 0].copy()
        for i in self.rng.permutation(len(self.sizes)):
            for v in self.rng.permutation(self.sizes[i]):
                loss = float(self.relative[i][v])
                if gap <= conceded + loss:
                    options[i] = v
                    conceded += loss
                    break
        return int(options @ strides(self.sizes))

    def towards_frequent(self, bid: int) -> int:
        worth = self.view.utilities
        steps = strides(self.sizes)
        options = self.view.space.digits_of(np.array([bid]))[:, 0]
        current = bid
        for i in self.rng.permutation(len(self.sizes)):
            counts = self.frequency[i]
            order = self.rng.permutation(counts.size)
            favourite = int(order[int(np.argmax(counts[order]))])
            moved = current + (favourite - options[i]) * int(steps[i])
            if worth[moved] >= worth[current]:
                current = int(moved)
                options[i] = favourite
        return current


class Atlas3(ComponentAgent):
    """ANAC 2015 winner: a threshold from a game of final offers, and popular bids at the end."""

    name = "atlas3"
    stochastic = True
    feeds_model = False
    source = (
        "A. Mori, T. Ito. Atlas3: A negotiating agent based on expecting lower limit of "
        "concession function. In Modern Approaches to Agent-based Complex Automated "
        "Negotiation, Springer SCI 674, pp. 169-173, 2017 (ANAC 2015 winner)."
    )
    parameters = MappingProxyType(
        {"PF": PF, "TF": TF, "NEAR_ITERATION": 1, "final_phase": "last |popular bids| + 1 turns"}
    )

    def build(self) -> tuple[Offering, Acceptance]:
        offering = Atlas3Offering(self.view, self.rng)
        return offering, AsPlanned(offering)
