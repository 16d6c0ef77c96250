"""Tit-for-tat."""

from __future__ import annotations

from accord.agents.tit_for_tat import TitForTat
from agents.contract import AgentContract
from agents.scripted import ScriptedAgent, price_scenario, versus


def seller_offers(trace: list[tuple[int, str, str, int | None]]) -> list[int | None]:
    return [o for _, who, kind, o in trace if who == "seller" and kind == "propose"]


class TestTitForTat(AgentContract):
    agent = TitForTat

    def test_matches_each_concession_in_its_own_utility(self) -> None:
        # The buyer concedes 0.1 of the seller's utility, then 0.2, then nothing.
        buyer = ScriptedAgent.script([0, 1, 3, 3, 3])
        trace = versus(price_scenario(), {"seller": TitForTat, "buyer": buyer}, deadline=6)
        assert seller_offers(trace) == [10, 10, 9, 7, 7, 7]

    def test_hardens_when_the_other_side_retracts(self) -> None:
        buyer = ScriptedAgent.script([0, 2, 4, 3, 3])
        trace = versus(price_scenario(), {"seller": TitForTat, "buyer": buyer}, deadline=6)
        assert seller_offers(trace) == [10, 10, 8, 6, 7, 7]

    def test_never_concedes_first(self) -> None:
        buyer = ScriptedAgent.script([2])
        trace = versus(price_scenario(), {"seller": TitForTat, "buyer": buyer}, deadline=5)
        assert set(seller_offers(trace)) == {10}
        assert trace[-1] == (5, "chair", "breakdown", None)
