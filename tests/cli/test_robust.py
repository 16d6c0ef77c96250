"""``accord robust`` driven in-process as a user would call it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAIRO = EXAMPLES / "cairo-talks.yaml"
PLANT = EXAMPLES / "plant-contract.yaml"

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_gives_the_zopa_probability_and_the_best_proposals_first() -> None:
    code, out, _ = run("robust", str(CAIRO), "--samples", "300", "--seed", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["use"] == "beliefs"
    assert 0.0 < data["p_zopa"] < 1.0
    proposals = data["proposals"]
    assert len(proposals) == 10
    assert [p["p_all_accept"] for p in proposals] == sorted(
        (p["p_all_accept"] for p in proposals), reverse=True
    )
    assert set(proposals[0]["p_accept"]) == {"hamas", "israel"}
    assert all(p["p_all_accept"] <= min(p["p_accept"].values()) for p in proposals)
    assert data["tabled"][0]["id"] == "framework"
    again = json.loads(run("robust", str(CAIRO), "--samples", "300", "--seed", "1", "--json")[1])
    assert again == data


def test_without_uncertainty_it_agrees_with_analyze() -> None:
    code, out, _ = run("robust", str(PLANT), "--samples", "20", "--json", "--all-packages")
    assert code == 0
    robust = json.loads(out)
    analysis = json.loads(run("analyze", str(PLANT), "--json")[1])
    assert robust["use"] == "preferences"
    assert robust["p_zopa"] == (1.0 if analysis["zopa_size"] else 0.0)
    in_zopa = sum(p["p_all_accept"] == 1.0 for p in robust["packages"])
    assert in_zopa == analysis["zopa_size"]
    assert {p["p_all_accept"] for p in robust["packages"]} <= {0.0, 1.0}


def test_the_parties_preferences_on_cairo_never_allow_a_deal() -> None:
    code, out, _ = run(
        "robust", str(CAIRO), "--samples", "200", "--use", "preferences", "--json", "--top", "3"
    )
    assert code == 0
    data = json.loads(out)
    assert data["p_zopa"] == 0.0 and len(data["proposals"]) == 3
    assert data["diagnosed"] == 200


def test_report_and_plot(tmp_path: Path) -> None:
    picture = tmp_path / "robust.png"
    code, out, _ = run("robust", str(CAIRO), "--samples", "200", "--plot", str(picture))
    assert code == 0
    assert "Probability that some deal exists" in out
    assert "Most robust packages" in out and "What blocks a deal" in out
    assert picture.stat().st_size > 0


def test_bad_input_exits_with_one_paragraph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = CAIRO.read_text(encoding="utf-8").replace(
        "reservation: {low: 0.5, high: 0.7}", "reservation: {low: 0.7, high: 0.5}"
    )
    bad.write_text(text, encoding="utf-8")
    code, _, err = run("robust", str(bad))
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "preferences.hamas.reservation: low 0.7 is above high 0.5" in err
    code, _, err = run("robust", str(PLANT), "--use", "beliefs")
    assert code == 2 and "no beliefs section" in err
    code, _, err = run("robust", str(CAIRO), "--plot", str(tmp_path / "x.txt"))
    assert code == 2 and "--plot" in err
