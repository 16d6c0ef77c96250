"""TheNegotiator (Dirkzwager, Hendrikx & de Ruiter 2013), ANAC 2011 finalist.

Time is cut into three phases: ``[0, 140/180]``, then ``35/180``, then the last
``5/180``. The threshold falls linearly within each phase, from the agent's
best utility ``max`` to ``max - range/8`` in phase 1, to ``max - 3 range/8`` in
phase 2 and to its worst bid in phase 3 (``range`` = best - worst). In a
discounted domain (discount factor ``d < 1``) the phases restart at ``t = d``:
the threshold of time ``d`` is the new top, and the bids between it and the
worst are split into three equal utility bands whose sizes (bid counts) set the
new phases' lengths and the thresholds at their ends.

Acceptance: an offer worth at least the threshold; in phase 3, anything once
fewer than 15 moves are left.

Bidding: in phase 1, a random bid between the threshold and an upper bound
(the bid 20% of the way up the list of bids above the threshold) with
probability 0.7, or one above that bound; in phases 2 and 3, one of the
opponent's earlier offers worth at least the threshold, drawn at random, if
any, else the same as phase 1.

Moves left are estimated as in the original: the time since the previous
phase query, kept for the last 15 queries (three per turn), averaged over 15.
"""

from __future__ import annotations

from collections import deque
from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import Acceptance, AsPlanned
from accord.agents.components.boa import ComponentAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Descending, Offering

PHASES = (140 / 180, 35 / 180, 5 / 180)
"""Lengths of the three phases (the first ends at 140/180) without discounting."""
QUEUE = 15
"""Time lapses kept to estimate the moves left."""
ENDGAME_MOVES = 15
"""In phase 3, accept anything when fewer moves are left."""
RANDOM_MOVE = 0.3
"""Chance of bidding above the upper bound instead of between it and the threshold."""
UPPER_SHARE = 0.2
"""The upper bound sits this share of the way up the bids above the threshold."""


class TheNegotiatorTime:
    """Phases, thresholds and the moves-left estimate (the original's time manager)."""

    def __init__(self, utilities: np.ndarray, discount: float) -> None:
        self.utilities = utilities
        """Own utilities of the agent's bids, best first."""
        self.discount = discount if 0.0 < discount < 1.0 else 0.0
        top, low = float(utilities[0]), float(utilities[-1])
        span = top - low
        self.thresholds1 = (top, top - span / 8, top - 3 * span / 8, low)
        self.phases1 = PHASES
        self.thresholds2 = (0.0, 0.0, 0.0, 0.0)
        self.phases2 = (0.0, 0.0, 0.0)
        self.lapses: deque[float] = deque(maxlen=QUEUE)
        self.last_time = 0.0
        if self.discount:
            self._discounted_phases()

    def _discounted_phases(self) -> None:
        d = self.discount
        top = self.threshold(d)
        low = float(self.utilities[-1])
        step = (top - low) / 3
        u = self.utilities
        bands = (
            int(((u >= top - step) & (u <= top)).sum()),
            int(((u >= top - 2 * step) & (u < top - step)).sum()),
            int(((u >= top - 3 * step) & (u < top - 2 * step)).sum()),
        )
        second = float(u[bands[0] - 1]) if bands[0] else float(u[0])
        third = float(u[bands[0] + bands[1] - 1]) if bands[0] + bands[1] >= 1 else float(u[0])
        self.thresholds2 = (top, second, third, low)
        total = sum(bands)
        if total == 0:  # every bid worth the same: no phases to rescale
            self.discount = 0.0
            return
        self.phases2 = (
            d + bands[0] / total * (1 - d),
            bands[1] / total * (1 - d),
            bands[2] / total * (1 - d),
        )

    def _after_discount(self, t: float) -> bool:
        return bool(self.discount) and t > self.discount

    def phase(self, t: float) -> int:
        """1, 2 or 3; in phase 3 each query records the time since the previous one."""
        ends = self.phases2 if self._after_discount(t) else self.phases1
        result = 1
        if t > ends[0] + ends[1]:
            self.lapses.append(t - self.last_time)
            result = 3
        elif t > ends[0]:
            result = 2
        self.last_time = t
        return result

    def threshold(self, t: float) -> float:
        phase = self.phase(t)
        after = self._after_discount(t)
        levels = self.thresholds2 if after else self.thresholds1
        ends = self.phases2 if after else self.phases1
        start = self.discount if t > self.discount else 0.0
        if phase == 1:
            return levels[0] - (t - start) / (ends[0] - start) * (levels[0] - levels[1])
        if phase == 2:
            return levels[1] - (t - ends[0]) / ends[1] * (levels[1] - levels[2])
        return levels[2] - (t - ends[0] - ends[1]) / ends[2] * (levels[2] - levels[3])

    def moves_left(self, t: float) -> int:
        """``(1 - t)`` over the mean of the last 15 lapses (500 if none)."""
        if not self.lapses:
            return 500
        mean = sum(self.lapses) / QUEUE
        return int(np.floor((1.0 - t) / mean)) if mean > 0 else 500


