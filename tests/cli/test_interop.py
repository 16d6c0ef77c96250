"""``accord import``, ``export`` and ``corpus``: the interoperability commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "genius"

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def needs_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the GENIUS corpus is not here ({CORPUS} is absent)")


def analysis_json(path: Path) -> dict[str, object]:
    code, out, err = run("analyze", str(path), "--json")
    assert code == 0, err
    doc: dict[str, object] = json.loads(out)
    return doc


def test_corpus_of_the_examples_writes_csv_and_json(tmp_path: Path) -> None:
    scenarios = tmp_path / "examples"  # the example scenarios, without the tournament configs
    scenarios.mkdir()
    for example in EXAMPLES.glob("*.yaml"):
        (scenarios / example.name).write_bytes(example.read_bytes())
    code, out, _ = run(
        "corpus",
        str(scenarios),
        "--csv",
        str(tmp_path / "c.csv"),
        "--json",
        str(tmp_path / "c.json"),
    )
    assert code == 0
    assert "3 domains: 3 analysed" in out
    rows = json.loads((tmp_path / "c.json").read_text())
    assert sorted(r["domain"] for r in rows) == sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    by_name = {r["domain"]: r for r in rows}
    assert by_name["cairo-talks.yaml"]["zopa_size"] == 0
    assert by_name["cairo-talks.yaml"]["nash"] is None
    assert by_name["river-basin.yaml"]["parties"] == 3 and by_name["river-basin.yaml"]["nash"]
    with (tmp_path / "c.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 3


def test_corpus_reports_bad_files_as_rows_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("name: [unclosed")
    code, _, _ = run("corpus", str(tmp_path), "--json", str(tmp_path / "rows.json"))
    assert code == 0
    (row,) = json.loads((tmp_path / "rows.json").read_text())
    assert row["status"].startswith("error: ") and "broken.yaml" in row["status"]


def test_corpus_needs_a_folder(tmp_path: Path) -> None:
    code, _, err = run("corpus", str(tmp_path / "missing"))
    assert code == 2 and "not a folder" in err


def test_genius_folder_imports_and_analyses_like_its_scenario_file(tmp_path: Path) -> None:
    needs_corpus()
    domain = CORPUS / "anac" / "y2010" / "ItexvsCypress"
    target = tmp_path / "itex.yaml"
    code, out, err = run("import", str(domain), "-o", str(target))
    assert code == 0, err
    assert "2 parties" in out
    direct, converted = analysis_json(domain), analysis_json(target)
    assert direct["pareto"] == converted["pareto"]
    assert direct["solutions"] == converted["solutions"]


@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_export_then_analyse_keeps_the_utilities(tmp_path: Path, fmt: str) -> None:
    source = EXAMPLES / "river-basin.yaml"
    out_dir = tmp_path / fmt
    code, _, err = run("export", str(source), "--format", fmt, "-o", str(out_dir))
    assert code == 0, err
    assert "warning" in err and "red line" in err
    exported = analysis_json(out_dir)
    original = analysis_json(source)
    assert exported["n_outcomes"] == original["n_outcomes"]
    # A GeniusWeb folder does not record the order of the parties, only who they are.
    assert set(exported["parties"]) == set(original["parties"])  # type: ignore[arg-type]


def test_corpus_on_the_genius_collection(tmp_path: Path) -> None:
    needs_corpus()
    code, _, err = run("corpus", str(CORPUS / "anac" / "y2010"), "--json", str(tmp_path / "r.json"))
    assert code == 0, err
    rows = json.loads((tmp_path / "r.json").read_text())
    assert {r["domain"] for r in rows} == {"EnglandZimbabwe", "ItexvsCypress", "Travel"}
    assert all(r["status"] == "ok" and r["pareto_size"] > 0 for r in rows)


def test_corpus_lists_huge_nonlinear_domains_without_analysing_them(tmp_path: Path) -> None:
    needs_corpus()
    out = tmp_path / "r.json"
    code, _, err = run("corpus", str(CORPUS / "anac" / "y2014"), "--no-solver", "--json", str(out))
    assert code == 0, err
    rows = json.loads(out.read_text())
    assert len(rows) == 12
    assert all(r["status"] == "too large" and r["outcomes"] >= 10**10 for r in rows)
    # GENIUS's cap at 1 is kept exactly on every domain: none is read without it.
    assert not any(r["note"] for r in rows)


def test_corpus_audits_shipped_pareto_files_with_the_solver(tmp_path: Path) -> None:
    needs_corpus()
    pytest.importorskip("highspy")
    import shutil

    folder = tmp_path / "y2014"
    shutil.copytree(CORPUS / "anac" / "y2014" / "10issues", folder / "10issues")
    out = tmp_path / "rows.json"
    code, text, err = run("corpus", str(folder), "--audit-pareto", "--json", str(out))
    assert code == 0, err
    (row,) = json.loads(out.read_text())
    assert row["method"] == "solver" and row["pareto_complete"] is True
    assert row["pareto_vectors"] == 10  # GENIUS's shipped frontier of 10 points, all optimal
    assert row["pareto_size"] >= 10  # packages, counted exactly on a 10-issue domain
    assert (row["audit_shipped"], row["audit_optimal"], row["audit_missing"]) == (10, 10, 0)
    assert "Shipped Pareto frontiers" in text


def test_analyze_a_large_genius_domain_with_the_solver() -> None:
    needs_corpus()
    pytest.importorskip("highspy")
    doc = analysis_json(CORPUS / "anac" / "y2014" / "10issueswithRV")
    assert doc["method"] == "solver" and doc["pareto_complete"] is True
    solutions = doc["solutions"]
    assert isinstance(solutions, dict)
    assert all(s["certified"] for s in solutions.values())
