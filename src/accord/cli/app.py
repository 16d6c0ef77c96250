"""``accord`` commands. Heavy modules are imported inside commands to keep start-up fast."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from accord.analysis.result import Analysis
    from accord.model.scenario import Scenario
    from accord.protocols.engine import SimulationResult
    from accord.protocols.tilt import Tilt

app = typer.Typer(
    name="accord",
    help="Model a mediated negotiation, analyse its agreement space, explain deadlock.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2

FileArg = Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).", show_default=False)]


def _fail(message: str) -> NoReturn:
    """Print one paragraph to stderr and exit with the bad-input code."""
    typer.echo(f"accord: error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _load(path: Path) -> Scenario:
    """Load a scenario file, a GENIUS domain or GeniusWeb profiles; exit 2 if bad."""
    from accord.io import ScenarioError
    from accord.io.formats import load_any

    try:
        return load_any(path)
    except ScenarioError as error:
        _fail(str(error))


@app.command()
def validate(file: FileArg) -> None:
    """Check a scenario file and summarise it; exit 2 with a clear message if it is bad."""
    scenario = _load(file)
    n_lines = sum(len(p.red_lines) for p in scenario.preferences.values())
    typer.echo(
        f"{file}: valid scenario {scenario.name!r}: {len(scenario.parties)} parties, "
        f"{len(scenario.mediators)} mediators, {len(scenario.issues)} issues, "
        f"{scenario.space.size:,} outcomes, {n_lines} red lines"
    )


@app.command()
def analyze(
    file: FileArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis as JSON instead of a report.")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Draw the utility space to this .png/.svg/.pdf file.", show_default=False
        ),
    ] = None,
    max_relax: Annotated[
        int, typer.Option(min=1, help="List minimal relaxations of up to this many constraints.")
    ] = 3,
    max_outcomes: Annotated[
        int, typer.Option(min=1, help="Refuse outcome spaces larger than this.")
    ] = 10_000_000,
    show_frontier: Annotated[
        int, typer.Option(min=0, help="Pareto packages to list in the report.")
    ] = 10,
) -> None:
    """Analyse the agreement space: ZOPA, Pareto frontier, fair packages, and why there is
    no deal when there is none."""
    from accord.analysis import SpaceTooLarge
    from accord.analysis import analyze as run_analysis

    scenario = _load(file)
    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        _fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    try:
        if as_json or scenario.space.size < 1_000_000:
            result = run_analysis(scenario, max_outcomes=max_outcomes)
        else:
            from accord.cli.progress import analysing

            with analysing() as progress:
                result = run_analysis(scenario, max_outcomes=max_outcomes, progress=progress)
    except SpaceTooLarge as error:
        _fail(
            f"{file}: {error}; pass --max-outcomes {error.size} to analyse it anyway "
            "(memory and time grow with the space)"
        )
    if as_json:
        from accord.analysis.summary import analysis_dict

        json.dump(analysis_dict(scenario, result, max_relax), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from accord.cli.report import print_report

        print_report(scenario, result, max_relax=max_relax, show_frontier=show_frontier)
    if plot is not None:
        try:
            from accord.cli.plot import plot_analysis
        except ImportError:
            _fail("plotting needs matplotlib: pip install 'accord[plot]'")
        try:
            plot_analysis(scenario, result, plot)
        except OSError as error:
            _fail(f"--plot {plot}: cannot write the file ({error.strerror or error})")
        if not as_json:
            typer.echo(f"Plot written to {plot}")


@app.command("import")
def import_(
    path: FileArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Scenario file to write (.yaml or .json).")
    ],
) -> None:
    """Convert a GENIUS domain or GeniusWeb profiles into an Accord scenario file."""
    from accord.io import dump_scenario

    scenario = _load(path)
    try:
        dump_scenario(scenario, output)
    except OSError as error:
        _fail(f"{output}: cannot write the file ({error.strerror or error})")
    typer.echo(
        f"Wrote {output}: {len(scenario.parties)} parties, {len(scenario.issues)} issues, "
        f"{scenario.space.size:,} outcomes"
    )


class ExportFormat(StrEnum):
    """Formats ``accord export`` writes."""

    genius = "genius"
    geniusweb = "geniusweb"


@app.command()
def export(
    file: FileArg,
    to: Annotated[ExportFormat, typer.Option("--format", help="Format to write.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")],
) -> None:
    """Write a scenario as a GENIUS domain or as GeniusWeb profiles."""
    from accord.io import ScenarioError

    scenario = _load(file)
    try:
        output.mkdir(parents=True, exist_ok=True)
        if to is ExportFormat.genius:
            from accord.io.genius import write_genius

            warnings = write_genius(scenario, output)
        else:
            from accord.io.geniusweb import write_geniusweb

            warnings = write_geniusweb(scenario, output)
    except ScenarioError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{output}: cannot write there ({error.strerror or error})")
    for warning in warnings:
        typer.echo(f"accord: warning: {warning}", err=True)
    typer.echo(f"Wrote {to.value} files for {scenario.name!r} to {output}")


@app.command()
def corpus(
    folder: Annotated[
        Path, typer.Argument(help="Folder of domains (searched recursively).", show_default=False)
    ],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write one row per domain as CSV.")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write one row per domain as JSON.")
    ] = None,
    max_outcomes: Annotated[
        int, typer.Option(min=1, help="Domains larger than this are listed but not analysed.")
    ] = 10_000_000,
) -> None:
    """Analyse every domain in a folder: one row per domain and a summary table."""
    from accord.cli.corpus_view import run_corpus

    if not folder.is_dir():
        _fail(f"{folder}: not a folder")
    run_corpus(folder, csv_path=csv_path, json_path=json_path, max_outcomes=max_outcomes)


@app.command()
def simulate(
    file: FileArg,
    protocol: Annotated[
        str, typer.Option(help="Protocol to run (an unknown name lists them all).")
    ] = "alternating",
    agents: Annotated[
        list[str] | None,
        typer.Option(
            "--agents",
            help="PARTY=AGENT pairs, comma-separated (parties left out get boulware).",
            show_default=False,
        ),
    ] = None,
    deadline: Annotated[int, typer.Option(min=1, help="Deadline in rounds.")] = 50,
    seed: Annotated[
        int, typer.Option(min=0, help="Random seed: the same seed gives the same talks.")
    ] = 0,
    options: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            help="Protocol option KEY=VALUE (repeatable), e.g. --option max_extensions=2.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON instead of a report.")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Draw the offers over the utility space to this .png/.svg/.pdf file.",
            show_default=False,
        ),
    ] = None,
    log: Annotated[
        Path | None,
        typer.Option(help="Write the event log (JSON Lines) to this file.", show_default=False),
    ] = None,
    repeat: Annotated[
        int,
        typer.Option(
            min=1, help="Run N negotiations with seeds SEED to SEED+N-1 and print the aggregate."
        ),
    ] = 1,
    max_outcomes: Annotated[
        int, typer.Option(min=1, help="Refuse outcome spaces larger than this.")
    ] = 2_000_000,
    full_timeline: Annotated[
        bool,
        typer.Option("--full-timeline", help="Show every round, without folding repeated rounds."),
    ] = False,
    time_limit: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="Wall-clock limit in seconds on top of --deadline (runs then depend on the "
            "machine's speed).",
        ),
    ] = None,
) -> None:
    """Run a negotiation protocol with agents: a timeline of the talks and how good the
    result is (distance to the Pareto frontier and the Nash point)."""
    scenario = _load(file)
    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        _fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    if repeat > 1 and (plot is not None or log is not None):
        _fail("--plot and --log describe one run; leave them out when using --repeat")
    protocol_options, agent_names = _setup(
        scenario, protocol, agent_specs=agents, option_items=options
    )
    analysis = _analysis(file, scenario, max_outcomes)
    setup: dict[str, Any] = {
        "protocol": protocol,
        "protocol_options": protocol_options,
        "agents": agent_names,
        "deadline": deadline,
    }
    if repeat > 1:
        _simulate_many(
            file, scenario, analysis, setup, seed, repeat, max_outcomes, as_json, time_limit
        )
        return
    from accord.protocols.summary import assess, simulation_dict, tilt_dict, tilt_text

    result = _run(file, scenario, setup, seed, max_outcomes, time_limit)
    assessment = assess(scenario, result, analysis)
    tilt = _tilt(scenario, setup, seed)
    if log is not None:
        from accord.io.event_log import LogHeader, write_log

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
            _fail(f"--log {log}: cannot write the file ({error.strerror or error})")
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
            _fail("plotting needs matplotlib: pip install 'accord[plot]'")
        title = f"{scenario.name}: {protocol}, " + ", ".join(
            f"{p}={a}" for p, a in agent_names.items()
        )
        try:
            plot_trace(scenario, result, analysis, plot, title=title)
        except OSError as error:
            _fail(f"--plot {plot}: cannot write the file ({error.strerror or error})")
    if not as_json:
        if log is not None:
            typer.echo(f"Event log written to {log}")
        if plot is not None:
            typer.echo(f"Plot written to {plot}")


@app.command()
def replay(
    log: Annotated[
        Path,
        typer.Argument(help="Event log written by accord simulate --log.", show_default=False),
    ],
    scenario_file: Annotated[
        Path,
        typer.Option(
            "--scenario", help="The scenario file the log was written for.", show_default=False
        ),
    ],
    full_timeline: Annotated[
        bool,
        typer.Option("--full-timeline", help="Show every round, without folding repeated rounds."),
    ] = False,
    time_limit: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="Wall-clock limit in seconds on top of --deadline (runs then depend on the "
            "machine's speed).",
        ),
    ] = None,
) -> None:
    """Run the negotiation in an event log again and check that every event matches it
    (exit 1 at the first difference)."""
    from accord.io.event_log import LogError, first_difference, read_log, scenario_sha256

    try:
        record = read_log(log)
    except LogError as error:
        _fail(str(error))
    header = record.header
    scenario = _load(scenario_file)
    digest = scenario_sha256(scenario)
    if digest != header.scenario_sha256:
        _fail(
            f"{log} was written for scenario {header.scenario!r} "
            f"(sha256 {header.scenario_sha256[:16]}…), but {scenario_file} holds different "
            f"data (sha256 {digest[:16]}…); replay it with the scenario file it was written for"
        )
    if set(header.agents) != set(scenario.party_ids):
        _fail(
            f"{log}: the header gives agents for the parties {', '.join(sorted(header.agents))}, "
            f"but the scenario's parties are {', '.join(scenario.party_ids)}"
        )
    agents = {party: header.agents[party] for party in scenario.party_ids}
    protocol_options, _ = _setup(
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
    result = _run(scenario_file, scenario, setup, header.seed, limit)
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

    analysis = _analysis(scenario_file, scenario, limit)
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


def _setup(
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
        _fail(f"{context}{message.removeprefix('--')}" if context else message)
    return options, agents


def _analysis(file: Path, scenario: Scenario, max_outcomes: int) -> Analysis:
    """The agreement space the run is measured against; exit 2 if the space is too large."""
    from accord.analysis import SpaceTooLarge, analyze

    try:
        return analyze(scenario, max_outcomes=max_outcomes)
    except SpaceTooLarge as error:
        _fail(
            f"{file}: {error}; pass --max-outcomes {error.size} to simulate it anyway "
            "(memory and time grow with the space)"
        )


def _tilt(scenario: Scenario, setup: dict[str, Any], seed: int) -> Tilt | None:
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


def _run(
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
        _fail(f"{file}: {error}; pass --max-outcomes {error.size} to simulate it anyway")
    except (ValueError, TypeError, KeyError) as error:
        reason = error.args[0] if isinstance(error, KeyError) and error.args else error
        _fail(f"{file}: cannot run the {setup['protocol']} protocol on this scenario: {reason}")
    return summarize(scenario, tuple(events))


def _simulate_many(
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
            result = _run(file, scenario, setup, seed + offset, max_outcomes, time_limit)
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


DbOption = Annotated[
    str,
    typer.Option(
        "--db", help="Database URL, or a SQLite file name (default: accord.db in this folder)."
    ),
]


def _open_store(db: str) -> Any:
    """Open (and migrate) the session store; exit 2 if the web extra is missing or it fails."""
    try:
        from sqlalchemy.exc import SQLAlchemyError

        from accord.store.database import open_store
    except ImportError:
        _fail("live sessions need the web extra: pip install 'accord[web]'")
    try:
        return open_store(db)
    except (SQLAlchemyError, OSError) as error:
        _fail(f"--db {db}: cannot open the database ({error})")


@app.command()
def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = "accord.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Run the live-session JSON API (under /api, OpenAPI at /openapi.json)."""
    store = _open_store(db)
    import uvicorn

    from accord.web.app import create_app

    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")


@app.command()
def audit(
    session: Annotated[str, typer.Argument(help="Session id.")], db: DbOption = "accord.db"
) -> None:
    """Check a session's event log: exit 0 if the hash chain is intact, 1 naming the first
    broken entry."""
    from accord.store.chain import verify_chain
    from accord.store.repository import NotFound, get_session

    store = _open_store(db)
    with store.sessions() as connection:
        try:
            row = get_session(db=connection, session_id=session)
        except NotFound:
            _fail(f"--db {db}: no session {session!r}")
        report = verify_chain(db=connection, session=row)
    if not report.intact:
        typer.echo(f"chain broken at event {report.broken_at}: {report.problem}")
        raise typer.Exit(1)
    typer.echo(f"chain intact: {report.events} events")


def main() -> None:
    """Console entry point."""
    app()
