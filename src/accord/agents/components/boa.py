"""An agent as a combination of bidding strategy, opponent model and acceptance condition.

:class:`ComponentAgent` wires the parts together (the BOA architecture of
Baarslag et al. 2014). Each turn it first shows the opponent's new offers to
the model, then asks the bidding strategy for its plan (once per turn), and
lets the acceptance condition judge the offer on the table against that plan.
Subclasses say which parts to use in :meth:`ComponentAgent.build`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from accord.agents.base import Agent, NegotiationState, PartyView, Response
from accord.agents.components.acceptance import Acceptance
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Offering
from accord.agents.components.opponent.base import OpponentModel


class ComponentAgent(Agent):
    """An agent assembled from components; subclasses implement :meth:`build`."""

    source: ClassVar[str] = ""
    """Where the strategy is published (citation)."""
    parameters: ClassVar[Mapping[str, Any]] = {}
    """The strategy's parameters and their values, as documented."""
    feeds_model: ClassVar[bool] = True
    """Show every new opponent offer to the model? (Not when the strategy decides itself.)"""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        super().__init__(view, rng)
        self.memory = Memory(view.party)
        self.model: OpponentModel | None = None
        self.models: dict[str, OpponentModel] = {}
        self.offering, self.acceptance = self.build()
        self._plan_key: tuple[int, int, int] | None = None
        self._plan: int | None = None

    def build(self) -> tuple[Offering, Acceptance]:
        """Create the bidding strategy and the acceptance condition (and set ``self.model``)."""
        raise NotImplementedError

    def new_model(self) -> OpponentModel | None:
        """A fresh model for one more opponent (multilateral talks: one per opponent)."""
        return None

    def observe(self, state: NegotiationState) -> None:
        """Show the opponents' new offers to their models.

        The first opponent to make an offer is modelled by :attr:`model`; any
        further one (multilateral talks) gets a model of its own from :meth:`new_model`.
        """
        for outcome, sender, time in self.memory.observe(state):
            if not self.feeds_model:
                continue
            model = self.models.get(sender)
            if model is None:
                model = self.model if not self.models else self.new_model()
                if model is None:
                    continue
                self.models[sender] = model
            model.update(outcome, time)

    def plan(self, state: NegotiationState) -> int | None:
        """The bidding strategy's offer for this turn (asked once per turn)."""
        key = (state.round, len(self.memory.received), len(self.memory.sent))
        if key != self._plan_key:
            self._plan_key = key
            self._plan = self.offering.next(state, self.memory)
        return self._plan

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """Accept when the acceptance condition approves the offer against the plan."""
        self.observe(state)
        planned = self.plan(state) if self.acceptance.needs_plan else None
        accepted = self.acceptance.accepts(self.view, state, offer, planned, self.memory)
        return Response.ACCEPT if accepted else Response.REJECT

    def choose_offer(self, state: NegotiationState) -> int | None:
        """The planned offer."""
        self.observe(state)
        outcome = self.plan(state)
        if outcome is not None:
            self.offering.sent(outcome)
            self._plan_key = None
        return outcome


class ModelledAgent(ComponentAgent):
    """A component agent with an opponent model: it answers ``estimated_opponent_utilities``."""

    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        """The model's predicted opponent utilities (:class:`~accord.agents.base.ModelsOpponent`).

        Before any offer has been seen, the untrained model's prediction.
        """
        index = np.asarray(indices, dtype=np.int64)
        if opponent is not None and opponent in self.models:
            return self.models[opponent].utilities(index)
        if len(self.models) > 1:
            return np.mean([m.utilities(index) for m in self.models.values()], axis=0)
        if self.model is None:
            raise RuntimeError(f"{type(self).__name__} has no opponent model")
        return self.model.utilities(index)
