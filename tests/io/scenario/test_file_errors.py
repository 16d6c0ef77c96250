"""Bad files: each is refused with one ScenarioError naming the file and the problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accord.io import ScenarioError, load_scenario, parse_scenario
from accord.io.reading import MAX_FILE_BYTES

Write = Callable[[str, str | bytes], Path]


def refused(path: Path | str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert str(err).startswith(f"{path}: ")
    assert "\n" not in str(err)
    return err


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    err = refused(path)
    assert err.source == str(path)
    assert err.field == ""
    assert err.problem == "no such file"


def test_missing_parent_directory(tmp_path: Path, write: Write) -> None:
    file = write("plain.yaml", "x")
    assert refused(file / "child.yaml").problem == "no such file"


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in refused(tmp_path).problem


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: cheap to create
    err = refused(path)
    assert "is too large" in err.problem
    assert "at most 10 MB" in err.problem


def test_empty_file(write: Write) -> None:
    assert refused(write("empty.yaml", "")).problem == "the file is empty"
    assert refused(write("blank.yaml", "  \n\n")).problem == "the file is empty"
    assert refused(write("empty.json", "")).problem == "the file is empty"


def test_comments_only(write: Write) -> None:
    assert "holds no data" in refused(write("c.yaml", "# nothing here\n")).problem


def test_binary_garbage(write: Write) -> None:
    err = refused(write("b.yaml", bytes(range(256))))
    assert "is not a text file" in err.problem


def test_not_utf8(write: Write) -> None:
    err = refused(write("latin.yaml", "name: caf\xe9\n".encode("latin-1")))
    assert err.problem == "is not UTF-8 text: byte 0xe9 at line 1, column 10 cannot be decoded"


def test_control_character(write: Write) -> None:
    err = refused(write("ctl.yaml", "name: a\nx: b\x07c\n"))
    assert err.problem.startswith("invalid YAML at line 2, column 5")
    assert "U+0007" in err.problem


def test_yaml_syntax_error_has_line_and_column(write: Write) -> None:
    err = refused(write("bad.yaml", "name: x\nparties: [a, b\nissues: []\n"))
    assert "invalid YAML at line 3, column 7" in err.problem
    assert "flow sequence that starts at line 2, column 10" in err.problem


def test_yaml_tab_indentation(write: Write) -> None:
    err = refused(write("tab.yaml", "name: x\nparties:\n\t- a\n"))
    assert "invalid YAML at line 3, column 1" in err.problem


def test_yaml_several_documents(write: Write) -> None:
    err = refused(write("two.yaml", "a: 1\n---\nb: 2\n"))
    assert "expected a single document" in err.problem


def test_yaml_duplicate_key(write: Write) -> None:
    err = refused(write("dup.yaml", "name: a\nparties: []\nname: b\n"))
    assert err.problem == "invalid YAML at line 3, column 1: duplicate key 'name'"


def test_yaml_unsafe_tag(write: Write) -> None:
    err = refused(write("tag.yaml", "name: !!python/object/apply:os.system [echo hi]\n"))
    assert "is not supported in scenario files" in err.problem


def test_json_syntax_error(write: Write) -> None:
    err = refused(write("bad.json", '{\n  "name": "x",\n  "parties": [\n}'))
    assert err.problem.startswith("invalid JSON at line 4, column 1")


def test_json_duplicate_key(write: Write) -> None:
    err = refused(write("dup.json", '{"name": "a", "name": "b"}'))
    assert err.problem == "invalid JSON: duplicate key 'name' in an object"


def test_json_nan(write: Write) -> None:
    assert "NaN is not a number JSON allows" in refused(write("nan.json", "[NaN]")).problem


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("just text\n", "text"), ("42\n", "a number")],
)
def test_top_level_not_a_mapping(write: Write, text: str, kind: str) -> None:
    err = refused(write("top.yaml", text))
    assert "the top level must be a mapping" in err.problem
    assert err.problem.endswith(f"got {kind}")


def test_billion_laughs(write: Write) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    err = refused(write("lol.yaml", "\n".join(lines) + "\n"))
    assert "expands to more than 1,000,000 values" in err.problem


def test_recursive_alias(write: Write) -> None:
    assert "recursive alias" in refused(write("loop.yaml", "name: &n [*n]\n")).problem
    assert "recursive alias" in refused(write("loop2.yaml", "&m {name: *m}\n")).problem


@pytest.mark.parametrize("depth", [100, 5000])
def test_deep_yaml_nesting(write: Write, depth: int) -> None:
    err = refused(write("deep.yaml", "name: " + "[" * depth + "]" * depth + "\n"))
    assert "nested too deeply" in err.problem


def test_deep_json_nesting(write: Write) -> None:
    err = refused(write("deep.json", "[" * 100_000 + "]" * 100_000))
    assert "nested too deeply" in err.problem


def test_deep_data_passed_directly() -> None:
    data: Any = {"name": "x"}
    for _ in range(10_000):
        data = {"name": data}
    with pytest.raises(ScenarioError, match="nested too deeply"):
        parse_scenario(data, "<api>")


def test_self_referencing_data_passed_directly() -> None:
    data: dict[str, Any] = {"name": "x"}
    data["parties"] = [data]
    with pytest.raises(ScenarioError, match=r"^<api>: .*contains itself"):
        parse_scenario(data, "<api>")


@pytest.mark.parametrize("data", [None, [], "text", 3, ("a",)])
def test_parse_scenario_non_mapping(data: object) -> None:
    with pytest.raises(ScenarioError, match=r"^<api>: the top level must be a mapping"):
        parse_scenario(data, "<api>")


def test_many_problems_reported_together(write: Write, plant_text: str) -> None:
    text = plant_text.replace("reservation: 0.35", "reservation: 2").replace(
        "wage: 4,", "wage: -4,"
    )
    err = refused(write("two.yaml", text))
    assert "preferences.union.reservation: must be between 0 and 1, got 2" in str(err)
    assert "preferences.union.weights.wage: must not be negative, got -4" in str(err)
    assert len(err.problems) == 2


def test_json_equivalent_errors_match(write: Write, plant_data: dict[str, Any]) -> None:
    plant_data["preferences"]["union"]["weights"]["wage"] = -1
    err = refused(write("p.json", json.dumps(plant_data)))
    assert err.field == "preferences.union.weights.wage"
