"""The hard-liner."""

from __future__ import annotations

from accord.agents.hardliner import Hardliner
from agents.contract import AgentContract
from agents.scripted import ScriptedAgent, price_scenario, versus


class TestHardliner(AgentContract):
    agent = Hardliner

    def test_repeats_its_best_and_accepts_only_that(self) -> None:
        buyer = ScriptedAgent.script([5, 9, 10])
        trace = versus(price_scenario(buyer_reservation=0.0), {"seller": Hardliner, "buyer": buyer})
        assert trace == [
            (1, "seller", "propose", 10),
            (1, "buyer", "reject", 10),
            (1, "buyer", "propose", 5),
            (2, "seller", "reject", 5),
            (2, "seller", "propose", 10),
            (2, "buyer", "reject", 10),
            (2, "buyer", "propose", 9),
            (3, "seller", "reject", 9),
            (3, "seller", "propose", 10),
            (3, "buyer", "reject", 10),
            (3, "buyer", "propose", 10),
            (4, "seller", "accept", 10),
            (4, "chair", "agreement", 10),
        ]
