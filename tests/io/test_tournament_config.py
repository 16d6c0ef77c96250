"""Tournament configurations: a good one becomes a plan, a bad one one paragraph naming
the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.io.errors import ScenarioError
from accord.io.tournament_config import load_config
from accord.tournament.plan import plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GENIUS = Path(__file__).resolve().parents[3] / "shared" / "genius" / "anac" / "y2011"

GOOD = f"""
scenarios:
  - {EXAMPLES / "plant-contract.yaml"}
protocols:
  - alternating
  - name: alternating
    options: {{max_extensions: 1, extension_rounds: 2}}
agents:
  - boulware
  - name: conceder
    label: fast
repetitions: 3
seed: 5
deadline: 40
self_play: false
time_limit: 10
scoring: {{metric: discounted, no_agreement: zero, resamples: 100}}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(text)
    return path


def test_a_good_configuration_plans_its_runs(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    runs = plan(config.spec)
    assert len(runs) == 2 * 2 * 3  # protocols x role assignments x repetitions
    assert {p.title for r in runs for p in r.players} == {"boulware", "fast"}
    assert config.scoring.metric == "discounted" and config.scoring.no_agreement == "zero"
    assert config.time_limit == 10.0
    (label,) = config.scenarios
    assert label.endswith("plant-contract.yaml")
    assert len(config.spec.scenarios[0].digest) == 16


@pytest.mark.skipif(not GENIUS.is_dir(), reason="the GENIUS corpus is not beside the repository")
def test_a_folder_of_genius_domains_is_searched(tmp_path: Path) -> None:
    text = f"scenarios: [{GENIUS}]\nagents: [boulware, linear]\nmax_outcomes: 500000\n"
    config = load_config(write(tmp_path, text))
    assert len(config.scenarios) == 8
    assert any(label.endswith("Laptop") for label in config.scenarios)


def test_relative_paths_are_read_from_the_configurations_folder(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "plant.yaml").write_bytes((EXAMPLES / "plant-contract.yaml").read_bytes())
    config = load_config(write(tmp_path, "scenarios: [s]\nagents: [boulware]\n"))
    assert list(config.scenarios) == ["s/plant.yaml"]


BAD = [
    ("agents: [boulware]\n", "scenarios", "required but missing"),
    ("scenarios: [nope.yaml]\nagents: [boulware]\n", "scenarios[0]", "no such file"),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulwar]\n",
        "agents[0]",
        "unknown agent",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\n"
        "agents: [{name: boulware, params: {speed: 2}}]\n",
        "agents[0].params",
        "speed",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\n"
        "protocols: [haggle]\n",
        "protocols[0]",
        "unknown protocol",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\n"
        "protocols: [{name: alternating, options: {speed: 1}}]\n",
        "protocols[0].options",
        "refuses",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\nrepetitions: 0\n",
        "repetitions",
        "greater than or equal to 1",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\nrepetition: 3\n",
        "repetition",
        "unknown key",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\n"
        "scoring: {metric: fame}\n",
        "scoring.metric",
        "'utility'",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware, boulware]\n",
        "agents[1]",
        "entered twice",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\nself_play: false\n",
        "agents",
        "every role",
    ),
    (
        f"scenarios: [{EXAMPLES / 'plant-contract.yaml'}]\nagents: [boulware]\nmax_outcomes: 10\n",
        "scenarios[0]",
        "more than max_outcomes",
    ),
    ("scenarios: [a\n", "", "invalid YAML at line"),
    ("- just\n- a list\n", "", "expected a mapping"),
    ("seed: '3'\nscenarios: [x]\nagents: [a]\n", "seed", "valid integer"),
]


@pytest.mark.parametrize(("text", "field", "words"), BAD)
def test_a_bad_configuration_is_one_paragraph_naming_the_field(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert caught.value.field == field
    assert words in message
    assert "\n" not in message and "Traceback" not in message


def test_a_broken_scenario_is_reported_through_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: x\nparties: 3\n")
    with pytest.raises(ScenarioError) as caught:
        load_config(write(tmp_path, "scenarios: [bad.yaml]\nagents: [boulware]\n"))
    assert caught.value.field == "scenarios[0]"
    assert "bad.yaml" in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_configuration_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_config(tmp_path / "absent.yaml")
