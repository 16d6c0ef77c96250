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
no measurement inherits memory, caches or warmed-up imports from another; peak
memory is the growth of the process's resident set size during the timed call
(see ``_measure.py``). Scenarios come from ``_scenarios.py``.

Run ``python benchmarks/analysis.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

import _cli as cli
from _measure import Measurement, best_of, installed, memory_limit_bytes, timed
from _scenarios import make_spec, to_accord, to_negmas
from _table import fmt_bytes, fmt_check, fmt_count, fmt_ratio, fmt_seconds, new_console, table

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
class Found:
    """What one tool found on one scenario."""

    frontier: NDArray[np.float64]
    """Frontier utilities, shape ``(n, n_parties)``."""
    frontier_indices: NDArray[np.int64]
    """Outcome indices of the frontier points (same enumeration order in both tools)."""
    nash: list[tuple[float, ...]] = field(default_factory=list)
    """Nash utilities (NegMAS may report several tied points)."""


def accord_task(n_outcomes: int, n_parties: int, seed: int) -> Measurement[Found]:
    """Time ``accord.analysis.analyze`` on the scenario ``(n_outcomes, n_parties, seed)``."""
    spec = make_spec(n_outcomes, n_parties, seed)
    from accord.analysis import analyze

    scenario = to_accord(spec)
    # Lift the default size guard so that sizes above 10^7 can be benchmarked too.
    result, seconds, peak = timed(lambda: analyze(scenario, max_outcomes=spec.n_outcomes))
    nash = result.solutions.nash
    found = Found(
        frontier=np.asarray(result.frontier.utilities, dtype=float),
        frontier_indices=np.asarray(result.frontier.indices, dtype=np.int64),
        nash=[] if nash is None else [tuple(float(u) for u in nash.utilities)],
    )
    extra = {"zopa_size": int(result.zopa_size), "n_outcomes": int(result.n_outcomes)}
    return Measurement("ok", seconds, peak, found, extra)


def negmas_task(n_outcomes: int, n_parties: int, seed: int) -> Measurement[Found]:
    """Time NegMAS's ``pareto_frontier`` + ``nash_points`` on the same scenario."""
    spec = make_spec(n_outcomes, n_parties, seed)
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

    (utilities, indices, nash), seconds, peak = timed(work)
    # Untimed: NegMAS's default Nash (disagreement at each party's minimum utility).
    default_nash = nash_points(ufuns, utilities, issues=issues)
    found = Found(
        frontier=np.asarray(utilities, dtype=float).reshape(-1, spec.n_parties),
        frontier_indices=np.asarray(indices, dtype=np.int64),
        nash=[tuple(float(u) for u in point) for point, _ in nash],
    )
    extra = {"default_nash": [[float(u) for u in point] for point, _ in default_nash]}
    return Measurement("ok", seconds, peak, found, extra)


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


def compare(accord: Measurement[Found], negmas: Measurement[Found]) -> Agreement:
    """Compare frontiers (as sets of utility vectors) and Nash utilities."""
    if not (accord.ok and negmas.ok):
        return Agreement()
    a, n = accord.result, negmas.result
    assert a is not None and n is not None
    out = Agreement()
    a_set = np.unique(a.frontier, axis=0)
    n_set = np.unique(n.frontier, axis=0)
    only_accord = unmatched_rows(a_set, n_set, TOLERANCE)
    only_negmas = unmatched_rows(n_set, a_set, TOLERANCE)
    out.frontier = only_accord == 0 and only_negmas == 0
    if not out.frontier:
        out.notes.append(
            f"frontier: {only_accord} utility vector(s) only in Accord, "
            f"{only_negmas} only in NegMAS"
        )
    if len(a.frontier) != len(n.frontier):
        out.notes.append(
            f"frontier: Accord lists {len(a.frontier)} outcomes, NegMAS "
            f"{len(n.frontier)} (NegMAS keeps one outcome per utility vector)"
        )
    if out.frontier and set(a.frontier_indices.tolist()) != set(n.frontier_indices.tolist()):
        out.notes.append("frontier: same utility vectors but different outcome indices")

    if not a.nash or not n.nash:
        out.nash = not a.nash and not n.nash
    else:
        a_nash = np.asarray(a.nash[0])
        candidates = np.asarray(n.nash)
        gaps = np.max(np.abs(candidates - a_nash), axis=1)
        out.nash = bool(np.min(gaps) <= TOLERANCE)
        if not out.nash:
            out.notes.append(
                f"nash: Accord {_fmt_point(a_nash)}, NegMAS {_fmt_point(candidates[0])} "
                f"(max gap {np.min(gaps):.2e})"
            )
    default = negmas.extra.get("default_nash") or []
    if a.nash and default:
        gap = float(np.min(np.max(np.abs(np.asarray(default) - np.asarray(a.nash[0])), 1)))
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
    accord: Measurement[Found]
    negmas: Measurement[Found] | None
    agreement: Agreement

    def ratio(self) -> float | None:
        """NegMAS time over Accord time."""
        if self.negmas is None or not (self.accord.ok and self.negmas.ok):
            return None
        assert self.accord.seconds is not None and self.negmas.seconds is not None
        return self.negmas.seconds / max(self.accord.seconds, 1e-12)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time Accord's analysis against NegMAS's Pareto frontier + Nash point.",
    )
    parser.add_argument(
        "--sizes",
        type=cli.parse_sizes,
        default=cli.parse_sizes("1e4,1e5,1e6,1e7"),
        help="comma-separated outcome counts (default: 1e4,1e5,1e6,1e7)",
    )
    parser.add_argument(
        "--parties",
        type=cli.parse_ints,
        default=[2, 3],
        help="comma-separated party counts (default: 2,3)",
    )
    cli.add_seed(parser)
    cli.add_repeat(parser)
    parser.add_argument("--no-negmas", action="store_true", help="measure Accord only")
    cli.add_timeout(parser)
    parser.add_argument(
        "--negmas-max-outcomes",
        type=float,
        default=1e7,
        help="skip NegMAS on larger scenarios (default: 1e7)",
    )
    cli.add_memory_limit(parser)
    cli.add_json(parser)
    args = parser.parse_args(argv)
    cli.check_common(parser, args)
    if any(p < 2 for p in args.parties):
        parser.error("--parties must be at least 2")
    return args


