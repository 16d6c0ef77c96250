"""Time-dependent concession (Faratin, Sierra & Jennings 1998).

The target utility falls from the best acceptable utility to the reservation
value as time runs out: ``u(t) = max_u - (max_u - reservation) * t ** (1 / e)``.
Boulware (``e < 1``) holds firm until late, Conceder (``e > 1``) gives ground
early, Linear (``e = 1``) in between. Each offer is the acceptable outcome
closest above the target; an offer is accepted when it is worth at least the
agent's own next proposal.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from accord.agents.base import Agent, NegotiationState, PartyView, Response
from accord.agents.ladder import Ladder, as_good_as_mine


class TimeDependent(Agent):
    """Concede along ``u(t)``; subclasses fix the exponent ``e``."""

    exponent: ClassVar[float]
    """The concession exponent ``e``."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, rng)
        self.ladder = Ladder.of(view)

    def target(self, time: float) -> float:
        """Target utility at relative time ``time``."""
        t = min(max(time, 0.0), 1.0)
        top = self.ladder.top
        return top - (top - self.view.reservation) * t ** (1.0 / self.exponent)

    def choose_offer(self, state: NegotiationState) -> int | None:
        """The acceptable outcome closest above the current target."""
        return self.ladder.at_least(self.target(state.relative_time))

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """Accept when ``offer`` is worth at least the agent's own next proposal."""
        return as_good_as_mine(self.view, offer, self.choose_offer(state))


class Boulware(TimeDependent):
    """Holds firm and concedes late (``e = 0.2``)."""

    name = "boulware"
    exponent = 0.2


class Linear(TimeDependent):
    """Concedes at a constant rate (``e = 1``)."""

    name = "linear"
    exponent = 1.0


class Conceder(TimeDependent):
    """Concedes early (``e = 5``)."""

    name = "conceder"
    exponent = 5.0
