"""Benchmark Accord against NegMAS on every domain of a folder of real domains.

``python benchmarks/corpus.py [CORPUS_DIR]`` finds every domain under the folder
(by default the GENIUS collection at ``../shared/genius`` beside the repository)
with ``accord.io.corpus.find_domains`` and measures, per domain:

* Accord: importing the domain (``accord.io.formats.load_any``) and analysing it
  (``accord.analysis.analyze``: Pareto frontier, the four bargaining solutions
  and the diagnosis), timed separately;
* NegMAS (optional, ``pip install -e '.[bench]'``, GENIUS domains only):
  ``Scenario.from_genius_folder`` followed by ``pareto_frontier`` and
  ``nash_points`` on the same domain.

NegMAS 0.16 keeps a discrete issue's evaluations as written, where GENIUS (and
Accord) divide them by the issue's largest evaluation. After loading, and
outside the timed region, each of NegMAS's value tables is divided by its
largest entry, with NegMAS's own classes, so that both tools work on GENIUS's
utilities. Whether they do is then checked on every outcome of either
frontier; only then are the frontiers (as sets of utility vectors, within 1e-9)
and the Nash points compared. Where the utilities still differ, the row says
why instead of reporting a mismatch.

Domains with more than ``--max-outcomes`` outcomes are not analysed and are
listed as ``not enumerable (N outcomes)``. Every measurement runs in a fresh
``spawn`` process with a timeout and a memory limit (see ``_measure.py``).

Run ``python benchmarks/corpus.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

import _cli as cli
from _measure import Measurement, best_of, memory_limit_bytes, timed
from _table import (
    MISSING,
    fmt_bytes,
    fmt_check,
    fmt_count,
    fmt_ratio,
    fmt_seconds,
    machine,
    new_console,
    table,
)
from analysis import NEGMAS_BYTES_PER_OUTCOME, NEGMAS_BYTES_PER_UTILITY, TOLERANCE, unmatched_rows

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "genius"
"""The GENIUS collection, used when no folder is given and it exists."""

GENIUS_TINY_MAXIMUM = 1e-5
"""GENIUS sets every evaluation of an issue to 0 when the largest is below this."""

SAME = "same"
"""``utilities`` of an agreement when both tools evaluate the domain alike."""

LOG_WIDTH = 200
"""Console width when the output is not a terminal."""


# --------------------------------------------------------------------------- #
# Measurements (each runs in a child process)
# --------------------------------------------------------------------------- #


@dataclass
class Found:
    """What one tool found on one domain."""

    frontier: NDArray[np.float64]
    """Frontier utilities, shape ``(n, n_parties)``, in Accord's party order."""
    frontier_indices: NDArray[np.int64]
    """Outcome indices of the frontier points (first issue most significant)."""
    nash: list[tuple[float, ...]] = field(default_factory=list)
    """Nash utilities (NegMAS may report several tied points; Accord one or none)."""
    reservations: tuple[float, ...] = ()


def not_enumerable(n_outcomes: int) -> str:
    return f"not enumerable ({fmt_count(n_outcomes)} outcomes)"


