"""Smoke test for ``benchmarks/solver.py`` (tiny sizes, no timing assertion)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from benchmark_scripts import benchmarks_first

pytest.importorskip("highspy")

MODULES = ("_cli", "_measure", "_table", "solver")
Y2014 = Path(__file__).resolve().parents[3] / "shared" / "genius" / "anac" / "y2014"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        yield importlib.import_module("solver")


def test_additive_only(bench: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    empty = tmp_path / "none"
    empty.mkdir()
    args = ["--domains", str(empty), "--additive", "3,4", "--options", "3", "--json", str(out)]
    assert bench.main(args) == 0
    result = json.loads(out.read_text())
    assert [r["issues"] for r in result["additive"]] == [3, 4]
    assert all(
        r["frontier_points"] >= 1 and r["method"] == "dynamic programming"
        for r in result["additive"]
    )


def test_one_anac_domain(bench: ModuleType, tmp_path: Path) -> None:
    if not (Y2014 / "10issues").is_dir():
        pytest.skip("the GENIUS collection is not beside the repository")
    out = tmp_path / "r.json"
    args = ["--domains", str(Y2014), "--only", "10issues", "--additive", "3", "--json", str(out)]
    assert bench.main(args) == 0
    rows = json.loads(out.read_text())["domains"]
    assert [r["cap"] for r in rows] == [True, False]
    assert all(r["frontier_complete"] and r["same_nash"] and r["certified"] for r in rows)
    assert rows[0]["frontier_points"] == 10
