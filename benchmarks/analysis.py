"""Benchmark Accord's agreement-space analysis against NegMAS.

For random additive scenarios of 10^4 .. 10^7 outcomes and 2 or 3 parties this
measures, per case:

* Accord: wall time and peak memory of the full ``accord.analysis.analyze``
  (Pareto frontier, the four bargaining solutions and the diagnosis);
* NegMAS (optional, ``pip install -e '.[bench]'``): wall time and peak memory of
  ``negmas.preferences.ops.pareto_frontier`` followed by ``nash_points`` on the
  same scenario;

and checks that both find the same Pareto frontier (as a set of utility vectors,
within 1e-9) and the same Nash utilities (within 1e-9).

Every measurement runs in a fresh process started with the ``spawn`` method, so
no measurement inherits memory, caches or warmed-up imports from another. Peak
memory is the growth of the process's resident set size during the timed call:
the high-water mark ``getrusage(RUSAGE_SELF).ru_maxrss`` after the call minus the
resident set size just before it. (``tracemalloc`` would also see numpy's
buffers, but it slows down allocation-heavy pure-Python code such as NegMAS's
outcome enumeration by a large factor and so would distort the timings.)

Run ``python benchmarks/analysis.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import json
import math
import multiprocessing as mp
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from _scenarios import ScenarioSpec, make_spec, to_accord, to_negmas

TOLERANCE = 1e-9
"""Two utilities agree when they differ by at most this much."""

NEGMAS_BYTES_PER_OUTCOME = 240
"""Rough NegMAS memory use per outcome, plus :data:`NEGMAS_BYTES_PER_UTILITY` per party.

