"""Property tests: no input makes loading raise anything but ScenarioError."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.io import ScenarioError, parse_scenario
from accord.io.scenario.files import scenario_from_bytes
from accord.io.scenario.yaml_safe import load_yaml
from accord.model.scenario import Scenario

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

YAML_WORDS = [
    *"abcxyz019.-_ :,[]{}&*!|>'\"#%@`?~<=\n\t\\",
    *["yes", "no", "true", "null", "- ", ": ", "\n  ", "&a ", "*a", "!!str ", "!!binary ", "<<: "],
    *["name", "parties", "issues", "preferences", "id", "options", "range", "min", "max"],
]
YAML_ALPHABET = st.sampled_from(YAML_WORDS)
yaml_ish = st.lists(YAML_ALPHABET, max_size=80).map("".join)

leaf_values = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
json_like = st.recursive(
    leaf_values,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(-3, 3), children, max_size=4)
    ),
    max_leaves=12,
)


def only_scenario_errors(raw: bytes, *, as_json: bool) -> None:
    try:
        result = scenario_from_bytes(raw, "fuzz.yaml", as_json=as_json)
    except ScenarioError as err:
        check_message(err)
    else:
        assert isinstance(result, Scenario)


def check_message(err: ScenarioError) -> None:
    text = str(err)
    assert text.startswith("fuzz.yaml: ")
    assert "\n" not in text
    assert "internal error" not in text, text


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_as_yaml(raw: bytes) -> None:
    only_scenario_errors(raw, as_json=False)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_as_json(raw: bytes) -> None:
    only_scenario_errors(raw, as_json=True)


@FUZZ
@given(yaml_ish)
def test_yaml_ish_text(text: str) -> None:
    only_scenario_errors(text.encode("utf-8"), as_json=False)


@FUZZ
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    only_scenario_errors(text.encode("utf-8"), as_json=False)
    only_scenario_errors(text.encode("utf-8"), as_json=True)


@FUZZ
@given(json_like)
def test_random_data(data: object) -> None:
    try:
        parse_scenario(data, "fuzz.yaml")
    except ScenarioError as err:
        check_message(err)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for position, value in enumerate(node):
            out.extend(_paths(value, (*prefix, position)))
    return out


@FUZZ
@given(data=st.data())
def test_mutated_sample_scenario(plant_text: str, data: st.DataObject) -> None:
    scenario = load_yaml(plant_text)
    assert isinstance(scenario, dict)
    paths = _paths(scenario)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths[1:]))
        node: Any = scenario
        try:
            for key in path[:-1]:
                node = node[key]
            if data.draw(st.booleans()) or not isinstance(node, dict):
                node[path[-1]] = data.draw(json_like)
            else:
                del node[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    try:
        result = parse_scenario(copy.deepcopy(scenario), "fuzz.yaml")
    except ScenarioError as err:
        check_message(err)
    else:
        assert isinstance(result, Scenario)
