"""Smoke test for ``benchmarks/robust.py`` on a tiny case (no timing assertions)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from accord.analysis.robust import robustness
from benchmark_scripts import BENCHMARKS, benchmarks_first

MODULES = ("_cli", "_measure", "_scenarios", "_table", "robust")


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        module = importlib.import_module("robust")
        assert Path(module.__file__ or "").resolve() == BENCHMARKS / "robust.py"
        yield module


def test_tiny_run_writes_its_measurements(bench: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    status = bench.main(
        ["--sizes", "100", "--samples", "50", "--timeout", "120", "--json", str(out)]
    )
    assert status == 0
    cases = json.loads(out.read_text())["cases"]
    assert len(cases) == 1
    case = cases[0]
    assert case["status"] == "ok" and case["seconds"] > 0
    assert (case["n_outcomes"], case["n_samples"], case["n_parties"]) == (100, 50, 2)
    assert 0.0 <= case["p_zopa"] <= 1.0


def test_the_benchmark_scenario_is_uncertain_around_its_point(bench: ModuleType) -> None:
    scenario = bench.uncertain_scenario(100, 2, 7)
    assert scenario.space.size == 100
    for party in scenario.party_ids:
        uncertain = scenario.uncertainty[party]
        assert uncertain.uncertain
        assert uncertain.point == scenario.preferences[party]
    profiles = [(p, scenario.uncertainty[p]) for p in scenario.party_ids]
    found = robustness(scenario.space, profiles, 40, np.random.default_rng(0))
    assert 0.0 < found.p_all.max() <= 1.0