NegMAS enumerates every outcome as a tuple and every utility as a Python float.
Measured on 10^7 outcomes with 3 parties: about 385 bytes per outcome.
"""
NEGMAS_BYTES_PER_UTILITY = 60


# --------------------------------------------------------------------------- #
# Measurements (each runs in a child process)
# --------------------------------------------------------------------------- #


@dataclass
class Measurement:
    """What one child process reports back."""

    status: str
    """``ok``, ``timeout``, ``skipped (...)``, ``out of memory`` or ``failed (...)``."""
    seconds: float | None = None
    peak_bytes: int | None = None
    frontier: NDArray[np.float64] | None = None
    """Frontier utilities, shape ``(n, n_parties)``."""
    frontier_indices: NDArray[np.int64] | None = None
    """Outcome indices of the frontier points (same enumeration order in both tools)."""
    nash: list[tuple[float, ...]] = field(default_factory=list)
    """Nash utilities (NegMAS may report several tied points)."""
    extra: dict[str, Any] = field(default_factory=dict)

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


def _timed(work: Callable[[], Any]) -> tuple[Any, float, int]:
    """Run ``work`` and return its result, wall time and peak RSS growth."""
    gc.collect()
    before = _rss_bytes()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    return result, seconds, max(0, _max_rss_bytes() - before)


def _accord_case(spec: ScenarioSpec) -> Measurement:
    from accord.analysis import analyze

    scenario = to_accord(spec)
    # Lift the default size guard so that sizes above 10^7 can be benchmarked too.
    result, seconds, peak = _timed(lambda: analyze(scenario, max_outcomes=spec.n_outcomes))
    nash = result.solutions.nash
    return Measurement(
        "ok",
        seconds,
        peak,
        frontier=np.asarray(result.frontier.utilities, dtype=float),
        frontier_indices=np.asarray(result.frontier.indices, dtype=np.int64),
        nash=[] if nash is None else [tuple(float(u) for u in nash.utilities)],
        extra={"zopa_size": int(result.zopa_size), "n_outcomes": int(result.n_outcomes)},
    )


def _negmas_case(spec: ScenarioSpec) -> Measurement:
    from negmas.preferences.ops import nash_points, pareto_frontier

    issues, ufuns = to_negmas(spec)

    def work() -> tuple[Any, Any, Any]:
        utilities, indices = pareto_frontier(ufuns, issues=issues)
        # NegMAS's disagreement point is the lower end of each party's utility
        # range, raised to the reserved value only when that is higher. Passing
        # ranges that start at the reserved value (0) makes the Nash product
        # prod(u_i - r_i), the definition Accord uses.
        ranges = [(u.reserved_value, u.minmax(issues=issues)[1]) for u in ufuns]
        nash = nash_points(ufuns, utilities, ranges=ranges)
        return utilities, indices, nash

    (utilities, indices, nash), seconds, peak = _timed(work)
    # Untimed: NegMAS's default Nash (disagreement at each party's minimum utility).
    default_nash = nash_points(ufuns, utilities, issues=issues)
    return Measurement(
        "ok",
        seconds,
        peak,
        frontier=np.asarray(utilities, dtype=float).reshape(-1, spec.n_parties),
        frontier_indices=np.asarray(indices, dtype=np.int64),
        nash=[tuple(float(u) for u in point) for point, _ in nash],
        extra={"default_nash": [[float(u) for u in point] for point, _ in default_nash]},
    )


def _child(
    kind: str,
    n_outcomes: int,
    n_parties: int,
    seed: int,
    memory_limit: int | None,
    conn: Connection,
) -> None:
    """Entry point of a measurement process: measure and send a :class:`Measurement`."""
    warnings.filterwarnings("ignore")
    if memory_limit is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        spec = make_spec(n_outcomes, n_parties, seed)
        measurement = _accord_case(spec) if kind == "accord" else _negmas_case(spec)
    except MemoryError:
        measurement = Measurement("out of memory")
    except Exception as error:  # report, don't hang the parent
        measurement = Measurement(f"failed ({type(error).__name__}: {error})")
    with contextlib.suppress(BrokenPipeError):  # the parent gave up waiting
        conn.send(measurement)
    conn.close()


def measure(kind: str, spec: ScenarioSpec, timeout: float, memory_limit: int | None) -> Measurement:
    """Run one measurement in a fresh ``spawn`` process, giving up after ``timeout`` s."""
    ctx = mp.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child,
        args=(kind, spec.n_outcomes, spec.n_parties, spec.seed, memory_limit, sender),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(max(0.0, timeout)):
            process.kill()
            return Measurement("timeout")
        measurement: Measurement = receiver.recv()
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
    kind: str, spec: ScenarioSpec, repeat: int, timeout: float, memory_limit: int | None
) -> Measurement:
    """Measure ``repeat`` times: the fastest run, with the largest peak memory seen."""
    runs: list[Measurement] = []
    for _ in range(repeat):
        run = measure(kind, spec, timeout, memory_limit)
        if not run.ok:
            return run
        runs.append(run)
    best = min(runs, key=lambda r: r.seconds or 0.0)
    best.peak_bytes = max(r.peak_bytes or 0 for r in runs)
    best.extra["seconds_all"] = [r.seconds for r in runs]
    return best


# --------------------------------------------------------------------------- #
# Comparing results
# --------------------------------------------------------------------------- #


def unmatched_rows(a: NDArray[np.float64], b: NDArray[np.float64], tol: float) -> int:
    """How many rows of ``a`` have no row of ``b`` within ``tol`` in every coordinate."""
    if len(a) == 0:
        return 0
    if len(b) == 0:
        return len(a)
    order = np.argsort(b[:, 0], kind="stable")
    b = b[order]
    lo = np.searchsorted(b[:, 0], a[:, 0] - tol, side="left")
    hi = np.searchsorted(b[:, 0], a[:, 0] + tol, side="right")
    missing = 0
    for row, start, stop in zip(a, lo, hi, strict=True):
        if stop <= start or not bool(np.any(np.all(np.abs(b[start:stop] - row) <= tol, axis=1))):
            missing += 1
    return missing


@dataclass
class Agreement:
    """Do Accord and NegMAS agree on one case?"""

    frontier: bool | None = None
    nash: bool | None = None
    notes: list[str] = field(default_factory=list)


def compare(accord: Measurement, negmas: Measurement) -> Agreement:
    """Compare frontiers (as sets of utility vectors) and Nash utilities."""
    if not (accord.ok and negmas.ok):
        return Agreement()
    assert accord.frontier is not None and negmas.frontier is not None
    out = Agreement()
    a_set = np.unique(accord.frontier, axis=0)
    n_set = np.unique(negmas.frontier, axis=0)
    only_accord = unmatched_rows(a_set, n_set, TOLERANCE)
    only_negmas = unmatched_rows(n_set, a_set, TOLERANCE)
    out.frontier = only_accord == 0 and only_negmas == 0
    if not out.frontier:
        out.notes.append(
            f"frontier: {only_accord} utility vector(s) only in Accord, "
            f"{only_negmas} only in NegMAS"
        )
    if len(accord.frontier) != len(negmas.frontier):
        out.notes.append(
            f"frontier: Accord lists {len(accord.frontier)} outcomes, NegMAS "
            f"{len(negmas.frontier)} (NegMAS keeps one outcome per utility vector)"
        )
    assert accord.frontier_indices is not None and negmas.frontier_indices is not None
    if out.frontier and set(accord.frontier_indices.tolist()) != set(
        negmas.frontier_indices.tolist()
    ):
        out.notes.append("frontier: same utility vectors but different outcome indices")

    if not accord.nash or not negmas.nash:
        out.nash = not accord.nash and not negmas.nash
    else:
        a_nash = np.asarray(accord.nash[0])
        candidates = np.asarray(negmas.nash)
        gaps = np.max(np.abs(candidates - a_nash), axis=1)
        out.nash = bool(np.min(gaps) <= TOLERANCE)
        if not out.nash:
            out.notes.append(
                f"nash: Accord {_fmt_point(a_nash)}, NegMAS {_fmt_point(candidates[0])} "
                f"(max gap {np.min(gaps):.2e})"
            )
    default = negmas.extra.get("default_nash") or []
    if accord.nash and default:
        gap = float(np.min(np.max(np.abs(np.asarray(default) - np.asarray(accord.nash[0])), 1)))
        if gap > TOLERANCE:
            out.notes.append(
                "nash: NegMAS's default nash_points (disagreement point = each party's "
                f"minimum utility, not its reservation 0) picks {_fmt_point(default[0])} "
                f"instead (gap {gap:.2e})"
            )
    return out


def _fmt_point(point: Sequence[float] | NDArray[np.float64]) -> str:
    return "(" + ", ".join(f"{float(u):.6f}" for u in point) + ")"


# --------------------------------------------------------------------------- #
# Driver
# --------------------------------------------------------------------------- #


@dataclass
class Case:
    """One row of the results table."""

    n_outcomes: int
    n_parties: int
    issues: str
    accord: Measurement
    negmas: Measurement | None
    agreement: Agreement

    def ratio(self) -> float | None:
        """NegMAS time over Accord time."""
        if self.negmas is None or not (self.accord.ok and self.negmas.ok):
            return None
        assert self.accord.seconds is not None and self.negmas.seconds is not None
        return self.negmas.seconds / max(self.accord.seconds, 1e-12)


def _parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        value = float(part.strip())
        if not value.is_integer() or value < 2:
            raise argparse.ArgumentTypeError(f"not a whole number of outcomes >= 2: {part!r}")
        sizes.append(int(value))
    return sizes


def _parse_ints(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",")]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _available_memory() -> int | None:
    """``MemAvailable`` from ``/proc/meminfo`` in bytes (``None`` if unknown)."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _ensure_accord_importable() -> None:
    """Use the source tree when Accord is not installed (child processes inherit sys.path)."""
    if importlib.util.find_spec("accord") is None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _negmas_installed() -> bool:
    return importlib.util.find_spec("negmas") is not None


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time Accord's analysis against NegMAS's Pareto frontier + Nash point.",
    )
    parser.add_argument(
        "--sizes",
        type=_parse_sizes,
        default=_parse_sizes("1e4,1e5,1e6,1e7"),
        help="comma-separated outcome counts (default: 1e4,1e5,1e6,1e7)",
    )
    parser.add_argument(
        "--parties",
        type=_parse_ints,
        default=[2, 3],
        help="comma-separated party counts (default: 2,3)",
    )
    parser.add_argument("--seed", type=int, default=2024, help="scenario seed (default: 2024)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per measurement, each in a fresh process; the table "
        "shows the fastest run and the largest peak memory (default: 1)",
    )
    parser.add_argument("--no-negmas", action="store_true", help="measure Accord only")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds allowed per measurement before it is reported as a timeout (default: 300)",
    )
    parser.add_argument(
        "--negmas-max-outcomes",
        type=float,
        default=1e7,
        help="skip NegMAS on larger scenarios (default: 1e7)",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=None,
        help="address-space limit per measurement process, in GiB "
        "(default: 80%% of the memory available at start, Linux only)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if any(p < 2 for p in args.parties):
        parser.error("--parties must be at least 2")
    return args


def run(args: argparse.Namespace, on_case: Callable[[Case], None]) -> list[Case]:
    """Measure every (size, parties) case."""
    if args.memory_limit is not None:
        memory_limit: int | None = int(args.memory_limit * 2**30)
    else:
        available = _available_memory()
        memory_limit = None if available is None else int(0.8 * available)
    with_negmas = not args.no_negmas and _negmas_installed()
    cases = []
    for n_outcomes in args.sizes:
        for n_parties in args.parties:
            spec = make_spec(n_outcomes, n_parties, args.seed)
            accord = best_of("accord", spec, args.repeat, args.timeout, memory_limit)
            negmas: Measurement | None = None
            if with_negmas:
                estimate = n_outcomes * (
                    NEGMAS_BYTES_PER_OUTCOME + NEGMAS_BYTES_PER_UTILITY * n_parties
                )
                if n_outcomes > args.negmas_max_outcomes:
                    negmas = Measurement("skipped (too large)")
                elif memory_limit is not None and estimate > memory_limit:
                    negmas = Measurement(f"skipped (needs ~{_fmt_bytes(estimate)})")
                else:
                    negmas = best_of("negmas", spec, args.repeat, args.timeout, memory_limit)
            agreement = compare(accord, negmas) if negmas is not None else Agreement()
            case = Case(n_outcomes, n_parties, spec.describe(), accord, negmas, agreement)
            cases.append(case)
            on_case(case)
    return cases


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #


def _fmt_bytes(n: int | None) -> str:
    if n is None:
        return "—"
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}" if n < 100 * scale else f"{n / scale:.0f} {unit}"
    return f"{n} B"


