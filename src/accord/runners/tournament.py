"""Drive a tournament: skip finished runs, chunk the rest, run them on an engine, write a
Parquet part per chunk, and merge the parts into the results file."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from accord.runners import results
from accord.runners.work import Row, WorkSettings
from accord.tournament.plan import Chunk, Run, chunk_size, chunks

if TYPE_CHECKING:
    import pyarrow as pa

    from accord.model.scenario import Scenario

Engine = Literal["local", "dask"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: runs finished so far (the skipped ones included) of all."""


@dataclass(frozen=True)
class Finished:
    """A tournament's results and what this call did."""

    table: pa.Table
    """Every run of the plan, in plan order."""
    ran: int
    """Runs negotiated by this call."""
    skipped: int
    """Runs found finished in earlier calls and not repeated."""
    seconds: float
    """Wall-clock time of the negotiations run by this call."""


def roles_of(runs: Sequence[Run]) -> int:
    """The most parties of any run (the number of role column sets)."""
    return max((len(r.parties) for r in runs), default=2)


def run_tournament(
    runs: Sequence[Run],
    scenarios: Mapping[str, Scenario],
    out: Path,
    *,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    time_limit: float | None = None,
    max_outcomes: int = 2_000_000,
    size: int | None = None,
    progress: Progress | None = None,
) -> Finished:
    """Run every run of ``runs`` not already in ``out`` (or its parts) and merge.

    An interruption (any exception, ``KeyboardInterrupt`` included) leaves the finished
    chunks' parts on disk; calling again with the same runs carries on from there.
    """
    roles = roles_of(runs)
    done = results.finished(out)
    pending = [r for r in runs if r.run_id not in done]
    skipped = len(runs) - len(pending)
    settings = WorkSettings(roles=roles, time_limit=time_limit, max_outcomes=max_outcomes)
    batches = chunks(pending, size or chunk_size(len(pending), workers))
    count = skipped
    if progress is not None:
        progress(count, len(runs))

    def on_done(chunk: Chunk, rows: list[Row]) -> None:
        nonlocal count
        results.write_part(out, chunk.chunk_id, rows, roles)
        count += len(rows)
        if progress is not None:
            progress(count, len(runs))

    started = time.perf_counter()
    if batches:
        needed = {c.scenario for c in batches}
        used = {label: s for label, s in scenarios.items() if label in needed}
        if engine == "dask":
            from accord.runners.dask import run_dask

            run_dask(batches, used, settings, on_done, workers=workers, scheduler=scheduler)
        else:
            from accord.runners.local import run_local

            run_local(batches, used, settings, on_done, workers=workers)
    seconds = time.perf_counter() - started
    table = results.merge(out, [r.run_id for r in runs], roles)
    return Finished(table=table, ran=len(pending), skipped=skipped, seconds=seconds)
