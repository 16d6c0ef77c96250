"""Mediators with interests of their own: read, kept apart from the parties, written back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from accord.analysis import analyze
from accord.io import parse_scenario, scenario_to_data
from accord.model.preferences import Condition, RedLine, RuleKind
from accord.model.scenario import Scenario

STATE: dict[str, Any] = {
    "weights": {"term": 2, "wage": 1},
    "values": {"term": {3: 1, 2: 0.5, 1: 0}, "wage": {0: 1}},
}
"""The state mediation service likes long contracts and low wage rises."""


def with_mediator(plant_data: dict[str, Any]) -> dict[str, Any]:
    plant_data["preferences"]["state"] = STATE
    return plant_data


def test_a_mediator_s_preferences_are_read_apart_from_the_parties(
    plant_data: dict[str, Any],
) -> None:
    plain = parse_scenario(plant_data, source="plain")
    scenario = parse_scenario(with_mediator(plant_data), source="with mediator")
    assert plain.mediator_preferences == {}
    assert list(scenario.preferences) == ["union", "management"]
    state = scenario.mediator_preferences["state"]
    assert state.weights == pytest.approx({"wage": 1 / 3, "term": 2 / 3})
    assert (state.reservation, state.red_lines, state.discount) == (0.0, (), 1.0)
    package = {"pension": "frozen", "wage": 0.0, "term": "3", "night": "no"}
    assert state.utility(scenario.space, package) == pytest.approx(1.0)


def _same_analysis(a: Scenario, b: Scenario) -> bool:
    """Analyses hold numpy arrays: compare their parts."""
    first, second = analyze(a), analyze(b)
    return (
        first.zopa_size == second.zopa_size
        and first.solutions == second.solutions
        and first.frontier.indices.tolist() == second.frontier.indices.tolist()
    )


def test_the_analysis_ignores_mediators(plant_data: dict[str, Any]) -> None:
    plain = parse_scenario(plant_data, source="plain")
    scenario = parse_scenario(with_mediator(plant_data), source="with mediator")
    assert _same_analysis(scenario, plain)
    assert [c.id for c in scenario.constraints] == [c.id for c in plain.constraints]


def test_written_without_a_reservation_and_read_back_alike(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(with_mediator(plant_data), source="with mediator")
    data = scenario_to_data(scenario)
    assert list(data["preferences"]) == ["union", "management", "state"]
    assert "reservation" not in data["preferences"]["state"]
    assert parse_scenario(data, source="written") == scenario


def test_what_a_file_cannot_give_a_mediator_is_not_written(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(with_mediator(plant_data), source="with mediator")
    line = RedLine("x", RuleKind.FORBID, Condition({"term": frozenset({0})}))
    for changed in ({"red_lines": (line,)}, {"reservation": 0.3}, {"discount": 0.5}):
        state = replace(scenario.mediator_preferences["state"], **changed)  # type: ignore[arg-type]
        odd = replace(scenario, mediator_preferences={"state": state})
        with pytest.raises(ValueError, match="mediator 'state'"):
            scenario_to_data(odd)