def _fmt_seconds(m: Measurement | None) -> str:
    if m is None:
        return "—"
    if not m.ok or m.seconds is None:
        return m.status
    s = m.seconds
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def _fmt_outcomes(n: int) -> str:
    exponent = math.log10(n)
    return f"10^{round(exponent)}" if exponent.is_integer() else f"{n:,}"


def _fmt_check(ok: bool | None) -> str:
    if ok is None:
        return "—"
    return "[green]yes[/]" if ok else "[red]no[/]"


def render(cases: Sequence[Case], with_negmas: bool) -> Any:
    from rich.table import Table

    table = Table(title="Accord analyze() vs NegMAS pareto_frontier + nash_points")
    table.add_column("outcomes", justify="right")
    table.add_column("parties", justify="right")
    table.add_column("issues")
    table.add_column("Accord time", justify="right")
    table.add_column("Accord mem", justify="right")
    table.add_column("frontier", justify="right")
    if with_negmas:
        table.add_column("NegMAS time", justify="right")
        table.add_column("NegMAS mem", justify="right")
        table.add_column("NegMAS/Accord", justify="right")
        table.add_column("same frontier", justify="center")
        table.add_column("same Nash", justify="center")
    for case in cases:
        frontier = "—" if case.accord.frontier is None else str(len(case.accord.frontier))
        row = [
            _fmt_outcomes(case.n_outcomes),
            str(case.n_parties),
            case.issues,
            _fmt_seconds(case.accord),
            _fmt_bytes(case.accord.peak_bytes),
            frontier,
        ]
        if with_negmas:
            ratio = case.ratio()
            row += [
                _fmt_seconds(case.negmas),
                _fmt_bytes(case.negmas.peak_bytes if case.negmas else None),
                "—" if ratio is None else f"{ratio:.1f}×",
                _fmt_check(case.agreement.frontier),
                _fmt_check(case.agreement.nash),
            ]
        table.add_row(*row)
    return table


