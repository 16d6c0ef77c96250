"""Reading scenario files safely.

>>> from accord.io import load_scenario, parse_scenario, ScenarioError
>>> from accord.io import dump_scenario, scenario_to_data

:func:`load_scenario` reads a YAML or JSON file; :func:`parse_scenario` takes
data that is already parsed. Both return an :class:`accord.model.scenario.Scenario`
and raise nothing but :class:`ScenarioError`, whose text is one paragraph of the
form ``"<source>: <field>: <problem>"``. The file format is described in
``docs/scenario-format.md``.

:func:`scenario_to_data` and :func:`dump_scenario` write a scenario back out in
that format (YAML, or JSON for a ``.json`` file name), so that reading it gives
back an equal scenario.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from accord.io.errors import ScenarioError

if TYPE_CHECKING:
    from accord.io.scenario.files import load_scenario, parse_scenario
    from accord.io.scenario.writing import dump_scenario, scenario_to_data

__all__ = ["ScenarioError", "dump_scenario", "load_scenario", "parse_scenario", "scenario_to_data"]

_LAZY = {
    "load_scenario": "accord.io.scenario.files",
    "parse_scenario": "accord.io.scenario.files",
    "dump_scenario": "accord.io.scenario.writing",
    "scenario_to_data": "accord.io.scenario.writing",
}
"""Imported on first use, so that a command that only reads does not load the writers."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'accord.io' has no attribute {name!r}")
