"""Double-blind bidding, traced against scripted bidders."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from accord.agents.base import NegotiationState, Response
from accord.model.issues import Issue
from accord.model.preferences import DiscreteValues, Preferences
from accord.model.scenario import Actor, Scenario
from accord.protocols.blind_bid import BlindBid
from accord.protocols.engine import build_views, simulate
from agents.scripted import ScriptedAgent, price_scenario, versus


def bids(seller: list[int | None], buyer: list[int | None], **options: object) -> list[tuple]:
    agents = {"seller": ScriptedAgent.script(seller), "buyer": ScriptedAgent.script(buyer)}
    return versus(price_scenario(), agents, protocol="blind-bid", deadline=4, **options)


def test_bids_that_meet_settle_there() -> None:
    assert bids([8, 7, 6], [2, 4, 6]) == [
        (1, "seller", "propose", 8),
        (1, "buyer", "propose", 2),
        (2, "seller", "propose", 7),
        (2, "buyer", "propose", 4),
        (3, "seller", "propose", 6),
        (3, "buyer", "propose", 6),
        (3, "chair", "agreement", 6),
    ]


def test_crossed_bids_settle_at_the_midpoint() -> None:
    assert bids([5], [7])[-1] == (1, "chair", "agreement", 6)
    assert bids([4], [7])[-1] == (1, "chair", "agreement", 5)  # 5.5 is a tie: the lower option


def test_bids_within_the_gap_settle_at_the_midpoint() -> None:
    assert bids([6], [4], gap=2.0)[-1] == (1, "chair", "agreement", 5)
    assert bids([7], [4], gap=2.0)[-1] == (4, "chair", "breakdown", None)


def test_no_settlement_outside_anyone_s_limits() -> None:
    # Bids 7 and 3 lie within the gap of 5, but the midpoint 5 is worth only 0.5 to each
    # party and both hold out for 0.7: the chair does not settle.
    strict = price_scenario(seller_reservation=0.7, buyer_reservation=0.7)
    agents = {"seller": ScriptedAgent.script([7]), "buyer": ScriptedAgent.script([3])}
    result = simulate(strict, "blind-bid", agents, deadline=2, seed=0, gap=5.0)
    assert [str(e.kind) for e in result.events] == ["propose"] * 4 + ["breakdown"]


def test_bids_go_to_the_chair_alone_and_only_the_outcome_is_announced() -> None:
    result = simulate(
        price_scenario(),
        "blind-bid",
        {"seller": ScriptedAgent.script([9, 6]), "buyer": ScriptedAgent.script([1, 6])},
        deadline=3,
        seed=0,
    )
    for event in result.events[:-1]:
        assert event.kind == "propose" and event.recipients == ("chair",)
    assert result.events[0].payload == {"outcome": 9, "package": {"price": 9.0}, "value": 9.0}
    assert result.events[-1].recipients == ("seller", "buyer")


class Spy(ScriptedAgent):
    """Bids like a scripted agent and keeps every state it was shown."""

    seen: ClassVar[list[NegotiationState]] = []

    def choose_offer(self, state: NegotiationState) -> int | None:
        Spy.seen.append(state)
        return super().choose_offer(state)

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        raise AssertionError("nobody is asked to respond in blind bidding")


def test_a_bidder_sees_only_its_own_bids() -> None:
    Spy.seen = []
    spy = lambda view, rng: Spy(view, rng, [9, 8, 7])  # noqa: E731
    simulate(
        price_scenario(), "blind-bid", {"seller": spy, "buyer": "hardliner"}, deadline=3, seed=0
    )
    assert [m.sender for s in Spy.seen for m in s.history] == ["seller"] * 3
    assert [len(s.history) for s in Spy.seen] == [0, 1, 2]


def test_other_issues_are_held_fixed() -> None:
    base = price_scenario()
    venue = Issue("venue", "Venue", ("here", "there"))
    scenario = Scenario("two", base.parties, (*base.issues, venue), base.preferences)
    protocol = BlindBid(issue="price", fixed={"venue": "there"})
    assert protocol.line(scenario).outcomes.tolist() == list(range(1, 22, 2))
    views = build_views(scenario, 5, protocol.on_table(scenario))
    assert np.flatnonzero(views["seller"].acceptable).tolist() == list(range(7, 22, 2))
    result = simulate(
        scenario,
        "blind-bid",
        {"seller": "conceder", "buyer": "conceder"},
        deadline=5,
        seed=0,
        issue="price",
        fixed={"venue": "there"},
    )
    assert result.agreement and result.package is not None and result.package["venue"] == "there"


def test_set_up_errors_are_explained() -> None:
    base = price_scenario()
    venue = Issue("venue", "Venue", ("here", "there"))
    scenario = Scenario("two", base.parties, (*base.issues, venue), base.preferences)
    with pytest.raises(ValueError, match="needs the issue"):
        BlindBid().line(scenario)
    with pytest.raises(ValueError, match="fixed option for issue 'venue'"):
        BlindBid(issue="price").line(scenario)
    with pytest.raises(ValueError, match="no issue 'cost'"):
        BlindBid(issue="cost").line(scenario)
    with pytest.raises(ValueError, match="gap"):
        BlindBid(gap=-1.0)


def test_a_discrete_issue_is_bid_on_by_option_position() -> None:
    issue = Issue("term", "Term", ("short", "medium", "long"))
    prefs = {
        "a": Preferences(
            {"term": 1.0}, {"term": DiscreteValues({"short": 0, "medium": 0.5, "long": 1})}
        ),
        "b": Preferences(
            {"term": 1.0}, {"term": DiscreteValues({"short": 1, "medium": 0.5, "long": 0})}
        ),
    }
    scenario = Scenario("term", (Actor("a", "A"), Actor("b", "B")), (issue,), prefs)
    agents = {"a": ScriptedAgent.script([2]), "b": ScriptedAgent.script([0])}
    result = simulate(scenario, "blind-bid", agents, deadline=1, seed=0, gap=2.0)
    assert result.events[0].payload["value"] == 2.0
    assert result.package == {"term": "medium"}
    assert result.events[-1].payload["value"] == 1.0
