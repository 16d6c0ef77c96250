"""Reading scenario files safely.

>>> from accord.io import load_scenario, parse_scenario, ScenarioError

:func:`load_scenario` reads a YAML or JSON file; :func:`parse_scenario` takes
data that is already parsed. Both return an :class:`accord.model.scenario.Scenario`
and raise nothing but :class:`ScenarioError`, whose text is one paragraph of the
form ``"<source>: <field>: <problem>"``. The file format is described in
``docs/scenario-format.md``.
"""

from accord.io.errors import ScenarioError
from accord.io.scenario_files import load_scenario, parse_scenario

__all__ = ["ScenarioError", "load_scenario", "parse_scenario"]
