"""Smoke test of ``benchmarks/copilot.py`` on one tiny ANAC domain (no timing)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from benchmark_scripts import benchmarks_first

MODULES = ("_cli", "_measure", "_table", "copilot")


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        yield importlib.import_module("copilot")


def test_one_domain_every_mediator(bench: ModuleType, tmp_path: Path) -> None:
    if not bench.GENIUS.is_dir():
        pytest.skip("the GENIUS collection is not beside the repository")
    out = tmp_path / "copilot.json"
    args = ["--limit", "1", "--no-examples", "--deadline", "8", "--agents", "conceder"]
    assert bench.main([*args, "--max-outcomes", "600", "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    rows = {row["mediator"]: row for row in doc["bilateral"]}
    assert set(rows) == set(bench.MEDIATORS)
    assert all(row["cases"] == 1 for row in rows.values())
    assert rows["oracle"]["agreement_rate"] == 1.0
    assert rows["oracle"]["nash_ratio_median"] == pytest.approx(1.0)
    copilot = rows["copilot"]
    assert 0.0 <= copilot["brier"] <= 1.0 and 0.0 <= copilot["ece"] <= 1.0
    runs = [r for r in doc["runs"] if r["mediator"] == "copilot"]
    assert runs and runs[0]["forecasts"]


def test_unknown_mediator_is_refused(bench: ModuleType) -> None:
    assert bench.main(["--mediators", "nobody", "--limit", "0", "--no-examples"]) == 2