def accord_task(path: str, format_name: str, max_outcomes: int) -> Measurement[Found]:
    """Time Accord importing the domain at ``path`` and analysing it."""
    from accord.analysis import analyze
    from accord.io.errors import ScenarioError
    from accord.io.formats import load_any

    folder = Path(path)
    marks: dict[str, float] = {}

    def work() -> tuple[Any, Any]:
        start = time.perf_counter()
        scenario = load_any(folder)
        marks["load"] = time.perf_counter() - start
        if scenario.space.size > max_outcomes:
            return scenario, None
        start = time.perf_counter()
        analysis = analyze(scenario, max_outcomes=max_outcomes)
        marks["analysis"] = time.perf_counter() - start
        return scenario, analysis

    try:
        work()  # warm-up: one-time costs (imports on first use) are not timed
        (scenario, result), _, peak = timed(work)
    except ScenarioError:
        # GENIUS's cap at 1 cannot always be represented on huge spaces; the
        # uncapped reading still tells how large the space is.
        size = _size_without_cap(folder) if format_name == "genius" else None
        if size is not None and size[0] > max_outcomes:
            return Measurement(not_enumerable(size[0]), extra=_shape(*size))
        raise
    shape = _shape(scenario.space.size, len(scenario.parties), len(scenario.issues))
    shape["load_seconds"] = marks["load"]
    if result is None:
        return Measurement(not_enumerable(scenario.space.size), extra=shape)
    nash = result.solutions.nash
    found = Found(
        frontier=np.asarray(result.frontier.utilities, dtype=float).reshape(
            -1, len(scenario.parties)
        ),
        frontier_indices=np.asarray(result.frontier.indices, dtype=np.int64),
        nash=[] if nash is None else [tuple(float(u) for u in nash.utilities)],
        reservations=tuple(float(r) for r in result.reservations),
    )
    shape.update(analysis_seconds=marks["analysis"], zopa_size=int(result.zopa_size))
    return Measurement("ok", marks["load"] + marks["analysis"], peak, found, shape)


def _shape(n_outcomes: int, n_parties: int, n_issues: int) -> dict[str, Any]:
    return {"n_outcomes": int(n_outcomes), "n_parties": n_parties, "n_issues": n_issues}


def _size_without_cap(folder: Path) -> tuple[int, int, int] | None:
    """Outcomes, parties and issues of a GENIUS domain read without the cap at 1."""
    from accord.io.errors import ScenarioError
    from accord.io.genius import read_genius

    try:
        scenario = read_genius(folder, cap=False)
    except ScenarioError:
        return None
    return scenario.space.size, len(scenario.parties), len(scenario.issues)


def negmas_task(path: str, accord_indices: NDArray[np.int64]) -> Measurement[Found]:
    """Time NegMAS loading the GENIUS domain at ``path``, its frontier and its Nash point.

    ``accord_indices`` are the outcomes of Accord's frontier: after the timed
    region, both tools' utilities are compared on them and on NegMAS's frontier.
    """
    from negmas.inout import Scenario
    from negmas.preferences.ops import nash_points, pareto_frontier

    marks: dict[str, float] = {}

    def work() -> tuple[Any, ...]:
        start = time.perf_counter()
        loaded = Scenario.from_genius_folder(path, ignore_discount=True)
        marks["load"] = time.perf_counter() - start
        if loaded is None:
            raise ValueError("NegMAS could not read the domain")
        ufuns, normalised = genius_normalised(loaded.ufuns)  # not timed
        issues = loaded.outcome_space.issues
        start = time.perf_counter()
        utilities, indices = pareto_frontier(ufuns, issues=issues)
        # Gains measured from the reserved value, as in Accord and GENIUS (see
        # analysis.py: NegMAS's default is each party's minimum utility).
        ranges = [(u.reserved_value, u.minmax(issues=issues)[1]) for u in ufuns]
        nash = nash_points(ufuns, utilities, ranges=ranges)
        marks["solve"] = time.perf_counter() - start
        return ufuns, normalised, issues, utilities, indices, nash

    work()  # warm-up, as for Accord
    (ufuns, normalised, issues, utilities, indices, nash), _, peak = timed(work)
    n_parties = len(ufuns)
    frontier = np.asarray(utilities, dtype=float).reshape(-1, n_parties)
    negmas_indices = np.asarray(indices, dtype=np.int64)
    check = compare_utilities(
        path, ufuns, issues, accord_indices, negmas_indices, frontier, normalised
    )
    order = check.get("party_order", list(range(n_parties)))
    found = Found(
        frontier=frontier[:, order],
        frontier_indices=negmas_indices,
        nash=[tuple(float(point[i]) for i in order) for point, _ in nash],
        reservations=tuple(float(ufuns[i].reserved_value) for i in order),
    )
    extra = {
        "load_seconds": marks["load"],
        "solve_seconds": marks["solve"],
        "tables_normalised": normalised,
        **check,
    }
    return Measurement("ok", marks["load"] + marks["solve"], peak, found, extra)


