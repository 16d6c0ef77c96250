"""Smoke tests for ``benchmarks/real_domain.py`` and its GENIUS domain generator (tiny sizes)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from accord.io.formats import load_any
from benchmark_scripts import benchmarks_first

MODULES = ("_cli", "_measure", "_table", "_genius_domain", "real_domain")


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        yield importlib.import_module("real_domain")


def test_generated_domain_reads_as_genius_semantics(bench: ModuleType, tmp_path: Path) -> None:
    domain = importlib.import_module("_genius_domain")
    folder = domain.write_domain(tmp_path / "d", n_issues=3, n_values=4, n_parties=3, seed=5)
    scenario = load_any(folder)
    assert scenario.space.sizes == (4, 4, 4) and len(scenario.parties) == 3
    parties = domain.make_parties(3, 3, 5)
    weights = [sum(p.weights) for p in parties]
    assert all(abs(w - 1.0) < 1e-12 for w in weights)
    # utility of outcome (x1, x2, x3) = sum of weight * clamped evaluation, as GENIUS computes
    from accord.analysis.evaluate import evaluate_outcomes

    utilities, _ = evaluate_outcomes(scenario, __import__("numpy").arange(64))
    for index in (0, 21, 63):
        xs = [index // 16 + 1, index // 4 % 4 + 1, index % 4 + 1]
        for p, party in enumerate(parties):
            expected = sum(
                w * party.evaluation(i, x)
                for i, (w, x) in enumerate(zip(party.weights, xs, strict=True))
            )
            assert utilities[index, p] == pytest.approx(expected, abs=1e-12)


def test_accord_only(bench: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    args = ["--issues", "3", "--values", "3", "--repeat", "1", "--no-negmas", "--json", str(out)]
    assert bench.main(args) == 0
    result = json.loads(out.read_text())
    assert result["n_outcomes"] == 27
    assert 0 < result["frontier_vectors"] <= result["frontier_packages"]
    assert result["negmas_seconds"] is None and result["same_frontier"] is None


def test_accord_and_negmas_agree(bench: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("negmas")
    out = tmp_path / "r.json"
    args = ["--issues", "3", "--values", "4", "--repeat", "1", "--json", str(out)]
    assert bench.main(args) == 0
    result = json.loads(out.read_text())
    assert result["same_frontier"] is True and result["same_nash"] is True
    assert result["negmas_frontier_vectors"] == result["frontier_vectors"]
