"""Smoke test for ``benchmarks/tournament.py`` (tournament throughput), on a tiny case."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from benchmark_scripts import BENCHMARKS, benchmarks_first

MODULES = ("_cli", "_measure", "_scenarios", "_table", "tournament")


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        module = importlib.import_module("tournament")
        assert Path(module.__file__ or "").resolve() == BENCHMARKS / "tournament.py"
        yield module


def test_tiny_tournament_is_measured_on_every_engine(bench: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "bench.json"
    tiny = [
        "--outcomes",
        "60",
        "--scenarios",
        "1",
        "--deadline",
        "10",
        "--repetitions",
        "2",
        "--negmas-repetitions",
        "1",
        "--json",
        str(out),
    ]
    assert bench.main(tiny) == 0
    cases = json.loads(out.read_text())["cases"]
    accord = [c for c in cases if c["tool"] == "Accord"]
    assert [(c["engine"], c["workers"]) for c in accord] == [
        ("local", 1),
        ("local", 2),
        ("dask", 2),
    ]
    for case in accord:
        assert case["negotiations"] == 1 * 9 * 2  # one scenario, 3 x 3 pairings, 2 repetitions
        assert case["per_second"] == pytest.approx(case["negotiations"] / case["seconds"])
        assert 0 <= case["agreements"] <= case["negotiations"]
    assert accord[1]["scaling"] == pytest.approx(
        accord[1]["per_second"] / (2 * accord[0]["per_second"])
    )
    negmas = [c for c in cases if c["tool"] == "NegMAS"]
    if negmas:  # NegMAS rotates roles as well: twice the negotiations per repetition
        assert all(c["negotiations"] == 18 for c in negmas)
        assert accord[0]["vs_negmas"] == pytest.approx(
            accord[0]["per_second"] / negmas[0]["per_second"]
        )


def test_options_are_checked(bench: ModuleType) -> None:
    with pytest.raises(SystemExit):
        bench.parse_args(["--repetitions", "0"])
