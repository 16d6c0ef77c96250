"""The shipped examples under every protocol: Cairo never settles, the others can."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest

from accord.agents.registry import AGENTS
from accord.analysis import analyze
from accord.io import load_scenario
from accord.model.scenario import Scenario
from accord.protocols.engine import build_views, simulate
from accord.protocols.registry import PROTOCOLS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def cairo() -> Scenario:
    return load_scenario(EXAMPLES / "cairo-talks.yaml")


def options(protocol: str, scenario: Scenario) -> list[dict[str, object]]:
    """Ways to run ``protocol`` on ``scenario``: blind bidding on each issue in turn."""
    if protocol != "blind-bid":
        return [{}]
    framework = scenario.proposals[0].outcome
    return [{"issue": issue.id, "fixed": framework} for issue in scenario.issues]


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_cairo_never_ends_in_agreement(cairo: Scenario, protocol: str) -> None:
    assert analyze(cairo).n_feasible == 0
    names = sorted(AGENTS)
    for (hamas, israel), extra in product(product(names, names), options(protocol, cairo)):
        agents = {"hamas": hamas, "israel": israel}
        result = simulate(cairo, protocol, agents, deadline=40, seed=3, **extra)
        assert not result.agreement
        assert result.events[-1].kind == "breakdown"
        assert result.utilities == {"hamas": 0.6, "israel": 0.5}


@pytest.mark.parametrize("name", ["plant-contract.yaml", "river-basin.yaml"])
def test_conceders_settle_the_other_examples_inside_the_zopa(name: str) -> None:
    scenario = load_scenario(EXAMPLES / name)
    agents = dict.fromkeys(scenario.party_ids, "linear")
    result = simulate(scenario, "alternating", agents, deadline=100, seed=0)
    assert result.agreement and result.outcome is not None
    views = build_views(scenario, 100)
    assert all(view.acceptable[result.outcome] for view in views.values())
