"""``accord tournament`` driven in-process: the ranking as JSON and as a table, the
plot, resuming, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from accord.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CONFIG = f"""
scenarios: [{EXAMPLES / "plant-contract.yaml"}]
agents: [boulware, conceder, linear]
repetitions: 2
seed: 3
deadline: 30
self_play: true
scoring: {{metric: discounted, resamples: 200}}
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_ranking_has_the_documented_shape(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text(CONFIG)
    out = tmp_path / "r.parquet"
    code, stdout, _ = invoke(
        "tournament", str(config), "--out", str(out), "--workers", "1", "--json"
    )
    assert code == 0
    document = json.loads(stdout)
    assert document["runs"] == 3 * 3 * 2 == pq.read_metadata(out).num_rows
    ranking = document["ranking"]
    assert {entry["agent"] for entry in ranking} == {"boulware", "conceder", "linear"}
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)
    for entry in ranking:
        low, high = entry["ci"]
        assert low <= entry["score"] <= high
        assert 0 <= entry["agreement_rate"] <= 1
        assert entry["score"] == entry["discounted"]  # scored as the file says
    # a second call finds every run finished and ranks the same
    code, again, _ = invoke("tournament", str(config), "--out", str(out), "--json")
    assert code == 0 and json.loads(again) == document


def test_table_and_plot(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text(CONFIG)
    picture = tmp_path / "ranking.png"
    code, stdout, _ = invoke(
        "tournament",
        str(config),
        "--out",
        str(tmp_path / "r.parquet"),
        "--workers",
        "1",
        "--plot",
        str(picture),
    )
    assert code == 0
    assert "boulware" in stdout and "18 negotiations" in stdout and "0 timeouts" in stdout
    assert picture.stat().st_size > 1000


def test_bad_configuration_exits_2_with_one_paragraph(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text(CONFIG.replace("repetitions: 2", "repetitions: lots"))
    code, stdout, stderr = invoke("tournament", str(config), "--out", str(tmp_path / "r.parquet"))
    assert code == 2 and stdout == ""
    assert stderr.startswith(f"accord: error: {config}: repetitions:")
    assert stderr.strip().count("\n") == 0 and "Traceback" not in stderr


def test_bad_flags_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text(CONFIG)
    for args, words in (
        (["--out", str(tmp_path / "r.csv")], "must end in .parquet"),
        (["--plot", str(tmp_path / "r.gif")], ".png, .svg or .pdf"),
        (["--scheduler", "tcp://localhost:8786"], "--engine dask"),
    ):
        code, _, stderr = invoke("tournament", str(config), *args)
        assert code == 2 and words in stderr
