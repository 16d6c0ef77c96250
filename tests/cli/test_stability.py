"""``accord stability`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
ELMIRA = ROOT / "tests" / "data" / "conflicts" / "elmira.yaml"
runner = CliRunner()


def test_json_has_states_equilibria_and_stable_sets() -> None:
    result = runner.invoke(app, ["stability", str(ELMIRA), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["states"]) == 12
    assert "delay,insist" in data["equilibria"]["nash"]
    assert set(data["stable"]) == {"moe", "ur", "lg"}
    assert data["stable"]["moe"]["nash"] == data["states"]  # MoE has no improvement anywhere
    assert data["status_quo"]["paths"]["delay,insist"] == [
        {"dm": "lg", "from": "delay", "to": "delay,insist"}
    ]


def test_report_prints_the_table_and_the_status_quo() -> None:
    result = runner.invoke(app, ["stability", str(ELMIRA)])
    assert result.exit_code == 0, result.output
    assert "Equilibria" in result.stdout and "From the status quo" in result.stdout


def test_what_if_shows_what_appears_and_vanishes() -> None:
    result = runner.invoke(
        app, ["stability", str(ELMIRA), "--json", "--what-if", "remove lg.insist"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "delay,insist" in data["what_if"]["vanish"]["nash"]
    assert all("insist" not in k for k in data["what_if"]["equilibria"]["nash"])


def test_inverse_lists_demotions_that_work() -> None:
    result = runner.invoke(
        app, ["stability", str(ELMIRA), "--json", "--inverse", "delay", "--concept", "nash"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["inverse"]["demote"]["lg"] == ["delay,insist"]


def test_plot_writes_a_picture(tmp_path: Path) -> None:
    out = tmp_path / "g.png"
    result = runner.invoke(app, ["stability", str(ELMIRA), "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_bad_input_exits_2_with_one_paragraph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("conflict:\n  decision_makers: [{id: a, options: [x]}]\n  preferences: {}\n")
    result = runner.invoke(app, ["stability", str(bad)])
    assert result.exit_code == 2
    assert "conflict.decision_makers" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    bad_change = runner.invoke(app, ["stability", str(ELMIRA), "--what-if", "grow lg.x"])
    assert bad_change.exit_code == 2 and "expected 'add DM.OPTION'" in bad_change.stderr
