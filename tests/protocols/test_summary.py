"""Measuring a finished run: distance to the Pareto frontier and the Nash point, verdicts."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from accord.analysis import analyze
from accord.analysis.summary import shown
from accord.io import load_scenario
from accord.model.scenario import Scenario
from accord.protocols.engine import SimulationResult, simulate
from accord.protocols.summary import (
    aggregate,
    aggregate_dict,
    assess,
    nearest_distance,
    simulation_dict,
)
from agents.scripted import ScriptedAgent, price_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def settle_at(scenario: Scenario, price: int) -> SimulationResult:
    """The seller opens at ``price`` and the buyer accepts at once."""
    agents = {
        "seller": ScriptedAgent.script(offers=[price]),
        "buyer": ScriptedAgent.script(responses=["accept"]),
    }
    return simulate(scenario, "alternating", agents, deadline=5, seed=0)


def test_nearest_distance() -> None:
    points = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert nearest_distance((0.0, 0.0), points) == pytest.approx(1.0)
    assert nearest_distance((1.0, 0.0), points) == 0.0
    assert nearest_distance((0.5, 0.5), np.empty((0, 2))) is None


def test_agreement_on_the_nash_package() -> None:
    scenario = price_scenario()
    result = settle_at(scenario, 5)
    found = assess(scenario, result, analyze(scenario))
    assert result.agreement and found.in_zopa and found.on_frontier
    assert found.distance_to_pareto == 0.0 and found.distance_to_nash == 0.0
    assert found.ending == "agreement"
    assert "Nash bargaining package" in found.verdict


def test_agreement_on_the_frontier_away_from_nash() -> None:
    scenario = price_scenario()
    found = assess(scenario, settle_at(scenario, 7), analyze(scenario))
    assert found.on_frontier and found.distance_to_pareto == 0.0
    assert found.distance_to_nash == pytest.approx(math.dist((0.7, 0.3), (0.5, 0.5)))
    assert found.verdict.startswith("Agreement on the Pareto frontier")


def test_breakdown_with_a_zopa_is_measured_from_the_reservation_point() -> None:
    scenario = price_scenario()
    agents = {"seller": ScriptedAgent.script(offers=[8]), "buyer": ScriptedAgent.script()}
    result = simulate(scenario, "alternating", agents, deadline=5, seed=0)
    found = assess(scenario, result, analyze(scenario))
    assert not result.agreement and found.in_zopa is None and found.on_frontier is None
    assert found.point == (0.3, 0.3)
    assert found.distance_to_nash == pytest.approx(math.dist((0.3, 0.3), (0.5, 0.5)))
    assert found.distance_to_pareto == pytest.approx(found.distance_to_nash)
    assert found.ending == "Buyer walked away"
    assert "although 5 packages were in the ZOPA" in found.verdict


def test_dominated_agreement_is_short_of_the_frontier() -> None:
    scenario = load_scenario(EXAMPLES / "plant-contract.yaml")
    agents = dict.fromkeys(scenario.party_ids, "boulware")
    result = simulate(scenario, "alternating", agents, deadline=50, seed=7)
    analysis = analyze(scenario)
    found = assess(scenario, result, analysis)
    assert result.agreement and found.in_zopa and found.on_frontier is False
    assert found.distance_to_pareto is not None and found.distance_to_pareto > 0
    front = analysis.frontier.utilities
    assert found.distance_to_pareto == pytest.approx(
        min(math.dist(found.point, row) for row in front)
    )
    assert "short of the Pareto frontier" in found.verdict
    doc = simulation_dict(
        scenario,
        result,
        found,
        protocol="alternating",
        protocol_options={},
        agents=agents,
        deadline=50,
        seed=7,
    )
    assert doc["outcome"]["wage"] == 4 and isinstance(doc["outcome"]["wage"], int)
    nash = analysis.solutions.nash
    assert nash is not None
    # JSON utilities are rounded to 12 significant digits, so float noise never shows.
    assert doc["nash"]["utilities"] == {
        p: shown(u) for p, u in zip(scenario.party_ids, nash.utilities, strict=True)
    }


def test_cairo_has_neither_frontier_nor_nash() -> None:
    scenario = load_scenario(EXAMPLES / "cairo-talks.yaml")
    agents = dict.fromkeys(scenario.party_ids, "conceder")
    result = simulate(scenario, "alternating", agents, deadline=10, seed=0)
    found = assess(scenario, result, analyze(scenario))
    assert found.distance_to_pareto is None and found.distance_to_nash is None
    assert found.ending == "the deadline passed"
    assert found.verdict == (
        "No agreement (the deadline passed), and none was possible: "
        "no package meets every party's red lines."
    )


def test_aggregate_means() -> None:
    scenario = price_scenario()
    analysis = analyze(scenario)
    runs = [settle_at(scenario, price) for price in (4, 5, 6)]
    summary = aggregate(scenario, [(r, assess(scenario, r, analysis)) for r in runs], 0.5)
    assert summary.runs == 3 and summary.agreements == 3 and summary.agreement_rate == 1.0
    assert summary.mean_utilities["seller"] == pytest.approx(0.5)
    assert summary.mean_rounds == 1 and summary.per_second == pytest.approx(6.0)
    assert summary.mean_distance_to_pareto == 0.0
    doc = aggregate_dict(
        scenario,
        summary,
        protocol="alternating",
        protocol_options={},
        agents={"seller": "x", "buyer": "y"},
        deadline=5,
        seed=0,
    )
    assert doc["runs"] == 3 and doc["per_second"] == pytest.approx(6.0)
