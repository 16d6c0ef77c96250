"""The local engine: a tournament's chunks on a pool of worker processes.

Engines keep a bounded window of chunks in flight (a few per worker), hand each finished
chunk's rows to ``on_done`` in the driver process as it completes, and submit the next.
Each worker receives the tournament's scenarios once (the pool's initializer; Dask's
``scatter``), not with every chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from accord.runners.work import Row, WorkSettings, install, run_installed
from accord.tournament.plan import Chunk

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

OnDone = Callable[[Chunk, list[Row]], None]
"""Called in the driver with each finished chunk and its rows."""

IN_FLIGHT_PER_WORKER = 3
"""Chunks submitted ahead per worker: enough to keep it busy, few enough to stop soon."""


def run_local(
    chunks: Iterable[Chunk],
    scenarios: Mapping[str, Scenario],
    settings: WorkSettings,
    on_done: OnDone,
    *,
    workers: int,
) -> None:
    """Run ``chunks`` on a pool of ``workers`` processes (started fresh, by spawning)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=install,
        initargs=(dict(scenarios),),
    )
    queue = iter(chunks)
    running: dict[Future[list[Row]], Chunk] = {}

    def submit() -> None:
        chunk = next(queue, None)
        if chunk is not None:
            running[pool.submit(run_installed, chunk, settings)] = chunk

    try:
        for _ in range(IN_FLIGHT_PER_WORKER * workers):
            submit()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = running.pop(future)
                on_done(chunk, future.result())
                submit()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
