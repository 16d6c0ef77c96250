"""The ``accord robust`` report (Rich) and its ``--json`` form."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.robust import Robustness
from accord.analysis.summary import outcome_dict
from accord.model.scenario import Scenario

JSON = dict[str, Any]
MAX_RELAXATIONS = 8
"""Most frequent minimal relaxations listed in the report."""


def _package(scenario: Scenario, result: Robustness, index: int) -> JSON:
    return {
        "outcome": outcome_dict(scenario, index),
        "p_all_accept": float(result.p_all[index]),
        "p_accept": {p: float(result.p_accept[index, k]) for k, p in enumerate(result.parties)},
    }


def robust_dict(
    scenario: Scenario, result: Robustness, view: str, seed: int, *, all_packages: bool = False
) -> JSON:
    """Everything the report shows, as JSON-ready data (proposals best first)."""
    data: JSON = {
        "scenario": scenario.name,
        "use": view,
        "samples": result.n_samples,
        "seed": seed,
        "n_outcomes": result.n_outcomes,
        "p_zopa": result.p_zopa,
        "proposals": [_package(scenario, result, p.index) for p in result.best],
        "tabled": [
            {
                "id": proposal.id,
                **_package(scenario, result, scenario.space.index_of(proposal.outcome)),
            }
            for proposal in scenario.proposals
        ],
        "samples_without_zopa": result.n_without_zopa,
        "diagnosed": result.n_diagnosed,
        "blockers": [
            {"constraint": b.constraint, "share": b.share, "always": b.always}
            for b in result.blockers
        ],
        "relaxations": [{"relax": list(r), "share": s} for r, s in result.relaxations],
    }
    if all_packages:
        data["packages"] = [_package(scenario, result, o) for o in range(result.n_outcomes)]
    return data


def _percent(p: float) -> str:
    return f"{100 * p:.1f}%"


def _compact(scenario: Scenario, index: int) -> str:
    return ", ".join(f"{k}={v}" for k, v in outcome_dict(scenario, index).items())


def print_robust(
    scenario: Scenario, result: Robustness, view: str, seed: int, console: Console | None = None
) -> None:
    """Print the chance of a deal, the most robust packages and what blocks a deal."""
    out = console or Console()
    whose = (
        "the mediators' beliefs about the parties"
        if view == "beliefs"
        else "the parties' preferences as written"
    )
    style = "green" if result.p_zopa >= 0.5 else ("yellow" if result.p_zopa > 0 else "bold red")
    body = Group(
        Text(
            f"{result.n_samples:,} sampled preference profiles (seed {seed}), from {whose}; "
            f"{result.n_outcomes:,} packages each."
        ),
        Text(f"Probability that some deal exists (a ZOPA): {_percent(result.p_zopa)}", style=style),
    )
    out.print(Panel(body, title=f"[b]{escape(scenario.name)}: robustness[/b]"))
    out.print(_best(scenario, result))
    if scenario.proposals:
        out.print(_tabled(scenario, result))
    if result.n_diagnosed:
        out.print(_blockers(scenario, result))


def _best(scenario: Scenario, result: Robustness) -> Table:
    table = Table(
        title="Most robust packages (highest probability that all accept)", title_justify="left"
    )
    table.add_column("#", justify="right")
    table.add_column("Package", overflow="fold")
    table.add_column("All accept", justify="right")
    for party in scenario.parties:
        table.add_column(party.name, justify="right")
    for rank, package in enumerate(result.best, start=1):
        table.add_row(
            str(rank),
            escape(_compact(scenario, package.index)),
            _percent(package.p_all),
            *(_percent(p) for p in package.p_accept),
        )
    return table


def _tabled(scenario: Scenario, result: Robustness) -> Table:
    table = Table(title="Proposals on the table", title_justify="left")
    table.add_column("Proposal")
    table.add_column("All accept", justify="right")
    for party in scenario.parties:
        table.add_column(party.name, justify="right")
    for proposal in scenario.proposals:
        index = scenario.space.index_of(proposal.outcome)
        table.add_row(
            escape(proposal.name or proposal.id),
            _percent(float(result.p_all[index])),
            *(_percent(float(p)) for p in result.p_accept[index]),
        )
    return table


def _blockers(scenario: Scenario, result: Robustness) -> Panel:
    partial = (
        f"the first {result.n_diagnosed:,} of {result.n_without_zopa:,}"
        if result.n_diagnosed < result.n_without_zopa
        else f"all {result.n_diagnosed:,}"
    )
    table = Table(title_justify="left")
    table.add_column("Constraint")
    table.add_column("In some way out", justify="right")
    table.add_column("In every way out", justify="right")
    for blocker in result.blockers:
        table.add_row(blocker.constraint, _percent(blocker.share), _percent(blocker.always))
    ways = Text()
    for relax, share in result.relaxations[:MAX_RELAXATIONS]:
        ways.append(f"\n{_percent(share):>7}  relax {' + '.join(relax)}")
    parts: list[Text | Table] = [
        Text(
            f"Diagnosed {partial} samples without a ZOPA: the minimal sets of constraints "
            "whose relaxation would open one (ways out), and how often each constraint is "
            "among them.",
        ),
        table,
        Text("Most frequent ways out (share of diagnosed samples):", style="bold"),
        ways,
    ]
    return Panel(Group(*parts), title="[b]What blocks a deal[/b]")
