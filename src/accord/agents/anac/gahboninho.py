"""Gahboninho (Ben Adar, Sofy & Elimelech 2013), runner-up of ANAC 2011.

A hard bargainer that measures how *noisy* its opponent is. It bids only
outcomes at least as good for it, issue by issue, as the opponent's first offer
(plus the opponent's best offer so far), always the cheapest one reaching its
target. It opens with its best bid, then spends 40 bids coming down from
``1`` to ``0.925`` while ``t < 0.15``.

Its target comes from ``low = d^(2t)`` and ``high = low (1 + 6 noise d^5)``
(``d`` the discount factor): ``min(1, high - (high - low) t)``, moving at most
``0.0009`` down or ``0.005`` up per call. ``low`` is raised to the best offer
received, and at least ``0.9125`` before ``t = 0.85 d``, ``0.84`` before
``0.92 d``, ``0.775`` before ``0.94 d`` and ``0.7`` before ``0.985``; then a
quick slide to the best offer received, which, in the last moments, it offers
back ("frenzy"). It accepts an offer worth at least ``compromise × target``
(``compromise`` from 0.95 down to 0.91 by phase), or, in its first 40 bids,
anything over 0.95. The target is recomputed on each acceptance check and each
bid, so it moves twice per turn, as in the original.

Noise starts at ``0.4 d``. Every 20 opponent offers, the agent compares how
often the opponent used each option in those offers with how often it used
them itself: more similarity than last time adds 0.05 to noise (the opponent
is searching); a better best offer or a worse offer (by the model) adds a step
(between 0.003 and 0.015, from the number of bids it considers); otherwise
noise falls by one to three steps. From ``t = 0.9 d`` the bids are filtered to
those the opponent model rates within 0.84 of the best so far.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import TOLERANCE, Acceptance
from accord.agents.components.boa import ModelledAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Offering
from accord.agents.components.opponent.base import OpponentModel
from accord.agents.components.opponent.gahboninho import GahboninhoModel

PLAYERS = 8
"""The original assumed eight players: ``2 / 8`` is its idea of a poor deal."""
WINDOW = 20
"""Opponent offers per noise re-estimate."""
FIRST_ACTIONS = 40
"""Bids spent coming down from 1 to 0.925 at the start."""


class GahboninhoState:
    """The target, the noise estimate and the option statistics behind them."""

    def __init__(self, view: PartyView, model: GahboninhoModel) -> None:
        self.view = view
        self.model = model
        d = view.preferences.discount
        self.discount = d if 0.001 < d <= 1.0 else 1.0
        self.noise = 0.4 * self.discount
        self.noise_step = 0.01
        self.previous = 1.0
        self.started = False
        self.compromise = 0.95
        self.max_decrease = 0.0009
        self.panic_start = self.panic_end = -1.0
        self.panic_rounds = 1.0
        self.frenzy = False
        self.best_utility = 0.0
        self.best_offer: int | None = None
        self.worst_model = self.previous_worst_model = self.window_worst_model = 1.0
        self.previous_best = 1.0
        self.similarity = 0.2
        self.countdown = WINDOW
        sizes = view.space.sizes
        self.incoming = [np.zeros(k) for k in sizes]
        self.outgoing = [np.zeros(k) for k in sizes]
        self.sent = 0

    def target(self, t: float) -> float:
        """The next recommended offer utility (moves the state, as the original does)."""
        if not self.started:
            self.started = True
            return 1.0
        d, best, share = self.discount, self.best_utility, 1.0 / PLAYERS
        low = d ** (2 * t)
        high = low * (1 + 6 * self.noise * d**5)
        before_panic = best <= 2 * share or t <= 1 - 3 * (
            self.panic_end - self.panic_start
        ) / self.panic_rounds
        if t < 0.85 * d:
            low *= max(best, 0.9125)
        elif t <= 0.92 * d:
            self.compromise = 0.94
            low *= max(best, 0.84)
            high /= low
        elif t <= 0.94 * d:
            self.compromise = 0.93
            low *= max(best, 0.775)
            high /= low
        elif t <= 0.985 * low and before_panic:
            self.compromise, self.max_decrease = 0.91, 0.001
            low *= max(best, 0.7)
            high /= low
            self.panic_start = self.panic_end = t
        elif t <= 0.9996 and before_panic:
            self.panic_end = t
            self.panic_rounds += 1
            self.max_decrease = 0.001 + 0.01 * (t - 0.985) / 0.015
            if 3 * share > best:
                low *= 3.5 * share
                self.compromise = 0.8
            else:
                low *= best
                self.compromise = 0.95
            high /= low
        else:
            self.compromise, self.max_decrease = 0.92, 1.0
            if best < 2 * share:
                low, high = 2 * share, 1.0
            else:
                low = high = best
                self.frenzy = True
        high = max(high, low)
        value = min(1.0, high - (high - low) * t)
        if value + self.max_decrease < self.previous:
            value = self.previous - self.max_decrease
        elif value - 0.005 > self.previous:
            value = self.previous + 0.005
        self.previous = value
        return value

    def record_own(self, outcome: int) -> None:
        """Count the options of one of the agent's own bids."""
        self.sent += 1
        for counts, option in zip(self.outgoing, self.model.options_of(outcome), strict=True):
            counts[option] += 1

    def process(self, offer: int) -> None:
        """Take in one opponent offer (from its second): statistics, or a noise re-estimate."""
        if self.countdown > 0:
            utility = float(self.view.utilities[offer])
            if utility > self.best_utility:
                self.best_utility, self.best_offer = utility, offer
            rated = float(self.model.utilities(np.array([offer]))[0])
            self.window_worst_model = max(self.window_worst_model, rated)
            self.worst_model = min(self.worst_model, rated)
            self.countdown -= 1
            for counts, option in zip(self.incoming, self.model.options_of(offer), strict=True):
                counts[option] += 1
            return
        similarity = self.option_similarity()
        step = self.noise_step
        if similarity > self.similarity:
            self.noise += 0.05
        elif self.best_utility < self.previous_best or self.worst_model < self.previous_worst_model:
            self.noise += step
        else:
            self.noise -= step
            if self.window_worst_model > self.worst_model * 1.2:
                self.noise -= step
            if similarity * 1.1 < self.similarity:
                self.noise -= step
        self.noise = min(max(self.noise, 0.0), 1.0)
        self.similarity = similarity
        self.countdown = WINDOW
        self.previous_best = self.best_utility
        self.window_worst_model = 1.0
        self.previous_worst_model = self.worst_model
        self.incoming = [np.zeros_like(c) for c in self.incoming]

    def option_similarity(self) -> float:
        """``sum (1/n)(1/k)(1 - (own share - opponent share)^2)`` over options both used."""
        n = len(self.incoming)
        total = 0.0
        for mine, theirs in zip(self.outgoing, self.incoming, strict=True):
            both = (mine > 0) & (theirs > 0)
            gap = mine[both] / max(self.sent, 1) - theirs[both] / WINDOW
            total += float((1 - gap * gap).sum()) / (n * mine.size)
        return total


