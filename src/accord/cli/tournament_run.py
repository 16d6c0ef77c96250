"""``accord tournament``: read the configuration, run (or resume) the tournament on the
chosen engine with a progress bar, and print or plot the ranking."""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord.cli.common import fail

if TYPE_CHECKING:
    from accord.io.tournament_config import TournamentConfig
    from accord.runners.tournament import Engine, Finished
    from accord.tournament.scoring import Ranking


def run(
    config_file: Path,
    *,
    out: Path,
    engine: Engine,
    scheduler: str | None,
    workers: int | None,
    chunk: int | None,
    as_json: bool,
    plot: Path | None,
) -> None:
    """Everything ``accord tournament`` does."""
    from accord.io.errors import ScenarioError
    from accord.io.tournament_config import load_config
    from accord.tournament.plan import plan

    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    if out.suffix.lower() != ".parquet":
        fail(f"--out {out}: the results file name must end in .parquet")
    if scheduler is not None and engine != "dask":
        fail("--scheduler names a Dask scheduler; use it with --engine dask")
    try:
        config = load_config(config_file)
    except ScenarioError as error:
        fail(str(error))
    runs = plan(config.spec)
    if not runs:
        fail(f"{config_file}: the configuration plans no negotiation (too few agents?)")
    finished = _run(config, runs, out, engine, scheduler, workers or os.cpu_count() or 1, chunk)
    ranking = _rank(config, finished)
    if plot is not None:
        from accord.cli.tournament_plot import plot_ranking

        plot_ranking(ranking, plot)
    if as_json:
        from accord.tournament.scoring import ranking_dict

        json.dump(ranking_dict(ranking), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    _print(config, finished, ranking, out)


def _run(
    config: TournamentConfig,
    runs: tuple[object, ...],
    out: Path,
    engine: Engine,
    scheduler: str | None,
    workers: int,
    chunk: int | None,
) -> Finished:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from accord.runners.tournament import run_tournament

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("Negotiating", total=len(runs))

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            return run_tournament(
                runs,  # type: ignore[arg-type]
                config.scenarios,
                out,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                time_limit=config.time_limit,
                max_outcomes=config.max_outcomes,
                size=chunk,
                progress=progress,
            )
        except ConnectionError as error:
            fail(f"--scheduler: {error}")
        except OSError as error:
            fail(f"--out {out}: cannot write the results ({error.strerror or error})")
        except KeyboardInterrupt:
            from accord.runners.results import finished

            saved = len(finished(out))
            typer.echo(
                f"accord: interrupted; {saved:,} of {len(runs):,} negotiations are saved "
                f"beside {out}; run the same command again to carry on",
                err=True,
            )
            raise typer.Exit(130) from None


def _rank(config: TournamentConfig, finished: Finished) -> Ranking:
    from accord.runners.results import columns
    from accord.tournament.scoring import rank

    return rank(columns(finished.table), config.scoring, config.spec.seed)


def _cell(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f}"


def _print(config: TournamentConfig, finished: Finished, ranking: Ranking, out: Path) -> None:
    import pyarrow.compute as pc
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = finished.table
    timeouts = int(pc.sum(table.column("timeout")).as_py() or 0)
    errors = table.num_rows - int(pc.count(table.column("error"), mode="only_null").as_py())
    scoring = config.scoring
    level = f"{scoring.confidence:.0%}"
    title = (
        f"Score: mean {scoring.metric} (no agreement scores "
        f"{'0' if scoring.no_agreement == 'zero' else 'the reservation value'}; "
        f"{level} bootstrap intervals)"
    )
    grid = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    other = "discounted" if scoring.metric != "discounted" else "utility"
    with_models = any(not math.isnan(s.model_tau) for s in ranking.standings)
    short = {"utility": "raw u.", "discounted": "disc. u."}
    headers = ["#", "agent", "score", f"{level} CI", "agreed", short[other], "to Nash"]
    headers += ["model τ"] if with_models else []
    for name in [*headers, "runs"]:
        grid.add_column(name, justify="left" if name == "agent" else "right", no_wrap=True)
    for place, s in enumerate(ranking.standings, start=1):
        interval = "-" if math.isnan(s.ci[0]) else f"{s.ci[0]:.3f}-{s.ci[1]:.3f}"
        cells = [
            str(place),
            s.agent,
            _cell(s.score),
            interval,
            f"{s.agreement_rate:.0%}",
            _cell(s.discounted if other == "discounted" else s.utility),
            _cell(s.nash_distance),
        ]
        if with_models:
            cells.append(_cell(s.model_tau))
        cells.append(f"{s.negotiations:,}")
        grid.add_row(*cells)
    console = Console()
    console.print(grid)
    rate = finished.ran / finished.seconds if finished.seconds > 0 else 0.0
    resumed = f", {finished.skipped:,} finished earlier" if finished.skipped else ""
    console.print(
        f"{table.num_rows:,} negotiations ({finished.ran:,} run now in "
        f"{finished.seconds:.1f} s, {rate:,.0f}/s{resumed}); {timeouts:,} timeouts, "
        f"{errors:,} errors; results in {out}"
    )
