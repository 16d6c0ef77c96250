"""Uncertain numbers, red-line probabilities and beliefs in scenario files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from accord.io import ScenarioError, dump_scenario, load_scenario, parse_scenario, scenario_to_data
from accord.model.uncertainty import Fixed, Normal, UncertainDiscrete, UncertainPiecewise, Uniform

from strategies import loadable_uncertain_scenarios

Data = dict[str, Any]


def union(data: Data) -> Data:
    prefs: Data = data["preferences"]["union"]
    return prefs


def test_ranges_give_the_point_profile_and_the_uncertainty(plant_data: Data) -> None:
    union(plant_data)["reservation"] = {"low": 0.25, "high": 0.45}
    union(plant_data)["weights"]["wage"] = {"mean": 4, "sd": 0.5}
    union(plant_data)["values"]["pension"]["defined_contribution"] = {"low": 0.3, "high": 0.6}
    union(plant_data)["values"]["wage"][3] = {"mean": 0.6, "sd": 0.1}
    union(plant_data)["red_lines"][1]["probability"] = 0.7
    scenario = parse_scenario(plant_data, "plant.yaml")
    point = scenario.preferences["union"]
    assert point.reservation == 0.35
    assert point.weights == {"pension": 0.25, "wage": 0.5, "term": 0.125, "night": 0.125}
    assert point.values["pension"].table(("defined_contribution",)).tolist() == [0.45]
    assert [line.id for line in point.red_lines] == ["no-freeze", "floor"]
    uncertain = scenario.uncertainty["union"]
    assert uncertain.point == point
    assert uncertain.reservation == Uniform(0.25, 0.45)
    assert uncertain.weights["wage"] == Normal(4.0, 0.5, 0.0, float("inf"))
    assert uncertain.weights["term"] == Fixed(1.0)
    pension = uncertain.values["pension"]
    assert isinstance(pension, UncertainDiscrete)
    assert pension.by_option["defined_contribution"] == Uniform(0.3, 0.6)
    wage = uncertain.values["wage"]
    assert isinstance(wage, UncertainPiecewise)
    assert wage.anchors[1] == (3.0, Normal(0.6, 0.1, 0.0, 1.0))
    assert uncertain.probabilities == {"floor": 0.7}
    assert "management" not in scenario.uncertainty


def test_a_file_without_uncertainty_has_none(plant_data: Data) -> None:
    scenario = parse_scenario(plant_data, "plant.yaml")
    assert scenario.uncertainty == {} and scenario.beliefs == {}


def test_beliefs_are_kept_apart_from_the_preferences(plant_data: Data) -> None:
    believed = {**union(plant_data), "reservation": {"low": 0.2, "high": 0.6}}
    plant_data["beliefs"] = {"union": believed}
    scenario = parse_scenario(plant_data, "plant.yaml")
    assert scenario.preferences["union"].reservation == 0.35
    assert scenario.beliefs["union"].reservation == Uniform(0.2, 0.6)
    assert scenario.beliefs["union"].point.reservation == 0.4
    assert scenario.uncertain_preferences("union", use_beliefs=True) is scenario.beliefs["union"]
    management = scenario.uncertain_preferences("management", use_beliefs=True)
    assert management.point == scenario.preferences["management"]


BAD: list[tuple[str, str, object, str, str]] = [
    (
        "low above high",
        "reservation",
        {"low": 0.6, "high": 0.4},
        "preferences.union.reservation",
        "low 0.6 is above high 0.4",
    ),
    (
        "negative sd",
        "reservation",
        {"mean": 0.5, "sd": -0.1},
        "preferences.union.reservation",
        "sd must not be negative, got -0.1",
    ),
    (
        "unknown keys",
        "reservation",
        {"min": 0.2, "max": 0.4},
        "preferences.union.reservation",
        "an uncertain number is written {low, high}",
    ),
    (
        "text bound",
        "reservation",
        {"low": "a", "high": 0.4},
        "preferences.union.reservation",
        "low: expected a number, got text 'a'",
    ),
    (
        "range outside 0..1",
        "reservation",
        {"low": 0.5, "high": 1.2},
        "preferences.union.reservation",
        "the range must lie between 0 and 1, got 0.5 to 1.2",
    ),
    (
        "mean outside 0..1",
        "reservation",
        {"mean": 1.5, "sd": 0.1},
        "preferences.union.reservation",
        "the mean must be between 0 and 1, got 1.5",
    ),
]


@pytest.mark.parametrize(
    ("key", "value", "field", "problem"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_bad_uncertain_numbers(
    plant_data: Data, key: str, value: object, field: str, problem: str
) -> None:
    union(plant_data)[key] = value
    with pytest.raises(ScenarioError) as info:
        parse_scenario(plant_data, "plant.yaml")
    text = str(info.value)
    assert "\n" not in text and text.startswith("plant.yaml: ")
    assert f"{field}: {problem}" in text, text


def _fails(data: Data, field: str, problem: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data, "plant.yaml")
    assert f"{field}: {problem}" in str(info.value), str(info.value)


def test_negative_weight_range(plant_data: Data) -> None:
    union(plant_data)["weights"]["wage"] = {"low": -1, "high": 2}
    _fails(plant_data, "preferences.union.weights.wage", "the range must lie at least 0")


def test_value_range_above_one(plant_data: Data) -> None:
    union(plant_data)["values"]["night"]["no"] = {"low": 0.8, "high": 1.1}
    _fails(plant_data, "preferences.union.values.night.no", "the range must lie between 0 and 1")


@pytest.mark.parametrize("p", [-0.1, 1.5, "likely", True])
def test_probability_outside_zero_one(plant_data: Data, p: object) -> None:
    union(plant_data)["red_lines"][0]["probability"] = p
    _fails(plant_data, "preferences.union.red_lines.no-freeze.probability", "")


def test_mediator_takes_plain_numbers(plant_data: Data) -> None:
    plant_data["preferences"]["state"] = {"values": {"wage": {0: {"low": 0.1, "high": 0.3}}}}
    _fails(plant_data, "preferences.state", "'state' is a mediator: write its preferences as plain")


def test_beliefs_about_an_unknown_party(plant_data: Data) -> None:
    plant_data["beliefs"] = {"unoin": union(plant_data)}
    _fails(plant_data, "beliefs.unoin", "unknown party 'unoin' (did you mean 'union'?)")


def test_beliefs_are_checked_like_preferences(plant_data: Data) -> None:
    plant_data["beliefs"] = {"union": {**union(plant_data), "reservation": {"low": 1, "high": 0}}}
    _fails(plant_data, "beliefs.union.reservation", "low 1 is above high 0")


def test_uncertain_weight_needs_values(plant_data: Data) -> None:
    union(plant_data)["weights"]["extra"] = 0
    plant_data["issues"].append({"id": "extra", "options": ["a", "b"]})
    union(plant_data)["weights"]["extra"] = {"low": 0, "high": 1}
    _fails(plant_data, "preferences.union.values", "no values for issue 'extra', whose weight may")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(loadable_uncertain_scenarios())
def test_round_trip_of_uncertain_scenarios(scenario: Any) -> None:
    assert parse_scenario(scenario_to_data(scenario), "rt") == scenario


def test_round_trip_through_a_file(plant_data: Data, tmp_path: Path) -> None:
    union(plant_data)["reservation"] = {"mean": 0.35, "sd": 0.05}
    union(plant_data)["red_lines"][0]["probability"] = 0.25
    plant_data["beliefs"] = {"management": plant_data["preferences"]["management"]}
    scenario = parse_scenario(plant_data, "plant.yaml")
    dump_scenario(scenario, tmp_path / "out.yaml")
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "reservation: {mean: 0.35, sd: 0.05}" in text
    assert "probability: 0.25" in text
    assert "\nbeliefs:\n" in text
    assert load_scenario(tmp_path / "out.yaml") == scenario