class GahboninhoOffering(Offering):
    """The cheapest candidate bid reaching the target."""

    def __init__(self, view: PartyView, state: GahboninhoState) -> None:
        self.view = view
        self.state = state
        worth = view.utilities
        acceptable = np.flatnonzero(view.acceptable)
        self.best = int(acceptable[np.argmax(worth[acceptable])]) if acceptable.size else None
        self.candidates = np.zeros(0, dtype=np.int64)
        """Candidate bids in increasing own utility (ties by outcome index)."""
        self.first_actions = FIRST_ACTIONS
        self.rounds = 0
        self.filtered = False
        self.checked = False
        """Has the acceptance check already moved the target this turn?"""
        self.processed = 0

    def learn(self, first: int) -> None:
        """Candidates: outcomes at least as good, issue by issue, as the opponent's first offer."""
        space = self.view.space
        tables = self.view.preferences.utility_tables(space)
        options = space.digits_of(np.array([first]))[:, 0]
        acceptable = np.flatnonzero(self.view.acceptable)
        digits = space.digits_of(acceptable)
        keep = np.ones(acceptable.size, dtype=bool)
        relevant = 1.0
        for table, option, row in zip(tables, options, digits, strict=True):
            good = table >= table[option] - TOLERANCE
            keep &= good[row]
            relevant *= int(good.sum())
        self._set(acceptable[keep])
        self.state.noise_step = min(0.015, max(0.003, 0.01 * relevant / 400))

    def _set(self, outcomes: np.ndarray) -> None:
        worth = self.view.utilities
        self.candidates = outcomes[np.lexsort((outcomes, worth[outcomes]))]

    def add(self, outcome: int) -> None:
        """Make one more outcome a candidate (the opponent's best offer)."""
        if self.view.is_acceptable(outcome) and outcome not in self.candidates:
            self._set(np.append(self.candidates, outcome))

    def at_least(self, target: float) -> int | None:
        """The cheapest candidate worth at least ``target``; the best bid if none is."""
        worth = self.view.utilities[self.candidates]
        reach = np.flatnonzero(worth >= target - TOLERANCE)
        return int(self.candidates[reach[0]]) if reach.size else self.best

    def filter(self, t: float) -> None:
        """Keep the bids the model rates within 0.84 of the best seen going down from the top."""
        self.filtered = True
        wanted = int(self.rounds * (1 - t))
        if self.candidates.size <= 200:
            return
        down = self.candidates[::-1]
        if t < 0.94:
            rated = self.state.model.utilities(down)
            ceiling = np.maximum.accumulate(rated)
            keep = np.concatenate(([True], rated[1:] >= 0.84 * ceiling[:-1] - TOLERANCE))
        else:
            keep = np.zeros(down.size, dtype=bool)
            keep[0] = True
        if keep.sum() >= max(wanted / 10, 20):
            self._set(down[keep])

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        if self.best is None:
            return None
        s, t = self.state, state.relative_time
        if not self.checked:
            s.target(t)  # the original computed its acceptance threshold every turn
        self.checked = False
        self.rounds += 1
        if not self.filtered and t > s.discount * 0.9:
            self.filter(t)
        if len(memory.received) < 2:
            choice: int | None = self.best
        elif self.first_actions >= 0 and t < 0.15:
            step = (1 - 0.925) / FIRST_ACTIONS
            choice = self.at_least(0.925 + step * self.first_actions)
            self.first_actions -= 1
        else:
            choice = self.at_least(s.target(t))
            if s.frenzy and s.best_offer is not None and self.view.is_acceptable(s.best_offer):
                choice = s.best_offer
        return choice

    def sent(self, outcome: int) -> None:
        self.state.record_own(outcome)