def genius_normalised(ufuns: Sequence[Any]) -> tuple[list[Any], bool]:
    """NegMAS utility functions with GENIUS's evaluations, and whether all could be made so.

    Each value table (``TableFun``) is divided by its largest entry, or set to 0
    when that is below 1e-5, as GENIUS's ``EvaluatorDiscrete.normalize`` does.
    Weights, other value functions and other kinds of utility function are kept
    as NegMAS read them; the second result is then ``False``.
    """
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    out: list[Any] = []
    complete = True
    for ufun in ufuns:
        if type(ufun) is not LinearAdditiveUtilityFunction:
            out.append(ufun)
            complete = False
            continue
        values: list[Any] = []
        for fun in ufun.values:
            if type(fun) is not TableFun:
                values.append(fun)
                complete = False
                continue
            top = max((float(e) for e in fun.mapping.values()), default=0.0)
            scale = 0.0 if top < GENIUS_TINY_MAXIMUM else 1.0 / top
            values.append(TableFun({k: float(e) * scale for k, e in fun.mapping.items()}))
        out.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=list(ufun.weights),
                bias=getattr(ufun, "_bias", 0.0),
                outcome_space=ufun.outcome_space,
                reserved_value=ufun.reserved_value,
                name=ufun.name,
            )
        )
    return out, complete


def compare_utilities(
    path: str,
    ufuns: Sequence[Any],
    issues: Sequence[Any],
    accord_indices: NDArray[np.int64],
    negmas_indices: NDArray[np.int64],
    negmas_frontier: NDArray[np.float64],
    normalised: bool,
) -> dict[str, Any]:
    """Do both tools give the same utilities on every outcome of either frontier?

    If they do, the frontiers are comparable: an outcome dominated in one tool
    is then dominated, in the other, by a frontier outcome of the first. The
    parties are matched by their utilities (the tools may list the profiles in
    different orders). ``normalised`` tells whether :func:`genius_normalised`
    could give every utility function GENIUS's evaluations. Returns
    ``utilities`` (:data:`SAME` or why not), ``utility_gap`` and ``party_order``
    (NegMAS's party for each of Accord's).
    """
    from accord.analysis.evaluate import evaluate_outcomes
    from accord.io.formats import load_any

    scenario = load_any(Path(path))
    if not all(issue.is_finite() for issue in issues):
        return {"utilities": "different outcome spaces"}
    values = [list(issue.all) for issue in issues]
    if not _same_space(scenario.issues, values):
        return {"utilities": "different outcome spaces"}
    if len(ufuns) != len(scenario.parties):
        return {"utilities": "different parties"}
    union = np.union1d(accord_indices, negmas_indices).astype(np.int64)
    digits = np.unravel_index(union, [len(v) for v in values])
    outcomes = [
        tuple(v[d] for v, d in zip(values, column, strict=True))
        for column in zip(*(a.tolist() for a in digits), strict=True)
    ]
    theirs = np.array([[float(u(o)) for u in ufuns] for o in outcomes]).reshape(len(union), -1)
    ours, _ = evaluate_outcomes(scenario, union)
    # NegMAS's frontier indices must be its own outcomes decoded the same way.
    own = theirs[np.searchsorted(union, negmas_indices)]
    if own.shape != negmas_frontier.shape or not np.allclose(own, negmas_frontier, atol=TOLERANCE):
        return {"utilities": "different outcome order"}
    order = _match_parties(ours, theirs)
    gap = float(np.max(np.abs(theirs[:, order] - ours))) if len(union) else 0.0
    if gap <= TOLERANCE:
        utilities = SAME
    elif not normalised:
        utilities = "different utilities (raw evaluations)"
    elif np.max(theirs) > 1 + TOLERANCE and np.max(ours) <= 1 + TOLERANCE:
        utilities = "different utilities (no cap at 1)"
    else:
        utilities = "different utilities"
    return {"utilities": utilities, "utility_gap": gap, "party_order": order}


