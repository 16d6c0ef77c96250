"""``accord analyze --method solver``: the certified solver analysis as a report or JSON."""

from __future__ import annotations

import time
from typing import Any

import typer

from accord.cli.common import fail, write_json
from accord.model.scenario import Scenario


def run_solver(scenario: Scenario, *, as_json: bool, max_relax: int, show: int) -> None:
    """Run the solver analysis and print it; exit 2 with a clear message when it cannot."""
    from accord.analysis.solve import SolverFailed, SolverMissing, solve_scenario

    start = time.perf_counter()
    try:
        result = solve_scenario(scenario, max_relax=max_relax)
    except SolverMissing as error:
        fail(str(error))
    except SolverFailed as error:
        fail(f"{scenario.name}: {error}")
    seconds = time.perf_counter() - start
    if as_json:
        write_json({**solver_dict(scenario, result), "seconds": round(seconds, 3)})
    else:
        print_solver_report(scenario, result, show, seconds)


def _package(scenario: Scenario, package: Any) -> dict[str, Any]:
    from accord.analysis.summary import outcome_dict, shown

    return {
        "outcome": outcome_dict(scenario, package.index),
        "utilities": dict(zip(scenario.party_ids, map(shown, package.utilities), strict=True)),
        "certified": package.certified,
        **({"gap": package.gap} if not package.certified else {}),
    }


def solver_dict(scenario: Scenario, result: Any) -> dict[str, Any]:
    """The solver analysis as a JSON-ready document, with the keys of the enumerating
    analysis where they mean the same. Each ``pareto`` entry has the ``count`` of
    feasible packages with its utilities (``None`` when unknown: ``counts_exact`` is
    then false); ``pareto_size`` is their sum (``None`` unless complete and exact)."""
    return {
        "scenario": scenario.name,
        "method": "solver",
        "parties": list(scenario.party_ids),
        "n_outcomes": result.n_outcomes,
        "exact_units": result.exact,
        "agreement_possible": result.agreement_possible,
        "witness": None if result.witness is None else _package(scenario, result.witness),
        "solutions": {
            name: None if p is None else _package(scenario, p)
            for name, p in result.solutions.items()
        },
        "pareto_complete": result.frontier_complete,
        "counts_exact": result.counts_exact,
        "pareto_size": result.pareto_size,
        "pareto": [
            {**_package(scenario, p), "count": p.count, "in_zopa": z}
            for p, z in zip(result.frontier, result.in_zopa, strict=True)
        ],
        "relaxations": [
            {"relax": list(r.relax), "witness": _package(scenario, r.witness)}
            for r in result.relaxations
        ],
        "relaxations_complete": result.relaxations_complete,
        "solves": result.solves,
    }


def print_solver_report(scenario: Scenario, result: Any, show: int, seconds: float) -> None:
    """A short plain-text report of what the solver proved."""
    echo = typer.echo
    echo(f"{scenario.name}: {result.n_outcomes:.3g} packages, analysed by integer programming")
    echo(f"({result.solves} solves, {seconds:.2f} s; every answer below is proven optimal")
    echo("unless marked otherwise).")
    if not result.exact:
        echo("Some utility terms have no small common denominator and were rounded to 1e-6:")
        echo("the answers are proven for those rounded utilities, not exactly in ticks.")
    echo("")
    if result.agreement_possible:
        echo("ZOPA: not empty. Witness: " + _utilities(scenario, result.witness))
        echo("")
        echo("Bargaining solutions:")
        for name, p in result.solutions.items():
            mark = (
                ""
                if p is None or p.certified
                else "  (not proven exactly"
                + (f"; relative gap {p.gap:.1e})" if p.gap > 0 else ")")
            )
            echo(f"  {name:<18} " + ("-" if p is None else _utilities(scenario, p)) + mark)
    else:
        echo("ZOPA: empty (proven: no package meets every red line and reservation value).")
        echo("")
        echo("Minimal relaxations" + ("" if result.relaxations_complete else " (first ones)") + ":")
        for r in result.relaxations:
            echo(f"  {' + '.join(r.relax)}: e.g. {_utilities(scenario, r.witness)}")
    echo("")
    kind = "complete" if result.frontier_complete else "a sample"
    size = result.pareto_size
    packages = "" if size is None else f", {size:,} packages"
    echo(f"Pareto frontier ({kind}): {len(result.frontier)} distinct utility vectors{packages}")
    if not result.counts_exact:
        echo("(packages per vector not counted: shown as '?')")
    for p in result.frontier[:show]:
        n = "?" if p.count is None else f"{p.count:,}"
        echo(f"  {_utilities(scenario, p)}  ({n} package{'' if p.count == 1 else 's'})")


def _utilities(scenario: Scenario, package: Any) -> str:
    return ", ".join(
        f"{pid} {u:.4f}" for pid, u in zip(scenario.party_ids, package.utilities, strict=True)
    )
