"""``accord`` commands. Heavy modules are imported inside commands to keep start-up fast."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

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


def main() -> None:
    """Console entry point."""
    app()
