"""``accord`` commands. Heavy modules are imported inside commands to keep start-up fast."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import fail, load

app = typer.Typer(
    name="accord",
    help="Model a mediated negotiation, analyse its agreement space, explain deadlock.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Method(StrEnum):
    """How ``accord analyze`` answers: by enumeration or by a certified solver."""

    auto = "auto"
    enumerate = "enumerate"
    solver = "solver"


class RobustUse(StrEnum):
    """Whose view of the parties ``accord robust`` samples."""

    beliefs = "beliefs"
    preferences = "preferences"


FileArg = Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).", show_default=False)]


@app.command()
def validate(file: FileArg) -> None:
    """Check a scenario file and summarise it; exit 2 with a clear message if it is bad."""
    scenario = load(file)
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
    method: Annotated[
        Method,
        typer.Option(
            help="enumerate, solver (accord[solve]), or auto: the solver above --max-outcomes."
        ),
    ] = Method.auto,
    cap: Annotated[bool, typer.Option(help="Apply GENIUS's cap of utilities at 1.")] = True,
) -> None:
    """Analyse the agreement space: ZOPA, Pareto frontier, fair packages, and why there is
    no deal when there is none."""
    from accord.analysis import SpaceTooLarge
    from accord.analysis import analyze as run_analysis

    scenario = load(file, cap=cap)
    if method is Method.solver or (method is Method.auto and scenario.space.size > max_outcomes):
        from accord.cli.solve_view import run_solver

        if plot is not None:
            fail(f"--plot draws enumerated spaces; {file} is analysed by the solver")
        run_solver(scenario, as_json=as_json, max_relax=max_relax, show=show_frontier)
        return
    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    try:
        if as_json or scenario.space.size < 1_000_000:
            result = run_analysis(scenario, max_outcomes=max_outcomes)
        else:
            from accord.cli.progress import analysing

            with analysing() as progress:
                result = run_analysis(scenario, max_outcomes=max_outcomes, progress=progress)
    except SpaceTooLarge as error:
        fail(
            f"{file}: {error}; pass --max-outcomes {error.size} to analyse it anyway "
            "(memory and time grow with the space)"
        )
    if as_json:
        from accord.analysis.summary import analysis_dict
        from accord.cli.common import write_json

        write_json(analysis_dict(scenario, result, max_relax))
    else:
        from accord.cli.report import print_report

        print_report(scenario, result, max_relax=max_relax, show_frontier=show_frontier)
    if plot is not None:
        try:
            from accord.cli.plot import plot_analysis
        except ImportError:
            fail("plotting needs matplotlib: pip install 'accord[plot]'")
        try:
            plot_analysis(scenario, result, plot)
        except OSError as error:
            fail(f"--plot {plot}: cannot write the file ({error.strerror or error})")
        if not as_json:
            typer.echo(f"Plot written to {plot}")


@app.command()
def robust(
    file: FileArg,
    samples: Annotated[int, typer.Option(min=1, help="Preference profiles to sample.")] = 10_000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the random draws.")] = 1,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON instead of a report.")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Draw the acceptance probabilities to this .png/.svg/.pdf file.",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="Most robust packages to list.")] = 10,
    use: Annotated[
        RobustUse | None,
        typer.Option(
            help="Sample the mediators' beliefs or the parties' preferences "
            "(default: beliefs if the file has them).",
            show_default=False,
        ),
    ] = None,
    diagnose: Annotated[
        int, typer.Option(min=0, help="Samples without a ZOPA to diagnose at most.")
    ] = 1000,
    max_outcomes: Annotated[
        int, typer.Option(min=1, help="Refuse outcome spaces larger than this.")
    ] = 1_000_000,
    all_packages: Annotated[
        bool, typer.Option("--all-packages", help="With --json, list every package.")
    ] = False,
) -> None:
    """Sample uncertain preferences: how likely a deal is, which packages are most likely
    to be accepted by all, and what blocks a deal."""
    from accord.cli.robust_run import Use, run_robust

    run_robust(
        file,
        samples=samples,
        seed=seed,
        as_json=as_json,
        plot=plot,
        top=top,
        use=None if use is None else Use(use.value),
        diagnose=diagnose,
        max_outcomes=max_outcomes,
        all_packages=all_packages,
    )


@app.command("import")
def import_(
    path: FileArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Scenario file to write (.yaml or .json).")
    ],
) -> None:
    """Convert a GENIUS domain or GeniusWeb profiles into an Accord scenario file."""
    from accord.io import dump_scenario

    scenario = load(path)
    try:
        dump_scenario(scenario, output)
    except OSError as error:
        fail(f"{output}: cannot write the file ({error.strerror or error})")
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

    scenario = load(file)
    try:
        output.mkdir(parents=True, exist_ok=True)
        if to is ExportFormat.genius:
            from accord.io.genius import write_genius

            warnings = write_genius(scenario, output)
        else:
            from accord.io.geniusweb import write_geniusweb

            warnings = write_geniusweb(scenario, output)
    except ScenarioError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{output}: cannot write there ({error.strerror or error})")
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
        int, typer.Option(min=1, help="Larger domains go to the solver (accord[solve]).")
    ] = 10_000_000,
    audit_pareto: Annotated[
        bool, typer.Option(help="Compare shipped pareto.xml files with the exact frontier.")
    ] = False,
    cap: Annotated[bool, typer.Option(help="Apply GENIUS's cap of utilities at 1.")] = True,
    solver: Annotated[
        bool, typer.Option(help="Analyse domains above --max-outcomes with the solver.")
    ] = True,
) -> None:
    """Analyse every domain in a folder: one row per domain and a summary table."""
    from accord.cli.corpus_view import run_corpus

    if not folder.is_dir():
        fail(f"{folder}: not a folder")
    run_corpus(
        folder,
        csv_path=csv_path,
        json_path=json_path,
        max_outcomes=max_outcomes,
        audit_pareto=audit_pareto,
        cap=cap,
        solver=solver,
    )


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
    scenario = load(file)
    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    if repeat > 1 and (plot is not None or log is not None):
        fail("--plot and --log describe one run; leave them out when using --repeat")
    from accord.cli.simulate_run import run_simulation

    run_simulation(
        file,
        scenario,
        protocol=protocol,
        agents=agents,
        options=options,
        deadline=deadline,
        seed=seed,
        repeat=repeat,
        max_outcomes=max_outcomes,
        as_json=as_json,
        plot=plot,
        log=log,
        full_timeline=full_timeline,
        time_limit=time_limit,
    )


class TournamentEngine(StrEnum):
    """Where a tournament's negotiations run."""

    LOCAL = "local"
    DASK = "dask"


