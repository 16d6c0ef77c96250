"""Pieces shared by the utility-space pictures of :mod:`accord.cli.plot` and
:mod:`accord.cli.trace_plot`.

A picture has one panel per pair of parties (one panel for two parties), each
with both parties' utilities on 0-1 axes and their reservation lines dashed,
and one legend below the panels.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def even_sample(n: int, most: int) -> np.ndarray:
    """At most ``most`` evenly spaced outcome indices out of ``n`` (all of them if fewer)."""
    return np.unique(np.linspace(0, n - 1, min(n, most)).astype(np.int64))


def panel_grid(k: int) -> tuple[Figure, np.ndarray, list[tuple[int, int]], int]:
    """The figure for ``k`` parties: the figure, its axes, the party pair of each panel, columns."""
    pairs = [(0, 1)] if k == 2 else [(i, j) for i in range(k) for j in range(i + 1, k)]
    if k == 1:
        pairs = [(0, 0)]
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(max(7.0, 6.2 * cols), 5.8 * rows), squeeze=False)
    return fig, axes, pairs, cols


def draw_frontier(
    ax: Axes, front: np.ndarray, i: int, j: int, *, line: bool, ms: float, s: float
) -> None:
    """The Pareto frontier: a line along the x axis if ``line`` (two parties), else points."""
    if front.shape[0] and line:
        order = np.lexsort((front[:, j], front[:, i]))
        ax.plot(front[order, i], front[order, j], "k.-", lw=1, ms=ms, label="Pareto frontier")
    elif front.shape[0]:
        ax.scatter(front[:, i], front[:, j], s=s, c="black", label="Pareto frontier")


def finish_panel(
    ax: Axes, names: Sequence[str], reservations: Sequence[float], i: int, j: int
) -> None:
    """The reservation lines, the axis labels and limits, and the grid of one panel."""
    ax.axvline(reservations[i], ls="--", c="#888", lw=1)
    ax.axhline(reservations[j], ls="--", c="#888", lw=1)
    ax.set_xlabel(f"utility of {names[i]} (dashed: reservation)")
    ax.set_ylabel(f"utility of {names[j]}")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)


def finish_figure(
    fig: Figure, axes: np.ndarray, panels: int, cols: int, heading: str, path: Path
) -> None:
    """Hide the unused axes, add the legend and the heading, and save the figure to ``path``."""
    for ax in list(axes.flat)[panels:]:
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
    fig.suptitle(textwrap.fill(heading, 70), fontsize="large")
    fig.tight_layout(rect=(0, 0.12, 1, 0.95))
    fig.savefig(path)
    plt.close(fig)
