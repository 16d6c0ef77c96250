"""Smoke tests for ``benchmarks/corpus.py`` (Accord and NegMAS on a folder of domains).

The corpus is made on the spot: two of the examples exported as GENIUS domains
with ``write_genius``. Like ``test_analysis_bench.py``, the fixture imports
the script and its helpers under their own names with ``benchmarks/`` first on
``sys.path`` (see :mod:`benchmark_scripts`).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from accord.io import load_scenario
from accord.io.genius import write_genius
from benchmark_scripts import BENCHMARKS, benchmarks_first

ROOT = Path(__file__).resolve().parents[2]
MODULES = ("_cli", "_measure", "_scenarios", "_table", "analysis", "corpus")
EXAMPLES = {"cairo-talks": (2, 7, 2916), "river-basin": (3, 6, 2160)}
"""Exported examples: parties, issues, outcomes."""


@pytest.fixture(scope="module")
def corpus() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        module = importlib.import_module("corpus")
        assert Path(module.__file__ or "").resolve() == BENCHMARKS / "corpus.py"
        yield module


@pytest.fixture(scope="module")
def domains(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of two GENIUS domains: two examples as ``write_genius`` exports them."""
    root = tmp_path_factory.mktemp("corpus")
    for name in EXAMPLES:
        write_genius(load_scenario(ROOT / "examples" / f"{name}.yaml"), root / name)
    return root


def run_main(corpus: ModuleType, tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """Run the benchmark's ``main`` with ``args`` and return its status and JSON output."""
    out = tmp_path / "corpus.json"
    status = corpus.main([*args, "--timeout", "60", "--json", str(out)])
    return status, json.loads(out.read_text())


def test_accord_only_rows(corpus: ModuleType, domains: Path, tmp_path: Path) -> None:
    status, payload = run_main(
        corpus, tmp_path, str(domains), "--no-negmas", "--max-outcomes", "2500"
    )
    assert status == 0
    rows = {row["domain"]: row for row in payload["domains"]}
    assert sorted(rows) == sorted(EXAMPLES)
    for name, (parties, issues, outcomes) in EXAMPLES.items():
        row = rows[name]
        assert (row["n_parties"], row["n_issues"], row["n_outcomes"]) == (
            parties,
            issues,
            outcomes,
        )
        assert row["format"] == "genius"
        assert row["negmas"] is None
        assert row["ratio_negmas_over_accord"] is None
        assert row["agreement"] == {"utilities": None, "frontier": None, "nash": None, "notes": []}
    # 2,916 outcomes are over --max-outcomes: listed, not analysed.
    cairo = rows["cairo-talks"]["accord"]
    assert cairo["status"] == "not enumerable (2,916 outcomes)"
    assert cairo["frontier_size"] is None
    assert cairo["extra"]["load_seconds"] > 0
    river = rows["river-basin"]["accord"]
    assert river["status"] == "ok"
    assert river["seconds"] > 0
    assert river["seconds"] == pytest.approx(
        river["extra"]["load_seconds"] + river["extra"]["analysis_seconds"]
    )
    assert river["frontier_size"] >= river["frontier_size_above_reservations"] > 0
    assert len(river["nash"]) == 1
    totals = payload["totals"]
    assert (totals["domains"], totals["analysed"], totals["not_enumerable"]) == (2, 1, 1)
    assert totals["negmas_ok"] == totals["both"] == 0
    assert totals["geometric_mean_ratio"] is None
    assert payload["max_outcomes"] == 2500


def test_accord_and_negmas_agree(corpus: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("negmas")
    write_genius(load_scenario(ROOT / "examples" / "river-basin.yaml"), tmp_path / "river")
    status, payload = run_main(corpus, tmp_path, str(tmp_path / "river"))
    assert status == 0
    (row,) = payload["domains"]
    accord, negmas = row["accord"], row["negmas"]
    assert accord["status"] == negmas["status"] == "ok"
    assert negmas["seconds"] > 0
    assert negmas["extra"]["tables_normalised"] is True
    assert negmas["frontier_size"] > 0
    assert row["agreement"]["utilities"] == "same"
    assert row["agreement"]["frontier"] is True
    assert row["agreement"]["nash"] is True
    assert row["ratio_negmas_over_accord"] > 0
    assert payload["totals"]["geometric_mean_ratio"] == pytest.approx(
        row["ratio_negmas_over_accord"]
    )


def test_no_default_corpus_means_nothing_to_do(
    corpus: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "DEFAULT_CORPUS", tmp_path / "absent")
    assert corpus.main(["--no-negmas"]) == 0


def test_rounding_ties_are_dropped(corpus: ModuleType) -> None:
    points = np.array([[0.5, 0.3], [0.5 - 1e-16, 0.4], [0.2, 0.9], [0.2, 0.9]])
    kept = corpus.drop_rounding_ties(points)
    assert kept.tolist() == [[0.2, 0.9], [0.5 - 1e-16, 0.4]]
    assert corpus.drop_rounding_ties(np.empty((0, 2))).shape == (0, 2)
    # A point dominated outright stays, for the comparison to notice.
    dominated = np.array([[0.5, 0.3], [0.6, 0.4]])
    assert corpus.drop_rounding_ties(dominated).tolist() == dominated.tolist()


def test_frontier_compared_above_the_reservation_values(corpus: ModuleType) -> None:
    """NegMAS lists only outcomes at or above every reserved value."""
    accord = corpus.Measurement(
        "ok",
        1.0,
        result=corpus.Found(
            frontier=np.array([[0.9, 0.1], [0.6, 0.6], [0.1, 0.9]]),
            frontier_indices=np.array([0, 1, 2]),
            nash=[(0.6, 0.6)],
            reservations=(0.5, 0.5),
        ),
    )
    negmas = corpus.Measurement(
        "ok",
        2.0,
        result=corpus.Found(
            frontier=np.array([[0.6, 0.6]]),
            frontier_indices=np.array([1]),
            nash=[(0.6, 0.6)],
        ),
        extra={"utilities": "same"},
    )
    agreement = corpus.compare(accord, negmas)
    assert (agreement.frontier, agreement.nash) == (True, True)
    negmas.extra["utilities"] = "different utilities (raw evaluations)"
    agreement = corpus.compare(accord, negmas)
    assert agreement.utilities == "different utilities (raw evaluations)"
    assert (agreement.frontier, agreement.nash) == (None, None)