def _case_json(case: Case) -> dict[str, Any]:
    def measurement(m: Measurement | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {
            "status": m.status,
            "seconds": m.seconds,
            "peak_bytes": m.peak_bytes,
            "frontier_size": None if m.frontier is None else len(m.frontier),
            "nash": [list(p) for p in m.nash],
            "extra": m.extra,
        }

    return {
        "n_outcomes": case.n_outcomes,
        "n_parties": case.n_parties,
        "issues": case.issues,
        "accord": measurement(case.accord),
        "negmas": measurement(case.negmas),
        "ratio_negmas_over_accord": case.ratio(),
        "agreement": asdict(case.agreement),
    }


def _machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} logical CPUs, Python {sys.version.split()[0]}"


def main(argv: Sequence[str] | None = None) -> int:
    from rich.console import Console

    args = parse_args(argv)
    _ensure_accord_importable()
    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(width=140)  # keep the table readable in logs
    with_negmas = not args.no_negmas
    if with_negmas and not _negmas_installed():
        console.print(
            "[yellow]NegMAS is not installed (pip install -e '.[bench]'): measuring Accord only.[/]"
        )
        with_negmas = False
    versions = f"numpy {np.__version__}"
    if with_negmas:
        from importlib.metadata import version

        versions += f", negmas {version('negmas')}"
    console.print(
        f"[dim]{_machine()}; {versions}; seed {args.seed}; "
        f"repeat {args.repeat}; timeout {args.timeout:g} s[/]"
    )

    started = time.perf_counter()

    def progress(case: Case) -> None:
        line = (
            f"{_fmt_outcomes(case.n_outcomes)} outcomes, {case.n_parties} parties: "
            f"Accord {_fmt_seconds(case.accord)}"
        )
        if case.negmas is not None:
            line += f", NegMAS {_fmt_seconds(case.negmas)}"
        console.print(f"[dim]{line}[/]")

    args.no_negmas = not with_negmas
    cases = run(args, progress)
    total = time.perf_counter() - started

    console.print(render(cases, with_negmas))
    notes = [
        f"{_fmt_outcomes(c.n_outcomes)}/{c.n_parties}p {note}"
        for c in cases
        for note in c.agreement.notes
    ]
    for c in cases:
        for kind, m in (("Accord", c.accord), ("NegMAS", c.negmas)):
            if m is not None and m.status.startswith("failed"):
                notes.append(f"{_fmt_outcomes(c.n_outcomes)}/{c.n_parties}p {kind}: {m.status}")
    for note in notes:
        console.print(f"• {note}")
    console.print(
        "Times: Accord = full analyze() (frontier, four solutions, diagnosis); NegMAS = "
        "pareto_frontier + nash_points only. Peak mem = growth of the process's peak RSS "
        "during the timed call, in a fresh process per measurement."
    )
    console.print(f"Total run time: {total:.0f} s")

    if args.json is not None:
        payload = {
            "machine": _machine(),
            "versions": versions,
            "seed": args.seed,
            "repeat": args.repeat,
            "timeout": args.timeout,
            "total_seconds": total,
            "cases": [_case_json(c) for c in cases],
        }
        args.json.write_text(json.dumps(payload, indent=2))
    disagreements = any(c.agreement.frontier is False or c.agreement.nash is False for c in cases)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
