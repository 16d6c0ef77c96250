"""Smoke tests for ``benchmarks/simulation.py`` (negotiations per second).

Like ``test_analysis_bench.py``, the fixture imports the script and its
helpers under their own names with ``benchmarks/`` first on ``sys.path`` (see
:mod:`benchmark_scripts`).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from itertools import product
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from accord.protocols.registry import PROTOCOLS
from benchmark_scripts import BENCHMARKS, benchmarks_first

MODULES = ("_cli", "_measure", "_scenarios", "_table", "simulation")
OUTCOMES = 100
DEADLINE = 20


@pytest.fixture(scope="module")
def sim() -> Iterator[ModuleType]:
    with benchmarks_first(MODULES):
        module = importlib.import_module("simulation")
        assert Path(module.__file__ or "").resolve() == BENCHMARKS / "simulation.py"
        yield module


def run_main(sim: ModuleType, tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """Run the benchmark's ``main`` on a tiny case and return its status and JSON output."""
    out = tmp_path / "bench.json"
    tiny = ("--outcomes", str(OUTCOMES), "--deadline", str(DEADLINE), "--timeout", "60")
    status = sim.main([*tiny, *args, "--json", str(out)])
    return status, json.loads(out.read_text())


def check_stats(row: dict[str, Any], runs: int) -> None:
    """What every measured row must hold."""
    assert row["status"] == "ok"
    assert row["runs"] == runs
    assert row["seconds"] > 0
    assert row["negotiations_per_second"] == pytest.approx(runs / row["seconds"])
    assert 0 <= row["agreements"] <= runs
    assert row["agreement_rate"] == pytest.approx(row["agreements"] / runs)
    assert 0 <= row["zopa_agreements"] <= row["agreements"]
    assert 1 <= row["mean_rounds"] <= DEADLINE
    assert len(row["mean_utilities"]) == 2
    assert all(0 <= u <= 1 for u in row["mean_utilities"])
    assert (row["n_outcomes"], row["n_parties"], row["deadline"]) == (OUTCOMES, 2, DEADLINE)


# --------------------------------------------------------------------------- #
# The whole script
# --------------------------------------------------------------------------- #


def test_accord_only_smoke(sim: ModuleType, tmp_path: Path) -> None:
    # The protocols this test knows; test_rows_cover_every_registered_protocol
    # checks that a default run also covers any other registered protocol.
    protocols = ("alternating", "blind-bid")
    status, payload = run_main(
        sim,
        tmp_path,
        *("--runs", "3", "--reservation", "0.4", "--no-negmas"),
        *("--protocols", ",".join(protocols)),
    )
    assert status == 0
    rows = payload["cases"]
    expected = [("Accord", p, list(pair)) for p, pair in product(protocols, sim.PAIRS)]
    assert [(r["tool"], r["protocol"], r["agents"]) for r in rows] == expected
    for row in rows:
        check_stats(row, runs=3)
        assert row["ratio_accord_over_negmas"] is None
        assert row["reservation"] == 0.4
        # Accord's agents never agree below their reservation value.
        assert row["zopa_agreements"] == row["agreements"]
    blind = next(r for r in rows if r["protocol"] == "blind-bid")
    assert blind["extra"]["options"]["issue"] == "i0"
    assert set(blind["extra"]["options"]["fixed"]) == {"i1"}


