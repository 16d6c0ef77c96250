"""Time-dependent concession: Boulware, Linear and Conceder."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.time_dependent import Boulware, Conceder, Linear, TimeDependent
from accord.model.issues import Issue
from accord.model.preferences import DiscreteValues, Preferences
from accord.model.scenario import Actor, Scenario
from accord.protocols.engine import simulate
from agents.contract import AgentContract, seller_view
from agents.scripted import ScriptedAgent, price_scenario, versus

# The buyer opens at 0 and raises its offer by 1 each round.
RISING_BUYER = ScriptedAgent.script(range(11))


class TestBoulware(AgentContract):
    agent = Boulware

    def test_holds_firm_then_concedes_late(self) -> None:
        trace = versus(price_scenario(), {"seller": Boulware, "buyer": RISING_BUYER})
        seller_offers = [o for _, who, kind, o in trace if who == "seller" and kind == "propose"]
        assert seller_offers == [10, 10, 10, 10, 10, 10, 9, 8]
        assert trace[-2:] == [(9, "seller", "accept", 7), (9, "chair", "agreement", 7)]


class TestLinear(AgentContract):
    agent = Linear

    def test_concedes_steadily_and_accepts_what_beats_its_next_offer(self) -> None:
        trace = versus(price_scenario(), {"seller": Linear, "buyer": RISING_BUYER})
        seller_offers = [o for _, who, kind, o in trace if who == "seller" and kind == "propose"]
        assert seller_offers == [10, 9, 8, 8, 7, 6, 6]
        # At round 8 its next offer would be worth 0.44 -> price 5; the buyer offers 6.
        assert trace[-2:] == [(8, "seller", "accept", 6), (8, "chair", "agreement", 6)]


class TestConceder(AgentContract):
    agent = Conceder

    def test_gives_ground_early(self) -> None:
        trace = versus(price_scenario(), {"seller": Conceder, "buyer": RISING_BUYER})
        seller_offers = [o for _, who, kind, o in trace if who == "seller" and kind == "propose"]
        assert seller_offers == [6, 5, 5, 5, 4]
        assert trace[-1] == (6, "chair", "agreement", 4)


@pytest.mark.parametrize("cls", [Boulware, Linear, Conceder])
def test_target_runs_from_the_best_utility_to_the_reservation(cls: type[TimeDependent]) -> None:
    agent = cls(seller_view(), np.random.default_rng(0))
    assert agent.target(0.0) == 1.0
    assert agent.target(1.0) == pytest.approx(0.3)
    times = np.linspace(0, 1, 21)
    assert np.all(np.diff([agent.target(t) for t in times]) <= 0)


def test_boulware_stays_above_linear_above_conceder() -> None:
    view = seller_view()
    boulware, linear, conceder = (
        c(view, np.random.default_rng(0)) for c in (Boulware, Linear, Conceder)
    )
    for t in np.linspace(0.05, 0.95, 19):
        assert boulware.target(t) > linear.target(t) > conceder.target(t)


def test_offers_the_outcome_closest_above_the_target_lowest_index_on_ties() -> None:
    # Two issues, the second worthless to the seller: every price level is a tie of two outcomes.
    base = price_scenario()
    venue = Issue("venue", "Venue", ("here", "there"))
    scenario = Scenario("tied", base.parties, (*base.issues, venue), base.preferences)
    agent = Linear(seller_view(scenario), np.random.default_rng(0))
    assert agent.ladder.at_least(0.55) == 12  # price 6 at the first venue (index 6 * 2 + 0)
    assert agent.ladder.at_least(0.6) == 12
    assert agent.ladder.at_least(2.0) == 20  # above the top: the best outcome


def test_concession_alone_can_miss_a_zopa_hidden_behind_ties() -> None:
    # Option z is the only package both accept, but each party values a decoy the other
    # rejects exactly as much, with a lower index: each offers its decoy at that level,
    # and no time-dependent pair ever tables z. Agreement is only guaranteed where the
    # interests are opposed along one line (see tests/protocols/test_properties.py).
    issue = Issue("deal", "Deal", ("a-decoy", "b-decoy", "a-best", "b-best", "a-low", "b-low", "z"))
    a = dict(zip(issue.options, (0.75, 0, 1, 0, 0.5, 0, 0.75), strict=True))
    b = dict(zip(issue.options, (0, 0.75, 0, 1, 0, 0.5, 0.75), strict=True))
    prefs = {
        p: Preferences({"deal": 1.0}, {"deal": DiscreteValues(v)}, 0.5)
        for p, v in (("a", a), ("b", b))
    }
    scenario = Scenario("ties", (Actor("a", "A"), Actor("b", "B")), (issue,), prefs)
    for name in ("boulware", "linear", "conceder"):
        result = simulate(scenario, "alternating", {"a": name, "b": name}, deadline=100, seed=0)
        assert not result.agreement
        assert 6 not in {e.outcome for e in result.events}
