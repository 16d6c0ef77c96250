"""Stacked alternating offers, traced against scripted parties."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.base import NegotiationState, PartyView, Response
from accord.protocols.alternating import AlternatingOffers
from accord.protocols.engine import simulate
from agents.scripted import ScriptedAgent, price_scenario, versus

THREE = price_scenario(parties=("seller", "broker", "buyer"))


def test_an_offer_stands_until_everyone_else_accepts_it() -> None:
    agents = {
        "seller": ScriptedAgent.script([8], ["accept"]),
        "broker": ScriptedAgent.script([], ["accept", "accept"]),
        "buyer": ScriptedAgent.script([5], ["reject"]),
    }
    assert versus(THREE, agents) == [
        (1, "seller", "propose", 8),
        (1, "broker", "accept", 8),
        (1, "buyer", "reject", 8),
        (1, "buyer", "propose", 5),
        (2, "seller", "accept", 5),
        (2, "broker", "accept", 5),
        (2, "chair", "agreement", 5),
    ]


def test_messages_go_to_the_other_parties_and_announcements_to_all() -> None:
    agents = {"seller": ScriptedAgent.script([6]), "buyer": ScriptedAgent.script([], ["accept"])}
    events = simulate(price_scenario(), "alternating", agents, deadline=3, seed=0).events
    assert [(e.sender, e.recipients) for e in events] == [
        ("seller", ("buyer",)),
        ("buyer", ("seller",)),
        ("chair", ("seller", "buyer")),
    ]
    assert events[-1].payload == {"outcome": 6, "package": {"price": 6.0}}


def test_time_is_granted_a_bounded_number_of_times() -> None:
    agents = {
        "seller": ScriptedAgent.script([7], ["accept"]),
        "buyer": ScriptedAgent.script([4], ["request_time", "request_time"]),
    }
    result = simulate(
        price_scenario(),
        "alternating",
        agents,
        deadline=2,
        seed=0,
        max_extensions=1,
        extension_rounds=3,
    )
    assert [(e.round, e.sender, str(e.kind), e.recipients) for e in result.events] == [
        (1, "seller", "propose", ("buyer",)),
        (1, "buyer", "request_time", ("chair",)),
        (1, "chair", "grant_time", ("seller", "buyer")),
        # The buyer keeps the floor; its second request finds no extension left.
        (2, "buyer", "request_time", ("chair",)),
        (2, "chair", "refuse_time", ("buyer",)),
        (2, "buyer", "reject", ("seller",)),
        (2, "buyer", "propose", ("seller",)),
        (2, "seller", "accept", ("buyer",)),
        (2, "chair", "agreement", ("seller", "buyer")),
    ]
    assert result.events[2].payload == {"requested_by": "buyer", "rounds": 3, "deadline": 5}
    assert result.time_requests == 2
    assert result.events[-1].time == pytest.approx(2 / 5)  # the deadline moved to 5


def test_walking_away_breaks_the_talks_down() -> None:
    agents = {"seller": ScriptedAgent.script([9]), "buyer": ScriptedAgent.script([None])}
    assert versus(price_scenario(), agents)[-3:] == [
        (1, "buyer", "reject", 9),
        (1, "buyer", "walk_away", None),
        (1, "chair", "breakdown", None),
    ]


def test_the_deadline_ends_the_talks_at_time_one() -> None:
    agents = {"seller": ScriptedAgent.script([9]), "buyer": ScriptedAgent.script([1])}
    result = simulate(price_scenario(), "alternating", agents, deadline=4, seed=0)
    last = result.events[-1]
    assert (last.round, last.time, str(last.kind)) == (4, 1.0, "breakdown")
    assert last.payload == {"reason": "deadline"}
    assert all(0 < e.time <= 1 for e in result.events)
    assert result.rounds == 4 and not result.agreement


def test_a_lone_party_agrees_with_itself() -> None:
    scenario = price_scenario(parties=("seller",))
    assert versus(scenario, {"seller": "boulware"}) == [
        (1, "seller", "propose", 10),
        (1, "chair", "agreement", 10),
    ]


class Cheat:
    """Not an Agent subclass, so nothing guards it but the protocol."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view

    def propose(self, state: NegotiationState) -> int | None:
        return 0  # worth nothing to the seller: below its reservation value

    def respond(self, state: NegotiationState, offer: int) -> Response:
        return Response.ACCEPT


def test_the_protocol_refuses_moves_across_a_partys_limits() -> None:
    # As seller, the cheat's offer of 0 is below its own reservation value: it walks away.
    cheat_sells = versus(price_scenario(), {"seller": Cheat, "buyer": "boulware"})  # type: ignore[dict-item]
    assert cheat_sells == [(1, "seller", "walk_away", None), (1, "chair", "breakdown", None)]
    # As buyer, its acceptance of 9 (worth 0.1 to the buyer) counts as a rejection.
    cheat_buys = versus(price_scenario(), {"seller": ScriptedAgent.script([9]), "buyer": Cheat})  # type: ignore[dict-item]
    assert cheat_buys[:3] == [
        (1, "seller", "propose", 9),
        (1, "buyer", "reject", 9),
        (1, "buyer", "propose", 0),
    ]


def test_options_are_checked() -> None:
    with pytest.raises(ValueError):
        AlternatingOffers(max_extensions=-1)
