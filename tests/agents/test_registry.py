"""The agent registry."""

from __future__ import annotations

from importlib.metadata import EntryPoint, EntryPoints
from typing import Any

import pytest

from accord.agents import registry
from accord.agents.anac.agentk import AgentK, AgentK2
from accord.agents.anac.atlas3 import Atlas3
from accord.agents.anac.bram_agent import BRAMAgent
from accord.agents.anac.cuhkagent import CUHKAgent
from accord.agents.anac.hardheaded import HardHeaded
from accord.agents.anac.iamhaggler2011 import IAMhaggler2011
from accord.agents.anac.nice_tit_for_tat import NiceTitForTat
from accord.agents.anac.pars_agent import ParsAgent
from accord.agents.anac.the_negotiator import TheNegotiator
from accord.agents.anac.value_model_agent import ValueModelAgent
from accord.agents.random_agent import RandomAgent
from accord.agents.registry import AGENTS, BUILTINS, deterministic, resolve
from accord.agents.time_dependent import Boulware
from agents.scripted import ScriptedAgent


def test_builtins_have_unique_names_and_documented_classes() -> None:
    assert list(AGENTS) == [
        "boulware",
        "linear",
        "conceder",
        "reviewer",
        "hardliner",
        "tit-for-tat",
        "random",
        "hardheaded",
        "agentk",
        "nice-tit-for-tat",
        "gahboninho",
        "iamhaggler2011",
        "agentk2",
        "bram-agent",
        "the-negotiator",
        "value-model-agent",
        "cuhkagent",
        "atlas3",
        "pars-agent",
    ]
    assert len({cls.name for cls in BUILTINS}) == len(BUILTINS)
    for cls in BUILTINS:
        assert cls.__doc__ and cls.__module__.startswith("accord.agents.")


def test_deterministic_subset_comes_from_the_metadata() -> None:
    assert RandomAgent not in deterministic()
    stochastic = {RandomAgent, HardHeaded, AgentK, NiceTitForTat, IAMhaggler2011, AgentK2}
    stochastic |= {BRAMAgent, TheNegotiator, ValueModelAgent, CUHKAgent, Atlas3, ParsAgent}
    assert set(deterministic()) == set(BUILTINS) - stochastic


def test_resolve_built_in_and_import_path() -> None:
    assert resolve("boulware") is Boulware
    assert resolve("agents.scripted:ScriptedAgent") is ScriptedAgent


def test_resolve_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint("scripted", "agents.scripted:ScriptedAgent", registry.ENTRY_POINT_GROUP)

    def fake(**selection: Any) -> EntryPoints:
        return EntryPoints([point]).select(**selection)

    monkeypatch.setattr(registry, "entry_points", fake)
    assert resolve("scripted") is ScriptedAgent


def test_resolve_rejects_unknown_names_and_non_agents() -> None:
    with pytest.raises(KeyError, match="boulware"):
        resolve("no-such-agent")
    with pytest.raises(TypeError, match="not an Agent"):
        resolve("collections:OrderedDict")
