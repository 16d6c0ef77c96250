"""Smoke test for ``benchmarks/agents.py`` (ANAC agents against Boulware), a tiny run."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from benchmark_scripts import benchmarks_first

MODULES = ("_cli", "_measure", "_table", "agents")
GENIUS = Path(__file__).resolve().parents[3] / "shared" / "genius"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        yield importlib.import_module("agents")


def test_every_anac_agent_is_measured(bench: ModuleType, tmp_path: Path) -> None:
    if not (GENIUS / "anac" / "y2011" / "Grocery").is_dir():
        pytest.skip("the GENIUS corpus is not next to this checkout")
    out = tmp_path / "bench.json"
    args = ["--genius", str(GENIUS), "--runs", "1", "--deadline", "12", "--json", str(out)]
    assert bench.main(args) == 0
    cases = json.loads(out.read_text())["cases"]
    assert [c["agent"] for c in cases] == bench.anac_agents()
    assert {"hardheaded", "gahboninho", "iamhaggler2011", "agentk2"} <= set(bench.anac_agents())
    for case in cases:
        assert case["runs"] == 1
        assert case["negotiations_per_second"] == pytest.approx(1 / case["seconds"])
        assert 1 <= case["mean_rounds"] <= 12
        assert 0 <= case["agreement_rate"] <= 1


def test_bad_arguments(bench: ModuleType) -> None:
    with pytest.raises(SystemExit):
        bench.parse_args(["--runs", "0"])
