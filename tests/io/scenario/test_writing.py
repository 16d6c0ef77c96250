"""Writing scenarios out: what is read back is equal to what was written."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.io import dump_scenario, load_scenario, parse_scenario, scenario_to_data
from accord.io.scenario.grid import grid_range
from accord.io.scenario.yaml_safe import load_yaml
from accord.model.issues import Issue, numeric_grid
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    Preferences,
    Rectangle,
    RedLine,
    RuleKind,
)
from accord.model.scenario import Actor, Proposal, Scenario

from strategies import loadable_scenarios, numeric_issue_grid, scenarios

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

ROUND_TRIP = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def through_files(scenario: Scenario, folder: Path) -> tuple[Scenario, Scenario]:
    dump_scenario(scenario, folder / "out.yaml")
    dump_scenario(scenario, folder / "out.json")
    return load_scenario(folder / "out.yaml"), load_scenario(folder / "out.json")


# -- round trips ---------------------------------------------------------------------


@ROUND_TRIP
@given(scenarios())
def test_round_trip_of_random_scenarios(scenario: Scenario) -> None:
    assert parse_scenario(scenario_to_data(scenario), "rt") == scenario


@ROUND_TRIP
@given(loadable_scenarios())
def test_round_trip_of_loadable_scenarios(scenario: Scenario) -> None:
    assert parse_scenario(scenario_to_data(scenario), "rt") == scenario


@ROUND_TRIP
@given(scenario=loadable_scenarios())
def test_round_trip_through_yaml_and_json_text(scenario: Scenario) -> None:
    data = scenario_to_data(scenario)
    assert parse_scenario(json.loads(json.dumps(data)), "rt.json") == scenario
    yaml_text, json_text = _texts(scenario)
    assert parse_scenario(load_yaml(yaml_text), "rt.yaml") == scenario
    assert parse_scenario(json.loads(json_text), "rt.json") == scenario


def _texts(scenario: Scenario) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        dump_scenario(scenario, Path(folder) / "s.yaml")
        dump_scenario(scenario, Path(folder) / "s.json")
        return (
            (Path(folder) / "s.yaml").read_text(encoding="utf-8"),
            (Path(folder) / "s.json").read_text(encoding="utf-8"),
        )


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_round_trip(path: Path, tmp_path: Path) -> None:
    scenario = load_scenario(path)
    from_yaml, from_json = through_files(scenario, tmp_path)
    assert from_yaml == scenario
    assert from_json == scenario
    assert parse_scenario(scenario_to_data(scenario), "rt") == scenario


def test_docs_sample_round_trips(plant_text: str, tmp_path: Path) -> None:
    scenario = parse_scenario(load_yaml(plant_text), "plant")
    assert through_files(scenario, tmp_path) == (scenario, scenario)


def test_writing_twice_gives_the_same_text(tmp_path: Path) -> None:
    scenario = load_scenario(EXAMPLES / "cairo-talks.yaml")
    dump_scenario(scenario, tmp_path / "a.yaml")
    dump_scenario(load_scenario(tmp_path / "a.yaml"), tmp_path / "b.yaml")
    assert (tmp_path / "a.yaml").read_text() == (tmp_path / "b.yaml").read_text()


def test_path_may_be_a_string(tmp_path: Path) -> None:
    scenario = load_scenario(EXAMPLES / "plant-contract.yaml")
    dump_scenario(scenario, str(tmp_path / "plant.JSON"))
    assert json.loads((tmp_path / "plant.JSON").read_text(encoding="utf-8"))["name"]
    assert load_scenario(tmp_path / "plant.JSON") == scenario


# -- what is written -------------------------------------------------------------------


def test_sample_is_written_in_the_documented_form(plant_text: str) -> None:
    data = scenario_to_data(parse_scenario(load_yaml(plant_text), "plant"))
    assert list(data) == [
        "name",
        "description",
        "sources",
        "parties",
        "mediators",
        "issues",
        "preferences",
        "proposals",
        "history",
    ]
    assert data["sources"][1] == {"id": "union-bulletin-12", "title": "Union bulletin 12"}
    assert data["parties"][0] == {"id": "union", "name": "Workers' union"}
    assert data["mediators"] == [{"id": "state", "name": "State mediation service"}]
    assert data["issues"][1] == {
        "id": "wage",
        "name": "Wage increase (percent)",
        "range": {"min": 0, "max": 8, "step": 0.5},
    }
    assert data["issues"][2]["options"] == ["1", "2", "3"]
    assert isinstance(data["issues"][1]["range"]["min"], int)
    union = data["preferences"]["union"]
    assert union["reservation"] == 0.35
    assert "discount" not in union
    assert union["weights"] == {"pension": 0.25, "wage": 0.5, "term": 0.125, "night": 0.125}
    assert union["values"]["wage"] == {0: 0, 3: 0.6, 8: 1}
    assert union["red_lines"][0] == {
        "id": "no-freeze",
        "text": "No pension freeze.",
        "forbid": {"pension": ["frozen"]},
        "evidence": {"says": "Frozen pensions are unacceptable.", "source": "report"},
    }
    assert union["red_lines"][1] == {"id": "floor", "require": {"wage": {"min": 2}}}
    assert union["evidence"] == [
        "Bulletin 12 lists wages first.",
        {"says": "Pensions come second.", "source": "union-bulletin-12"},
    ]
    management = data["preferences"]["management"]
    assert management["weights"] == {"pension": 0.5, "wage": 0.5}
    assert management["red_lines"][1]["if"] == {"term": ["3"]}
    assert management["red_lines"][1]["then"] == {"pension": ["frozen", "defined_contribution"]}
    assert data["proposals"][0] == {
        "id": "framework",
        "by": "state",
        "name": "Mediators' framework",
        "outcome": {"pension": "defined_contribution", "wage": 2.5, "term": "2", "night": "no"},
        "evidence": "Tabled on day three.",
    }
    assert data["history"][2] == {"actor": "management", "action": "statement"}


def numeric_scenario(allowed: set[int]) -> Scenario:
    wage = Issue("wage", "wage", numeric_grid(0, 4, 0.5), numeric=True)
    condition = Condition({"wage": frozenset(allowed)})
    line = RedLine("r", RuleKind.FORBID, condition)
    prefs = Preferences({}, {}, red_lines=(line,), rectangles=(Rectangle(condition, 1.0),))
    return Scenario("n", (Actor("a", "a"),), (wage,), {"a": prefs})


@pytest.mark.parametrize(
    ("allowed", "written"),
    [
        ({2, 3, 4}, {"min": 1, "max": 2}),
        ({0, 1}, {"max": 0.5}),
        ({7, 8}, {"min": 3.5}),
        (set(range(9)), {"min": 0}),
        ({3}, [1.5]),
        ({0, 2, 3}, [0, 1, 1.5]),
    ],
)
def test_numeric_conditions(allowed: set[int], written: object) -> None:
    scenario = numeric_scenario(allowed)
    data = scenario_to_data(scenario)
    assert data["preferences"]["a"]["rectangles"] == [{"utility": 1, "where": {"wage": written}}]
    assert data["preferences"]["a"]["red_lines"] == [{"id": "r", "forbid": {"wage": written}}]
    assert "weights" not in data["preferences"]["a"]
    assert parse_scenario(data, "rt") == scenario


def test_constraint_based_party_and_discount() -> None:
    issue = Issue("x", "x", ("a", "b"))
    region = Condition({"x": frozenset({1})})
    prefs = Preferences(
        {}, {}, reservation=-2.5, rectangles=(Rectangle(region, -7.25),), discount=0.75
    )
    scenario = Scenario("c", (Actor("p", "P"),), (issue,), {"p": prefs})
    data = scenario_to_data(scenario)
    assert data["preferences"]["p"] == {
        "reservation": -2.5,
        "discount": 0.75,
        "rectangles": [{"utility": -7.25, "where": {"x": ["b"]}}],
    }
    assert parse_scenario(data, "rt") == scenario


def test_uneven_weights_read_back_exactly() -> None:
    ranged = load_scenario(EXAMPLES / "cairo-talks.yaml")
    scenario = replace(ranged, uncertainty={}, beliefs={})  # the point weights, normalised
    israel = scenario.preferences["israel"].weights
    written = scenario_to_data(scenario)["preferences"]["israel"]["weights"]
    assert written == dict(israel)
    assert parse_scenario(scenario_to_data(scenario), "rt").preferences["israel"].weights == israel


# -- YAML layout -------------------------------------------------------------------------


def test_yaml_quotes_text_that_would_read_as_something_else(tmp_path: Path) -> None:
    labels = ["yes", "no", "on", "0o17", "1e3", "null", "~", "true", "1", "2.5", "<<"]
    issue = Issue("x", "x", tuple(labels))
    prefs = Preferences({"x": 1.0}, {"x": DiscreteValues({o: 0.5 for o in labels})})
    scenario = Scenario("q", (Actor("p", "p"),), (issue,), {"p": prefs})
    dump_scenario(scenario, tmp_path / "q.yaml")
    text = (tmp_path / "q.yaml").read_text(encoding="utf-8")
    assert "'0o17'" in text and "'1e3'" in text and "'yes'" in text
    assert load_scenario(tmp_path / "q.yaml") == scenario


def test_yaml_layout_is_compact_and_readable(tmp_path: Path) -> None:
    dump_scenario(load_scenario(EXAMPLES / "plant-contract.yaml"), tmp_path / "p.yaml")
    text = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert text.startswith("name: Plant contract renewal")
    assert "  range: {min: 0, max: 8, step: 0.5}\n" in text
    assert "  options: [frozen, defined_contribution, hybrid, defined_benefit]\n" in text
    assert "      wage: {0: 0, 2: 0.3, 4: 0.7, 8: 1}\n" in text
    assert "description: >\n  The collective agreement" in text
    assert "!!" not in text and "&id" not in text


@given(st.lists(st.text(), min_size=1, max_size=3))
@settings(max_examples=100, deadline=None)
def test_any_text_survives_yaml(texts: list[str]) -> None:
    prefs = Preferences({"x": 1.0}, {"x": DiscreteValues({"a": 1.0})})
    scenario = Scenario(
        texts[0] or "x",
        tuple(Actor(f"p{n}", f"Party {n}", text) for n, text in enumerate(texts)),
        (Issue("x", "x", ("a",)),),
        {f"p{n}": prefs for n in range(len(texts))},
        description=texts[-1],
    )
    with tempfile.TemporaryDirectory() as folder:
        assert through_files(scenario, Path(folder)) == (scenario, scenario)


# -- numeric grids -----------------------------------------------------------------------


def range_of(grid: tuple[float, ...]) -> tuple[float, float, float]:
    found = grid_range(grid)
    assert numeric_grid(found.min, found.max, found.step) == found.grid
    return found.min, found.max, found.step


@given(numeric_issue_grid())
@settings(max_examples=300, deadline=None)
def test_grid_range_reproduces_the_grid(grid: tuple[float, ...]) -> None:
    assert numeric_grid(*range_of(grid)) == grid
    assert grid_range(grid).grid == grid


@pytest.mark.parametrize(
    ("low", "high", "step", "expected"),
    [
        (0, 8, 0.5, (0, 8, 0.5)),
        (0.3, 1.0, 0.1, (0.3, 1.0, 0.1)),
        (30, 70, 10, (30, 70, 10)),
        (1e6, 1e6 + 5000, 1000, (1e6, 1e6 + 5000, 1000)),
        (-2, -1.25, 0.25, (-2, -1.25, 0.25)),
        (2.5, 2.5, 1, None),
        (0, 1, 1 / 3, None),
        (-9.5, -8.6, 1 / 3, None),
    ],
)
def test_grid_range_prefers_short_numbers(
    low: float, high: float, step: float, expected: tuple[float, float, float] | None
) -> None:
    grid = numeric_grid(low, high, step)
    found = range_of(grid)
    assert numeric_grid(*found) == grid
    if expected is not None:
        assert found == expected


def test_grid_range_of_a_large_grid() -> None:
    assert range_of(numeric_grid(0, 25_000, 0.25)) == (0, 25_000, 0.25)


def test_single_point_grid_keeps_its_precision() -> None:
    grid = numeric_grid(0.123456789, 0.123456789, 1e-9)
    assert numeric_grid(*range_of(grid)) == grid


def test_uneven_points_cannot_be_written_as_a_range() -> None:
    with pytest.raises(ValueError, match="not an evenly spaced grid"):
        grid_range((0.0, 1.0, 3.0))
    issue = Issue("x", "x", (0.0, 1.0, 3.0), numeric=True)
    prefs = Preferences({}, {}, rectangles=(Rectangle(Condition({"x": frozenset({0})}), 1.0),))
    with pytest.raises(ValueError, match="not an evenly spaced grid"):
        scenario_to_data(Scenario("u", (Actor("p", "p"),), (issue,), {"p": prefs}))


TOO_MANY_DIGITS = [
    (-26882969.606262103, -26882969.59809156, 0.0002697769016986585),
    (859659.9558719846, 859660.0231162899, 0.0016241575913914644),
]


@pytest.mark.parametrize(("low", "high", "step"), TOO_MANY_DIGITS)
def test_grid_with_too_many_digits_is_written_a_hair_off(
    low: float, high: float, step: float
) -> None:
    grid = numeric_grid(low, high, step)
    found = grid_range(grid)
    assert len(found.grid) == len(grid)
    assert max(abs(a - b) for a, b in zip(found.grid, grid, strict=True)) <= 1e-3 * step


@pytest.mark.parametrize(("low", "high", "step"), TOO_MANY_DIGITS)
def test_scenario_with_such_a_grid_still_reads_back(low: float, high: float, step: float) -> None:
    issue = Issue("x", "x", numeric_grid(low, high, step), numeric=True)
    region = Condition({"x": frozenset({1, 2, 3})})
    line = RedLine("r", RuleKind.FORBID, Condition({"x": frozenset({0, 4})}))
    prefs = Preferences({}, {}, red_lines=(line,), rectangles=(Rectangle(region, 1.0),))
    proposal = Proposal("q", ("p",), {"x": issue.options[5]})
    scenario = Scenario("u", (Actor("p", "p"),), (issue,), {"p": prefs}, proposals=(proposal,))
    back = parse_scenario(scenario_to_data(scenario), "rt")
    assert back.preferences == scenario.preferences
    assert back.issues[0].options == grid_range(issue.options).grid
    assert back.space.index_of(back.proposals[0].outcome) == 5


@pytest.mark.parametrize("points", [(), (1.0, 1.0), (2.0, 1.0), (0.0, float("inf"))])
def test_grid_range_refuses_what_is_not_a_grid(points: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        grid_range(points)
