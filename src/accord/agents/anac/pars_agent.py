"""ParsAgent (Khosravimehr & Nassiri-Mofakham 2017), ANAC 2015 runner-up (multilateral).

Target: ``max(0.7, 1 - t^(1/e))`` with ``e = 0.15`` (0.2 in discounted domains).

Acceptance: the offer on the table once it is worth more than the target.

Bidding: ParsAgent remembers the offers somebody accepted, best for it first.
From them it builds a bid by changing one issue, drawn with probability
proportional to its weight, to a random option — once per issue, for every
accepted offer — and keeps the best worth more than the target. Failing that,
it takes on each issue the option the first two other parties both offer most
often (their top options, or, when fewer than half the issues agree and nobody
has accepted anything, any of their top two), and its own first option
elsewhere (the original's "best value" search stops after the first option). If
that is not worth more than the target, or the new bid would fall below it, it
offers its best outcome with one low-weight issue (drawn with probability
proportional to ``1 / weight``) set to a random option that keeps it above the
target.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from accord.agents.anac.atlas3 import strides
from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import Acceptance, AsPlanned
from accord.agents.components.boa import ComponentAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Descending, Offering
from accord.protocols.events import Kind

FLOOR = 0.7
E_UNDISCOUNTED = 0.15
E_DISCOUNTED = 0.2


class ParsOffering(Offering):
    """ParsAgent's decision for one turn."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.ladder = Descending.of(view)
        self.sizes = view.space.sizes
        self.steps = strides(self.sizes)
        self.best = int(self.ladder.outcomes[0]) if len(self.ladder) else None
        discount = view.preferences.discount
        self.e = E_DISCOUNTED if 0.0 < discount < 1.0 else E_UNDISCOUNTED
        ids = [issue.id for issue in view.space.issues]
        raw = np.array([float(view.preferences.weights.get(i, 0.0)) for i in ids])
        self.weights = raw / raw.sum() if raw.sum() > 0 else np.full(len(ids), 1 / len(ids))
        self.counts: dict[str, list[np.ndarray]] = {}
        """Option counts of the first two other parties to offer, by party."""
        self.accepted: list[int] = []
        """Offers somebody accepted, best for the agent first."""
        self.last_offer: int | None = None
        self.last_kind: str | None = None
        self.seen = 0
        self.accept_now = False

    def target(self, t: float) -> float:
        return max(FLOOR, 1.0 - t ** (1.0 / self.e))

    def read(self, state: NegotiationState) -> None:
        worth = self.view.utilities
        for message in state.history[self.seen :]:
            if message.sender == self.view.party or message.outcome is None:
                continue
            if message.kind == Kind.PROPOSE:
                self.last_offer = message.outcome
                tables = self.counts.get(message.sender)
                if tables is None and len(self.counts) < 2:
                    tables = self.counts[message.sender] = [
                        np.zeros(k, np.int64) for k in self.sizes
                    ]
                if tables is not None:
                    options = self.view.space.digits_of(np.array([message.outcome]))[:, 0]
                    for table, option in zip(tables, options, strict=True):
                        table[option] += 1
            elif message.kind == Kind.ACCEPT and self.last_offer is not None:
                if self.last_offer not in self.accepted:
                    self.accepted.append(self.last_offer)
                    self.accepted.sort(key=lambda o: -float(worth[o]))
            else:
                continue
            self.last_kind = str(message.kind)
        self.seen = len(state.history)

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        self.accept_now = False
        if self.best is None:
            return None
        self.read(state)
        if self.last_offer is None:
            return self.best
        target = self.target(state.relative_time)
        worth = self.view.utilities
        if float(worth[self.last_offer]) > target:
            self.accept_now = True
        bid = self.new_bid(target)
        if self.last_kind != Kind.ACCEPT and float(worth[bid]) < target:
            bid = self.near_best(target)
        return self.safe(bid, target)

    def safe(self, bid: int, target: float) -> int:
        """The bid if the agent may make it; else its cheapest acceptable bid above target."""
        if self.view.acceptable[bid]:
            return bid
        above = self.ladder.at_least(target)
        return int(above[-1]) if above.size else int(self.ladder.outcomes[0])

    def new_bid(self, target: float) -> int:
        worth = self.view.utilities
        found = self.from_accepted(target) if self.accepted else None
        if found is not None and float(worth[found]) >= target:
            return found
        options = self.mutual()
        bid = int(options @ self.steps)
        return bid if float(worth[bid]) > target else self.near_best(target)

    def from_accepted(self, target: float) -> int | None:
        """Accepted offers with one weighty issue changed at random: the best above target."""
        worth = self.view.utilities
        best, best_value = None, 0.0
        accepted = np.array(self.accepted, dtype=np.int64)
        digits = self.view.space.digits_of(accepted)
        for _ in range(len(self.sizes)):
            i = self.weighted_issue(self.weights)
            picks = self.rng.integers(self.sizes[i], size=accepted.size)
            moved = accepted + (picks - digits[i]) * self.steps[i]
            values = worth[moved]
            k = int(np.argmax(values))
            if values[k] > target and values[k] > best_value:
                best, best_value = int(moved[k]), float(values[k])
        return best

    def weighted_issue(self, weights: np.ndarray) -> int:
        """An issue drawn by roulette over ``weights``, scanning from the last issue."""
        draw = float(self.rng.random()) * float(weights.sum())
        total = 0.0
        for i in range(len(weights) - 1, -1, -1):
            total += float(weights[i])
            if total > draw:
                return i
        return 0

    def mutual(self) -> np.ndarray:
        """Per issue, the option the first two others both favour (else the first option)."""
        tables = list(self.counts.values())
        options = np.zeros(len(self.sizes), dtype=np.int64)
        if len(tables) < 2:
            return options
        first = [self.top_two(t) for t in tables[0]]
        second = [self.top_two(t) for t in tables[1]]
        agreed = [
            a[0] if a[0] is not None and a[0] == b[0] else None
            for a, b in zip(first, second, strict=True)
        ]
        if not self.accepted and sum(x is not None for x in agreed) / len(agreed) < 0.5:
            agreed = [
                next((x for x in a if x is not None and x in b), None)
                for a, b in zip(first, second, strict=True)
            ]
        for i, option in enumerate(agreed):
            if option is not None:
                options[i] = option
        return options

    @staticmethod
    def top_two(counts: np.ndarray) -> tuple[int | None, int | None]:
        """The most and second most offered options (the original's single pass)."""
        top: list[int | None] = [None, None]
        high = [0, 0]
        for option, count in enumerate(counts.tolist()):
            if count > high[0]:
                high[0], top[0] = count, option
            elif count > high[1]:
                high[1], top[1] = count, option
        return top[0], top[1]

    def near_best(self, target: float) -> int:
        """The best outcome with one light issue set to a random option keeping it above target."""
        assert self.best is not None
        worth = self.view.utilities
        inverse = 1.0 / np.maximum(self.weights, 1e-12)
        i = self.weighted_issue(inverse)
        digit = self.view.space.digits_of(np.array([self.best]))[i, 0]
        moved = self.best + (np.arange(self.sizes[i]) - digit) * self.steps[i]
        good = moved[worth[moved] > target]
        if good.size:
            return int(good[int(self.rng.integers(good.size))])
        return int(moved[int(self.rng.integers(moved.size))])


class ParsAgent(ComponentAgent):
    """ANAC 2015 runner-up: Boulware target, bids built from what the others agree on."""

    name = "pars-agent"
    stochastic = True
    feeds_model = False
    source = (
        "Z. Khosravimehr, F. Nassiri-Mofakham. Pars Agent: Hybrid time-dependent, random and "
        "frequency-based bidding and acceptance strategies in multilateral negotiations. In "
        "Modern Approaches to Agent-based Complex Automated Negotiation, Springer SCI 674, "
        "pp. 175-183, 2017 (ANAC 2015 runner-up)."
    )
    parameters = MappingProxyType(
        {"e": E_UNDISCOUNTED, "e_discounted": E_DISCOUNTED, "floor": FLOOR}
    )

    def build(self) -> tuple[Offering, Acceptance]:
        offering = ParsOffering(self.view, self.rng)
        return offering, AsPlanned(offering)
