"""``accord`` commands. Heavy modules are imported inside commands to keep start-up fast."""

from __future__ import annotations

import json
import sys
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
    from accord.io import ScenarioError, load_scenario

    try:
        return load_scenario(path)
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


def main() -> None:
    """Console entry point."""
    app()
