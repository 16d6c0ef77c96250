"""Benchmark ``accord analyze DIR --json`` on a real-shaped GENIUS domain, beside NegMAS.

The domain has the shape of an ANAC 2016 domain: 8 integer issues of 7 values
and 3 parties (5,764,801 outcomes) valued through GENIUS's linear integer
evaluators with decimal slopes (see ``_genius_domain.py``); it is written as
GENIUS XML files to a temporary folder. Both tools run as whole processes, so
start-up, reading and writing the answer count:

* Accord: ``accord analyze DIR --json`` (the frontier, the four solutions and
  the diagnosis, written as JSON);
* NegMAS (optional, ``pip install -e '.[bench]'``): a fresh Python process that
  imports NegMAS, builds the same utility functions (tables of GENIUS's clamped
  evaluations: NegMAS's own GENIUS reader neither clamps nor shifts integer
  evaluators), then runs ``pareto_frontier`` and ``nash_points``.

The frontiers are compared as sets of distinct utility vectors, equal when their
utilities round to the same tick of 1e-9 (Accord's equality of utilities); the
Nash points likewise. Each tool runs ``--repeat`` times and the median counts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import _cli as cli
from _genius_domain import Party, make_parties, write_domain
from _table import fmt_count, fmt_ratio, machine, new_console, table

TICKS = 10**9


def as_ticks(points: Sequence[Sequence[float]]) -> set[tuple[int, ...]]:
    """Distinct utility vectors as ticks of 1e-9."""
    return {tuple(round(float(u) * TICKS) for u in point) for point in points}


def accord_command() -> list[str]:
    """The ``accord`` command of this Python environment."""
    script = Path(sys.executable).parent / "accord"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from accord.cli.app import main; main()"]


def run_accord(folder: Path, out: Path) -> float:
    """Run ``accord analyze FOLDER --json`` into ``out``; its wall time in seconds."""
    start = time.perf_counter()
    with out.open("w") as handle:
        subprocess.run(
            [*accord_command(), "analyze", str(folder), "--json", "--max-outcomes", "100000000"],
            stdout=handle,
            check=True,
        )
    return time.perf_counter() - start


def run_negmas(spec: Path, out: Path) -> float:
    """Run the NegMAS child process on the domain described in ``spec``; its wall time."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--negmas-child", str(spec), str(out)],
        check=True,
    )
    return time.perf_counter() - start


