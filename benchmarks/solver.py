"""Benchmark the certified analysis beyond enumeration.

Two parts:

* the ANAC 2014 domains (by default ``../shared/genius/anac/y2014`` beside the
  repository; 10^10 to 10^40 outcomes, utilities that are sums of
  hyper-rectangles): per domain, with GENIUS's cap at 1 and without it, the time
  for the four bargaining solutions proven by integer programming (HiGHS), and
  the time for the complete two-party Pareto frontier (epsilon-constraint);
* linear-additive scenarios of 30, 50 and 100 issues of 10 options with two
  parties and decimal weights and values (seeded): the time of the exact
  frontier by dynamic programming over issues (no solver).

Targets: every ANAC 2014 solution set under 5 s per domain, every complete
frontier under 60 s, the 100 x 10 additive frontier under 1 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import _cli as cli
from _table import machine, new_console, table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOMAINS = REPO.parent / "shared" / "genius" / "anac" / "y2014"


def additive_scenario(n_issues: int, n_options: int, seed: int) -> Any:
    """Two parties over ``n_issues`` issues of ``n_options`` options, decimal data."""
    from accord.model.issues import Issue
    from accord.model.preferences import DiscreteValues, Preferences
    from accord.model.scenario import Actor, Scenario

    rng = np.random.default_rng(seed)
    issues = tuple(
        Issue(f"i{n}", f"issue {n}", tuple(f"o{k}" for k in range(n_options)))
        for n in range(n_issues)
    )
    prefs = {}
    for pid in ("a", "b"):
        raw = rng.integers(1, 20, n_issues) / 2  # weights like 0.5, 3, 7.5
        weights = {i.id: float(w / raw.sum()) for i, w in zip(issues, raw, strict=True)}
        values = {
            i.id: DiscreteValues(
                {
                    o: float(v)
                    for o, v in zip(i.options, rng.integers(0, 11, n_options) / 10, strict=True)
                }
            )
            for i in issues
        }
        prefs[pid] = Preferences(weights=weights, values=values, reservation=0.3)
    parties = (Actor("a", "A"), Actor("b", "B"))
    return Scenario(f"additive-{n_issues}x{n_options}", parties, issues, prefs)


def time_domain(folder: Path, cap: bool, frontier: bool) -> dict[str, Any]:
    """Seconds for the solutions and (optionally) the complete frontier of one domain."""
    from accord.analysis.solve import solve_scenario
    from accord.io.genius import read_genius

    scenario = read_genius(folder, cap=cap)
    start = time.perf_counter()
    solved = solve_scenario(scenario, frontier=False, count=False)
    solutions = time.perf_counter() - start
    row: dict[str, Any] = {
        "domain": folder.name,
        "cap": cap,
        "outcomes": scenario.space.size,
        "solutions_seconds": solutions,
        "certified": all(p is None or p.certified for p in solved.solutions.values()),
        "nash": None if solved.solutions["nash"] is None else solved.solutions["nash"].utilities,
    }
    if frontier:
        start = time.perf_counter()
        full = solve_scenario(scenario, count=False)  # counting is timed on its own below
        row["frontier_seconds"] = time.perf_counter() - start
        row["frontier_points"] = len(full.frontier)
        row["frontier_complete"] = full.frontier_complete
        full, row["count_seconds"] = _count(scenario, full)
        row["counts_exact"] = full.counts_exact
        row["count_states"] = full.count_states
        row["pareto_size"] = full.pareto_size
        row["same_nash"] = (
            full.solutions["nash"] is not None
            and row["nash"] is not None
            and [round(u * 1e9) for u in full.solutions["nash"].utilities]
            == [round(u * 1e9) for u in row["nash"]]
        )
    return row


def _count(scenario: Any, solved: Any) -> tuple[Any, float]:
    """``solved`` with the packages of every frontier vector counted, as ``accord analyze``
    counts them, and the seconds that took (0 on the dynamic program, which counts as it
    goes)."""
    from dataclasses import replace

    from accord.analysis.solve.analyze import _counted
    from accord.analysis.solve.count import MAX_STATES
    from accord.analysis.solve.units import integer_utility

    if solved.method != "solver" or not solved.frontier:
        return solved, 0.0
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    start = time.perf_counter()
    pareto = len(us) == 2  # the two-party frontier's points are Pareto-optimal
    points, states = _counted(scenario, us, list(solved.frontier), MAX_STATES, pareto=pareto)
    seconds = time.perf_counter() - start
    return replace(solved, frontier=tuple(points), count_states=states), seconds


def time_additive(n_issues: int, n_options: int, seed: int) -> dict[str, Any]:
    from accord.analysis.solve import solve_scenario

    scenario = additive_scenario(n_issues, n_options, seed)
    start = time.perf_counter()
    result = solve_scenario(scenario)
    return {
        "issues": n_issues,
        "options": n_options,
        "seconds": time.perf_counter() - start,
        "frontier_points": len(result.frontier),
        "method": result.method,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=Path, default=DEFAULT_DOMAINS)
    parser.add_argument("--only", default="", help="Comma-separated domain names to run.")
    parser.add_argument("--no-frontier", action="store_true", help="Time the solutions only.")
    parser.add_argument("--additive", type=cli.parse_sizes, default=[30, 50, 100])
    parser.add_argument("--options", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cli.ensure_accord_importable()
    console = new_console()
    console.print(f"[dim]{machine()}[/]")
    rows: list[dict[str, Any]] = []
    folders = (
        sorted(p for p in args.domains.iterdir() if p.is_dir()) if args.domains.is_dir() else []
    )
    if args.only:
        wanted = set(args.only.split(","))
        folders = [f for f in folders if f.name in wanted]
    for folder in folders:
        for cap in (True, False):
            row = time_domain(folder, cap, not args.no_frontier)
            rows.append(row)
            console.print(f"[dim]{row}[/]", highlight=False)
    additive = [time_additive(n, args.options, args.seed) for n in args.additive]
    if rows:
        domain_table = table(
            "ANAC 2014 domains (certified by HiGHS)",
            ["Domain", "Cap", "Outcomes", "Solutions", "Frontier", "Points", "Counts", "States"],
        )
        for r in rows:
            domain_table.add_row(
                r["domain"],
                "yes" if r["cap"] else "no",
                f"{r['outcomes']:.0e}",
                f"{r['solutions_seconds']:.2f} s" + ("" if r["certified"] else " *"),
                f"{r['frontier_seconds']:.1f} s" if "frontier_seconds" in r else "",
                str(r.get("frontier_points", "")),
                (f"{r['count_seconds']:.1f} s" + ("" if r["counts_exact"] else " unknown"))
                if "count_seconds" in r
                else "",
                f"{r.get('count_states', 0):,}",
            )
        console.print(domain_table)
    additive_table = table(
        "Linear-additive frontier (dynamic programming)", ["Issues", "Options", "Time", "Points"]
    )
    for r in additive:
        additive_table.add_row(
            str(r["issues"]),
            str(r["options"]),
            f"{r['seconds'] * 1000:.0f} ms",
            str(r["frontier_points"]),
        )
    console.print(additive_table)
    if args.json is not None:
        args.json.write_text(json.dumps({"domains": rows, "additive": additive}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
