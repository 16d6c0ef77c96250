"""A Boulware negotiator that asks for time to study a promising proposal.

Real parties rarely answer a new framework on the spot: in the Cairo talks one
side asked for more time to review the mediators' text. This agent concedes
like :class:`~accord.agents.time_dependent.Boulware`, but when it is shown a
package it has not studied yet and that comes within :attr:`Reviewer.margin`
of what it would accept now, it asks for time once before answering.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from accord.agents.base import NegotiationState, PartyView, Response
from accord.agents.time_dependent import Boulware


class Reviewer(Boulware):
    """Boulware that requests time, once per package, for near-acceptable offers."""

    name = "reviewer"
    margin: ClassVar[float] = 0.1
    """How far below its current target an offer may be and still be worth studying."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, rng)
        self.studied: set[int] = set()

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """Accept as Boulware would; otherwise ask for time to study a close offer once."""
        answer = super().choose_response(state, offer)
        if answer is Response.ACCEPT or offer in self.studied or not len(self.ladder):
            return answer
        if self.view.utilities[offer] < self.target(state.relative_time) - self.margin:
            return answer
        self.studied.add(offer)
        return Response.REQUEST_TIME
