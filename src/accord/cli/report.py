"""The human-readable analysis report, printed with Rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.result import Analysis, Package
from accord.analysis.summary import check_proposals, distinct_frontier, outcome_dict
from accord.model.scenario import Scenario

MAX_CONFLICTS = 10
"""Conflicts spelled out in the report; the rest are counted."""
SOLUTION_TITLES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai– Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}


def print_report(
    scenario: Scenario,
    result: Analysis,
    *,
    max_relax: int = 3,
    show_frontier: int = 10,
    console: Console | None = None,
) -> None:
    """Print the full report: who, what, the agreement space, fair packages, diagnosis."""
    out = console or Console()
    out.print(_header(scenario))
    out.print(_actors(scenario))
    out.print(_issues(scenario))
    out.print(_space(result))
    if scenario.proposals:
        out.print(_proposals(scenario))
    if scenario.history:
        out.print(_history(scenario))
    if result.agreement_possible:
        out.print(_solutions(scenario, result))
        out.print(_frontier(scenario, result, show_frontier))
    out.print(_diagnosis(scenario, result, max_relax))


def describe_constraint(scenario: Scenario, constraint_id: str) -> str:
    """A constraint id in words: the red line's text, or the reservation value."""
    for constraint in scenario.constraints:
        if constraint.id != constraint_id:
            continue
        name = _name(scenario, constraint.party)
        if constraint.red_line is None:
            value = scenario.preferences[constraint.party].reservation
            return f"{name} walks away below utility {value:.2f}"
        return constraint.red_line.text.strip() or f"{name}'s red line {constraint.red_line.id}"
    return constraint_id


def package_text(scenario: Scenario, index: int) -> str:
    """A package as ``issue: option`` lines."""
    names = {issue.id: issue.name for issue in scenario.issues}
    return "\n".join(f"{names[k]}: {v}" for k, v in outcome_dict(scenario, index).items())


def utilities_text(scenario: Scenario, package: Package) -> str:
    """Each party's utility for a package, one per line."""
    return "\n".join(
        f"{_name(scenario, p)}: {u:.3f}"
        for p, u in zip(scenario.party_ids, package.utilities, strict=True)
    )


def _compact(scenario: Scenario, index: int) -> str:
    """A package on one line: ``issue=option, ...``."""
    return ", ".join(f"{k}={v}" for k, v in outcome_dict(scenario, index).items())


def _name(scenario: Scenario, actor_id: str) -> str:
    for actor in (*scenario.parties, *scenario.mediators):
        if actor.id == actor_id:
            return actor.name
    return actor_id


def _header(scenario: Scenario) -> Panel:
    parts: list[Text | str] = []
    if scenario.description:
        parts.append(Text(scenario.description.strip()))
    for source in scenario.sources:
        parts.append(Text(f"Source: {source.title}", style="dim"))
    return Panel(Group(*parts) if parts else "", title=f"[b]{escape(scenario.name)}[/b]")


def _actors(scenario: Scenario) -> Table:
    table = Table(title="Parties", title_justify="left")
    table.add_column("Party")
    table.add_column("Name")
    table.add_column("Reservation", justify="right")
    table.add_column("Red lines")
    for party in scenario.parties:
        prefs = scenario.preferences[party.id]
        lines = "\n".join(f"{r.id}: {r.text.strip()}" if r.text else r.id for r in prefs.red_lines)
        table.add_row(party.id, party.name, f"{prefs.reservation:.2f}", escape(lines) or "none")
    if scenario.mediators:
        names = ", ".join(m.name for m in scenario.mediators)
        table.caption = f"Mediated by {names}: the parties talk only through them."
    return table


def _issues(scenario: Scenario) -> Table:
    table = Table(title="Issues", title_justify="left")
    table.add_column("Issue")
    table.add_column("Options")
    for issue in scenario.issues:
        if issue.numeric:
            opts = f"{issue.options[0]:g} to {issue.options[-1]:g} ({issue.size} steps)"
        else:
            opts = ", ".join(str(o) for o in issue.options)
        table.add_row(f"{issue.name} [dim]({issue.id})[/dim]", escape(opts))
    return table


def _space(result: Analysis) -> Table:
    table = Table(title="Agreement space", title_justify="left", show_header=False)
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_row("Possible packages", f"{result.n_outcomes:,}")
    table.add_row("Meeting every red line", f"{result.n_feasible:,}")
    zopa_style = "green" if result.zopa_size else "bold red"
    table.add_row(
        "In the ZOPA (also above every reservation value)",
        f"[{zopa_style}]{result.zopa_size:,}[/{zopa_style}]",
    )
    table.add_row(
        "On the Pareto frontier (of packages meeting the red lines)", f"{len(result.frontier):,}"
    )
    return table


def _proposals(scenario: Scenario) -> Table:
    table = Table(title="Proposals on the table", title_justify="left")
    table.add_column("Proposal")
    table.add_column("Utilities")
    table.add_column("Breaks", overflow="fold")
    for check in check_proposals(scenario):
        by = ", ".join(_name(scenario, a) for a in check.proposal.by)
        title = check.proposal.name or check.proposal.id
        package = Package(scenario.space.index_of(check.proposal.outcome), check.utilities)
        broken = "\n".join(f"{c}: {describe_constraint(scenario, c)}" for c in check.broken)
        table.add_row(
            escape(f"{title}\n(by {by})"),
            utilities_text(scenario, package),
            escape(broken) if broken else "[green]nothing: it is in the ZOPA[/green]",
        )
    return table


