"""How far a mediator with interests of its own tilts the outcome of mediated talks.

:func:`mediator_tilt` runs the same talks twice with the same seed: once as
the scenario stands (its mediators with their preferences), once with every
mediator neutral (no preferences), and reports, for each run, each interested
mediator's own utility of the agreement and the agreement's distance from the
Nash bargaining point (in the parties' utilities).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from math import dist
from typing import Any

from accord.analysis import analyze
from accord.model.scenario import Scenario
from accord.protocols.engine import AgentSpec, SimulationResult, simulate


@dataclass(frozen=True)
class Run:
    """One run's outcome, as the tilt is measured."""

    result: SimulationResult
    mediator_utilities: Mapping[str, float | None]
    """Each interested mediator's utility of the agreement (``None`` without one)."""
    nash_distance: float | None
    """Euclidean distance from the parties' utilities to the Nash point's (``None``
    without an agreement or a Nash point)."""


@dataclass(frozen=True)
class Tilt:
    """The same talks with neutral mediators and with interested ones."""

    neutral: Run
    biased: Run

    def gain(self, mediator: str) -> float | None:
        """How much more the mediator gets when it follows its interests (``None`` if unknown)."""
        before = self.neutral.mediator_utilities.get(mediator)
        after = self.biased.mediator_utilities.get(mediator)
        return None if before is None or after is None else after - before

    @property
    def nash_shift(self) -> float | None:
        """Change in the distance from the Nash point (positive: further away)."""
        before, after = self.neutral.nash_distance, self.biased.nash_distance
        return None if before is None or after is None else after - before


def mediator_tilt(
    scenario: Scenario,
    protocol: str,
    agents: Mapping[str, AgentSpec],
    *,
    deadline: int,
    seed: int,
    **protocol_options: Any,
) -> Tilt:
    """Run ``protocol`` with interested and with neutral mediators, same seed; compare.

    Raises ``ValueError`` when no mediator of the scenario has preferences.
    """
    interested = [m.id for m in scenario.mediators if m.id in scenario.mediator_preferences]
    if not interested:
        raise ValueError("no mediator of this scenario has preferences of its own")
    nash = analyze(scenario).solutions.nash
    options = {"deadline": deadline, "seed": seed, **protocol_options}

    def measure(talks: Scenario) -> Run:
        result = simulate(talks, protocol, agents, **options)
        package = result.package
        utilities: dict[str, float | None] = {}
        for mediator in interested:
            prefs = scenario.mediator_preferences[mediator]
            utilities[mediator] = (
                None if package is None else prefs.utility(scenario.space, package)
            )
        distance = None
        if package is not None and nash is not None:
            reached = [result.utilities[p] for p in scenario.party_ids]
            distance = dist(reached, nash.utilities)
        return Run(result, utilities, distance)

    neutral = measure(replace(scenario, mediator_preferences={}))
    return Tilt(neutral=neutral, biased=measure(scenario))