def _same_space(accord_issues: Sequence[Any], negmas_values: Sequence[list[Any]]) -> bool:
    """Same issues, in the same order, with the same options in the same order."""
    if len(accord_issues) != len(negmas_values):
        return False
    for issue, values in zip(accord_issues, negmas_values, strict=True):
        if len(values) != issue.size:
            return False
        for option, value in zip(issue.options, values, strict=True):
            if not _same_option(option, value, issue.numeric):
                return False
    return True


def _same_option(option: str | float, value: Any, numeric: bool) -> bool:
    if not numeric:
        return str(value) == option
    try:
        return abs(float(value) - float(option)) <= TOLERANCE
    except (TypeError, ValueError):
        return False


def _match_parties(ours: NDArray[np.float64], theirs: NDArray[np.float64]) -> list[int]:
    """For each Accord party, the NegMAS party whose utilities are closest (greedily)."""
    k = ours.shape[1]
    gaps = np.max(np.abs(ours[:, :, None] - theirs[:, None, :]), axis=0) if len(ours) else None
    if gaps is None or all(gaps[j, j] <= TOLERANCE for j in range(k)):
        return list(range(k))
    order = [-1] * k
    taken: set[int] = set()
    for flat in np.argsort(gaps, axis=None, kind="stable"):
        j, i = divmod(int(flat), k)
        if order[j] < 0 and i not in taken:
            order[j] = i
            taken.add(i)
    return order


# --------------------------------------------------------------------------- #
# Comparing results
# --------------------------------------------------------------------------- #


@dataclass
class Agreement:
    """Do Accord and NegMAS agree on one domain?"""

    utilities: str | None = None
    """:data:`SAME`, why the utilities differ, or ``None`` (nothing to compare)."""
    frontier: bool | None = None
    nash: bool | None = None
    notes: list[str] = field(default_factory=list)


def compare(accord: Measurement[Found], negmas: Measurement[Found] | None) -> Agreement:
    """Compare frontiers and Nash points when both tools have GENIUS's utilities.

    NegMAS's ``pareto_frontier`` keeps only outcomes every party values at or
    above its reserved value. Such outcomes that are Pareto-optimal among
    themselves are exactly the points of the full frontier at or above the
    reserved values, so NegMAS's frontier is compared with that part of
    Accord's; points within 1e-9 of a reserved value may be in it or not.

    GENIUS's utilities tie often (evaluations such as 0.005 times a weight),
    and the two tools add the same terms in different orders, so a tie may come
    out as a difference of 1e-16 either way: one tool keeps a point that the
    other finds dominated. Before comparing, each list therefore drops the
    points another point of the same list beats by more than 1e-9 somewhere
    while being at most 1e-9 worse anywhere (see :func:`drop_rounding_ties`).
    """
    if negmas is None or not (accord.ok and negmas.ok):
        return Agreement()
    a, n = accord.result, negmas.result
    assert a is not None and n is not None
    out = Agreement(utilities=negmas.extra.get("utilities"))
    if out.utilities != SAME:
        gap = negmas.extra.get("utility_gap")
        if gap is not None:
            out.notes.append(f"{out.utilities}: largest gap {gap:.3g}")
        return out
    reservations = np.asarray(a.reservations)
    considered = np.unique(a.frontier[np.all(a.frontier >= reservations - TOLERANCE, 1)], axis=0)
    may = drop_rounding_ties(considered)
    must = may[np.all(may >= reservations + TOLERANCE, axis=1)]
    listed = np.unique(n.frontier, axis=0)
    theirs = drop_rounding_ties(listed)
    only_accord = unmatched_rows(must, theirs, TOLERANCE)
    only_negmas = unmatched_rows(theirs, may, TOLERANCE)
    out.frontier = only_accord == 0 and only_negmas == 0
    if not out.frontier:
        out.notes.append(
            f"frontier: {only_accord} utility vector(s) only in Accord, "
            f"{only_negmas} only in NegMAS"
        )
    n_accord = above_reservations(a)
    if out.frontier and n_accord != len(n.frontier):
        out.notes.append(
            f"frontier: Accord lists {n_accord} outcomes ({len(considered)} distinct utility "
            f"vectors) at or above the reserved values, NegMAS {len(n.frontier)} "
            f"({len(listed)})"
        )
    dropped = (len(considered) - len(may), len(listed) - len(theirs))
    if any(dropped):
        out.notes.append(
            f"frontier: rounding ties left out of the comparison: {dropped[0]} point(s) of "
            f"Accord's list, {dropped[1]} of NegMAS's"
        )
    if not a.nash or not n.nash:
        out.nash = not a.nash and not n.nash
    else:
        ours = np.asarray(a.nash[0])
        candidates = np.asarray(n.nash)
        out.nash = bool(np.min(np.max(np.abs(candidates - ours), axis=1)) <= TOLERANCE)
        if not out.nash:
            # A tie between two outcomes, broken differently by rounding.
            products = np.prod(candidates - reservations, axis=1)
            ours_product = float(np.prod(ours - reservations))
            out.nash = bool(np.max(np.abs(products - ours_product)) <= TOLERANCE)
            if out.nash:
                out.notes.append(
                    f"nash: tied Nash products; Accord picked {_fmt_points(a.nash)}, "
                    f"NegMAS {_fmt_points(n.nash)}"
                )
    if not out.nash:
        out.notes.append(f"nash: Accord {_fmt_points(a.nash)}, NegMAS {_fmt_points(n.nash)}")
    return out


