"""Smoke test for ``benchmarks/startup.py`` (two runs, no timing assertions)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from benchmark_scripts import benchmarks_first


def test_startup_reports_every_command(tmp_path: Path) -> None:
    with benchmarks_first(("_table", "startup")):
        startup = importlib.import_module("startup")
        out = tmp_path / "s.json"
        assert startup.main(["--runs", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert len(result["seconds"]) == 5
    assert all(seconds > 0 for seconds in result["seconds"].values())
    assert next(iter(result["ratio"].values())) == 1.0
    assert result["ratio_to_floor"]["floor: + typer, one pydantic model"] == 1.0
