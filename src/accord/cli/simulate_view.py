"""The analyst's view of a simulated negotiation, printed with Rich.

The timeline has one row per event: the round, who acted, what they did, to
whom, the package in short form and every party's utility of it. Packages are
numbered in order of first appearance (``#1``, ``#2``, ...); the first time a
package appears it is spelled out, as the changes from the sender's previous
package when there is one. Rounds that repeat the round before exactly are
folded into one line. The summary that follows says how the talks ended and how
far the result lies from the Pareto frontier and the Nash point.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.summary import outcome_dict, plain
from accord.model.scenario import Scenario
from accord.protocols.engine import SimulationResult
from accord.protocols.events import Event, Kind
from accord.protocols.summary import Aggregate, Assessment

VERBS = {
    Kind.PROPOSE: "proposes",
    Kind.ACCEPT: "accepts",
    Kind.REJECT: "rejects",
    Kind.REQUEST_TIME: "asks for time",
    Kind.GRANT_TIME: "grants time",
    Kind.REFUSE_TIME: "refuses time",
    Kind.FORWARD: "forwards",
    Kind.WALK_AWAY: "walks away",
    Kind.AGREEMENT: "AGREEMENT",
    Kind.BREAKDOWN: "BREAKDOWN",
}
STYLES = {Kind.AGREEMENT: "bold green", Kind.BREAKDOWN: "bold red", Kind.WALK_AWAY: "red"}
_OFFER_KEYS = ("outcome", "package")
_OUTCOME_KEYS = ("versus", "improved_from")
"""Payload entries that name another outcome (a vote's draft, the package a post-settlement
round improved on): shown by package number."""
_WORTH_STYLES = {"ok": "green", "low": "yellow", "red": "red"}


@dataclass(frozen=True)
class _Worth:
    """Every party's utility of the packages in the timeline, and whether it may accept them."""

    utilities: Mapping[int, tuple[float, ...]]
    state: Mapping[int, tuple[str, ...]]
    """Per party: ``"ok"``, ``"low"`` (below the walk-away point) or ``"red"`` (red line)."""

    @classmethod
    def of(cls, scenario: Scenario, outcomes: Sequence[int]) -> _Worth:
        if not outcomes:
            return cls({}, {})
        indices = np.array(sorted(set(outcomes)), dtype=np.int64)
        utilities, masks = evaluate_outcomes(scenario, indices)
        red = {p: 0 for p in scenario.party_ids}
        low = dict(red)
        for bit, constraint in enumerate(scenario.constraints):
            if constraint.red_line is None:
                low[constraint.party] |= 1 << bit
            else:
                red[constraint.party] |= 1 << bit
        values: dict[int, tuple[float, ...]] = {}
        states: dict[int, tuple[str, ...]] = {}
        for index, row, mask in zip(indices.tolist(), utilities, masks.tolist(), strict=True):
            values[index] = tuple(float(u) for u in row)
            states[index] = tuple(
                "red" if mask & red[p] else "low" if mask & low[p] else "ok"
                for p in scenario.party_ids
            )
        return cls(values, states)


def short_package(scenario: Scenario, outcome: int) -> str:
    """``issue=option`` pairs, comma-separated."""
    return ", ".join(f"{k}={v}" for k, v in outcome_dict(scenario, outcome).items())


def _changes(scenario: Scenario, before: int, after: int) -> str:
    old, new = outcome_dict(scenario, before), outcome_dict(scenario, after)
    return ", ".join(f"{k}={v}" for k, v in new.items() if old[k] != v)


def _who(scenario: Scenario, sender: str, recipients: Sequence[str]) -> str:
    parties = set(scenario.party_ids)
    if len(parties) > 2 and set(recipients) == parties:
        return "all parties"
    if len(parties) > 2 and sender in parties and set(recipients) == parties - {sender}:
        return "the others"
    return ", ".join(recipients)