def drop_rounding_ties(points: NDArray[np.float64], tol: float = TOLERANCE) -> NDArray[np.float64]:
    """The distinct rows of ``points`` without those on a frontier only through rounding.

    Row ``x`` is left out when another row ``y`` is better by more than ``tol``
    somewhere, at least as good up to ``tol`` everywhere, and worse somewhere
    (by at most ``tol``, so ``y`` does not dominate ``x`` in floating point).
    A row that another row dominates outright is kept: a frontier should not
    have it, and the comparison is to notice.
    """
    unique = np.unique(points, axis=0)
    keep = [
        not np.any(
            np.all(unique >= row - tol, axis=1)
            & np.any(unique > row + tol, axis=1)
            & np.any(unique < row, axis=1)
        )
        for row in unique
    ]
    return unique[np.asarray(keep, dtype=bool).reshape(-1)]


def _fmt_points(points: Sequence[Sequence[float]]) -> str:
    if not points:
        return "none"
    return " or ".join("(" + ", ".join(f"{u:.6f}" for u in p) + ")" for p in points[:3])


# --------------------------------------------------------------------------- #
# Driver
# --------------------------------------------------------------------------- #


@dataclass
class Row:
    """One domain: one row of the results table."""

    domain: str
    format: str
    accord: Measurement[Found]
    negmas: Measurement[Found] | None
    agreement: Agreement

    def shape(self, key: str) -> int | None:
        value = self.accord.extra.get(key)
        return None if value is None else int(value)

    def ratio(self) -> float | None:
        """NegMAS time over Accord's import + analysis time."""
        if self.negmas is None or not (self.accord.ok and self.negmas.ok):
            return None
        assert self.accord.seconds is not None and self.negmas.seconds is not None
        return self.negmas.seconds / max(self.accord.seconds, 1e-12)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Import and analyse every domain of a folder with Accord and, "
        "side by side, load each with NegMAS and compute its Pareto frontier and Nash point.",
    )
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=None,
        help=f"folder of domains (default: {DEFAULT_CORPUS} when it exists)",
    )
    parser.add_argument(
        "--max-outcomes",
        type=float,
        default=1e7,
        help="analyse domains of at most this many outcomes; larger ones are listed "
        "as not enumerable (default: 1e7)",
    )
    cli.add_repeat(parser)
    parser.add_argument("--no-negmas", action="store_true", help="measure Accord only")
    cli.add_timeout(parser, default=120.0)
    cli.add_memory_limit(parser)
    cli.add_json(parser)
    args = parser.parse_args(argv)
    cli.check_common(parser, args)
    if args.max_outcomes < 1:
        parser.error("--max-outcomes must be at least 1")
    args.max_outcomes = int(args.max_outcomes)
    if args.corpus is not None and not args.corpus.is_dir():
        parser.error(f"not a folder: {args.corpus}")
    return args