@app.command()
def tournament(
    config: Annotated[
        Path, typer.Argument(help="Tournament configuration (YAML).", show_default=False)
    ],
    out: Annotated[
        Path, typer.Option(help="Results file (Parquet); an unfinished one is resumed.")
    ] = Path("results.parquet"),
    engine: Annotated[
        TournamentEngine, typer.Option(help="local: a process pool; dask: Dask distributed.")
    ] = TournamentEngine.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:8786); without it --engine dask starts "
            "a LocalCluster.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes (default: one per CPU).", show_default=False),
    ] = None,
    chunk: Annotated[
        int | None,
        typer.Option(
            min=1, help="Negotiations per task (default: chosen from the size).", show_default=False
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the ranking as JSON instead of a table.")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(help="Draw the ranking to this .png/.svg/.pdf file.", show_default=False),
    ] = None,
) -> None:
    """Run every agent against every other in every role, on every scenario and protocol,
    and rank them (resumable; on local processes or a Dask cluster)."""
    from accord.cli.tournament_run import run

    run(
        config,
        out=out,
        engine=engine.value,
        scheduler=scheduler,
        workers=workers,
        chunk=chunk,
        as_json=as_json,
        plot=plot,
    )


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
) -> None:
    """Run the negotiation in an event log again and check that every event matches it
    (exit 1 at the first difference)."""
    from accord.cli.replay_run import replay_log

    replay_log(log, scenario_file, full_timeline=full_timeline)


DbOption = Annotated[
    str,
    typer.Option(
        "--db", help="Database URL, or a SQLite file name (default: accord.db in this folder)."
    ),
]