def _history(scenario: Scenario) -> Table:
    table = Table(title="What happened", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Who")
    table.add_column("Did")
    table.add_column("Evidence")
    for number, event in enumerate(scenario.history, start=1):
        action = event.action.replace("_", " ")
        if event.proposal:
            action += f" ({event.proposal})"
        says = " ".join(e.says for e in event.evidence)
        table.add_row(str(number), _name(scenario, event.actor), action, escape(says))
    return table


def _solutions(scenario: Scenario, result: Analysis) -> Table:
    table = Table(title="Fair and efficient packages (over the ZOPA)", title_justify="left")
    table.add_column("")
    named = [(SOLUTION_TITLES[n], p) for n, p in result.solutions.items() if p is not None]
    for title, _ in named:
        table.add_column(title, overflow="fold")
    for issue in scenario.issues:
        row = [str(outcome_dict(scenario, p.index)[issue.id]) for _, p in named]
        table.add_row(issue.id, *map(escape, row))
    table.add_section()
    for position, party in enumerate(scenario.parties):
        table.add_row(
            f"utility of {party.name}", *(f"{p.utilities[position]:.3f}" for _, p in named)
        )
    return table


def _frontier(scenario: Scenario, result: Analysis, limit: int) -> Table:
    points = distinct_frontier(result.frontier)
    table = Table(
        title=(
            f"Pareto frontier ({len(result.frontier):,} packages, {len(points):,} distinct "
            f"utility vectors; first {min(limit, len(points))})"
        ),
        title_justify="left",
    )
    table.add_column("Package")
    for party in scenario.parties:
        table.add_column(party.name, justify="right")
    table.add_column("In ZOPA")
    table.add_column("Packages", justify="right")
    for point in points[:limit]:
        table.add_row(
            escape(", ".join(f"{v}" for v in outcome_dict(scenario, point.package.index).values())),
            *(f"{u:.3f}" for u in point.package.utilities),
            "yes" if point.in_zopa else "no",
            f"{point.count:,}",
        )
    return table


def _diagnosis(scenario: Scenario, result: Analysis, max_relax: int) -> Panel:
    if result.agreement_possible:
        nash = result.solutions.nash
        assert nash is not None
        body = Group(
            Text(
                f"Agreement is possible: {result.zopa_size:,} packages meet every red line and "
                "leave every party better off than walking away.",
                style="green",
            ),
            Text("Recommended (Nash bargaining) package:"),
            Text(package_text(scenario, nash.index)),
            Text(utilities_text(scenario, nash)),
        )
        return Panel(body, title="[b]Diagnosis[/b]")
    parts: list[Text | Table] = [
        Text("No agreement is possible as things stand.", style="bold red")
    ]
    if result.n_feasible == 0:
        parts.append(Text("No package meets every party's red lines: they collide."))
    else:
        parts.append(
            Text(
                f"{result.n_feasible:,} packages meet every red line, but none leaves every "
                "party at or above its reservation value."
            )
        )
    if result.conflicts:
        parts.append(Text("Why: these commitments cannot all be kept at once.", style="bold"))
        for clash in result.conflicts[:MAX_CONFLICTS]:
            block = Text()
            block.append(" ✕ ".join(clash), style="bold red")
            for constraint in clash:
                block.append(f"\n   • {describe_constraint(scenario, constraint)}", style="italic")
            parts.append(block)
        if len(result.conflicts) > MAX_CONFLICTS:
            more = len(result.conflicts) - MAX_CONFLICTS
            parts.append(Text(f"… and {more} more conflicts.", style="dim"))
        parts.append(Text(""))
    shown = [r for r in result.relaxations if len(r.relax) <= max_relax]
    involved = sorted({c for r in result.relaxations for c in r.relax})
    smallest = min(len(r.relax) for r in result.relaxations)
    parts.append(
        Text(
            f"What would open a deal: {len(result.relaxations)} minimal sets of concessions; the "
            f"smallest needs {smallest} constraint{'s' if smallest > 1 else ''} to give way:",
            style="bold",
        )
    )
    for number, relaxation in enumerate(shown, start=1):
        block = Text()
        block.append(f"\n{number}. Relax {' + '.join(relaxation.relax)}", style="bold")
        block.append(f"  → opens {relaxation.zopa_size:,} packages\n")
        for constraint in relaxation.relax:
            block.append(f"   • {describe_constraint(scenario, constraint)}\n", style="italic")
        block.append("   Best package then (Nash): ", style="dim")
        block.append(_compact(scenario, relaxation.best.index) + "\n")
        block.append("   Utilities: ", style="dim")
        block.append(
            ", ".join(
                f"{_name(scenario, p)} {u:.3f} (walks away below {r:.2f})"
                for p, u, r in zip(
                    scenario.party_ids, relaxation.best.utilities, result.reservations, strict=True
                )
            )
        )
        parts.append(block)
    hidden = len(result.relaxations) - len(shown)
    if hidden:
        parts.append(
            Text(
                f"{hidden} more minimal relaxations need more than {max_relax} concessions "
                f"(use --max-relax to list them).",
                style="dim",
            )
        )
    parts.append(
        Text(
            f"Constraints in the way: {', '.join(involved)}. A mediator's work is to move one "
            "of these sets.",
            style="dim",
        )
    )
    return Panel(Group(*parts), title="[b]Diagnosis: why no deal, and what would open one[/b]")
