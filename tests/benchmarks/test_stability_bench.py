"""Smoke test of ``benchmarks/stability.py`` at a tiny size (no timing assertions)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from benchmark_scripts import benchmarks_first


def test_the_benchmark_runs_and_both_implementations_agree(tmp_path: Path) -> None:
    with benchmarks_first(["stability"]):
        bench = importlib.import_module("stability")
        out = tmp_path / "rows.json"
        status = bench.main(["--options", "6", "--sample", "50", "--json", str(out)])
    rows = json.loads(out.read_text())
    assert status == 0
    assert [r["decision_makers"] for r in rows] == [3, 4]
    assert all(r["agree"] and r["states"] > 1 and not r["extrapolated"] for r in rows)
