"""The robustness picture: every package at its point utilities, coloured by the
probability that all parties accept it, with the most robust one marked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.robust import Robustness
from accord.cli.plot_common import even_sample, finish_figure, finish_panel, panel_grid
from accord.model.scenario import Scenario
from accord.model.uncertainty import UncertainPreferences

MAX_POINTS = 200_000
"""Packages drawn at most (an evenly spaced sample of larger spaces)."""


def plot_robust(
    scenario: Scenario,
    result: Robustness,
    chosen: list[tuple[str, UncertainPreferences]],
    path: Path,
) -> None:
    """Draw the acceptance probabilities over the (point) utility space to ``path``."""
    point = replace(scenario, preferences={p: prefs.point for p, prefs in chosen})
    sample = even_sample(result.n_outcomes, MAX_POINTS)
    utilities, _ = evaluate_outcomes(point, sample)
    p_all = result.p_all[sample]
    top = float(result.p_all.max()) or 1.0  # the colour scale ends at the most robust package
    order = np.argsort(p_all, kind="stable")  # most robust drawn on top
    names = [party.name for party in scenario.parties]
    reservations = [prefs.point.reservation for _, prefs in chosen]
    fig, axes, pairs, cols = panel_grid(len(scenario.parties))
    dots = None
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        dots = ax.scatter(
            utilities[order, i],
            utilities[order, j],
            c=p_all[order],
            cmap="viridis",
            vmin=0.0,
            vmax=top,
            s=10,
            label="package (colour: probability that all accept)",
        )
        if result.best:
            best, _ = evaluate_outcomes(point, np.array([result.best[0].index]))
            ax.scatter(
                best[0, i],
                best[0, j],
                marker="*",
                s=220,
                c="red",
                edgecolors="black",
                label="most robust package",
                zorder=3,
            )
        finish_panel(ax, names, reservations, i, j)
    if dots is not None:  # one colour bar, beside the last panel (gridspec-friendly)
        fig.colorbar(dots, ax=axes.flat[len(pairs) - 1], label="probability that all accept")
    heading = (
        f"{scenario.name}: a deal exists in {100 * result.p_zopa:.1f}% of "
        f"{result.n_samples:,} samples"
    )
    finish_figure(fig, axes, len(pairs), cols, heading, path)