def _extras(event: Event, labels: Mapping[int, int]) -> str:
    """Payload details other than the offer itself, in a few words."""
    extra = {k: v for k, v in event.payload.items() if k not in _OFFER_KEYS}
    for key in _OUTCOME_KEYS:
        if isinstance(extra.get(key), int) and not isinstance(extra[key], bool):
            index = extra[key]
            extra[key] = f"#{labels[index]}" if index in labels else f"outcome {index}"
    if event.kind == Kind.BREAKDOWN and "reason" in extra:
        reason = str(extra.pop("reason")).replace("_", " ")
        party = extra.pop("party", None)
        extra_text = _extras_text(extra)
        by = f" by {party}" if party is not None else ""
        return f"{reason}{by}" + (f"; {extra_text}" if extra_text else "")
    return _extras_text(extra)


def _extras_text(extra: Mapping[str, Any]) -> str:
    def show(key: str, value: Any) -> str:
        name = key.replace("_", " ")
        if isinstance(value, bool):
            return name if value else f"no {name}"
        if isinstance(value, float):
            return f"{name} {plain(value)}" if value.is_integer() else f"{name} {value:g}"
        if isinstance(value, Mapping | list | tuple):
            return f"{name} {json.dumps(value, ensure_ascii=False, default=str)}"
        return f"{name} {value}"

    return ", ".join(show(k, v) for k, v in extra.items())


def _signature(events: Sequence[Event]) -> tuple[Any, ...]:
    return tuple(
        (e.sender, str(e.kind), e.recipients, e.outcome, repr(sorted(e.payload.items())))
        for e in events
    )