def run(args: argparse.Namespace, on_row: Callable[[Row], None]) -> list[Row]:
    """Measure every domain under ``args.corpus``."""
    from accord.io.corpus import find_domains

    memory_limit = memory_limit_bytes(args.memory_limit)
    root = Path(args.corpus)
    rows = []
    for path, fmt in find_domains(root):
        name = str(path.relative_to(root)) if path != root else path.name
        task_args = (str(path), str(fmt), args.max_outcomes)
        accord = best_of(accord_task, task_args, args.repeat, args.timeout, memory_limit)
        negmas: Measurement[Found] | None = None
        if not args.no_negmas and accord.ok:
            assert accord.result is not None
            n_outcomes = int(accord.extra["n_outcomes"])
            n_parties = int(accord.extra["n_parties"])
            estimate = n_outcomes * (
                NEGMAS_BYTES_PER_OUTCOME + NEGMAS_BYTES_PER_UTILITY * n_parties
            )
            if str(fmt) != "genius":
                negmas = Measurement(f"skipped ({fmt} domain)")
            elif memory_limit is not None and estimate > memory_limit:
                negmas = Measurement(f"skipped (needs ~{fmt_bytes(estimate)})")
            else:
                key = (str(path), accord.result.frontier_indices)
                negmas = best_of(negmas_task, key, args.repeat, args.timeout, memory_limit)
        row = Row(name, str(fmt), accord, negmas, compare(accord, negmas))
        rows.append(row)
        on_row(row)
    return rows


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #


def fmt_time(seconds: float | None) -> str:
    """A duration, in µs below a millisecond (many domains take that little)."""
    if seconds is None:
        return MISSING
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    return fmt_seconds(Measurement("ok", seconds))


def fmt_status(m: Measurement[Any]) -> str:
    """A status for a table cell: the reason of a failure goes to the notes under the table."""
    return "failed" if m.status.startswith("failed") else m.status