def negmas_child(spec_path: str, out_path: str) -> None:
    """In a fresh process: NegMAS's Pareto frontier and Nash point of the domain."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import nash_points, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    spec = json.loads(Path(spec_path).read_text())
    n_values = spec["n_values"]
    parties = [Party(**p) for p in spec["parties"]]
    values = list(range(1, n_values + 1))
    issues = [make_issue(values=values, name=f"issue{i + 1}") for i in range(spec["n_issues"])]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[
                TableFun({x: party.evaluation(i, x) for x in values}) for i in range(len(issues))
            ],
            weights=list(party.weights),
            issues=issues,
            reserved_value=float("-inf"),  # the whole space; Accord's frontier is not cut
        )
        for party in parties
    ]
    utilities, indices = pareto_frontier(ufuns, issues=issues)
    ranges = [
        (p.reservation, u.minmax(issues=issues)[1]) for p, u in zip(parties, ufuns, strict=True)
    ]
    nash = nash_points(ufuns, utilities, ranges=ranges)
    floors = [round(p.reservation * TICKS) for p in parties]
    rational = [  # NegMAS reports a point even when no package meets every reservation
        point
        for point, _ in nash
        if all(round(float(u) * TICKS) >= f for u, f in zip(point, floors, strict=True))
    ]
    Path(out_path).write_text(
        json.dumps(
            {
                "frontier": [[float(x) for x in u] for u in utilities],
                "n_packages": len(indices),
                "nash": [[float(x) for x in point] for point in rational],
            }
        )
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=8, help="integer issues (default 8)")
    parser.add_argument("--values", type=int, default=7, help="values per issue (default 7)")
    parser.add_argument("--parties", type=int, default=3, help="parties (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="domain seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="Accord runs (median; default 3)")
    parser.add_argument(
        "--negmas-repeat", type=int, default=1, help="NegMAS runs (median; default 1)"
    )
    parser.add_argument("--no-negmas", action="store_true", help="measure Accord only")
    cli.add_json(parser)
    args = parser.parse_args(argv)
    if (
        min(args.repeat, args.negmas_repeat) < 1
        or args.issues < 1
        or args.values < 2
        or args.parties < 2
    ):
        parser.error("need --repeat >= 1, --issues >= 1, --values >= 2, --parties >= 2")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console = new_console()
    with_negmas, versions = cli.negmas_versions(console, not args.no_negmas)
    console.print(f"[dim]{machine()}; {versions}; median of {args.repeat} Accord runs[/]")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = write_domain(
            root / "domain",
            n_issues=args.issues,
            n_values=args.values,
            n_parties=args.parties,
            seed=args.seed,
        )
        parties = make_parties(args.issues, args.parties, args.seed)
        spec = root / "spec.json"
        spec.write_text(
            json.dumps(
                {
                    "n_issues": args.issues,
                    "n_values": args.values,
                    "parties": [asdict(p) for p in parties],
                }
            )
        )
        accord_times = [run_accord(folder, root / "accord.json") for _ in range(args.repeat)]
        doc = json.loads((root / "accord.json").read_text())
        negmas_times: list[float] = []
        found: dict[str, Any] | None = None
        if with_negmas:
            negmas_times = [
                run_negmas(spec, root / "negmas.json") for _ in range(args.negmas_repeat)
            ]
            found = json.loads((root / "negmas.json").read_text())
    result = summarise(args, doc, accord_times, negmas_times, found)
    render(console, result)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return (
        0 if result["same_frontier"] in (True, None) and result["same_nash"] in (True, None) else 1
    )


def summarise(
    args: argparse.Namespace,
    doc: dict[str, Any],
    accord_times: list[float],
    negmas_times: list[float],
    found: dict[str, Any] | None,
) -> dict[str, Any]:
    """The figures of one run, as JSON-ready data."""
    accord_vectors = as_ticks([list(p["utilities"].values()) for p in doc["pareto"]])
    nash = doc["solutions"]["nash"]
    accord_seconds = statistics.median(accord_times)
    result: dict[str, Any] = {
        "machine": machine(),
        "n_outcomes": doc["n_outcomes"],
        "n_parties": args.parties,
        "accord_seconds": accord_seconds,
        "accord_runs": accord_times,
        "frontier_packages": doc["pareto_size"],
        "frontier_vectors": len(accord_vectors),
        "negmas_seconds": None,
        "negmas_runs": negmas_times,
        "negmas_frontier_vectors": None,
        "ratio_negmas_over_accord": None,
        "same_frontier": None,
        "same_nash": None,
    }
    if found is not None:
        negmas_vectors = as_ticks(found["frontier"])
        negmas_seconds = statistics.median(negmas_times)
        result |= {
            "negmas_seconds": negmas_seconds,
            "negmas_frontier_vectors": len(negmas_vectors),
            "only_accord": len(accord_vectors - negmas_vectors),
            "only_negmas": len(negmas_vectors - accord_vectors),
            "ratio_negmas_over_accord": negmas_seconds / accord_seconds,
            "same_frontier": accord_vectors == negmas_vectors,
            "same_nash": not found["nash"]
            if nash is None
            else bool(as_ticks([list(nash["utilities"].values())]) & as_ticks(found["nash"])),
        }
    return result


def render(console: Any, result: dict[str, Any]) -> None:
    headers = ["outcomes", "frontier packages", "distinct vectors", "Accord (whole process)"]
    headers += ["NegMAS (whole process)", "NegMAS/Accord", "same frontier", "same Nash"]
    out = table("accord analyze DIR --json vs NegMAS frontier + Nash", headers)
    negmas = result["negmas_seconds"]
    out.add_row(
        fmt_count(result["n_outcomes"]),
        f"{result['frontier_packages']:,}",
        f"{result['frontier_vectors']:,}",
        f"{result['accord_seconds']:.2f} s",
        "—" if negmas is None else f"{negmas:.2f} s",
        fmt_ratio(result["ratio_negmas_over_accord"]),
        "—" if result["same_frontier"] is None else str(result["same_frontier"]).lower(),
        "—" if result["same_nash"] is None else str(result["same_nash"]).lower(),
    )
    console.print(out)
    if result["same_frontier"] is False:
        console.print(
            f"[red]frontier: {result['only_accord']} vectors only in Accord, "
            f"{result['only_negmas']} only in NegMAS[/]"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--negmas-child":
        negmas_child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
