"""The engine: views, seeds, results and errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.agents.base import Agent, PartyView
from accord.agents.random_agent import RandomAgent
from accord.analysis import SpaceTooLarge
from accord.model.preferences import Condition, Preferences, RedLine, RuleKind
from accord.model.scenario import Scenario
from accord.protocols.engine import build_views, simulate, stream
from agents.scripted import ScriptedAgent, price_scenario


def log(seed: int, agent: str = "random") -> str:
    result = simulate(
        price_scenario(), "alternating", {"seller": agent, "buyer": agent}, deadline=30, seed=seed
    )
    return json.dumps([e.to_dict() for e in result.events])


def test_the_same_seed_gives_the_same_log_byte_for_byte() -> None:
    assert log(4) == log(4)
    assert len({log(seed) for seed in range(4)}) > 1


def test_each_agent_draws_from_its_own_child_seed() -> None:
    built: dict[str, Agent] = {}

    def keep(view: PartyView, rng: np.random.Generator) -> Agent:
        built[view.party] = RandomAgent(view, rng)
        return built[view.party]

    simulate(price_scenario(), "alternating", {"seller": keep, "buyer": keep}, deadline=1, seed=9)
    seller, buyer = built["seller"].rng, built["buyer"].rng
    assert seller.integers(1 << 30, size=4).tolist() != buyer.integers(1 << 30, size=4).tolist()


def test_result_of_an_agreement() -> None:
    agents = {"seller": ScriptedAgent.script([6]), "buyer": ScriptedAgent.script([], ["accept"])}
    result = simulate(price_scenario(), "alternating", agents, deadline=5, seed=0)
    assert result.agreement and result.outcome == 6
    assert result.package == {"price": 6.0}
    assert result.utilities == pytest.approx({"seller": 0.6, "buyer": 0.4})
    assert (result.rounds, result.time_requests) == (1, 0)


def test_result_without_agreement_gives_reservation_values() -> None:
    agents = {"seller": "hardliner", "buyer": "hardliner"}
    result = simulate(
        price_scenario(buyer_reservation=0.2), "alternating", agents, deadline=5, seed=0
    )
    assert not result.agreement and result.outcome is None and result.package is None
    assert result.utilities == {"seller": 0.3, "buyer": 0.2}
    assert result.rounds == 5


def test_each_view_holds_only_its_own_red_lines() -> None:
    scenario = price_scenario()
    cap = RedLine("cap", RuleKind.FORBID, Condition({"price": frozenset({10})}))
    seller = scenario.preferences["seller"]
    prefs = {
        **scenario.preferences,
        "seller": Preferences(seller.weights, seller.values, seller.reservation, (cap,)),
    }
    views = build_views(Scenario("capped", scenario.parties, scenario.issues, prefs), 5)
    assert views["seller"].feasible.tolist() == [True] * 10 + [False]
    assert views["buyer"].feasible.all()
    assert views["buyer"].utilities.tolist() == [1 - p / 10 for p in range(11)]


def test_errors_are_raised_before_the_first_event() -> None:
    scenario = price_scenario()
    both = {"seller": "boulware", "buyer": "boulware"}
    with pytest.raises(ValueError, match="one agent per party"):
        stream(scenario, "alternating", {"seller": "boulware"}, deadline=5, seed=0)
    with pytest.raises(ValueError, match="deadline"):
        stream(scenario, "alternating", both, deadline=0, seed=0)
    with pytest.raises(KeyError, match="unknown protocol"):
        stream(scenario, "auction", both, deadline=5, seed=0)
    with pytest.raises(TypeError):
        stream(scenario, "alternating", both, deadline=5, seed=0, gap=1.0)
    with pytest.raises(KeyError, match="unknown agent"):
        stream(scenario, "alternating", {**both, "buyer": "genius"}, deadline=5, seed=0)
    with pytest.raises(SpaceTooLarge):
        stream(scenario, "alternating", both, deadline=5, seed=0, max_outcomes=10)


def test_discount_factors_shrink_the_result_with_the_time_taken() -> None:
    from dataclasses import replace

    from agents.scripted import price_scenario

    scenario = price_scenario()
    discounted = replace(
        scenario,
        preferences={
            p: replace(prefs, discount=0.5) if p == "seller" else prefs
            for p, prefs in scenario.preferences.items()
        },
    )
    plain = simulate(
        scenario, "alternating", {"seller": "linear", "buyer": "linear"}, deadline=10, seed=0
    )
    result = simulate(
        discounted, "alternating", {"seller": "linear", "buyer": "linear"}, deadline=10, seed=0
    )
    assert result.events == plain.events  # discounting changes the score, not the play
    ended = result.events[-1].time
    assert 0 < ended <= 1
    assert result.discounted["seller"] == pytest.approx(result.utilities["seller"] * 0.5**ended)
    assert result.discounted["buyer"] == result.utilities["buyer"]
    assert plain.discounted == plain.utilities


def test_a_wall_clock_limit_ends_the_talks_when_the_time_is_up() -> None:
    from agents.scripted import price_scenario

    ticks = iter(range(10_000))  # a fake clock: one second per reading
    result = simulate(
        price_scenario(),
        "alternating",
        {"seller": "hardliner", "buyer": "hardliner"},
        deadline=1000,
        seed=0,
        time_limit=5,
        timer=lambda: float(next(ticks)),
    )
    assert not result.agreement
    assert result.events[-1].kind == "breakdown"
    assert result.rounds < 10


def test_a_wall_clock_limit_needs_a_timer() -> None:
    from agents.scripted import price_scenario

    with pytest.raises(ValueError, match="timer"):
        simulate(
            price_scenario(),
            "alternating",
            {"seller": "linear", "buyer": "linear"},
            deadline=5,
            seed=0,
            time_limit=1.0,
        )
