"""The YAML loader reads plain values the YAML 1.2 way and refuses risky features."""

from __future__ import annotations

import math

import pytest
import yaml

from accord.io.scenario.yaml_safe import ScenarioLoader, load_yaml


def test_loader_is_a_safe_loader() -> None:
    assert issubclass(ScenarioLoader, yaml.SafeLoader)


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"])
def test_yaml_11_booleans_stay_text(word: str) -> None:
    assert load_yaml(f"a: {word}") == {"a": word}
    assert load_yaml(f"{word}: 1") == {word: 1}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("12", 12),
        ("-4", -4),
        ("010", 10),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-2e3", -2000.0),
        ("3.", 3.0),
        (".5", 0.5),
        ("~", None),
        ("null", None),
        ("", None),
        ("1:30", "1:30"),
        ("2024-03-01", "2024-03-01"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("=", "="),
    ],
)
def test_plain_scalars(text: str, value: object) -> None:
    loaded = load_yaml(f"a: {text}")
    assert isinstance(loaded, dict)
    assert loaded == {"a": value}
    assert type(loaded["a"]) is type(value)


def test_special_floats() -> None:
    loaded = load_yaml("[.inf, -.Inf, .nan]")
    assert isinstance(loaded, list)
    assert loaded[0] == math.inf
    assert loaded[1] == -math.inf
    assert math.isnan(loaded[2])


def test_aliases_share_data() -> None:
    assert load_yaml("a: &x [1, 2]\nb: *x") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2", "duplicate key 'a'"),
        ("b: &x {a: 1}\nc: {<<: *x}", "merge keys (<<) are not supported"),
        ("a: !!binary aGk=", "!!binary is not supported"),
        ("a: !!set {x}", "!!set is not supported"),
        ("a: !!timestamp 2024-01-01", "!!timestamp is not supported"),
        ("a: !!python/object/apply:os.system [ls]", "is not supported"),
        ("a: !custom 1", "is not supported"),
        ("? [1, 2]\n: x", "a key must be a plain value"),
        ("a: !!int abc", "'abc' is not a usable integer"),
        ("a: !!float x", "'x' is not a number"),
        ("a: !!bool yes", "'yes' is not true or false"),
        ("a: !!null [1]", "expected a plain value"),
    ],
)
def test_refused_constructs(text: str, message: str) -> None:
    with pytest.raises(yaml.YAMLError) as info:
        load_yaml(text)
    assert message in str(info.value)


def test_explicit_str_tag_keeps_text() -> None:
    assert load_yaml("a: !!str 12") == {"a": "12"}