def geometric_mean(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


@dataclass
class Totals:
    """Counts, summed times and the NegMAS/Accord ratios of a run."""

    domains: int
    analysed: int
    """Domains Accord imported and analysed."""
    not_enumerable: int
    accord_failed: int
    negmas_ok: int
    negmas_not_ok: int
    """Domains NegMAS was run on without a result (timeout, failure, skipped)."""
    both: int
    """Domains both tools measured: the ratios are over these."""
    accord_load_seconds: float
    accord_analysis_seconds: float
    accord_seconds: float
    """Accord's import + analysis time over every analysed domain."""
    negmas_seconds: float
    """NegMAS's time over every domain it measured."""
    ratio_of_totals: float | None
    """NegMAS's total time over Accord's, on the domains both measured."""
    geometric_mean_ratio: float | None


def totals(rows: Sequence[Row]) -> Totals:
    ok = [r for r in rows if r.accord.ok]
    both = [r for r in ok if r.ratio() is not None]
    negmas_ok = [r.negmas for r in rows if r.negmas is not None and r.negmas.ok]
    accord_both = sum(r.accord.seconds or 0.0 for r in both)
    negmas_both = sum(r.negmas.seconds or 0.0 for r in both if r.negmas is not None)
    return Totals(
        domains=len(rows),
        analysed=len(ok),
        not_enumerable=sum(r.accord.status.startswith("not enumerable") for r in rows),
        accord_failed=sum(
            not r.accord.ok and not r.accord.status.startswith("not enumerable") for r in rows
        ),
        negmas_ok=len(negmas_ok),
        negmas_not_ok=sum(r.negmas is not None and not r.negmas.ok for r in rows),
        both=len(both),
        accord_load_seconds=sum(r.accord.extra.get("load_seconds", 0.0) for r in ok),
        accord_analysis_seconds=sum(r.accord.extra.get("analysis_seconds", 0.0) for r in ok),
        accord_seconds=sum(r.accord.seconds or 0.0 for r in ok),
        negmas_seconds=sum(m.seconds or 0.0 for m in negmas_ok),
        ratio_of_totals=negmas_both / accord_both if both and accord_both > 0 else None,
        geometric_mean_ratio=geometric_mean([r.ratio() or 0.0 for r in both]),
    )


def _same_frontier_cell(row: Row) -> str:
    agreement = row.agreement
    if agreement.utilities is not None and agreement.utilities != SAME:
        return "[yellow]" + agreement.utilities.replace(" (", "\n(") + "[/]"
    return fmt_check(agreement.frontier)


def above_reservations(found: Found) -> int:
    """Frontier outcomes every party values at or above its reservation value (within 1e-9)."""
    if not found.reservations:
        return len(found.frontier)
    floor = np.asarray(found.reservations) - TOLERANCE
    return int(np.sum(np.all(found.frontier >= floor, axis=1)))


def _frontier_cell(found: Found | None, reservations_matter: bool) -> str:
    if found is None:
        return MISSING
    size = len(found.frontier)
    above = above_reservations(found) if reservations_matter else size
    return str(size) if above == size else f"{size} ({above} ≥ RV)"


def render(rows: Sequence[Row], with_negmas: bool, title: str) -> Any:
    # Two-line headers keep the columns as narrow as their contents.
    headers = ["domain", "parties", "issues", "outcomes", "Accord\nimport", "Accord\nanalysis"]
    if with_negmas:
        headers += [
            "NegMAS\ntime",
            "NegMAS/\nAccord",
            "frontier\nAccord",
            "frontier\nNegMAS",
            "same\nfrontier",
            "same\nNash",
        ]
    else:
        headers += ["frontier"]
    out = table(title, headers, left=["domain"], center=["same\nfrontier", "same\nNash"])
    out.columns[0].no_wrap = True
    for row in rows:
        outcomes = row.shape("n_outcomes")
        accord, negmas = row.accord, row.negmas
        cells = [
            row.domain,
            MISSING if row.shape("n_parties") is None else str(row.shape("n_parties")),
            MISSING if row.shape("n_issues") is None else str(row.shape("n_issues")),
            MISSING if outcomes is None else fmt_count(outcomes),
            fmt_time(accord.extra.get("load_seconds")),
            fmt_time(accord.extra["analysis_seconds"]) if accord.ok else fmt_status(accord),
        ]
        if with_negmas:
            negmas_time = fmt_status(negmas) if negmas is not None and not negmas.ok else None
            cells += [
                negmas_time or fmt_time(negmas.seconds if negmas else None),
                fmt_ratio(row.ratio()),
                _frontier_cell(accord.result, with_negmas),
                _frontier_cell(negmas.result if negmas else None, False),
                _same_frontier_cell(row),
                fmt_check(row.agreement.nash),
            ]
        else:
            cells += [_frontier_cell(accord.result, False)]
        out.add_row(*cells)
    t = totals(rows)
    out.add_section()
    cells = ["total", "", "", "", fmt_time(t.accord_load_seconds)]
    cells += [fmt_time(t.accord_analysis_seconds)]
    if with_negmas:
        negmas_total = fmt_time(t.negmas_seconds) if t.negmas_ok else MISSING
        cells += [negmas_total, fmt_ratio(t.ratio_of_totals), "", "", "", ""]
        out.add_row(*cells)
        out.add_row("geometric mean", "", "", "", "", "", "", fmt_ratio(t.geometric_mean_ratio))
    else:
        out.add_row(*cells, "")
    return out


def _measurement_json(m: Measurement[Found] | None) -> dict[str, Any] | None:
    if m is None:
        return None
    found = m.result
    return {
        "status": m.status,
        "seconds": m.seconds,
        "peak_bytes": m.peak_bytes,
        "frontier_size": None if found is None else len(found.frontier),
        "frontier_size_above_reservations": None if found is None else above_reservations(found),
        "nash": [] if found is None else [list(p) for p in found.nash],
        "extra": m.extra,
    }


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "domain": row.domain,
        "format": row.format,
        "n_parties": row.shape("n_parties"),
        "n_issues": row.shape("n_issues"),
        "n_outcomes": row.shape("n_outcomes"),
        "accord": _measurement_json(row.accord),
        "negmas": _measurement_json(row.negmas),
        "ratio_negmas_over_accord": row.ratio(),
        "agreement": asdict(row.agreement),
    }