def timeline_table(
    scenario: Scenario,
    events: Sequence[Event],
    *,
    fold: bool = True,
    title: str | None = None,
    width: int = 100,
) -> Table:
    """The timeline as a Rich table laid out for ``width`` columns (see the module docstring)."""
    parties = scenario.party_ids
    worth = _Worth.of(scenario, [e.outcome for e in events if e.outcome is not None])
    rows: list[list[Text | str]] = []
    labels: dict[int, int] = {}
    last_by: dict[str, int] = {}
    previous: tuple[Any, ...] | None = None
    rounds = [(r, list(group)) for r, group in groupby(events, key=lambda e: e.round)]
    position = 0
    while position < len(rounds):
        number, group = rounds[position]
        signature = _signature(group)
        if fold and previous is not None and signature == previous:
            end = position
            while end + 1 < len(rounds) and _signature(rounds[end + 1][1]) == signature:
                end += 1
            last = rounds[end][0]
            span = f"{number}–{last}" if last != number else str(number)
            count = sum(len(g) for _, g in rounds[position : end + 1])
            rows.append(
                [
                    Text(span, style="dim"),
                    "",
                    Text("…", style="dim"),
                    Text(f"the same as round {number - 1} again ({count} events)", style="dim"),
                    *("" for _ in parties),
                ]
            )
            position = end + 1
            continue
        rows.extend(_row(scenario, event, worth, labels, last_by) for event in group)
        previous = signature
        position += 1
    table = Table(
        title=title or "Timeline",
        title_justify="left",
        caption=(
            "Utilities of the package to each party: green, the party may accept it; "
            "yellow, below its walk-away point; red ✕, it breaks the party's red lines."
        ),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    widths = _widths(rows, parties, width)
    table.add_column("Round", justify="right", no_wrap=True, width=widths[0])
    table.add_column("Who → to whom", overflow="fold", width=widths[1])
    table.add_column("What", no_wrap=True, width=widths[2])
    table.add_column("Package", overflow="fold", width=widths[3])
    for party, column in zip(parties, widths[4:], strict=True):
        table.add_column(Text(party), justify="right", overflow="fold", width=column)
    for row in rows:
        table.add_row(*row)
    return table


_GAP = 3
"""Characters between two columns of the timeline (padding and divider)."""
_MIN_PACKAGE = 16
"""The package column is never narrower than this."""


def _widths(rows: Sequence[Sequence[Text | str]], parties: Sequence[str], width: int) -> list[int]:
    """Column widths: every column its natural width, the package column the rest.

    On a narrow console the sender column and the party headers give way first.
    """

    def natural(column: int, heading: str, longest: int) -> int:
        cells = [len(str(row[column])) for row in rows]
        return min(max([len(heading), *cells]), longest)

    fixed = [
        natural(0, "Round", 12),
        natural(1, "Who → to whom", 24),
        natural(2, "What", 14),
        *(natural(4 + n, party, 12) for n, party in enumerate(parties)),
    ]
    edges = 2 + _GAP * len(fixed)
    option = list(fixed)
    # give way in order: the sender column down to 10, then the party columns down to 6
    for column, floor in [(1, 10), *((3 + n, 6) for n in range(len(parties)))]:
        short = _MIN_PACKAGE - (width - edges - sum(option))
        if short <= 0:
            break
        option[column] = max(floor, option[column] - short)
    package = max(width - edges - sum(option), _MIN_PACKAGE)
    return [*option[:3], package, *option[3:]]


def _row(
    scenario: Scenario,
    event: Event,
    worth: _Worth,
    labels: dict[int, int],
    last_by: dict[str, int],
) -> list[Text | str]:
    kind = Kind(event.kind)
    what = Text(VERBS.get(kind, str(kind).replace("_", " ")), style=STYLES.get(kind, ""))
    extras = _extras(event, labels)
    outcome = event.outcome
    worths: list[Text | str] = ["" for _ in scenario.party_ids]
    if outcome is None:
        package = Text(extras, style="dim")
    else:
        label = labels.get(outcome)
        if label is None:
            label = labels[outcome] = len(labels) + 1
            before = last_by.get(event.sender)
            if before is not None and before != outcome:
                text = f"#{label}: #{labels[before]} with {_changes(scenario, before, outcome)}"
            else:
                text = f"#{label}: {short_package(scenario, outcome)}"
        else:
            text = f"#{label}"
        if extras:
            text += f" ({extras})"
        package = Text(text)
        if kind in (Kind.PROPOSE, Kind.FORWARD):
            last_by[event.sender] = outcome
        pairs = zip(worth.utilities[outcome], worth.state[outcome], strict=True)
        worths = [
            Text(f"{value:.2f}" + ("✕" if state == "red" else ""), style=_WORTH_STYLES[state])
            for value, state in pairs
        ]
    who = f"{event.sender} → {_who(scenario, event.sender, event.recipients)}"
    return [str(event.round), Text(who), what, package, *worths]


def print_timeline(
    scenario: Scenario, events: Sequence[Event], *, fold: bool = True, console: Console
) -> None:
    """Print the timeline of ``events``."""
    console.print(timeline_table(scenario, events, fold=fold, width=console.width))


def options_text(options: Mapping[str, Any]) -> str:
    """Protocol options as ``key=value`` pairs; mappings and lists as JSON."""

    def show(value: Any) -> str:
        if isinstance(value, Mapping | list | tuple):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return str(value)

    return ", ".join(f"{k}={show(v)}" for k, v in options.items())


def _distance(value: float | None, zero: str, missing: str) -> str:
    if value is None:
        return missing
    return f"{value:.3f}" + (f" ({zero})" if value == 0 else "")


def _setup_grid(
    scenario: Scenario,
    protocol: str,
    protocol_options: Mapping[str, Any],
    agents: Mapping[str, str],
    deadline: int,
    seeds: str,
) -> Table:
    """A two-column grid opening with the scenario, the set-up and the agents."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    options = options_text(protocol_options)
    grid.add_row("Scenario", escape(scenario.name))
    grid.add_row(
        "Set-up",
        escape(
            f"{protocol}"
            + (f" ({options})" if options else "")
            + f"; deadline {deadline} rounds; {seeds}"
        ),
    )
    grid.add_row("Agents", escape(", ".join(f"{p}={agents[p]}" for p in scenario.party_ids)))
    return grid


def summary_panel(
    scenario: Scenario,
    result: SimulationResult,
    assessment: Assessment,
    *,
    protocol: str,
    protocol_options: Mapping[str, Any],
    agents: Mapping[str, str],
    deadline: int,
    seed: int,
) -> Panel:
    """The summary of one run: set-up, ending, package, utilities, distances, verdict."""
    grid = _setup_grid(scenario, protocol, protocol_options, agents, deadline, f"seed {seed}")
    if result.agreement:
        grid.add_row("Result", Text(f"Agreement in round {result.rounds}", style="bold green"))
    else:
        grid.add_row("Result", Text(f"No agreement: {assessment.ending}", style="bold red"))
    if result.outcome is not None:
        package = outcome_dict(scenario, result.outcome)
        grid.add_row("Package", escape("\n".join(f"{k} = {v}" for k, v in package.items())))
    grid.add_row("Rounds used", str(result.rounds))
    grid.add_row("Time requests", str(result.time_requests))
    utilities = Table(box=None, padding=(0, 2), show_edge=False)
    utilities.add_column("party")
    utilities.add_column("utility", justify="right")
    utilities.add_column("walk-away", justify="right")
    nash = assessment.nash
    if nash is not None:
        utilities.add_column("Nash", justify="right")
    for column, party in enumerate(scenario.party_ids):
        row = [
            escape(party),
            f"{result.utilities[party]:.3f}",
            f"{scenario.preferences[party].reservation:.3f}",
        ]
        if nash is not None:
            row.append(f"{nash.utilities[column]:.3f}")
        utilities.add_row(*row)
    if result.agreement:
        grid.add_row("Utilities", utilities)
    else:
        grid.add_row("Utilities", Text("each party's walk-away value", style="dim"))
        grid.add_row("", utilities)
    if assessment.n_feasible == 0:
        missing_pareto = "n/a: no package meets every party's red lines"
    else:
        missing_pareto = "n/a"
    grid.add_row(
        "Distance to Pareto frontier",
        _distance(assessment.distance_to_pareto, "on the frontier", missing_pareto),
    )
    grid.add_row(
        "Distance to Nash point",
        _distance(assessment.distance_to_nash, "the Nash package", "n/a: the ZOPA is empty"),
    )
    grid.add_row("Verdict", Text(assessment.verdict, style="bold"))
    return Panel(grid, title="Summary", title_align="left", expand=False)


def print_summary(
    scenario: Scenario,
    result: SimulationResult,
    assessment: Assessment,
    *,
    console: Console,
    **setup: Any,
) -> None:
    """Print the summary of one run (``setup``: see :func:`summary_panel`)."""
    console.print(summary_panel(scenario, result, assessment, **setup))


def aggregate_panel(
    scenario: Scenario,
    summary: Aggregate,
    *,
    protocol: str,
    protocol_options: Mapping[str, Any],
    agents: Mapping[str, str],
    deadline: int,
    seed: int,
) -> Panel:
    """Many runs summed up: agreement rate, mean utilities and rounds, speed."""
    last_seed = seed + summary.runs - 1
    seeds = f"seeds {seed}–{last_seed}"
    grid = _setup_grid(scenario, protocol, protocol_options, agents, deadline, seeds)
    grid.add_row("Runs", f"{summary.runs:,}")
    grid.add_row(
        "Agreement rate", f"{summary.agreement_rate:.1%} ({summary.agreements:,} agreements)"
    )
    means = ", ".join(f"{p} {u:.3f}" for p, u in summary.mean_utilities.items())
    grid.add_row("Mean utilities", escape(means))
    grid.add_row("Mean rounds", f"{summary.mean_rounds:.1f}")
    grid.add_row("Mean time requests", f"{summary.mean_time_requests:.2f}")
    grid.add_row(
        "Mean distance to Pareto",
        "n/a"
        if summary.mean_distance_to_pareto is None
        else f"{summary.mean_distance_to_pareto:.3f}",
    )
    grid.add_row(
        "Mean distance to Nash",
        "n/a" if summary.mean_distance_to_nash is None else f"{summary.mean_distance_to_nash:.3f}",
    )
    grid.add_row("Negotiations per second", f"{summary.per_second:,.0f}")
    return Panel(grid, title=f"{summary.runs:,} negotiations", title_align="left", expand=False)


def describe_record(event: Event | Mapping[str, Any] | None) -> str:
    """One event in a few words, from an event or a logged object (for replay messages)."""
    if event is None:
        return "nothing"
    data = event.to_dict() if isinstance(event, Event) else dict(event)
    kind = str(data.get("kind", "?"))
    try:
        verb = VERBS[Kind(kind)]
    except ValueError:
        verb = kind.replace("_", " ")
    text = f"round {data.get('round', '?')}: {data.get('sender', '?')} {verb.lower()}"
    payload = data.get("payload")
    if isinstance(payload, dict) and payload.get("outcome") is not None:
        text += f" outcome {payload['outcome']}"
    recipients = data.get("recipients")
    if isinstance(recipients, list) and recipients:
        text += f" (to {', '.join(str(r) for r in recipients)})"
    return text
