"""``accord replay``: run the negotiation in an event log again and compare it event by
event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from accord.cli.common import fail, load
from accord.cli.simulate_run import analysis_for, check_setup, run_once


def replay_log(log: Path, scenario_file: Path, *, full_timeline: bool) -> None:
    """Replay ``log`` against ``scenario_file``; exit 1 at the first differing event."""
    from accord.io.events import LogError, first_difference, read_log, scenario_sha256

    try:
        record = read_log(log)
    except LogError as error:
        fail(str(error))
    header = record.header
    scenario = load(scenario_file)
    digest = scenario_sha256(scenario)
    if digest != header.scenario_sha256:
        fail(
            f"{log} was written for scenario {header.scenario!r} "
            f"(sha256 {header.scenario_sha256[:16]}…), but {scenario_file} holds different "
            f"data (sha256 {digest[:16]}…); replay it with the scenario file it was written for"
        )
    if set(header.agents) != set(scenario.party_ids):
        fail(
            f"{log}: the header gives agents for the parties {', '.join(sorted(header.agents))}, "
            f"but the scenario's parties are {', '.join(scenario.party_ids)}"
        )
    from accord.protocols.live import PROTOCOL

    if header.protocol == PROTOCOL:
        replay_live_log(log, record, scenario, full_timeline=full_timeline)
        return
    agents = {party: header.agents[party] for party in scenario.party_ids}
    protocol_options, _ = check_setup(
        scenario,
        header.protocol,
        agent_map=agents,
        given_options=dict(header.protocol_options),
        context=f"{log}: header: ",
    )
    setup: dict[str, Any] = {
        "protocol": header.protocol,
        "protocol_options": protocol_options,
        "agents": agents,
        "deadline": header.deadline,
    }
    from accord.protocols.engine import MAX_OUTCOMES

    limit = max(MAX_OUTCOMES, scenario.space.size)
    result = run_once(scenario_file, scenario, setup, header.seed, limit)
    difference = first_difference(record.records, result.events)
    if difference is not None:
        from accord.cli.simulate_view import describe_record

        line = difference.index + 2
        if difference.logged is None:
            what = (
                f"the log ends after {len(record.records)} events, but the replay goes on "
                f"with {describe_record(difference.replayed)}"
            )
        elif difference.replayed is None:
            what = (
                f"the replay ends after {len(result.events)} events, but the log goes on "
                f"with {describe_record(difference.logged)}"
            )
        else:
            fields = ", ".join(difference.fields)
            what = (
                f"the log has {describe_record(difference.logged)}; the replay has "
                f"{describe_record(difference.replayed)} (differing: {fields})"
            )
        typer.echo(
            f"accord: replay differs from {log} at event {difference.index + 1} "
            f"(line {line}): {what}",
            err=True,
        )
        raise typer.Exit(1)
    from rich.console import Console

    from accord.cli.simulate_view import print_summary, print_timeline
    from accord.protocols.summary import assess

    analysis = analysis_for(scenario_file, scenario, limit)
    console = Console()
    print_timeline(scenario, result.events, fold=not full_timeline, console=console)
    print_summary(
        scenario,
        result,
        assess(scenario, result, analysis),
        console=console,
        seed=header.seed,
        **setup,
    )
    typer.echo(f"replayed exactly: {len(result.events)} events")


def replay_live_log(log: Path, record: Any, scenario: Any, *, full_timeline: bool) -> None:
    """Check a live session's log move by move against the session's rules."""
    from rich.console import Console

    from accord.cli.simulate_view import print_timeline
    from accord.io.events import first_difference
    from accord.protocols.base import chair_of
    from accord.protocols.live import LiveLogError, replay_live

    try:
        events = replay_live(scenario, chair_of(scenario), record.header.deadline, record.events)
    except LiveLogError as error:
        typer.echo(f"accord: {log} does not follow the rules of a live session: {error}", err=True)
        raise typer.Exit(1) from None
    difference = first_difference(record.records, events)
    if difference is not None:
        from accord.cli.simulate_view import describe_record

        if difference.logged is None:
            what = f"the log ends, but the rules give {describe_record(difference.replayed)}"
        elif difference.replayed is None:
            what = (
                f"the rules give nothing more, but the log has {describe_record(difference.logged)}"
            )
        else:
            fields = ", ".join(difference.fields)
            what = (
                f"the log has {describe_record(difference.logged)}; the rules give "
                f"{describe_record(difference.replayed)} (differing: {fields})"
            )
        typer.echo(
            f"accord: replay differs from {log} at event {difference.index + 1} "
            f"(line {difference.index + 2}): {what}",
            err=True,
        )
        raise typer.Exit(1)
    print_timeline(scenario, events, fold=not full_timeline, console=Console())
    ending = "agreement" if events and events[-1].kind == "agreement" else "no agreement"
    count = f"{len(events)} event" + ("" if len(events) == 1 else "s")
    typer.echo(f"replayed exactly: {count} of a live session ({ending})")