def run(args: argparse.Namespace, on_case: Callable[[Case], None]) -> list[Case]:
    """Measure every (size, parties) case."""
    memory_limit = memory_limit_bytes(args.memory_limit)
    with_negmas = not args.no_negmas and installed("negmas")
    cases = []
    for n_outcomes in args.sizes:
        for n_parties in args.parties:
            spec = make_spec(n_outcomes, n_parties, args.seed)
            key = (n_outcomes, n_parties, args.seed)
            accord = best_of(accord_task, key, args.repeat, args.timeout, memory_limit)
            negmas: Measurement[Found] | None = None
            if with_negmas:
                estimate = n_outcomes * (
                    NEGMAS_BYTES_PER_OUTCOME + NEGMAS_BYTES_PER_UTILITY * n_parties
                )
                if n_outcomes > args.negmas_max_outcomes:
                    negmas = Measurement("skipped (too large)")
                elif memory_limit is not None and estimate > memory_limit:
                    negmas = Measurement(f"skipped (needs ~{fmt_bytes(estimate)})")
                else:
                    negmas = best_of(negmas_task, key, args.repeat, args.timeout, memory_limit)
            agreement = compare(accord, negmas) if negmas is not None else Agreement()
            case = Case(n_outcomes, n_parties, spec.describe(), accord, negmas, agreement)
            cases.append(case)
            on_case(case)
    return cases


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #


def render(cases: Sequence[Case], with_negmas: bool) -> Any:
    headers = ["outcomes", "parties", "issues", "Accord time", "Accord mem", "frontier"]
    if with_negmas:
        headers += ["NegMAS time", "NegMAS mem", "NegMAS/Accord", "same frontier", "same Nash"]
    title = "Accord analyze() vs NegMAS pareto_frontier + nash_points"
    out = table(title, headers, left=["issues"], center=["same frontier", "same Nash"])
    for case in cases:
        found = case.accord.result
        row = [
            fmt_count(case.n_outcomes),
            str(case.n_parties),
            case.issues,
            fmt_seconds(case.accord),
            fmt_bytes(case.accord.peak_bytes),
            "—" if found is None else str(len(found.frontier)),
        ]
        if with_negmas:
            row += [
                fmt_seconds(case.negmas),
                fmt_bytes(case.negmas.peak_bytes if case.negmas else None),
                fmt_ratio(case.ratio()),
                fmt_check(case.agreement.frontier),
                fmt_check(case.agreement.nash),
            ]
        out.add_row(*row)
    return out


def _case_json(case: Case) -> dict[str, Any]:
    def measurement(m: Measurement[Found] | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {
            "status": m.status,
            "seconds": m.seconds,
            "peak_bytes": m.peak_bytes,
            "frontier_size": None if m.result is None else len(m.result.frontier),
            "nash": [] if m.result is None else [list(p) for p in m.result.nash],
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


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cli.ensure_accord_importable()
    console = new_console()
    with_negmas, versions = cli.negmas_versions(console, not args.no_negmas)
    console.print(cli.header(args, versions))

    started = time.perf_counter()

    def progress(case: Case) -> None:
        line = (
            f"{fmt_count(case.n_outcomes)} outcomes, {case.n_parties} parties: "
            f"Accord {fmt_seconds(case.accord)}"
        )
        if case.negmas is not None:
            line += f", NegMAS {fmt_seconds(case.negmas)}"
        console.print(f"[dim]{line}[/]")

    args.no_negmas = not with_negmas
    cases = run(args, progress)
    total = time.perf_counter() - started

    console.print(render(cases, with_negmas))
    notes = [
        f"{fmt_count(c.n_outcomes)}/{c.n_parties}p {note}"
        for c in cases
        for note in c.agreement.notes
    ]
    for c in cases:
        for kind, m in (("Accord", c.accord), ("NegMAS", c.negmas)):
            if m is not None and m.status.startswith("failed"):
                notes.append(f"{fmt_count(c.n_outcomes)}/{c.n_parties}p {kind}: {m.status}")
    for note in notes:
        console.print(f"• {note}")
    console.print(
        "Times: Accord = full analyze() (frontier, four solutions, diagnosis); NegMAS = "
        "pareto_frontier + nash_points only. Peak mem = growth of the process's peak RSS "
        "during the timed call, in a fresh process per measurement."
    )
    console.print(f"Total run time: {total:.0f} s")

    cli.write_json(args, versions, total, [_case_json(c) for c in cases])
    disagreements = any(c.agreement.frontier is False or c.agreement.nash is False for c in cases)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
