"""ParsAgent: its target, acceptance and the bids it builds from the others; the contract."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.anac.pars_agent import ParsAgent, ParsOffering
from accord.agents.base import Message, NegotiationState, Response
from accord.protocols.engine import build_views, simulate
from agents.contract import AgentContract, play, seller_view
from agents.scripted import fruit_scenario, price_scenario


def test_target_is_boulware_with_a_floor() -> None:
    offering = ParsOffering(seller_view(), np.random.default_rng(0))
    assert offering.target(0.5) == pytest.approx(1 - 0.5 ** (1 / 0.15))
    assert offering.target(0.99) == pytest.approx(0.7)


def test_top_two_follows_the_single_pass() -> None:
    assert ParsOffering.top_two(np.array([3, 5, 4])) == (1, 2)
    assert ParsOffering.top_two(np.array([5, 3, 4])) == (0, 2)
    assert ParsOffering.top_two(np.array([0, 0])) == (None, None)


def test_mutual_options_of_the_two_others() -> None:
    scenario = fruit_scenario()
    view = build_views(scenario, 10)["seller"]
    offering = ParsOffering(view, np.random.default_rng(0))
    history = (
        Message(1, "buyer", "propose", 7),  # (plum, m)
        Message(1, "broker", "propose", 8),  # (plum, l)
        Message(2, "buyer", "propose", 7),
        Message(2, "broker", "propose", 6),  # (plum, s)
    )
    offering.read(NegotiationState(2, 0.2, 10, history))
    # both favour plum; on size the buyer's m (2) against the broker's l and s (1 each):
    # no agreement on the top options, and with fewer than half agreeing and nothing
    # accepted, any of the top two: buyer {m, -}, broker {l, s}: none.
    assert offering.mutual().tolist() == [2, 0]


def test_offers_accepted_by_somebody_are_remembered_best_first() -> None:
    view = build_views(price_scenario(parties=("seller", "buyer", "broker")), 10)["seller"]
    offering = ParsOffering(view, np.random.default_rng(0))
    history = (
        Message(1, "buyer", "propose", 4),
        Message(1, "broker", "accept", 4),
        Message(2, "buyer", "propose", 7),
        Message(2, "broker", "accept", 7),
    )
    offering.read(NegotiationState(2, 0.2, 10, history))
    assert offering.accepted == [7, 4]
    assert offering.last_kind == "accept"


class TestParsAgent(AgentContract):
    agent = ParsAgent

    def test_opens_with_its_best_and_accepts_above_its_target(self) -> None:
        agent = ParsAgent(seller_view(deadline=100), np.random.default_rng(0))
        # At t = 0.01 the target is 1 - 0.01^(1/0.15), just below 1: only price 10 is above
        # it, and 9 (0.9) is not.
        moves = play(agent, [0, 9, 10], deadline=100)
        assert moves[:2] == [(Response.REJECT, 10), (Response.REJECT, 10)]
        assert moves[2][0] is Response.ACCEPT

    def test_plays_multilateral_talks(self) -> None:
        scenario = price_scenario(parties=("seller", "buyer", "broker"))
        agents = {"seller": ParsAgent, "buyer": "conceder", "broker": ParsAgent}
        result = simulate(scenario, "alternating", agents, deadline=30, seed=1)
        assert result.events[-1].kind in ("agreement", "breakdown")
        offers = [e for e in result.events if e.sender == "seller" and e.kind == "propose"]
        assert offers and all(e.outcome is not None and e.outcome >= 3 for e in offers)
