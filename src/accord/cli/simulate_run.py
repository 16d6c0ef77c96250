"""``accord simulate``: check the protocol and agents, run the talks (once or with
``--repeat``) and print, log or plot the result. ``accord replay`` reuses the checks and
the runner."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from accord.cli.common import fail

if TYPE_CHECKING:
    from accord.analysis.result import Analysis
    from accord.model.scenario import Scenario
    from accord.protocols.engine import SimulationResult
    from accord.protocols.tilt import Tilt


def run_simulation(
    file: Path,
    scenario: Scenario,
    *,
    protocol: str,
    agents: list[str] | None,
    options: list[str] | None,
    deadline: int,
    seed: int,
    repeat: int,
    max_outcomes: int,
    as_json: bool,
    plot: Path | None,
    log: Path | None,
    full_timeline: bool,
    time_limit: float | None,
) -> None:
    """Everything ``accord simulate`` does once its file is loaded and its flags agree."""
    protocol_options, agent_names = check_setup(
        scenario, protocol, agent_specs=agents, option_items=options
    )
    analysis = analysis_for(file, scenario, max_outcomes)
    setup: dict[str, Any] = {
        "protocol": protocol,
        "protocol_options": protocol_options,
        "agents": agent_names,
        "deadline": deadline,
    }
    if repeat > 1:
        simulate_many(
            file, scenario, analysis, setup, seed, repeat, max_outcomes, as_json, time_limit
        )
        return
    from accord.protocols.summary import assess, simulation_dict, tilt_dict, tilt_text

    result = run_once(file, scenario, setup, seed, max_outcomes, time_limit)
    assessment = assess(scenario, result, analysis)
    tilt = tilt_for(scenario, setup, seed)
    if log is not None:
        from accord.io.events import LogHeader, write_log

        header = LogHeader.for_run(
            scenario,
            protocol,
            agent_names,
            deadline=deadline,
            seed=seed,
            protocol_options=protocol_options,
        )
        try:
            write_log(log, header, result.events)
        except OSError as error:
            fail(f"--log {log}: cannot write the file ({error.strerror or error})")
    if as_json:
        document = simulation_dict(scenario, result, assessment, seed=seed, **setup)
        if tilt is not None:
            document["mediator_tilt"] = tilt_dict(tilt)
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.console import Console

        from accord.cli.simulate_view import print_summary, print_timeline

        console = Console()
        print_timeline(scenario, result.events, fold=not full_timeline, console=console)
        print_summary(scenario, result, assessment, console=console, seed=seed, **setup)
        if tilt is not None:
            console.print(tilt_text(scenario, tilt))
    if plot is not None:
        try:
            from accord.cli.trace_plot import plot_trace
        except ImportError:
            fail("plotting needs matplotlib: pip install 'accord[plot]'")
        title = f"{scenario.name}: {protocol}, " + ", ".join(
            f"{p}={a}" for p, a in agent_names.items()
        )
        try:
            plot_trace(scenario, result, analysis, plot, title=title)
        except OSError as error:
            fail(f"--plot {plot}: cannot write the file ({error.strerror or error})")
    if not as_json:
        if log is not None:
            typer.echo(f"Event log written to {log}")
        if plot is not None:
            typer.echo(f"Plot written to {plot}")


def check_setup(
    scenario: Scenario,
    protocol: str,
    *,
    agent_specs: list[str] | None = None,
    agent_map: dict[str, str] | None = None,
    option_items: list[str] | None = None,
    given_options: dict[str, Any] | None = None,
    context: str = "",
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check the protocol, its options and the agents; exit 2 naming the valid choices.

    Options come as ``KEY=VALUE`` items or ready-made; agents as ``--agents``
    items or a ready-made map. ``context`` starts each message (for log headers).
    """
    from accord.cli.simulate_args import (
        ArgumentProblem,
        build_protocol,
        check_agents,
        check_protocol,
        parse_agents,
        parse_options,
    )

    try:
        cls = check_protocol(protocol)
        if given_options is None:
            options = parse_options(option_items or [], protocol, cls)
            build_protocol(protocol, options, cls)
        else:
            options = dict(given_options)
            build_protocol(protocol, options, cls, where="protocol_options")
        if agent_map is None:
            agents = parse_agents(agent_specs or [], scenario.party_ids)
        else:
            agents = dict(agent_map)
        check_agents(agents)
    except ArgumentProblem as error:
        message = str(error)
        fail(f"{context}{message.removeprefix('--')}" if context else message)
    return options, agents


