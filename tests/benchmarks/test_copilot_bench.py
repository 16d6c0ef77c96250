"""Smoke test of ``benchmarks/copilot.py`` on one tiny ANAC domain (no timing)."""

from __future__ import annotations

import importlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
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


def test_the_ceiling_of_a_last_round_deal(bench: ModuleType) -> None:
    """Only the last round can pass unflipped; before it, both answers must flip."""
    q = 0.05
    plan = np.ones((30, 2), dtype=np.int8)
    plan[-1] = 2
    expected = 1.0 - (1.0 - (1.0 - q) ** 2) * (1.0 - q * q) ** 29
    assert bench.ceiling(plan, q) == pytest.approx(expected)
    plan[:-1] = 0  # a package no party may accept is never accepted, flipped or not
    assert bench.ceiling(plan, q) == pytest.approx((1.0 - q) ** 2)
    assert bench.ceiling(plan, 0.0) == 1.0


def test_the_ceiling_on_fifty(bench: ModuleType) -> None:
    """ANAC 2013's Fifty: the one package in the ZOPA clears both targets in round 30 only."""
    from accord.protocols.engine import build_views

    found = bench.domains(3000, None, False, ["Fifty2013"])
    if not found:
        pytest.skip("the GENIUS collection is not beside the repository")
    _, scenario = found[0]
    views = build_views(scenario, 30)
    plan = bench.best_plan([views[p] for p in scenario.party_ids], "linear", 30, 0.05)
    assert (plan[-1] == 2).all() and (plan[:-1] < 2).any(axis=1).all()
    assert bench.ceiling(plan, 0.05) == pytest.approx(1.0 - 0.0975 * 0.9975**29)


def test_at_least_share_against_enumeration(bench: ModuleType) -> None:
    chances = [0.9, 0.5, 0.99, 0.7]
    for share in (0.0, 0.5, 0.75, 1.0):
        brute = 0.0
        for outcome in itertools.product((0, 1), repeat=len(chances)):
            p = np.prod([c if o else 1.0 - c for c, o in zip(chances, outcome, strict=True)])
            brute += p if sum(outcome) >= share * len(chances) - 1e-9 else 0.0
        assert bench.at_least_share(chances, share) == pytest.approx(brute)


def test_shared_flips_make_cases_pass_or_fail_together(bench: ModuleType) -> None:
    plan = np.zeros((30, 2), dtype=np.int8)
    plan[-1] = 2
    alone = bench.ceiling(plan, 0.05)
    same = [("fifty", plan)] * 3  # one domain: the three agents draw the same flips
    apart = [(f"fifty {k}", plan) for k in range(3)]
    assert bench.shared_noise_share(same, 0.05, 1.0) == pytest.approx(alone, abs=0.01)
    assert bench.shared_noise_share(apart, 0.05, 1.0) == pytest.approx(alone**3, abs=0.01)


def test_wilson_interval(bench: ModuleType) -> None:
    low, high = bench.wilson(60, 60)
    assert low == pytest.approx(0.9398, abs=1e-3) and high == pytest.approx(1.0)
    low, high = bench.wilson(289, 300)
    assert low < 289 / 300 < high


def test_the_informed_mediator_knows_the_values_and_weighs_every_schedule(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its particles give every party's true utility of every package, one per schedule of
    the grid, and a run with it ends with forecasts and leaves the registry as it was."""
    import argparse

    from accord.io import load_scenario
    from accord.learning.particles import Layout, utilities
    from accord.protocols import drafting
    from accord.protocols.engine import build_views

    scenario = load_scenario(bench.REPO / "examples" / "plant-contract.yaml")
    party = scenario.party_ids[0]
    full = bench.known_schedules(scenario, party)
    assert full.size == 14_875  # 96 x 7 x 25 schedules with the reservation at most the start
    monkeypatch.setattr(
        bench,
        "SCHEDULES",
        {
            "reservation": np.linspace(0.0, 0.9, 4),
            "start": np.array([0.8, 1.0]),
            "exponent": np.array([0.2, 1.0, 5.0]),
        },
    )
    views = build_views(scenario, 6)
    digits = scenario.space.digits_of(np.arange(scenario.space.size))
    for party in scenario.party_ids:
        known = bench.known_schedules(scenario, party)
        table = utilities(known, Layout.of(scenario.space), digits)
        np.testing.assert_allclose(table, np.tile(views[party].utilities, (known.size, 1)))
        schedules = np.c_[known.reservation, known.start, known.exponent]
        assert len(np.unique(schedules, axis=0)) == known.size == 4 * 2 * 3 - 3  # 0.9 > 0.8
        assert (known.reservation <= known.start).all()
    args = argparse.Namespace(deadline=6, noise=0.05)
    run = bench.negotiate("plant", scenario, "conceder", "informed", 1, args)
    assert run.drafts >= 1 and run.forecasts
    assert "informed" not in drafting.DRAFTERS


def test_the_tables_split_cases_by_how_many_parties_negotiate(bench: ModuleType) -> None:
    """A GENIUS domain of three parties counts with the multi-party examples, not bilateral."""

    def run(domain: str, parties: int, agreement: bool) -> Any:
        return bench.Run(
            domain, "linear", "copilot", 1, True, agreement, 3, 1.0, 0.0, parties=parties
        )

    runs = [
        run("other/pie", 2, True),
        run("other/laptopdomain", 3, False),
        run("river.yaml", 4, True),
    ]
    bilateral = bench.summarise(runs, "copilot", bilateral=True)
    multi = bench.summarise(runs, "copilot", bilateral=False)
    assert (bilateral["cases"], bilateral["agreement_rate"]) == (1, 1.0)
    assert (multi["cases"], multi["agreement_rate"]) == (2, 0.5)
    assert [r.domain for r in bench.bilateral_zopa(runs, "copilot")] == ["other/pie"]
