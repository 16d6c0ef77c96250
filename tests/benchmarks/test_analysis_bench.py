"""Smoke tests for ``benchmarks/analysis.py`` and its scenario generator.

``benchmarks/`` is not a package: the fixture below imports its modules under
their own names with ``benchmarks/`` first on ``sys.path`` (see
:mod:`benchmark_scripts`): ``analysis`` would otherwise clash with the
``tests/analysis`` folder.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from math import prod
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from benchmark_scripts import BENCHMARKS, benchmarks_first

MODULES = ("_cli", "_measure", "_scenarios", "_table", "analysis")


@dataclass
class Bench:
    analysis: ModuleType
    scenarios: ModuleType


@pytest.fixture(scope="module")
def bench() -> Iterator[Bench]:
    with benchmarks_first(MODULES):
        analysis = importlib.import_module("analysis")
        scenarios = importlib.import_module("_scenarios")
        assert Path(analysis.__file__ or "").resolve() == BENCHMARKS / "analysis.py"
        yield Bench(analysis, scenarios)


def run_main(bench: Bench, tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """Run the benchmark's ``main`` with ``args`` and return its status and JSON output."""
    out = tmp_path / "bench.json"
    status = bench.analysis.main([*args, "--timeout", "60", "--json", str(out)])
    return status, json.loads(out.read_text())


# --------------------------------------------------------------------------- #
# Scenario generator
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "n_outcomes", [2, 7, 10, 12, 100, 360, 1000, 1024, 97 * 89, 2 * 3 * 5 * 7 * 11 * 13, 10**7]
)
def test_issue_sizes_multiply_to_the_requested_size(bench: Bench, n_outcomes: int) -> None:
    sizes = bench.scenarios.issue_sizes(n_outcomes)
    assert prod(sizes) == n_outcomes
    assert all(size >= 2 for size in sizes)
    assert list(sizes) == sorted(sizes, reverse=True)


@pytest.mark.parametrize("exponent", range(1, 8))
def test_powers_of_ten_are_issues_of_ten_options(bench: Bench, exponent: int) -> None:
    assert bench.scenarios.issue_sizes(10**exponent) == (10,) * exponent


def test_issue_sizes_rejects_fewer_than_two_outcomes(bench: Bench) -> None:
    with pytest.raises(ValueError):
        bench.scenarios.issue_sizes(1)


def test_same_seed_gives_the_same_spec(bench: Bench) -> None:
    make_spec = bench.scenarios.make_spec
    a, b = make_spec(1000, 3, 7), make_spec(1000, 3, 7)
    assert (a.n_parties, a.sizes, a.seed) == (b.n_parties, b.sizes, b.seed)
    assert np.array_equal(a.weights, b.weights)
    assert len(a.values) == len(b.values)
    assert all(np.array_equal(x, y) for x, y in zip(a.values, b.values, strict=True))
    assert not np.array_equal(a.weights, make_spec(1000, 3, 8).weights)


def test_spec_shapes_and_ranges(bench: Bench) -> None:
    spec = bench.scenarios.make_spec(360, 3, 2024)
    assert spec.n_outcomes == 360
    assert spec.weights.shape == (3, len(spec.sizes))
    assert np.allclose(spec.weights.sum(axis=1), 1.0)
    assert np.all(spec.weights > 0)
    for size, values in zip(spec.sizes, spec.values, strict=True):
        assert values.shape == (3, size)
        assert np.all((values >= 0) & (values <= 1))


# --------------------------------------------------------------------------- #
# The benchmark itself
# --------------------------------------------------------------------------- #


def test_accord_only_smoke(bench: Bench, tmp_path: Path) -> None:
    sizes, parties = (100, 1000), (2, 3)
    status, payload = run_main(
        bench, tmp_path, "--sizes", "100,1e3", "--parties", "2,3", "--no-negmas"
    )
    assert status == 0
    cases = payload["cases"]
    assert [(c["n_outcomes"], c["n_parties"]) for c in cases] == list(product(sizes, parties))
    for case in cases:
        accord = case["accord"]
        assert accord["status"] == "ok"
        assert accord["seconds"] > 0
        assert accord["peak_bytes"] >= 0
        assert accord["frontier_size"] > 0
        assert len(accord["nash"]) == 1
        # Reservation 0 for everyone: the ZOPA is the whole outcome space.
        assert accord["extra"]["zopa_size"] == case["n_outcomes"]
        assert case["negmas"] is None
        assert case["ratio_negmas_over_accord"] is None
    assert payload["repeat"] == 1


def test_accord_and_negmas_agree(bench: Bench, tmp_path: Path) -> None:
    pytest.importorskip("negmas")
    status, payload = run_main(bench, tmp_path, "--sizes", "100", "--parties", "2,3")
    assert status == 0
    assert len(payload["cases"]) == 2
    for case in payload["cases"]:
        accord, negmas = case["accord"], case["negmas"]
        assert accord["status"] == negmas["status"] == "ok"
        assert negmas["seconds"] > 0
        assert negmas["frontier_size"] > 0
        assert case["agreement"]["frontier"] is True
        assert case["agreement"]["nash"] is True
        assert case["ratio_negmas_over_accord"] > 0
