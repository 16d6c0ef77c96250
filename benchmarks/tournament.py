"""Benchmark tournament throughput: Accord's engines against NegMAS's ``cartesian_tournament``.

Both tools play the same tournament: the time-based agents both have (Boulware,
Linear, Conceder; NegMAS's ``*TBNegotiator``), every agent against every agent in
both roles (self-play included), on the same random bilateral scenarios (from
``_scenarios.py``: ``--scenarios`` of them with ``--outcomes`` outcomes each), with a
deadline of ``--deadline`` rounds (NegMAS ``n_steps``). Measured, end to end (the
engine's start-up, writing results and, for Accord, merging the Parquet file
included):

* Accord ``run_tournament`` on the local engine with 1 and with 2 worker processes,
  and on a 2-worker Dask ``LocalCluster`` (started inside the timed region);
* NegMAS ``cartesian_tournament`` (optional, ``pip install -e '.[bench]'``) serially
  (``njobs=-1``) and with 2 processes (``njobs=2``), without saving to disk,
  statistics or figures.

NegMAS rotates the utility functions as well as the agents, so it plays each pairing
twice per repetition; the comparison is in negotiations per second. Scaling
efficiency is the 2-worker rate over twice the 1-worker rate.

Run ``python benchmarks/tournament.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import _cli as cli
from _scenarios import make_spec, to_accord, to_negmas
from _table import MISSING, fmt_ratio, new_console, table

AGENTS = ("boulware", "linear", "conceder")
NEGMAS_AGENTS = ("BoulwareTBNegotiator", "LinearTBNegotiator", "ConcederTBNegotiator")


@dataclass
class Row:
    """One measured tournament."""

    tool: str
    engine: str
    workers: int
    negotiations: int
    seconds: float
    agreements: int
    steady: float | None = None
    """Negotiations per second once the workers are up: from the first finished chunk to
    the last (``None`` for NegMAS, or with a single chunk)."""

    @property
    def rate(self) -> float:
        return self.negotiations / self.seconds if self.seconds > 0 else 0.0


def accord_row(args: argparse.Namespace, engine: str, workers: int) -> Row:
    """Run the tournament with Accord on ``engine`` and time it."""
    from accord.runners.tournament import run_tournament
    from accord.tournament.plan import (
        Player,
        ProtocolEntry,
        ScenarioEntry,
        TournamentSpec,
        plan,
    )

    scenarios = {}
    for k in range(args.scenarios):
        scenario = to_accord(make_spec(args.outcomes, 2, args.seed + k))
        scenarios[f"random-{k}"] = scenario
    spec = TournamentSpec(
        scenarios=tuple(ScenarioEntry(k, s.party_ids, k) for k, s in scenarios.items()),
        protocols=(ProtocolEntry("alternating"),),
        players=tuple(Player(a) for a in AGENTS),
        repetitions=args.repetitions,
        seed=args.seed,
        deadline=args.deadline,
        self_play=True,
    )
    runs = plan(spec)
    stamps: list[tuple[float, int]] = []

    def progress(done: int, total: int) -> None:
        stamps.append((time.perf_counter(), done))

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        finished = run_tournament(
            runs,
            scenarios,
            Path(folder) / "results.parquet",
            engine=engine,  # type: ignore[arg-type]
            workers=workers,
            time_limit=60.0,
            progress=progress,
        )
        seconds = time.perf_counter() - started
    agreements = sum(finished.table.column("agreement").to_pylist())
    steady = None
    if len(stamps) > 2 and stamps[-1][0] > stamps[1][0]:
        steady = (stamps[-1][1] - stamps[1][1]) / (stamps[-1][0] - stamps[1][0])
    n = finished.table.num_rows
    return Row("Accord", engine, workers, n, seconds, agreements, steady)


def negmas_row(args: argparse.Namespace, workers: int) -> Row:
    """Run the same tournament with NegMAS's ``cartesian_tournament`` and time it."""
    import negmas.sao as sao
    from negmas.inout import Scenario
    from negmas.outcomes import make_os
    from negmas.tournaments.neg import cartesian_tournament

    scenarios = []
    for k in range(args.scenarios):
        issues, ufuns = to_negmas(make_spec(args.outcomes, 2, args.seed + k))
        space = make_os(issues)
        for ufun in ufuns:
            ufun.outcome_space = space
        scenarios.append(Scenario(outcome_space=space, ufuns=tuple(ufuns), name=f"random-{k}"))
    competitors = [getattr(sao, name) for name in NEGMAS_AGENTS]
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        results = cartesian_tournament(
            competitors,
            scenarios,
            n_repetitions=args.negmas_repetitions,
            n_steps=args.deadline,
            njobs=-1 if workers == 1 else workers,
            path=None,
            verbosity=0,
            self_play=True,
            rotate_ufuns=True,
            save_stats=False,
            save_scenario_figs=False,
            plot_fraction=0.0,
        )
    seconds = time.perf_counter() - started
    details = results.details
    agreements = int(details["agreement"].notna().sum())
    engine = "serial" if workers == 1 else "processes"
    return Row("NegMAS", engine, workers, len(details), seconds, agreements)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Tournament negotiations per second: Accord's engines against NegMAS."
    )
    parser.add_argument("--outcomes", type=int, default=1000, help="outcomes per scenario")
    parser.add_argument("--scenarios", type=int, default=3, help="random bilateral scenarios")
    parser.add_argument("--deadline", type=int, default=100, help="rounds (NegMAS n_steps)")
    parser.add_argument(
        "--repetitions", type=int, default=100, help="Accord repetitions per pairing"
    )
    parser.add_argument(
        "--negmas-repetitions",
        type=int,
        default=4,
        help="NegMAS repetitions per pairing (NegMAS also rotates the roles: twice as many "
        "negotiations per repetition)",
    )
    parser.add_argument("--no-negmas", action="store_true", help="measure Accord only")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster row")
    cli.add_seed(parser)
    cli.add_json(parser)
    args = parser.parse_args(argv)
    for name in ("outcomes", "scenarios", "deadline", "repetitions", "negmas_repetitions"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def efficiency(two: Row | None, one: Row | None) -> float | None:
    """The 2-worker rate over twice the 1-worker rate."""
    if two is None or one is None or one.rate == 0:
        return None
    return two.rate / (2 * one.rate)


def main(argv: Sequence[str] | None = None) -> int:
    cli.ensure_accord_importable()
    args = parse_args(argv)
    console = new_console()
    with_negmas, versions = cli.negmas_versions(console, not args.no_negmas)
    console.print(
        f"[dim]{versions}; {args.scenarios} scenarios of {args.outcomes} outcomes; deadline "
        f"{args.deadline}; agents {', '.join(AGENTS)} (self-play, both roles)[/]"
    )
    started = time.perf_counter()
    rows: list[Row] = []
    for engine, workers in (("local", 1), ("local", 2), ("dask", 2)):
        if engine == "dask" and args.no_dask:
            continue
        rows.append(accord_row(args, engine, workers))
    if with_negmas:
        rows.extend(negmas_row(args, workers) for workers in (1, 2))
    by_key = {(r.tool, r.engine, r.workers): r for r in rows}
    local1 = by_key.get(("Accord", "local", 1))
    baseline = {1: by_key.get(("NegMAS", "serial", 1)), 2: by_key.get(("NegMAS", "processes", 2))}
    grid = table(
        "Tournament throughput (end to end)",
        [
            "tool",
            "engine",
            "workers",
            "negotiations",
            "seconds",
            "per second",
            "once started",
            "agreements",
            "scaling",
            "vs NegMAS",
        ],
        left=["tool", "engine"],
    )
    cases = []
    for row in rows:
        scaling = efficiency(row, local1) if row.tool == "Accord" and row.workers == 2 else None
        theirs = baseline.get(row.workers)
        ratio = row.rate / theirs.rate if row.tool == "Accord" and theirs else None
        grid.add_row(
            row.tool,
            row.engine,
            str(row.workers),
            f"{row.negotiations:,}",
            f"{row.seconds:.2f}",
            f"{row.rate:,.1f}",
            MISSING if row.steady is None else f"{row.steady:,.0f}",
            f"{row.agreements / row.negotiations:.0%}" if row.negotiations else MISSING,
            MISSING if scaling is None else f"{scaling:.0%}",
            fmt_ratio(ratio),
        )
        cases.append(
            {**asdict(row), "per_second": row.rate, "scaling": scaling, "vs_negmas": ratio}
        )
    console.print(grid)
    cli.write_json(_Shared(args), versions, time.perf_counter() - started, cases)
    return 0


class _Shared(argparse.Namespace):
    """The fields :func:`_cli.write_json` expects, for a benchmark without repeats."""

    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(**vars(args), repeat=1, timeout=0.0)


if __name__ == "__main__":
    sys.exit(main())
