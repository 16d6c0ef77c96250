"""The reviewer: Boulware that asks for time to study a close proposal."""

from __future__ import annotations

from accord.agents.reviewer import Reviewer
from accord.protocols.engine import simulate
from agents.contract import AgentContract
from agents.scripted import ScriptedAgent, price_scenario


class TestReviewer(AgentContract):
    agent = Reviewer


def test_asks_for_time_once_per_close_offer_and_the_chair_grants_it() -> None:
    # The buyer holds at 6; the seller's Boulware target falls toward it late on.
    result = simulate(
        price_scenario(),
        "alternating",
        {"seller": Reviewer, "buyer": ScriptedAgent.script([6] * 40)},
        deadline=40,
        seed=1,
        max_extensions=1,
        extension_rounds=5,
    )
    kinds = [e.kind for e in result.events]
    assert kinds.count("request_time") >= 1
    assert "grant_time" in kinds
    requests = [e for e in result.events if e.kind == "request_time"]
    assert all(e.sender == "seller" for e in requests)
    # Never twice for the same package.
    studied = [e.payload.get("outcome") for e in requests]
    assert len(studied) == len(set(studied))
    assert result.time_requests == len(requests)
