"""Running tournaments: the same rows on every engine, resuming after an interruption,
timeouts and failures recorded, opponent models judged, Parquet that reads back."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from accord.io import load_scenario
from accord.model.scenario import Scenario
from accord.protocols.engine import build_views
from accord.runners import results
from accord.runners.tournament import run_tournament
from accord.runners.work import WorkSettings, run_chunk
from accord.tournament.plan import (
    Player,
    ProtocolEntry,
    Run,
    ScenarioEntry,
    TournamentSpec,
    chunks,
    plan,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLANT = EXAMPLES / "plant-contract.yaml"
RIVER = EXAMPLES / "river-basin.yaml"


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    return {"plant": load_scenario(PLANT), "river": load_scenario(RIVER)}


def make_runs(
    scenarios: dict[str, Scenario], players: tuple[Player, ...], **changes: Any
) -> tuple[Run, ...]:
    entries = tuple(ScenarioEntry(k, s.party_ids, k) for k, s in scenarios.items())
    spec: dict[str, Any] = {
        "scenarios": entries,
        "protocols": (ProtocolEntry("alternating"),),
        "players": players,
        "repetitions": 2,
        "seed": 11,
        "deadline": 30,
        "self_play": False,
    }
    spec.update(changes)
    return plan(TournamentSpec(**spec))


PLAYERS = (Player("boulware"), Player("conceder"), Player("random"))


def without_time(table: pa.Table) -> list[dict[str, Any]]:
    return table.drop(["time"]).to_pylist()


def test_local_and_dask_engines_give_identical_rows(
    scenarios: dict[str, Scenario], tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    runs = make_runs(scenarios, PLAYERS)
    local = run_tournament(runs, scenarios, tmp_path / "local.parquet", workers=2, size=7)
    dask = run_tournament(
        runs, scenarios, tmp_path / "dask.parquet", engine="dask", workers=2, size=5
    )
    assert local.ran == dask.ran == len(runs)
    assert local.table.column("run_id").to_pylist() == [r.run_id for r in runs]
    assert without_time(local.table) == without_time(dask.table)
    # and both equal the same chunk run in this process
    here = [
        row
        for c in chunks(runs, 50)
        for row in run_chunk(c, scenarios[c.scenario], WorkSettings(roles=3))
    ]
    assert [{k: v for k, v in r.items() if k != "time"} for r in here] == without_time(local.table)
    agreed = local.table.column("agreement").to_pylist()
    assert any(agreed) and local.table.column("n_parties").to_pylist().count(3) == 12


class Interrupt(Exception):
    pass


def stop_after(calls: int) -> Callable[[int, int], None]:
    seen = {"n": 0}

    def progress(done: int, total: int) -> None:
        seen["n"] += 1
        if seen["n"] > calls:  # the first call reports the runs found finished
            raise Interrupt

    return progress


def test_an_interrupted_tournament_resumes_without_repeating_runs(
    scenarios: dict[str, Scenario], tmp_path: Path
) -> None:
    plant = {"plant": scenarios["plant"]}
    runs = make_runs(plant, PLAYERS, repetitions=3)
    out = tmp_path / "r.parquet"
    with pytest.raises(Interrupt):
        run_tournament(runs, plant, out, workers=1, size=4, progress=stop_after(2))
    done = results.finished(out)
    assert len(done) == 8 and not out.exists()  # two chunks of four made it to disk
    resumed = run_tournament(runs, plant, out, workers=1, size=4)
    assert resumed.skipped == 8 and resumed.ran == len(runs) - 8
    assert not results.parts_dir(out).exists()
    whole = run_tournament(runs, plant, tmp_path / "whole.parquet", workers=1, size=4)
    assert without_time(resumed.table) == without_time(whole.table)
    again = run_tournament(runs, plant, out, workers=1)
    assert again.ran == 0 and without_time(again.table) == without_time(whole.table)
    # a partial plan first (some runs), then the full plan: only the rest is run
    first = run_tournament(runs[:5], plant, tmp_path / "p.parquet", workers=1)
    rest = run_tournament(runs, plant, tmp_path / "p.parquet", workers=1)
    assert (first.ran, rest.skipped, rest.ran) == (5, 5, len(runs) - 5)
    assert without_time(rest.table) == without_time(whole.table)


def test_a_run_out_of_time_is_recorded_as_a_timeout(scenarios: dict[str, Scenario]) -> None:
    runs = make_runs(
        {"plant": scenarios["plant"]},
        (Player("boulware"), Player("hardliner")),
        repetitions=1,
        deadline=1000,
    )
    ticks = iter(range(10**6))

    def clock() -> float:  # one second passes each time the clock is read
        return float(next(ticks))

    chunk = chunks(runs, 10)[0]
    rows = run_chunk(chunk, scenarios["plant"], WorkSettings(roles=2, time_limit=5.0), clock)
    for row in rows:
        assert row["timeout"] is True and row["agreement"] is False
        assert row["ending"] == "timeout" and row["rounds"] < 1000
        assert row["utility_1"] == scenarios["plant"].preferences[row["party_1"]].reservation
    unlimited = run_chunk(chunk, scenarios["plant"], WorkSettings(roles=2), clock)
    assert not any(row["timeout"] for row in unlimited)


def test_a_failing_agent_becomes_an_error_row(scenarios: dict[str, Scenario]) -> None:
    broken = (Player("boulware", {"no_such_parameter": 1}), Player("conceder"))
    runs = make_runs({"plant": scenarios["plant"]}, broken, repetitions=1)
    rows = run_chunk(chunks(runs, 10)[0], scenarios["plant"], WorkSettings(roles=2))
    assert len(rows) == 2
    for row in rows:
        assert row["error"].startswith("TypeError") and row["agreement"] is False
        assert row["ending"] == "error"


def test_opponent_models_are_judged_against_the_true_utilities(
    scenarios: dict[str, Scenario],
) -> None:
    scenario = scenarios["plant"]
    players = (Player("opponent_agents:Mirror", label="mirror"), Player("boulware"))
    runs = make_runs({"plant": scenario}, players, repetitions=1)
    rows = run_chunk(chunks(runs, 10)[0], scenario, WorkSettings(roles=2))
    views = build_views(scenario, 30)
    for row in rows:
        mirror = 1 if row["agent_1"] == "mirror" else 2
        other = 3 - mirror
        own = views[row[f"party_{mirror}"]].utilities
        truth = views[row[f"party_{other}"]].utilities
        sample = np.sort(
            np.random.default_rng([row["seed"], 1]).choice(own.size, size=1000, replace=False)
        )
        x, y = 1.0 - own[sample], truth[sample]
        expected_r = float(np.corrcoef(x, y)[0, 1])
        assert math.isclose(row[f"model_pearson_{mirror}"], expected_r, abs_tol=1e-9)
        sx = np.sign(x[:, None] - x[None, :])
        sy = np.sign(y[:, None] - y[None, :])
        n = x.size
        pairs = n * (n - 1) / 2
        tx = (np.count_nonzero(sx == 0) - n) / 2
        ty = (np.count_nonzero(sy == 0) - n) / 2
        tau = (sx * sy).sum() / 2 / math.sqrt((pairs - tx) * (pairs - ty))
        assert math.isclose(row[f"model_tau_{mirror}"], tau, abs_tol=1e-9)
        assert row[f"model_tau_{other}"] is None and row[f"model_pearson_{other}"] is None


def test_parameters_reach_the_agent(scenarios: dict[str, Scenario]) -> None:
    scenario = scenarios["plant"]
    plain = (Player("opponent_agents:Scaled", label="s"), Player("boulware"))
    scaled = (Player("opponent_agents:Scaled", {"scale": 2.0}, label="s"), Player("boulware"))
    for players, has_model in ((plain, False), (scaled, True)):
        runs = make_runs({"plant": scenario}, players, repetitions=1)
        rows = run_chunk(chunks(runs, 10)[0], scenario, WorkSettings(roles=2))
        values = [r[f"model_pearson_{1 if r['agent_1'] == 's' else 2}"] for r in rows]
        assert all((v is not None) == has_model for v in values)


def test_results_round_trip_through_parquet_and_pandas(
    scenarios: dict[str, Scenario], tmp_path: Path
) -> None:
    runs = make_runs(scenarios, PLAYERS, repetitions=1)
    out = tmp_path / "results.parquet"
    finished = run_tournament(runs, scenarios, out, workers=1)
    table = pq.read_table(out)
    assert table.equals(finished.table)
    for field in table.schema:
        assert not pa.types.is_nested(field.type), field
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(out)
    assert len(frame) == len(runs)
    assert list(frame["run_id"]) == [r.run_id for r in runs]
    assert frame["seed"].dtype == np.int64
    assert list(frame["seed"]) == [r.seed for r in runs]
    bilateral = frame[frame["n_parties"] == 2]
    assert bilateral["agent_3"].isna().all() and bilateral["utility_3"].isna().all()
    back = pa.Table.from_pandas(frame, schema=table.schema, preserve_index=False)
    assert back.equals(table)


def test_in_multilateral_runs_a_model_is_judged_against_the_others_mean(
    scenarios: dict[str, Scenario],
) -> None:
    scenario = scenarios["river"]
    players = (
        Player("opponent_agents:Mirror", label="mirror"),
        Player("boulware"),
        Player("conceder"),
    )
    runs = [
        r
        for r in make_runs({"river": scenario}, players, repetitions=1)
        if r.players[0].title == "mirror"
    ]
    rows = run_chunk(chunks(runs, 10)[0], scenario, WorkSettings(roles=3))
    views = build_views(scenario, 30)
    parties = scenario.party_ids
    for row in rows:
        own = views[parties[0]].utilities
        truth = (views[parties[1]].utilities + views[parties[2]].utilities) / 2
        rng = np.random.default_rng([row["seed"], 1])
        sample = np.sort(rng.choice(own.size, size=1000, replace=False))
        expected = float(np.corrcoef(1.0 - own[sample], truth[sample])[0, 1])
        assert math.isclose(row["model_pearson_1"], expected, abs_tol=1e-9)
        assert row["model_tau_2"] is None and row["model_tau_3"] is None


def test_the_anac_agents_models_are_judged(scenarios: dict[str, Scenario]) -> None:
    from accord.agents.base import ModelsOpponent
    from accord.agents.registry import AGENTS
    from accord.tournament.opponent import OpponentModel

    modelled = [n for n, cls in AGENTS.items() if issubclass(cls, ModelsOpponent)]
    if not modelled:
        pytest.skip("no built-in agent keeps an opponent model")
    scenario = scenarios["plant"]
    players = (Player(modelled[0]), Player("boulware"))
    runs = make_runs({"plant": scenario}, players, repetitions=1)
    rows = run_chunk(chunks(runs, 10)[0], scenario, WorkSettings(roles=2))
    for row in rows:
        mine = 1 if row["agent_1"] == modelled[0] else 2
        assert -1.0 <= row[f"model_tau_{mine}"] <= 1.0
        assert -1.0 <= row[f"model_pearson_{mine}"] <= 1.0
        assert row[f"model_tau_{3 - mine}"] is None
    assert issubclass(AGENTS[modelled[0]], OpponentModel)


def test_a_running_dask_scheduler_is_used_by_address(
    scenarios: dict[str, Scenario], tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    plant = {"plant": scenarios["plant"]}
    runs = make_runs(plant, PLAYERS, repetitions=1)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = run_tournament(
            runs,
            plant,
            tmp_path / "d.parquet",
            engine="dask",
            scheduler=cluster.scheduler_address,
            size=2,
        )
        assert len(cluster.scheduler.workers) == 1  # the cluster outlives the tournament
    local = run_tournament(runs, plant, tmp_path / "l.parquet", workers=1)
    assert without_time(remote.table) == without_time(local.table)