def write_json(
    args: argparse.Namespace, versions: str, total_seconds: float, rows: Sequence[Row]
) -> None:
    if args.json is None:
        return
    import json

    payload = {
        "machine": machine(),
        "versions": versions,
        "corpus": str(args.corpus),
        "repeat": args.repeat,
        "timeout": args.timeout,
        "max_outcomes": args.max_outcomes,
        "total_seconds": total_seconds,
        "totals": asdict(totals(rows)),
        "domains": [_row_json(r) for r in rows],
    }
    args.json.write_text(json.dumps(payload, indent=2))


def wide_console() -> Any:
    """A Rich console; :data:`LOG_WIDTH` wide when writing to a file or pipe.

    The table has twelve columns and long domain names, so logs get more room
    than the other benchmarks' (a terminal keeps its own width).
    """
    console = new_console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        from rich.console import Console

        console = Console(width=LOG_WIDTH)
    return console


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console = wide_console()
    if args.corpus is None:
        if not DEFAULT_CORPUS.is_dir():
            console.print(
                f"No corpus folder given, and the GENIUS collection is not at {DEFAULT_CORPUS}: "
                "nothing to do. Pass a folder of domains to benchmark it."
            )
            return 0
        args.corpus = DEFAULT_CORPUS
    cli.ensure_accord_importable()
    with_negmas, versions = cli.negmas_versions(console, not args.no_negmas)
    args.no_negmas = not with_negmas
    console.print(
        f"[dim]{machine()}; {versions}; corpus {args.corpus}; repeat {args.repeat}; "
        f"timeout {args.timeout:g} s; max outcomes {fmt_count(args.max_outcomes)}[/]"
    )

    started = time.perf_counter()

    def progress(row: Row) -> None:
        line = f"{row.domain}: Accord {fmt_seconds(row.accord)}"
        if row.negmas is not None:
            line += f", NegMAS {fmt_seconds(row.negmas)}"
        console.print(f"[dim]{line}[/]", highlight=False)

    rows = run(args, progress)
    total = time.perf_counter() - started
    if not rows:
        console.print(f"No domains found under {args.corpus}.")
        write_json(args, versions, total, rows)
        return 0

    title = "Accord import + analyze()"
    if with_negmas:
        title += " vs NegMAS from_genius_folder + pareto_frontier + nash_points"
    title += f": {args.corpus}"
    console.print(render(rows, with_negmas, title))
    notes = [f"{r.domain}: {note}" for r in rows for note in r.agreement.notes]
    for r in rows:
        for kind, m in (("Accord", r.accord), ("NegMAS", r.negmas)):
            if m is not None and m.status.startswith("failed"):
                notes.append(f"{r.domain}: {kind} {m.status}")
    for note in notes:
        console.print(f"• {note}", highlight=False)
    t = totals(rows)
    summary = (
        f"{t.domains} domains: {t.analysed} analysed by Accord, {t.not_enumerable} not "
        f"enumerable, {t.accord_failed} timed out or failed."
    )
    if with_negmas:
        summary += (
            f" NegMAS measured on {t.negmas_ok}, not on {t.negmas_not_ok} (timeout, skipped "
            f"or failed). Geometric mean of NegMAS/Accord over {t.both} domains: "
            f"{fmt_ratio(t.geometric_mean_ratio)}."
        )
    console.print(summary)
    times = "Times: Accord = import + full analyze() (frontier, four solutions, diagnosis)"
    if with_negmas:
        times += (
            "; NegMAS = from_genius_folder + pareto_frontier + nash_points, its value tables "
            "divided by their largest entry (as GENIUS does) between loading and solving, untimed"
        )
    console.print(times + ". Each after an untimed warm-up run in the same fresh process.")
    console.print(f"Total run time: {total:.0f} s")

    write_json(args, versions, total, rows)
    disagreements = any(r.agreement.frontier is False or r.agreement.nash is False for r in rows)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