def test_rows_cover_every_registered_protocol(
    sim: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured: list[tuple[Any, ...]] = []

    def fake(task: Any, key: tuple[Any, ...], *_: Any) -> Any:
        measured.append((task.__name__, *key[:-6]))
        return sim.Measurement("skipped (test)")

    monkeypatch.setattr(sim, "best_of", fake)
    args = sim.parse_args(["--runs", "1"])
    rows = sim.run(args, lambda row: None)
    pairs = list(sim.PAIRS)
    assert measured == [("negmas_task", pair) for pair in pairs] + [
        ("accord_task", protocol, pair) for protocol, pair in product(PROTOCOLS, pairs)
    ]
    alternating = [r for r in rows if r.protocol == "alternating"]
    assert [r.baseline.agents for r in alternating] == pairs
    assert all(r.baseline is None for r in rows if r.protocol != "alternating")


def test_accord_and_negmas_side_by_side(sim: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("negmas")
    status, payload = run_main(sim, tmp_path, "--runs", "2", "--protocols", "alternating")
    assert status == 0
    rows = payload["cases"]
    assert [(r["tool"], r["protocol"]) for r in rows] == [
        ("NegMAS", "SAO"),
        ("NegMAS", "SAO"),
        ("Accord", "alternating"),
        ("Accord", "alternating"),
    ]
    negmas = {tuple(r["agents"]): r for r in rows if r["tool"] == "NegMAS"}
    assert set(negmas) == set(sim.PAIRS)
    for row in rows:
        check_stats(row, runs=2)
    for row in rows[2:]:
        baseline = negmas[tuple(row["agents"])]
        assert row["ratio_accord_over_negmas"] == pytest.approx(
            row["negotiations_per_second"] / baseline["negotiations_per_second"]
        )
    assert negmas[("boulware", "boulware")]["extra"]["negotiators"] == [
        "BoulwareTBNegotiator",
        "BoulwareTBNegotiator",
    ]


def test_unknown_protocol_is_refused(sim: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert sim.main(["--protocols", "no-such-thing", "--no-negmas", "--json", str(out)]) == 2
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [["--runs", "0"], ["--deadline", "0"], ["--reservation", "1.5"], ["--outcomes", "1e2,1e3"]],
)
def test_bad_arguments(sim: ModuleType, args: list[str]) -> None:
    with pytest.raises(SystemExit):
        sim.parse_args(args)


# --------------------------------------------------------------------------- #
# Pieces, in this process
# --------------------------------------------------------------------------- #


def test_a_row_is_deterministic(sim: ModuleType) -> None:
    key = ("alternating", ("conceder", "linear"), OUTCOMES, DEADLINE, 0.2, 7, 4, 1.0)
    first, second = sim.accord_task(*key), sim.accord_task(*key)
    assert first.status == second.status == "ok"
    assert first.result == second.result
    assert first.result.runs == 4


def test_zopa_count_sees_agreements_below_a_reservation(sim: ModuleType) -> None:
    spec = sim.benchmark_spec(OUTCOMES, 3)
    scenario = sim.accord_scenario(spec, 0.5)
    from accord.analysis.evaluate import compile_scenario

    values, masks = compile_scenario(scenario).at(list(range(OUTCOMES)))
    inside = next(i for i in range(OUTCOMES) if masks[i] == 0)
    outside = next(i for i in range(OUTCOMES) if masks[i] != 0)
    stats = sim.summarise(scenario, [inside, outside, None, inside], [3, 5, DEADLINE, 4])
    assert (stats.runs, stats.agreements, stats.zopa_agreements) == (4, 3, 2)
    assert stats.distinct_agreements == 2
    assert stats.mean_rounds == pytest.approx((3 + 5 + DEADLINE + 4) / 4)
    expected = (2 * values[inside] + values[outside] + 0.5) / 4
    assert stats.mean_utilities == pytest.approx(tuple(expected))


def test_blind_bid_runs_along_the_nash_line(sim: ModuleType) -> None:
    from accord.analysis import analyze

    scenario = sim.accord_scenario(sim.benchmark_spec(1000, 5), 0.0)
    options, note = sim.protocol_options("blind-bid", scenario)
    nash = scenario.space.outcome(analyze(scenario).solutions.nash.index)
    assert options == {"issue": "i0", "fixed": {k: v for k, v in nash.items() if k != "i0"}}
    assert "Nash" in note
    assert sim.protocol_options("alternating", scenario) == ({}, "")


def test_a_protocol_that_cannot_run_is_not_applicable(
    sim: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without its options blind bidding cannot pick an issue among several.
    monkeypatch.setattr(sim, "protocol_options", lambda protocol, scenario: ({}, ""))
    key = ("blind-bid", ("boulware", "boulware"), OUTCOMES, DEADLINE, 0.0, 1, 2, 1.0)
    measurement = sim.accord_task(*key)
    assert measurement.status.startswith("n/a (")
    assert measurement.result is None


def test_negmas_outcomes_map_to_accord_indices(sim: ModuleType) -> None:
    spec = sim.benchmark_spec(1000, 2)
    labels = [spec.options(j)[d] for j, d in enumerate((4, 0, 9))]
    assert sim.outcome_index(spec, labels) == 409
