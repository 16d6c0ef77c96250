"""The contract every agent keeps: a built-in agent's test class inherits it.

``class TestBoulware(AgentContract)`` with ``agent = Boulware`` gets every
check below for free.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.base import Agent, Message, NegotiationState, PartyView, Response
from accord.agents.registry import BUILTINS, resolve
from accord.model.preferences import Condition, RedLine, RuleKind
from accord.model.scenario import Scenario
from accord.protocols.engine import build_views, simulate
from agents.scripted import price_scenario

from strategies import scenarios

INCOMING = (0, 3, 1, 10, 5, 5, 7, 2, 9, 10, 4, 6)
"""Offers a made-up opponent tables, one per round, on the price scenario."""


def play(
    agent: Agent, incoming: Sequence[int], deadline: int | None = None
) -> list[tuple[Response, int | None]]:
    """Drive one agent alone: each round it answers the opponent's offer, then proposes."""
    deadline = deadline or len(incoming)
    party = agent.view.party
    history: list[Message] = []
    moves = []
    for r, offer in enumerate(incoming, start=1):
        history.append(Message(r, "opponent", "propose", offer))
        response = agent.respond(NegotiationState(r, r / deadline, deadline, tuple(history)), offer)
        history.append(Message(r, party, str(response), offer))
        proposal = agent.propose(NegotiationState(r, r / deadline, deadline, tuple(history)))
        history.append(
            Message(r, party, "propose" if proposal is not None else "walk_away", proposal)
        )
        moves.append((response, proposal))
    return moves


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(), data=st.data())
def stays_within_limits(cls: type[Agent], scenario: Scenario, data: st.DataObject) -> None:
    """Offered anything at all, an agent proposes and accepts only what it may."""
    size = scenario.space.size
    incoming = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=12))
    for view in build_views(scenario, deadline=len(incoming)).values():
        agent = cls(view, np.random.default_rng(0))
        for offer, (response, proposal) in zip(incoming, play(agent, incoming), strict=True):
            assert proposal is None or 0 <= proposal < size
            assert proposal is None or view.acceptable[proposal]
            assert response is not Response.ACCEPT or view.acceptable[offer]


def seller_view(scenario: Scenario | None = None, deadline: int = 12) -> PartyView:
    """The seller's view of the price scenario."""
    return build_views(scenario or price_scenario(), deadline)["seller"]


class AgentContract:
    """Checks every agent must pass; subclasses set :attr:`agent`."""

    agent: ClassVar[type[Agent]]

    def test_is_registered_with_its_metadata(self) -> None:
        assert self.agent in BUILTINS
        assert resolve(self.agent.name) is self.agent
        assert isinstance(self.agent.stochastic, bool)

    def test_same_seed_same_play(self) -> None:
        view = seller_view()
        first = play(self.agent(view, np.random.default_rng(7)), INCOMING)
        second = play(self.agent(view, np.random.default_rng(7)), INCOMING)
        assert first == second
        runs = [
            simulate(
                price_scenario(),
                "alternating",
                {"seller": self.agent, "buyer": "random"},
                deadline=20,
                seed=5,
            )
            for _ in range(2)
        ]
        assert [e.to_dict() for e in runs[0].events] == [e.to_dict() for e in runs[1].events]

    def test_rebuilt_and_pickled_agents_play_alike(self) -> None:
        view = seller_view()
        original = self.agent(view, np.random.default_rng(3))
        rebuilt = self.agent(view, np.random.default_rng(3))
        assert play(original, INCOMING[:6], 12) == play(rebuilt, INCOMING[:6], 12)
        copy = pickle.loads(pickle.dumps(original))
        assert not copy.view.utilities.flags.writeable
        assert play(copy, INCOMING, 12)[6:] == play(original, INCOMING, 12)[6:]

    def test_never_leaves_its_limits(self) -> None:
        stays_within_limits(self.agent)

    def test_never_crosses_a_red_line_it_would_like(self) -> None:
        # The seller would love a price of 9 or 10 but has sworn never to charge it.
        scenario = price_scenario()
        banned = RedLine("cap", RuleKind.FORBID, Condition({"price": frozenset({9, 10})}))
        seller = scenario.preferences["seller"]
        prefs = {
            **scenario.preferences,
            "seller": type(seller)(seller.weights, seller.values, seller.reservation, (banned,)),
        }
        scenario = Scenario(scenario.name, scenario.parties, scenario.issues, prefs)
        agent = self.agent(seller_view(scenario), np.random.default_rng(1))
        for response, proposal in play(agent, [10, 9] * 6):
            assert response is Response.REJECT
            assert proposal is not None and 3 <= proposal <= 8

    def test_walks_away_when_nothing_is_acceptable(self) -> None:
        view = seller_view(price_scenario(seller_reservation=1.5))
        agent = self.agent(view, np.random.default_rng(1))
        assert play(agent, [10, 0, 5]) == [(Response.REJECT, None)] * 3
