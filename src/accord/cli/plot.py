"""The utility-space picture: every outcome, the feasible ones, the ZOPA, the frontier,
the bargaining solutions, the reservation lines and any tabled proposals.

Two parties get one panel; more get a grid with one panel per pair of parties.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.result import Analysis
from accord.analysis.summary import check_proposals
from accord.cli.plot_common import (
    draw_frontier,
    even_sample,
    finish_figure,
    finish_panel,
    panel_grid,
)
from accord.model.scenario import Scenario

MAX_POINTS = 200_000
"""Outcomes drawn at most; larger spaces are drawn through an evenly spaced sample."""
MAX_RELAXATIONS = 12
"""Best packages of the first relaxations (numbered as in the report) that are drawn."""
MARKERS = {"nash": "*", "kalai_smorodinsky": "D", "egalitarian": "s", "utilitarian": "^"}
LABELS = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}


def plot_analysis(scenario: Scenario, result: Analysis, path: Path) -> None:
    """Draw the analysis to ``path`` (format from its suffix)."""
    n = result.n_outcomes
    sample = even_sample(n, MAX_POINTS)
    utilities, masks = evaluate_outcomes(scenario, sample)
    n_red = sum(1 for c in scenario.constraints if c.red_line is not None)
    feasible = (masks & np.uint64((1 << n_red) - 1)) == 0
    zopa = masks == 0
    fig, axes, pairs, cols = panel_grid(len(scenario.parties))
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        _panel(ax, scenario, result, utilities, feasible, zopa, i, j)
    verdict = (
        f"ZOPA: {result.zopa_size:,} packages"
        if result.agreement_possible
        else "No ZOPA: the constraints collide"
    )
    finish_figure(fig, axes, len(pairs), cols, f"{scenario.name}: {verdict}", path)


def _panel(
    ax: Axes,
    scenario: Scenario,
    result: Analysis,
    utilities: np.ndarray,
    feasible: np.ndarray,
    zopa: np.ndarray,
    i: int,
    j: int,
) -> None:
    names = [p.name for p in scenario.parties]
    ax.scatter(utilities[:, i], utilities[:, j], s=4, c="#c8c8c8", label="breaks a red line")
    ax.scatter(
        utilities[feasible, i], utilities[feasible, j], s=6, c="#5b8fd1", label="meets red lines"
    )
    ax.scatter(utilities[zopa, i], utilities[zopa, j], s=8, c="#2ca02c", label="ZOPA")
    draw_frontier(ax, result.frontier.utilities, i, j, line=len(names) == 2, ms=4, s=10)
    for name, package in result.solutions.items():
        if package is not None:
            ax.scatter(
                package.utilities[i],
                package.utilities[j],
                marker=MARKERS[name],
                s=140,
                edgecolors="black",
                zorder=5,
                label=LABELS[name],
            )
    for number, relaxation in enumerate(result.relaxations[:MAX_RELAXATIONS], start=1):
        u = relaxation.best.utilities
        ax.scatter(
            u[i],
            u[j],
            marker="o",
            s=90,
            facecolors="none",
            edgecolors="#d62728",
            zorder=4,
            label="best deal if relaxation n is made",
        )
        ax.annotate(
            str(number),
            (u[i], u[j]),
            fontsize="small",
            color="#d62728",
            xytext=(5, 3),
            textcoords="offset points",
        )
    for check in check_proposals(scenario):
        ax.scatter(
            check.utilities[i],
            check.utilities[j],
            marker="P",
            s=120,
            c="#ff7f0e",
            zorder=6,
            label="proposal on the table",
        )
        ax.annotate(
            check.proposal.name or check.proposal.id,
            (check.utilities[i], check.utilities[j]),
            fontsize="x-small",
            xytext=(4, -10),
            textcoords="offset points",
        )
    finish_panel(ax, names, result.reservations, i, j)