def analysis_for(file: Path, scenario: Scenario, max_outcomes: int) -> Analysis:
    """The agreement space the run is measured against; exit 2 if the space is too large."""
    from accord.analysis import SpaceTooLarge, analyze

    try:
        return analyze(scenario, max_outcomes=max_outcomes)
    except SpaceTooLarge as error:
        fail(
            f"{file}: {error}; pass --max-outcomes {error.size} to simulate it anyway "
            "(memory and time grow with the space)"
        )


def tilt_for(scenario: Scenario, setup: dict[str, Any], seed: int) -> Tilt | None:
    """How far the scenario's interested mediators tilt this run, when the protocol lets
    mediators act on their preferences (it has a ``bias`` option); ``None`` otherwise."""
    from dataclasses import fields, is_dataclass

    from accord.protocols.registry import PROTOCOLS
    from accord.protocols.tilt import mediator_tilt

    rules = PROTOCOLS.get(setup["protocol"])
    if not scenario.mediator_preferences or rules is None or not is_dataclass(rules):
        return None
    if "bias" not in {f.name for f in fields(rules)}:
        return None
    return mediator_tilt(
        scenario,
        setup["protocol"],
        setup["agents"],
        deadline=setup["deadline"],
        seed=seed,
        **setup["protocol_options"],
    )


def run_once(
    file: Path,
    scenario: Scenario,
    setup: dict[str, Any],
    seed: int,
    max_outcomes: int,
    time_limit: float | None = None,
) -> SimulationResult:
    """One run to the end; exit 2 if the protocol cannot be set up on this scenario."""
    import time

    from accord.analysis import SpaceTooLarge
    from accord.protocols.engine import stream, summarize

    try:
        events = stream(
            scenario,
            setup["protocol"],
            setup["agents"],
            deadline=setup["deadline"],
            seed=seed,
            max_outcomes=max_outcomes,
            time_limit=time_limit,
            timer=time.monotonic,
            **setup["protocol_options"],
        )
    except SpaceTooLarge as error:
        fail(f"{file}: {error}; pass --max-outcomes {error.size} to simulate it anyway")
    except (ValueError, TypeError, KeyError) as error:
        reason = error.args[0] if isinstance(error, KeyError) and error.args else error
        fail(f"{file}: cannot run the {setup['protocol']} protocol on this scenario: {reason}")
    return summarize(scenario, tuple(events))


def simulate_many(
    file: Path,
    scenario: Scenario,
    analysis: Analysis,
    setup: dict[str, Any],
    seed: int,
    runs: int,
    max_outcomes: int,
    as_json: bool,
    time_limit: float | None,
) -> None:
    """``--repeat``: run with consecutive seeds and print the aggregate."""
    import time

    from accord.cli.progress import progress_bar
    from accord.protocols.summary import aggregate, aggregate_dict, assess

    results = []
    elapsed = 0.0
    with progress_bar() as bar:
        task = bar.add_task("Negotiating", total=runs)
        for offset in range(runs):
            started = time.perf_counter()
            result = run_once(file, scenario, setup, seed + offset, max_outcomes, time_limit)
            elapsed += time.perf_counter() - started
            results.append((result, assess(scenario, result, analysis)))
            bar.advance(task)
    summary = aggregate(scenario, results, elapsed)
    if as_json:
        json.dump(aggregate_dict(scenario, summary, seed=seed, **setup), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console

    from accord.cli.simulate_view import aggregate_panel

    Console().print(aggregate_panel(scenario, summary, seed=seed, **setup))
