"""Bad conflict sections: one ScenarioError naming the field, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.io.conflict import load_conflict, parse_conflict
from accord.io.errors import ScenarioError

GOOD = {
    "conflict": {
        "decision_makers": [{"id": "a", "options": ["x"]}, {"id": "b", "options": ["y", "z"]}],
        "infeasible": [{"mutually_exclusive": ["y", "z"]}],
        "status_quo": [],
        "preferences": {"a": {"statements": ["x", "not y"]}, "b": {"statements": ["y iff x"]}},
    }
}


def _with(path: str, value: object) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    node = data["conflict"]
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data  # type: ignore[no-any-return]


_DELETE = object()


def test_the_good_section_loads() -> None:
    conflict = parse_conflict(GOOD)
    assert conflict.options == ("x", "y", "z")


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        ("preferences.a.statements.0", "x and", "conflict.preferences.a.statements[0]", "ends"),
        (
            "preferences.a.statements.0",
            "w",
            "conflict.preferences.a.statements[0]",
            "unknown option",
        ),
        ("infeasible.0", {"mutually_exclusive": ["y", "q"]}, "conflict.infeasible[0]", "unknown"),
        (
            "infeasible.0",
            {"at_least_one": ["y"], "states": [["y"]]},
            "conflict.infeasible[0]",
            "exactly one",
        ),
        ("status_quo", ["y", "z"], "conflict.status_quo", "not a feasible"),
        (
            "preferences.b",
            {"ranking": [["", "x"]]},
            "conflict.preferences.b.ranking",
            "every feasible",
        ),
        (
            "preferences.c",
            {"statements": ["x"]},
            "conflict.preferences.c",
            "unknown decision maker",
        ),
        (
            "preferences.a",
            {"statements": ["x"], "ranking": [[""]]},
            "conflict.preferences.a",
            "exactly one",
        ),
        ("decision_makers.1.options", ["x"], "conflict.decision_makers.b.options", "already"),
        ("decision_makers", _DELETE, "conflict.decision_makers", "missing"),
        (
            "infeasible",
            [{"at_least_one": ["x"]}, {"states": [["x"], ["x", "y"], ["x", "z"], ["x", "y", "z"]]}],
            "conflict.infeasible",
            "every state",
        ),
        (
            "irreversible",
            [{"option": "x", "direction": "sideways"}],
            "conflict.irreversible[0].direction",
            "must be one of",
        ),
    ],
)
def test_bad_input_names_the_field(path: str, value: object, field: str, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_conflict(_with(path, value), "f.yaml")
    assert caught.value.field == field
    assert words in caught.value.problem
    assert "\n" not in str(caught.value)


def test_a_file_without_the_section_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\n")
    with pytest.raises(ScenarioError, match="no conflict section"):
        load_conflict(path)


def test_a_scenario_file_may_carry_a_conflict_section() -> None:
    from accord.io import load_scenario

    root = Path(__file__).resolve().parents[2]
    scenario = load_scenario(root / "examples" / "cairo-talks.yaml")
    assert scenario.parties
    assert load_conflict(root / "examples" / "cairo-talks.yaml").dm_ids