@app.command()
def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = "accord.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    archive_after: Annotated[
        float,
        typer.Option(
            min=0, help="Days after closing that a session becomes read-only (0: at once)."
        ),
    ] = 30.0,
    rate: Annotated[
        float,
        typer.Option(
            min=0.1, help="Requests per second each client may sustain (bursts of 4x that)."
        ),
    ] = 50.0,
    links_expire_after: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="Days a party's link works after it is issued (default: until revoked); "
            "the mediator reissues one that has expired.",
        ),
    ] = None,
) -> None:
    """Run the live-session JSON API (under /api, OpenAPI at /openapi.json)."""
    from accord.cli.live import serve_api

    serve_api(
        db,
        host,
        port,
        archive_after_days=archive_after,
        rate=rate,
        links_expire_after_days=links_expire_after,
    )


@app.command()
def audit(
    session: Annotated[
        str | None, typer.Argument(help="Session id (omit with --all).", show_default=False)
    ] = None,
    db: DbOption = "accord.db",
    all_sessions: Annotated[
        bool, typer.Option("--all", help="Audit every session in the database.")
    ] = False,
    head: Annotated[
        bool, typer.Option("--head", help="Print the head hash of the chain (keep it).")
    ] = False,
    expect_head: Annotated[
        str | None,
        typer.Option(help="A head hash kept earlier: fail unless the chain still contains it."),
    ] = None,
) -> None:
    """Check a session against its hash chain: the chain itself and every table derived from
    or bound to it. Exit 0 if all agree, 1 naming each table, row and event contradicted."""
    from accord.cli.audit import audit_all, audit_one

    if all_sessions == (session is not None):
        fail("give a session id or --all (not both)")
    if session is None:
        audit_all(db, head=head)
    else:
        audit_one(session, db, head=head, expect_head=expect_head)


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="Backup file to write.", show_default=False)],
    db: DbOption = "accord.db",
) -> None:
    """Back up every live session of a database (SQLite or PostgreSQL) to a file."""
    from accord.cli.backup import backup_db

    backup_db(db, file)


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="Backup file to read.", show_default=False)],
    db: DbOption = "accord.db",
) -> None:
    """Restore a backup into an empty database; kept only if every session passes the audit."""
    from accord.cli.backup import restore_db

    restore_db(file, db)


class InverseConcept(StrEnum):
    """Stability concepts the inverse analysis supports."""

    nash = "nash"
    seq = "seq"


@app.command()
def stability(
    file: Annotated[
        Path, typer.Argument(help="Scenario file with a conflict: section.", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Draw the graph of states and moves (.png/.svg/.pdf).", show_default=False
        ),
    ] = None,
    what_if: Annotated[
        list[str] | None,
        typer.Option(
            "--what-if",
            help="A change to try, e.g. 'add mediators.guarantee', 'remove hamas.disarm', "
            "'statement israel.2 = not withdraw', 'drop israel.2', 'irreversible ceasefire' "
            "(repeatable; applied in order).",
            show_default=False,
        ),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(help="A second file to compare equilibria with.", show_default=False),
    ] = None,
    inverse: Annotated[
        str | None,
        typer.Option(
            help="A desired state (its yes options, comma-separated): the fewest preference "
            "changes that would make it an equilibrium.",
            show_default=False,
        ),
    ] = None,
    concept: Annotated[
        InverseConcept, typer.Option(help="Stability concept for --inverse.")
    ] = InverseConcept.nash,
    all_states: Annotated[
        bool, typer.Option("--all-states", help="List every state, even in large conflicts.")
    ] = False,
) -> None:
    """Conflict stability (Graph Model for Conflict Resolution): which states are stable for
    each decision maker under Nash, GMR, SMR and SEQ, the equilibria, and the paths from the
    status quo."""
    from accord.cli.stability_run import run_stability

    if what_if and compare is not None:
        fail("give either --what-if or --compare, not both")
    run_stability(
        file,
        as_json=as_json,
        plot=plot,
        what_if=what_if or [],
        compare_file=compare,
        inverse_state=inverse,
        inverse_concept=concept.value,
        all_states=all_states,
    )


def main() -> None:
    """Console entry point."""
    # Accord uses no pydantic plugins: skip scanning every installed package for them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()
