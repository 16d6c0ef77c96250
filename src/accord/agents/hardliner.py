"""The hard-liner: the best package or nothing, whatever the time."""

from __future__ import annotations

import numpy as np

from accord.agents.base import Agent, NegotiationState, PartyView, Response
from accord.agents.ladder import TOLERANCE, Ladder


class Hardliner(Agent):
    """Always tables its best acceptable package; accepts only that good or better."""

    name = "hardliner"

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, rng)
        self.ladder = Ladder.of(view)

    def choose_offer(self, state: NegotiationState) -> int | None:
        """The best acceptable outcome."""
        return self.ladder.best

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """Accept only an offer worth the best acceptable utility."""
        if not len(self.ladder):
            return Response.REJECT
        good = self.view.utilities[offer] >= self.ladder.top - TOLERANCE
        return Response.ACCEPT if good else Response.REJECT
