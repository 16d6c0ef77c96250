"""The ``accord`` command line, driven in-process as a user would call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAIRO = EXAMPLES / "cairo-talks.yaml"
PLANT = EXAMPLES / "plant-contract.yaml"
RIVER = EXAMPLES / "river-basin.yaml"

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_summarises_a_good_file() -> None:
    code, out, _ = run("validate", str(PLANT))
    assert code == 0
    assert "valid scenario" in out and "outcomes" in out


def test_report_on_cairo_explains_the_deadlock() -> None:
    code, out, _ = run("analyze", str(CAIRO))
    assert code == 0
    assert "No agreement is possible as things stand" in out
    assert "hamas." in out and "israel." in out
    assert "Best package then (Nash)" in out


def test_report_on_a_scenario_with_a_zopa_recommends_a_package() -> None:
    code, out, _ = run("analyze", str(RIVER))
    assert code == 0
    assert "Agreement is possible" in out
    assert "Smorodinsky" in out and "Utilitarian" in out


def test_json_has_exactly_the_documented_keys() -> None:
    code, out, _ = run("analyze", str(PLANT), "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {
        "scenario",
        "parties",
        "n_outcomes",
        "n_feasible",
        "zopa_size",
        "pareto_size",
        "pareto",
        "solutions",
        "diagnosis",
    }
    assert set(doc["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert doc["zopa_size"] > 0 and doc["diagnosis"] == {
        "agreement_possible": True,
        "relaxations": [],
    }
    nash = doc["solutions"]["nash"]
    assert set(nash) == {"outcome", "utilities"}
    assert set(nash["utilities"]) == set(doc["parties"])
    assert doc["pareto"] and all(set(p) == {"outcome", "utilities", "count"} for p in doc["pareto"])
    assert sum(p["count"] for p in doc["pareto"]) == doc["pareto_size"]
    vectors = [tuple(p["utilities"].values()) for p in doc["pareto"]]
    assert len(set(vectors)) == len(vectors)


def test_json_utilities_are_rounded_to_twelve_significant_digits() -> None:
    code, out, _ = run("analyze", str(PLANT), "--json")
    assert code == 0
    doc = json.loads(out)
    shown = [u for p in doc["pareto"] for u in p["utilities"].values()]
    shown += [u for s in doc["solutions"].values() if s for u in s["utilities"].values()]
    assert shown and all(u == float(f"{u:.12g}") for u in shown)
    assert "0000000" not in out and "9999999" not in out


def test_json_on_cairo_lists_relaxations_up_to_the_asked_size() -> None:
    code, out, _ = run("analyze", str(CAIRO), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["zopa_size"] == 0
    assert all(v is None for v in doc["solutions"].values())
    relaxations = doc["diagnosis"]["relaxations"]
    assert doc["diagnosis"]["agreement_possible"] is False and relaxations
    assert all(len(r["relax"]) <= 3 and r["zopa_size"] > 0 for r in relaxations)
    assert all(set(r) == {"relax", "zopa_size", "best"} for r in relaxations)
    _, out1, _ = run("analyze", str(CAIRO), "--json", "--max-relax", "1")
    assert all(len(r["relax"]) == 1 for r in json.loads(out1)["diagnosis"]["relaxations"])


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_is_written(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"space{suffix}"
    code, _, _ = run("analyze", str(CAIRO), "--plot", str(target))
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data


def test_plot_for_three_parties_is_a_grid(tmp_path: Path) -> None:
    target = tmp_path / "river.png"
    code, _, _ = run("analyze", str(RIVER), "--plot", str(target), "--json")
    assert code == 0 and target.stat().st_size > 10_000


def test_space_over_the_limit_is_refused_with_size_and_limit() -> None:
    code, _, err = run("analyze", str(CAIRO), "--max-outcomes", "10", "--method", "enumerate")
    assert code == 2
    assert "above the limit of 10" in err and "--max-outcomes" in err


def test_space_over_the_limit_goes_to_the_solver() -> None:
    pytest.importorskip("highspy")
    code, out, _ = run("analyze", str(CAIRO), "--max-outcomes", "10", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "solver" and data["agreement_possible"] is False
    assert len(data["relaxations"]) == 7 and data["relaxations_complete"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name: [unclosed", "bad.yaml"),
        ("name: x\nparties: 3\n", "parties"),
        ("\x00\x01\x02garbage\xff", "bad.yaml"),
    ],
)
def test_bad_files_exit_2_without_traceback(tmp_path: Path, content: str, expected: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content.encode("latin-1"))
    for command in ("validate", "analyze"):
        code, out, err = run(command, str(bad))
        assert code == 2
        assert expected in err and "Traceback" not in err + out


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err


def test_bad_plot_suffix_exits_2(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(PLANT), "--plot", str(tmp_path / "x.gif"))
    assert code == 2 and ".png" in err


@pytest.mark.parametrize("name", ["cairo-talks.yaml", "plant-contract.yaml"])
def test_solver_and_enumeration_agree_on_the_counted_frontier(name: str) -> None:
    pytest.importorskip("highspy")
    docs = []
    for method in ("solver", "enumerate"):
        code, out, err = run("analyze", str(EXAMPLES / name), "--json", "--method", method)
        assert code == 0, err
        docs.append(json.loads(out))
    solved, enumerated = docs
    assert solved["counts_exact"] is True
    assert solved["pareto_size"] == enumerated["pareto_size"]
    assert solved["n_outcomes"] == enumerated["n_outcomes"]
    assert solved["parties"] == enumerated["parties"]
    strip = [{k: p[k] for k in ("outcome", "utilities", "count")} for p in solved["pareto"]]
    assert strip == enumerated["pareto"]