class TheNegotiatorOffering(Offering):
    """One decision per turn: accept by the threshold, else a bid from the band above it."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.ladder = Descending.of(view)
        discount = view.preferences.discount
        self.time = TheNegotiatorTime(self.ladder.utilities, discount) if len(self.ladder) else None
        self.accept_now = False
        self.last: int | None = None

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        self.accept_now = False
        if self.time is None:
            return None
        t = state.relative_time
        phase = self.time.phase(t)
        moves = self.time.moves_left(t) if phase == 3 else 0
        threshold = self.time.threshold(t)
        if memory.received:
            offered = float(self.view.utilities[memory.received[-1]])
            if phase in (1, 2) or moves >= ENDGAME_MOVES:
                self.accept_now = offered >= threshold
            else:
                self.accept_now = True
        if not self.accept_now:  # the original asked for the threshold again to bid
            threshold = self.time.threshold(t)
        return self.bid(phase, threshold, memory)

    def bid(self, phase: int, threshold: float, memory: Memory) -> int:
        upper = self.upper_bound(threshold)
        if phase > 1:
            worth = self.view.utilities
            good = [o for o in memory.received if worth[o] >= threshold and self.view.acceptable[o]]
            if good:
                ranked = sorted(dict.fromkeys(good), key=lambda o: -worth[o])
                return int(ranked[int(self.rng.integers(len(ranked)))])
        if self.rng.random() > RANDOM_MOVE:
            return self.between(threshold, upper)
        return self.between(upper - 0.00001, 1.1)

    def upper_bound(self, threshold: float) -> float:
        """The utility of the bid ``20%`` of the way up from the last one above ``threshold``."""
        u = self.ladder.utilities
        boundary = max(int((u >= threshold).sum()) - 1, 0)
        return float(u[boundary - int(np.ceil(UPPER_SHARE * boundary))])

    def between(self, low: float, high: float, retried: bool = False) -> int:
        """A random bid in ``[low, high]``; if none, one at least ``low``; else the best."""
        u = self.ladder.utilities
        above = int((u > high).sum())
        reach = int((u >= low).sum())
        if reach == above:
            if retried:
                return int(self.ladder.outcomes[0])
            return self.between(low, 1.1, retried=True)
        reach = max(reach - 1, 0)
        if above + 1 <= reach:
            above += 1
        position = above + int(self.rng.random() * (reach - above) + 0.5)
        return int(self.ladder.outcomes[min(position, len(self.ladder) - 1)])


class TheNegotiator(ComponentAgent):
    """ANAC 2011 finalist: three time phases with linear thresholds and an end-game rush."""

    name = "the-negotiator"
    stochastic = True
    feeds_model = False
    source = (
        "A. Dirkzwager, M. Hendrikx, J. de Ruiter. The Negotiator: A dynamic strategy for "
        "bilateral negotiations with time-based discounts. In Complex Automated Negotiations: "
        "Theories, Models, and Software Competitions, Springer SCI 435, pp. 217-221, 2013 "
        "(ANAC 2011 finalist)."
    )
    parameters = MappingProxyType(
        {
            "phase_lengths": PHASES,
            "threshold_steps": (1 / 8, 3 / 8, 1.0),
            "queueSize": QUEUE,
            "endgame_moves": ENDGAME_MOVES,
            "randomMove": RANDOM_MOVE,
            "upper_share": UPPER_SHARE,
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        offering = TheNegotiatorOffering(self.view, self.rng)
        return offering, AsPlanned(offering)