class GahboninhoAcceptance(Acceptance):
    """Over 0.95 in the first bids, or at least ``compromise × target``."""

    needs_plan = False

    def __init__(self, offering: GahboninhoOffering) -> None:
        self.offering = offering

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        offering, s = self.offering, self.offering.state
        utility = float(view.utilities[offer])
        if offering.first_actions > 0 and utility > 0.95:
            return True
        threshold = s.target(state.relative_time)
        offering.checked = True
        return utility >= s.compromise * threshold - TOLERANCE


class Gahboninho(ModelledAgent):
    """ANAC 2011 runner-up: a hard bargainer that reads the opponent's noise."""

    name = "gahboninho"
    feeds_model = False
    source = (
        "M. Ben Adar, N. Sofy, A. Elimelech. Gahboninho: Strategy for balancing pressure and "
        "compromise in automated negotiation. In Complex Automated Negotiations: Theories, "
        "Models, and Software Competitions, Springer SCI 435, pp. 205-208, 2013 "
        "(ANAC 2011, 2nd place)."
    )
    parameters = MappingProxyType(
        {
            "PlayerCount": PLAYERS,
            "FirstActions": FIRST_ACTIONS,
            "first_actions_floor": 0.925,
            "first_actions_time": 0.15,
            "initial_noise": "0.4 * d",
            "noise_window": WINDOW,
            "MaximalUtilityDecreaseRate": 0.0009,
            "CompromosingFactor": 0.95,
            "phase_floors": (0.9125, 0.84, 0.775, 0.7),
            "filter_ratio": 0.84,
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        model = GahboninhoModel(self.view.space)
        self.model = model
        self.gahbon = GahboninhoState(self.view, model)
        self.offering_ = GahboninhoOffering(self.view, self.gahbon)
        return self.offering_, GahboninhoAcceptance(self.offering_)

    def new_model(self) -> OpponentModel:
        return GahboninhoModel(self.view.space)

    def observe(self, state: NegotiationState) -> None:
        """The first offer fixes the candidate bids; later ones feed statistics, then model."""
        for outcome, _, time in self.memory.observe(state):
            first = self.offering_.processed == 0
            self.offering_.processed += 1
            if first:
                self.offering_.learn(outcome)
                continue
            before = self.gahbon.best_offer
            self.gahbon.process(outcome)
            best = self.gahbon.best_offer
            if best is not None and best != before:
                self.offering_.add(best)
            self.gahbon.model.update(outcome, time)
