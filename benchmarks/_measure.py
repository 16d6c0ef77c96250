"""Timing and memory measurements, each in a fresh process.

:func:`measure` runs one task in a new process started with the ``spawn``
method, so that no measurement inherits memory, caches or warmed-up imports from
another. The process gets an address-space limit and a timeout. The task itself
calls :func:`timed` around the code to measure and returns a
:class:`Measurement`; :func:`best_of` repeats a measurement and keeps the
fastest run.

Peak memory is the growth of the process's resident set size during the timed
call: the high-water mark ``getrusage(RUSAGE_SELF).ru_maxrss`` after the call
minus the resident set size just before it. (``tracemalloc`` would also see
numpy's buffers, but it slows down allocation-heavy pure-Python code by a large
factor and so would distort the timings.)

A task must be a module-level function (the child process imports it by name)
and its arguments and result must be picklable.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import multiprocessing as mp
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar, TypeVarTuple

R = TypeVar("R")
"""What a measured task found (its result, kept for checking)."""
T = TypeVar("T")
Ts = TypeVarTuple("Ts")


@dataclass
class Measurement(Generic[R]):
    """What one measurement process reports back."""

    status: str
    """``ok``, ``timeout``, ``skipped (...)``, ``out of memory`` or ``failed (...)``."""
    seconds: float | None = None
    peak_bytes: int | None = None
    result: R | None = None
    """What the task found (``None`` unless the status is ``ok``)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Anything else worth recording, written as is to the JSON output."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _rss_bytes() -> int:
    """Current resident set size of this process."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: fall back to the high-water mark
        return _max_rss_bytes()


def _max_rss_bytes() -> int:
    """High-water mark of this process's resident set size."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(rss) if sys.platform == "darwin" else int(rss) * 1024


def timed(work: Callable[[], T]) -> tuple[T, float, int]:
    """Run ``work`` and return its result, wall time and peak RSS growth."""
    gc.collect()
    before = _rss_bytes()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    return result, seconds, max(0, _max_rss_bytes() - before)


def _child(
    task: Callable[[*Ts], Measurement[R]],
    args: tuple[*Ts],
    memory_limit: int | None,
    conn: Connection,
) -> None:
    """Entry point of a measurement process: run ``task`` and send its :class:`Measurement`."""
    warnings.filterwarnings("ignore")
    if memory_limit is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    measurement: Measurement[R]
    try:
        measurement = task(*args)
    except MemoryError:
        measurement = Measurement("out of memory")
    except Exception as error:  # report, don't hang the parent
        measurement = Measurement(f"failed ({type(error).__name__}: {error})")
    with contextlib.suppress(BrokenPipeError):  # the parent gave up waiting
        conn.send(measurement)
    conn.close()


def measure(
    task: Callable[[*Ts], Measurement[R]],
    args: tuple[*Ts],
    timeout: float,
    memory_limit: int | None,
) -> Measurement[R]:
    """Run ``task(*args)`` in a fresh ``spawn`` process, giving up after ``timeout`` s.

    ``memory_limit`` (bytes) caps the process's address space; running out is
    reported as ``out of memory`` (or ``killed (out of memory?)`` when the
    process dies without reporting).
    """
    ctx = mp.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(task, args, memory_limit, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(max(0.0, timeout)):
            process.kill()
            return Measurement("timeout")
        measurement: Measurement[R] = receiver.recv()
        return measurement
    except EOFError:  # the child died without reporting
        process.join(5)
        if process.exitcode == -9:
            return Measurement("killed (out of memory?)")
        return Measurement(f"failed (exit code {process.exitcode})")
    finally:
        receiver.close()
        process.join(10 if process.exitcode is None else 0)
        if process.is_alive():
            process.kill()
            process.join()


def best_of(
    task: Callable[[*Ts], Measurement[R]],
    args: tuple[*Ts],
    repeat: int,
    timeout: float,
    memory_limit: int | None,
) -> Measurement[R]:
    """Measure ``repeat`` times: the fastest run, with the largest peak memory seen.

    Stops at the first run that is not ``ok`` and returns that one.
    """
    runs: list[Measurement[R]] = []
    for _ in range(repeat):
        run = measure(task, args, timeout, memory_limit)
        if not run.ok:
            return run
        runs.append(run)
    best = min(runs, key=lambda r: r.seconds or 0.0)
    best.peak_bytes = max(r.peak_bytes or 0 for r in runs)
    best.extra["seconds_all"] = [r.seconds for r in runs]
    return best


def available_memory() -> int | None:
    """``MemAvailable`` from ``/proc/meminfo`` in bytes (``None`` if unknown)."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def memory_limit_bytes(gib: float | None, share: float = 0.8) -> int | None:
    """Address-space limit per measurement process.

    ``gib`` GiB when given, otherwise ``share`` of the memory available now
    (``None``, no limit, when that is unknown).
    """
    if gib is not None:
        return int(gib * 2**30)
    available = available_memory()
    return None if available is None else int(share * available)


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    return importlib.util.find_spec(module) is not None
