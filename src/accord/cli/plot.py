"""The utility-space picture: every outcome, the feasible ones, the ZOPA, the frontier,
the bargaining solutions, the reservation lines and any tabled proposals.

Two parties get one panel; more get a grid with one panel per pair of parties.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.result import Analysis
from accord.analysis.summary import check_proposals
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
    sample = np.unique(np.linspace(0, n - 1, min(n, MAX_POINTS)).astype(np.int64))
    utilities, masks = evaluate_outcomes(scenario, sample)
    n_red = sum(1 for c in scenario.constraints if c.red_line is not None)
    feasible = (masks & np.uint64((1 << n_red) - 1)) == 0
    zopa = masks == 0
    k = len(scenario.parties)
    pairs = [(0, 1)] if k == 2 else [(i, j) for i in range(k) for j in range(i + 1, k)]
    if k == 1:
        pairs = [(0, 0)]
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(max(7.0, 6.2 * cols), 5.8 * rows), squeeze=False)
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        _panel(ax, scenario, result, utilities, feasible, zopa, i, j)
    for ax in list(axes.flat)[len(pairs) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    fig.legend(
        unique.values(),
        unique.keys(),
        loc="lower center",
        ncol=3 if cols == 1 else 4,
        fontsize="small",
        frameon=False,
    )
    verdict = (
        f"ZOPA: {result.zopa_size:,} packages"
        if result.agreement_possible
        else "No ZOPA: the constraints collide"
    )
    fig.suptitle(textwrap.fill(f"{scenario.name}: {verdict}", 70), fontsize="large")
    fig.tight_layout(rect=(0, 0.12, 1, 0.95))
    fig.savefig(path)
    plt.close(fig)


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
    front = result.frontier.utilities
    if front.shape[0] and len(names) == 2:
        order = np.lexsort((front[:, j], front[:, i]))
        ax.plot(front[order, i], front[order, j], "k.-", lw=1, ms=4, label="Pareto frontier")
    elif front.shape[0]:
        ax.scatter(front[:, i], front[:, j], s=10, c="black", label="Pareto frontier")
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
    ax.axvline(result.reservations[i], ls="--", c="#888", lw=1)
    ax.axhline(result.reservations[j], ls="--", c="#888", lw=1)
    ax.set_xlabel(f"utility of {names[i]} (dashed: reservation)")
    ax.set_ylabel(f"utility of {names[j]}")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)
