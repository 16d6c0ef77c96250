"""Tit-for-tat: concede as much as the others just conceded, in one's own utility.

The agent opens with its best package. Afterwards it compares the last two
offers it received, measured in its own utility: if the latest is worth
``d`` more than the one before, its own next target is ``d`` below its last
offer (and ``d`` above it when the others retreat), between its reservation
value and its best. It accepts an offer worth at least its own next proposal.
"""

from __future__ import annotations

import numpy as np

from accord.agents.base import Agent, NegotiationState, PartyView, Response
from accord.agents.ladder import Ladder, as_good_as_mine


class TitForTat(Agent):
    """Reciprocate the others' concessions, measured in this party's utility."""

    name = "tit-for-tat"

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, rng)
        self.ladder = Ladder.of(view)

    def target(self, state: NegotiationState) -> float:
        """The utility to aim at after the others' latest move."""
        worth = self.view.utilities
        mine = state.offers(by=self.view.party)
        theirs = state.offers(excluding=self.view.party)
        if not mine:
            return self.ladder.top
        if len(theirs) < 2:
            return float(worth[mine[-1]])
        conceded = float(worth[theirs[-1]] - worth[theirs[-2]])
        target = float(worth[mine[-1]]) - conceded
        return min(max(target, self.view.reservation), self.ladder.top)

    def choose_offer(self, state: NegotiationState) -> int | None:
        """The acceptable outcome closest above the reciprocal target."""
        return self.ladder.at_least(self.target(state))

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """Accept when ``offer`` is worth at least the agent's own next proposal."""
        return as_good_as_mine(self.view, offer, self.choose_offer(state))
