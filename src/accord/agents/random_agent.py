"""The random agent: a baseline that any strategy worth its name should beat."""

from __future__ import annotations

import numpy as np

from accord.agents.base import Agent, NegotiationState, PartyView, Response


class RandomAgent(Agent):
    """Tables a uniformly random acceptable package; accepts anything acceptable."""

    name = "random"
    stochastic = True

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, rng)
        self.choices = np.flatnonzero(view.acceptable)
        self.choices.setflags(write=False)

    def choose_offer(self, state: NegotiationState) -> int | None:
        """A random acceptable outcome (``None`` when there is none)."""
        if not self.choices.size:
            return None
        return int(self.choices[self.rng.integers(self.choices.size)])

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """Accept anything acceptable."""
        return Response.ACCEPT if self.view.is_acceptable(offer) else Response.REJECT
