"""The Dask engine: a tournament's chunks on a Dask distributed cluster.

Chunks are submitted in a bounded window and collected with ``as_completed``; the
scenarios are scattered to every worker once. Without a scheduler address an in-process
``LocalCluster`` is started (and stopped) for the run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from accord.runners.local import IN_FLIGHT_PER_WORKER, OnDone
from accord.runners.work import WorkSettings, run_chunk
from accord.tournament.plan import Chunk

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

CONNECT_SECONDS = 20
"""How long to wait for a scheduler given by address."""


def run_dask(
    chunks: Iterable[Chunk],
    scenarios: Mapping[str, Scenario],
    settings: WorkSettings,
    on_done: OnDone,
    *,
    workers: int,
    scheduler: str | None = None,
) -> None:
    """Run ``chunks`` on the Dask scheduler at ``scheduler``, or on an in-process
    ``LocalCluster`` of ``workers`` single-threaded worker processes when none is given."""
    from distributed import Client, LocalCluster, as_completed

    cluster: Any = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as error:
            raise ConnectionError(
                f"cannot reach the Dask scheduler at {scheduler} ({error or type(error).__name__})"
            ) from None
    try:
        handles = {
            label: client.scatter(scenario, broadcast=True, hash=False)
            for label, scenario in scenarios.items()
        }
        size = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        queue: Iterator[Chunk] = iter(chunks)
        running: dict[str, Chunk] = {}
        futures = as_completed()

        def submit() -> None:
            chunk = next(queue, None)
            if chunk is not None:
                future = client.submit(
                    run_chunk, chunk, handles[chunk.scenario], settings, pure=False
                )
                running[str(future.key)] = chunk
                futures.add(future)

        for _ in range(IN_FLIGHT_PER_WORKER * size):
            submit()
        for future in futures:
            rows = future.result()
            chunk = running.pop(str(future.key))
            future.release()
            on_done(chunk, rows)
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
