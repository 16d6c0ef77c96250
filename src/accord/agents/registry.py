"""The built-in agents, and how a name becomes an agent class.

The registry is an explicit tuple: importing a module never registers
anything. :func:`resolve` also loads user agents given as ``"module:Class"``
and agents that installed packages advertise under the ``accord.agents``
entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from types import MappingProxyType

from accord.agents.anac.agentk import AgentK, AgentK2
from accord.agents.anac.atlas3 import Atlas3
from accord.agents.anac.bram_agent import BRAMAgent
from accord.agents.anac.cuhkagent import CUHKAgent
from accord.agents.anac.gahboninho import Gahboninho
from accord.agents.anac.hardheaded import HardHeaded
from accord.agents.anac.iamhaggler2011 import IAMhaggler2011
from accord.agents.anac.nice_tit_for_tat import NiceTitForTat
from accord.agents.anac.pars_agent import ParsAgent
from accord.agents.anac.the_negotiator import TheNegotiator
from accord.agents.anac.value_model_agent import ValueModelAgent
from accord.agents.base import Agent
from accord.agents.hardliner import Hardliner
from accord.agents.random_agent import RandomAgent
from accord.agents.reviewer import Reviewer
from accord.agents.time_dependent import Boulware, Conceder, Linear
from accord.agents.tit_for_tat import TitForTat

ENTRY_POINT_GROUP = "accord.agents"

BUILTINS: tuple[type[Agent], ...] = (
    Boulware,
    Linear,
    Conceder,
    Reviewer,
    Hardliner,
    TitForTat,
    RandomAgent,
    HardHeaded,
    AgentK,
    NiceTitForTat,
    Gahboninho,
    IAMhaggler2011,
    AgentK2,
    BRAMAgent,
    TheNegotiator,
    ValueModelAgent,
    CUHKAgent,
    Atlas3,
    ParsAgent,
)
"""Every built-in agent class, in a fixed order."""

AGENTS: Mapping[str, type[Agent]] = MappingProxyType({cls.name: cls for cls in BUILTINS})
"""Built-in agents by name."""


def deterministic() -> tuple[type[Agent], ...]:
    """Built-in agents that never draw from their random generator."""
    return tuple(cls for cls in BUILTINS if not cls.stochastic)


def resolve(name: str) -> type[Agent]:
    """The agent class called ``name``.

    ``name`` is a built-in name (``"boulware"``), an import path
    ``"package.module:Class"``, or the name of an ``accord.agents`` entry point.
    Raises ``KeyError`` for an unknown name and ``TypeError`` when the object
    found is not an :class:`Agent` subclass.
    """
    if name in AGENTS:
        return AGENTS[name]
    if ":" in name:
        module_name, _, attribute = name.partition(":")
        found: object = importlib.import_module(module_name)
        for part in attribute.split("."):
            found = getattr(found, part)
    else:
        matches = entry_points(group=ENTRY_POINT_GROUP, name=name)
        if not matches:
            known = ", ".join(sorted(AGENTS))
            raise KeyError(f"unknown agent {name!r} (built-in: {known}; or use 'module:Class')")
        found = next(iter(matches)).load()
    if not (isinstance(found, type) and issubclass(found, Agent)):
        raise TypeError(f"{name!r} is not an Agent subclass")
    return found
