"""No agent can reach another party's preferences, utilities or red lines."""

from __future__ import annotations

import gc
import types
from collections.abc import Iterator

import numpy as np
import pytest

from accord.agents.base import Agent, PartyView
from accord.agents.registry import BUILTINS
from accord.analysis.evaluate import Evaluator
from accord.model.preferences import Condition, Preferences, RedLine, RuleKind
from accord.model.scenario import Scenario
from accord.protocols.base import Protocol, Session
from accord.protocols.engine import simulate
from agents.scripted import price_scenario

OPAQUE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)
"""Classes, modules and functions lead to everything; an agent's data never goes through them."""


def reachable(root: object, limit: int = 200_000) -> Iterator[object]:
    """Every object reachable from ``root`` through references, except code and classes."""
    seen = {id(root)}
    stack = [root]
    while stack:
        obj = stack.pop()
        yield obj
        refs = gc.get_referents(obj)
        if isinstance(obj, np.ndarray) and obj.base is not None:
            refs.append(obj.base)  # numpy does not report a view's base to the collector
        for ref in refs:
            if isinstance(ref, OPAQUE) or id(ref) in seen:
                continue
            seen.add(id(ref))
            assert len(seen) < limit, "object graph unexpectedly large"
            stack.append(ref)


def three_parties_with_red_lines() -> Scenario:
    """Three parties with red lines, so there is something to hide."""
    base = price_scenario(parties=("seller", "broker", "buyer"))
    prefs = {}
    for n, (party, p) in enumerate(base.preferences.items()):
        line = RedLine(f"line-{party}", RuleKind.FORBID, Condition({"price": frozenset({n})}))
        prefs[party] = Preferences(p.weights, p.values, p.reservation, (line,))
    return Scenario("hidden", base.parties, base.issues, prefs)


def leaks(built: dict[str, Agent], scenario: Scenario) -> list[str]:
    """What each agent can reach that belongs to another party (or to the whole scenario)."""
    found = []
    for party, agent in built.items():
        others = [p for p in scenario.party_ids if p != party]
        forbidden = {id(scenario)}
        for other in others:
            prefs = scenario.preferences[other]
            forbidden |= {id(prefs), id(prefs.values), *map(id, prefs.red_lines)}
            forbidden |= {id(built[other].view), id(built[other].view.utilities)}
        for obj in reachable(agent):
            if id(obj) in forbidden or isinstance(obj, Scenario | Session | Protocol | Evaluator):
                found.append(f"{party} reaches {type(obj).__name__}")
            elif isinstance(obj, np.ndarray) and obj.dtype == float and obj.ndim > 1:
                found.append(f"{party} reaches a utility matrix")
            elif isinstance(obj, np.ndarray) and obj.dtype == float:
                mine = agent.view.utilities
                for other in others:
                    theirs = built[other].view.utilities
                    same = obj.shape == theirs.shape and np.array_equal(obj, theirs)
                    if same and not np.array_equal(obj, mine):
                        found.append(f"{party} reaches {other}'s utilities")
    return found


def play(scenario: Scenario, cls: type[Agent]) -> dict[str, Agent]:
    """Run the talks and keep the agents the engine built."""
    built: dict[str, Agent] = {}

    def keep(view: PartyView, rng: np.random.Generator) -> Agent:
        built[view.party] = cls(view, rng)
        return built[view.party]

    simulate(scenario, "alternating", dict.fromkeys(scenario.party_ids, keep), deadline=5, seed=1)
    return built


@pytest.mark.parametrize("cls", BUILTINS, ids=lambda c: c.name)
def test_agents_reach_nothing_of_the_other_parties(cls: type[Agent]) -> None:
    scenario = three_parties_with_red_lines()
    built = play(scenario, cls)
    assert sum(1 for _ in reachable(built["seller"])) > 20  # the walk does go somewhere
    assert leaks(built, scenario) == []


def test_the_walk_finds_a_planted_leak() -> None:
    scenario = three_parties_with_red_lines()
    built = play(scenario, BUILTINS[0])
    built["seller"].notes = {"talks": [scenario]}  # type: ignore[attr-defined]
    matrix = np.stack([built[p].view.utilities for p in scenario.party_ids], axis=1)
    built["buyer"].column = matrix[:, 0]  # type: ignore[attr-defined]
    found = leaks(built, scenario)
    assert "seller reaches Scenario" in found
    assert "buyer reaches a utility matrix" in found
