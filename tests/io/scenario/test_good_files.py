"""Well-formed scenario files load into the expected model objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accord.io import ScenarioError, load_scenario, parse_scenario
from accord.io.scenario.yaml_safe import load_yaml
from accord.model.issues import numeric_grid
from accord.model.preferences import DiscreteValues, PiecewiseLinear, RuleKind
from accord.model.scenario import Scenario

Write = Callable[[str, str | bytes], Path]


def test_yaml_file_loads(plant_text: str, write: Write) -> None:
    scenario = load_scenario(write("plant.yaml", plant_text))
    assert isinstance(scenario, Scenario)
    assert scenario.name == "Plant contract renewal"
    assert scenario.party_ids == ("union", "management")
    assert [m.id for m in scenario.mediators] == ["state"]
    assert [i.id for i in scenario.issues] == ["pension", "wage", "term", "night"]
    assert scenario.parties[0].name == "Workers' union"
    assert scenario.parties[1].description == "Owner's side"


def test_path_may_be_a_string(plant_text: str, write: Write) -> None:
    path = write("plant.yml", plant_text)
    assert load_scenario(str(path)) == load_scenario(path)


def test_yaml_and_json_give_equal_scenarios(plant_text: str, write: Write) -> None:
    data = load_yaml(plant_text)
    # json.dumps turns the numeric anchor keys (0, 3, 8) and term options into strings.
    as_json = json.dumps(data, indent=2)
    from_yaml = load_scenario(write("plant.yaml", plant_text))
    from_json = load_scenario(write("plant.json", as_json))
    assert from_yaml == from_json


def test_json_is_chosen_by_extension(write: Write) -> None:
    # Valid YAML but not valid JSON: parsed as JSON because of the extension.
    with pytest.raises(ScenarioError, match="invalid JSON at line 1"):
        load_scenario(write("plant.JSON", "name: x\n"))


def test_handwritten_json(write: Write) -> None:
    text = """{
      "name": "Tiny",
      "parties": [{"id": "a"}, {"id": "b"}],
      "issues": [
        {"id": "x", "options": [1, 2]},
        {"id": "y", "range": {"min": 0, "max": 1, "step": 0.25}}
      ],
      "preferences": {
        "a": {"values": {"x": {"1": 0, "2": 1}, "y": {"0": 0, "1": 1}}},
        "b": {"weights": {"x": 1}, "values": {"x": {"1": 1, "2": 0}},
              "red_lines": [{"id": "r", "require": {"y": [0.5, "0.75"]}}]}
      }
    }"""
    scenario = load_scenario(write("tiny.json", text))
    assert scenario.issues[0].options == ("1", "2")
    assert scenario.issues[1].options == (0.0, 0.25, 0.5, 0.75, 1.0)
    line = scenario.preferences["b"].red_lines[0]
    assert line.condition.allowed == {"y": frozenset({2, 3})}
    assert scenario.preferences["a"].values["y"] == PiecewiseLinear(((0.0, 0.0), (1.0, 1.0)))


def test_parse_scenario_matches_load(
    plant_text: str, plant_data: dict[str, Any], write: Write
) -> None:
    assert parse_scenario(plant_data, source="<api>") == load_scenario(write("p.yaml", plant_text))


def test_numeric_grid(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(plant_data, "<api>")
    wage = scenario.issues[1]
    assert wage.numeric
    assert wage.options == numeric_grid(0, 8, 0.5)
    assert wage.size == 17
    assert scenario.space.size == 3 * 17 * 3 * 2


def test_option_names_are_text(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(plant_data, "<api>")
    term, night = scenario.issues[2], scenario.issues[3]
    assert term.options == ("1", "2", "3")
    assert night.options == ("yes", "no")  # YAML 1.1 would have read these as booleans
    assert scenario.preferences["union"].values["night"] == DiscreteValues({"yes": 0.0, "no": 1.0})
    assert scenario.preferences["union"].values["term"] == DiscreteValues(
        {"1": 0.2, "2": 0.6, "3": 1.0}
    )


def test_scalar_option_names_coerced_everywhere(plant_data: dict[str, Any]) -> None:
    plant_data["issues"].append({"id": "flags", "options": [True, False, 2.5]})
    plant_data["preferences"]["union"]["weights"]["flags"] = 1
    plant_data["preferences"]["union"]["values"]["flags"] = {True: 1, False: 0, 2.5: 0.5}
    plant_data["preferences"]["union"]["red_lines"].append(
        {"id": "flag", "forbid": {"flags": [False]}}
    )
    plant_data["proposals"][0]["outcome"]["flags"] = True
    scenario = parse_scenario(plant_data, "<api>")
    assert scenario.issues[4].options == ("true", "false", "2.5")
    union = scenario.preferences["union"]
    assert union.values["flags"] == DiscreteValues({"true": 1.0, "false": 0.0, "2.5": 0.5})
    assert union.red_lines[-1].condition.allowed == {"flags": frozenset({1})}
    assert scenario.proposals[0].outcome["flags"] == "true"


def test_weights_are_normalised(plant_data: dict[str, Any]) -> None:
    union = parse_scenario(plant_data, "<api>").preferences["union"]
    assert union.weights == pytest.approx(
        {"wage": 0.5, "pension": 0.25, "term": 0.125, "night": 0.125}
    )
    assert sum(union.weights.values()) == pytest.approx(1.0)


def test_zero_weights_are_dropped_and_unweighted_issues_need_no_values(
    plant_data: dict[str, Any],
) -> None:
    prefs = plant_data["preferences"]["union"]
    prefs["weights"] = {"wage": 3, "pension": 1, "term": 0}
    prefs["values"]["term"] = {1: 0.5}  # incomplete, but term carries no weight
    del prefs["values"]["night"]
    union = parse_scenario(plant_data, "<api>").preferences["union"]
    assert union.weights == pytest.approx({"pension": 0.25, "wage": 0.75})
    assert "term" not in union.values


def test_default_weights_are_equal_over_valued_issues(plant_data: dict[str, Any]) -> None:
    management = parse_scenario(plant_data, "<api>").preferences["management"]
    assert management.weights == pytest.approx({"pension": 0.5, "wage": 0.5})


def test_reservation_defaults_to_zero(plant_data: dict[str, Any]) -> None:
    del plant_data["preferences"]["management"]["reservation"]
    assert parse_scenario(plant_data, "<api>").preferences["management"].reservation == 0.0


def test_piecewise_linear_anchors_sorted(plant_data: dict[str, Any]) -> None:
    plant_data["preferences"]["union"]["values"]["wage"] = {8: 1.0, 0: 0.0, 3: 0.6}
    wage = parse_scenario(plant_data, "<api>").preferences["union"].values["wage"]
    assert wage == PiecewiseLinear(((0.0, 0.0), (3.0, 0.6), (8.0, 1.0)))


def test_conditions_become_option_indices(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(plant_data, "<api>")
    union = scenario.preferences["union"]
    management = scenario.preferences["management"]
    no_freeze, floor = union.red_lines
    assert no_freeze.kind is RuleKind.FORBID
    assert no_freeze.condition.allowed == {"pension": frozenset({0})}
    assert floor.kind is RuleKind.REQUIRE
    assert floor.condition.allowed == {"wage": frozenset(range(4, 17))}  # 2.0 .. 8.0
    cap, implies = management.red_lines
    assert cap.condition.allowed == {"wage": frozenset(range(0, 11))}  # 0.0 .. 5.0
    assert implies.kind is RuleKind.IMPLIES
    assert implies.condition.allowed == {"term": frozenset({2})}
    assert implies.then is not None
    assert implies.then.allowed == {"pension": frozenset({0, 1})}


def test_numeric_condition_forms(plant_data: dict[str, Any]) -> None:
    plant_data["preferences"]["union"]["red_lines"] = [
        {"id": "list", "forbid": {"wage": [0, 0.5, "1"]}},
        {"id": "both", "forbid": {"wage": {"min": 1.0000000001, "max": 2}}},
        {"id": "tolerance", "forbid": {"wage": {"max": 0.4999999999}}},
    ]
    lines = parse_scenario(plant_data, "<api>").preferences["union"].red_lines
    assert lines[0].condition.allowed == {"wage": frozenset({0, 1, 2})}
    assert lines[1].condition.allowed == {"wage": frozenset({2, 3, 4})}
    assert lines[2].condition.allowed == {"wage": frozenset({0, 1})}


def test_red_line_text_and_evidence(plant_data: dict[str, Any]) -> None:
    union = parse_scenario(plant_data, "<api>").preferences["union"]
    line = union.red_lines[0]
    assert line.text == "No pension freeze."
    assert line.evidence[0].says == "Frozen pensions are unacceptable."
    assert line.evidence[0].source == "report"
    # evidence may name a source by title; it is stored by id
    assert [(e.says, e.source) for e in union.evidence] == [
        ("Bulletin 12 lists wages first.", None),
        ("Pensions come second.", "union-bulletin-12"),
    ]


def test_sources_get_ids_from_titles(plant_data: dict[str, Any]) -> None:
    sources = parse_scenario(plant_data, "<api>").sources
    assert [(s.id, s.title) for s in sources] == [
        ("report", "Mediator's interim report"),
        ("union-bulletin-12", "Union bulletin 12"),
    ]
    assert sources[0].url == "https://example.org/report"


def test_evidence_source_free_without_sources(plant_data: dict[str, Any]) -> None:
    del plant_data["sources"]
    union = parse_scenario(plant_data, "<api>").preferences["union"]
    assert union.evidence[1].source == "Union bulletin 12"


def test_proposals_and_history(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(plant_data, "<api>")
    (framework,) = scenario.proposals
    assert framework.by == ("state",)
    assert framework.name == "Mediators' framework"
    assert dict(framework.outcome) == {
        "pension": "defined_contribution",
        "wage": 2.5,
        "term": "2",
        "night": "no",
    }
    assert scenario.space.index_of(framework.outcome) >= 0
    assert [(e.actor, e.action, e.proposal) for e in scenario.history] == [
        ("state", "propose", "framework"),
        ("union", "request_time", "framework"),
        ("management", "statement", None),
    ]
    assert scenario.history[1].evidence[0].says == "Asked for a week."


def test_proposal_by_a_list(plant_data: dict[str, Any]) -> None:
    plant_data["proposals"][0]["by"] = ["state", "union"]
    assert parse_scenario(plant_data, "<api>").proposals[0].by == ("state", "union")


def test_constraint_order(plant_data: dict[str, Any]) -> None:
    scenario = parse_scenario(plant_data, "<api>")
    assert [c.id for c in scenario.constraints] == [
        "union.no-freeze",
        "union.floor",
        "management.cap",
        "management.if-long-then-pension",
        "union.reservation",
        "management.reservation",
    ]


def test_minimal_scenario() -> None:
    data = {
        "name": "Minimal",
        "parties": [{"id": "a"}],
        "issues": [{"id": "x", "options": ["p"]}],
        "preferences": {"a": {"values": {"x": {"p": 1}}}},
    }
    scenario = parse_scenario(data, "<api>")
    assert scenario.parties[0].name == "a"
    assert scenario.issues[0].name == "x"
    assert scenario.mediators == ()
    assert scenario.proposals == ()


def test_exactly_64_constraints_allowed(plant_data: dict[str, Any]) -> None:
    lines = [{"id": f"r{i}", "forbid": {"wage": [8]}} for i in range(62)]
    plant_data["preferences"]["union"]["red_lines"] = lines
    plant_data["preferences"]["management"]["red_lines"] = []
    assert len(parse_scenario(plant_data, "<api>").constraints) == 64


def test_byte_order_mark_is_accepted(plant_text: str, write: Write) -> None:
    path = write("bom.yaml", b"\xef\xbb\xbf" + plant_text.encode())
    assert load_scenario(path).name == "Plant contract renewal"
