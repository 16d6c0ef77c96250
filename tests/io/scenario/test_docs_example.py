"""The worked example in docs/scenario-format.md loads and says what the page claims."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord.io import parse_scenario
from accord.io.scenario.yaml_safe import load_yaml
from accord.model.scenario import Scenario

DOC = Path(__file__).resolve().parents[3] / "docs" / "scenario-format.md"


@pytest.fixture(scope="module")
def example() -> Scenario:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert blocks, "the page has no YAML example"
    return parse_scenario(load_yaml(blocks[0]), source="docs example")


def test_example_matches_test_sample(example: Scenario, plant_text: str) -> None:
    assert example == parse_scenario(load_yaml(plant_text), source="sample")


def test_example_numbers(example: Scenario) -> None:
    framework = example.proposals[0].outcome
    assert example.space.size == 306
    assert example.space.index_of(framework) == 135
    union = example.preferences["union"].utility(example.space, framework)
    management = example.preferences["management"].utility(example.space, framework)
    assert union == pytest.approx(0.575)
    assert management == pytest.approx(0.69375)
    assert [c.id for c in example.constraints] == [
        "union.no-freeze",
        "union.floor",
        "management.cap",
        "management.if-long-then-pension",
        "union.reservation",
        "management.reservation",
    ]


def test_example_interpolation(example: Scenario) -> None:
    wage = example.issues[1]
    table = example.preferences["union"].values["wage"].table((1.0, 5.5))
    assert wage.numeric
    assert table.tolist() == pytest.approx([0.2, 0.8])
