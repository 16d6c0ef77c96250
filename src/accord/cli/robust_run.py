"""``accord robust``: sample uncertain preferences, report how likely each deal is."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from accord.cli.common import fail, load

if TYPE_CHECKING:
    from accord.analysis.robust import Robustness
    from accord.model.scenario import Scenario
    from accord.model.uncertainty import UncertainPreferences

PROGRESS_CELLS = 20_000_000
"""Samples x packages above which a progress bar is shown."""


class Use(StrEnum):
    """Whose view of the parties' preferences to sample."""

    BELIEFS = "beliefs"
    PREFERENCES = "preferences"


def profiles(
    scenario: Scenario, use: Use | None, file: Path
) -> tuple[Use, list[tuple[str, UncertainPreferences]]]:
    """The chosen view (beliefs if the file has them, unless told) and each party's profile."""
    if use is None:
        use = Use.BELIEFS if scenario.beliefs else Use.PREFERENCES
    if use is Use.BELIEFS and not scenario.beliefs:
        fail(f"{file}: --use beliefs: the scenario has no beliefs section")
    chosen = [
        (p, scenario.uncertain_preferences(p, use_beliefs=use is Use.BELIEFS))
        for p in scenario.party_ids
    ]
    return use, chosen


def run_robust(
    file: Path,
    *,
    samples: int,
    seed: int,
    as_json: bool,
    plot: Path | None,
    top: int,
    use: Use | None,
    diagnose: int,
    max_outcomes: int,
    all_packages: bool,
) -> None:
    """Load, sample, and print the report or JSON; draw the picture if asked."""
    import numpy as np

    from accord.analysis.robust import SpaceTooLarge, robustness

    scenario = load(file)
    if plot is not None and plot.suffix.lower() not in {".png", ".svg", ".pdf"}:
        fail(f"--plot {plot}: the file name must end in .png, .svg or .pdf")
    view, chosen = profiles(scenario, use, file)
    rng = np.random.default_rng(seed)
    try:
        if as_json or samples * scenario.space.size < PROGRESS_CELLS:
            result = robustness(
                scenario.space,
                chosen,
                samples,
                rng,
                top=top,
                diagnose=diagnose,
                max_outcomes=max_outcomes,
            )
        else:
            from accord.cli.progress import analysing

            with analysing() as progress:
                result = robustness(
                    scenario.space,
                    chosen,
                    samples,
                    rng,
                    top=top,
                    diagnose=diagnose,
                    max_outcomes=max_outcomes,
                    progress=progress,
                )
    except SpaceTooLarge as error:
        fail(f"{file}: {error}; pass --max-outcomes {error.size} to sample it anyway")
    if as_json:
        from accord.cli.robust_view import robust_dict

        data = robust_dict(scenario, result, view.value, seed, all_packages=all_packages)
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from accord.cli.robust_view import print_robust

        print_robust(scenario, result, view.value, seed)
    if plot is not None:
        _plot(scenario, result, chosen, plot, quiet=as_json)


def _plot(
    scenario: Scenario,
    result: Robustness,
    chosen: list[tuple[str, UncertainPreferences]],
    plot: Path,
    *,
    quiet: bool,
) -> None:
    import typer

    try:
        from accord.cli.robust_plot import plot_robust
    except ImportError:
        fail("plotting needs matplotlib: pip install 'accord[plot]'")
    try:
        plot_robust(scenario, result, chosen, plot)
    except OSError as error:
        fail(f"--plot {plot}: cannot write the file ({error.strerror or error})")
    if not quiet:
        typer.echo(f"Plot written to {plot}")
