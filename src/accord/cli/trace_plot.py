"""The offers of a simulated negotiation drawn over the utility space.

Each sender's offers are coloured points joined in time order (a mediator's
consultations, the proposals marked ``"vote"``, are left out), over the
outcomes (grey), the Pareto frontier, the Nash point and the reservation
lines; an agreement is a star. Two parties get one panel; more get one panel
per pair of parties.
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
from accord.model.scenario import Scenario
from accord.protocols.engine import SimulationResult
from accord.protocols.events import Kind

MAX_POINTS = 50_000
"""Outcomes drawn at most as background; larger spaces are drawn through an even sample."""
OFFER_KINDS = (Kind.PROPOSE, Kind.FORWARD)
"""Events drawn as offers."""


def plot_trace(
    scenario: Scenario,
    result: SimulationResult,
    analysis: Analysis,
    path: Path,
    *,
    title: str = "",
) -> None:
    """Draw the run's offers to ``path`` (format from its suffix)."""
    n = scenario.space.size
    sample = np.unique(np.linspace(0, n - 1, min(n, MAX_POINTS)).astype(np.int64))
    background, _ = evaluate_outcomes(scenario, sample)
    offers: dict[str, list[int]] = {}
    for event in result.events:
        if (
            event.kind in OFFER_KINDS
            and event.outcome is not None
            and not event.payload.get("vote")
        ):
            offers.setdefault(event.sender, []).append(event.outcome)
    indices = sorted({o for outcomes in offers.values() for o in outcomes})
    points: dict[int, np.ndarray] = {}
    if indices:
        values, _ = evaluate_outcomes(scenario, np.array(indices, dtype=np.int64))
        points = {index: values[row] for row, index in enumerate(indices)}
    agreed = None
    if result.outcome is not None:
        agreed_values, _ = evaluate_outcomes(scenario, np.array([result.outcome]))
        agreed = agreed_values[0]
    k = len(scenario.parties)
    pairs = [(0, 1)] if k == 2 else [(i, j) for i in range(k) for j in range(i + 1, k)]
    if k == 1:
        pairs = [(0, 0)]
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(max(7.0, 6.2 * cols), 5.8 * rows), squeeze=False)
    senders = list(offers)
    colours = {s: plt.get_cmap("tab10")(n % 10) for n, s in enumerate(senders)}
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        ax.scatter(background[:, i], background[:, j], s=3, c="#d4d4d4", label="outcomes")
        _frontier(ax, analysis, i, j, k)
        for sender in senders:
            trail = np.array([points[o] for o in offers[sender]])
            ax.plot(
                trail[:, i],
                trail[:, j],
                "-o",
                color=colours[sender],
                ms=4,
                lw=1,
                alpha=0.8,
                label=f"offers by {sender}",
            )
        nash = analysis.solutions.nash
        if nash is not None:
            ax.scatter(
                nash.utilities[i],
                nash.utilities[j],
                marker="D",
                s=90,
                c="#9467bd",
                edgecolors="black",
                zorder=6,
                label="Nash point",
            )
        if agreed is not None:
            ax.scatter(
                agreed[i],
                agreed[j],
                marker="*",
                s=320,
                c="gold",
                edgecolors="black",
                zorder=7,
                label="agreement",
            )
        ax.axvline(analysis.reservations[i], ls="--", c="#888", lw=1)
        ax.axhline(analysis.reservations[j], ls="--", c="#888", lw=1)
        names = [p.name for p in scenario.parties]
        ax.set_xlabel(f"utility of {names[i]} (dashed: reservation)")
        ax.set_ylabel(f"utility of {names[j]}")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.grid(alpha=0.3)
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
    ending = "agreement" if result.agreement else "no agreement"
    heading = title or f"{scenario.name}: {ending} after {result.rounds} rounds"
    fig.suptitle(textwrap.fill(heading, 70), fontsize="large")
    fig.tight_layout(rect=(0, 0.12, 1, 0.95))
    fig.savefig(path)
    plt.close(fig)


def _frontier(ax: Axes, analysis: Analysis, i: int, j: int, k: int) -> None:
    front = analysis.frontier.utilities
    if not front.shape[0]:
        return
    if k == 2:
        order = np.lexsort((front[:, j], front[:, i]))
        ax.plot(front[order, i], front[order, j], "k.-", lw=1, ms=3, label="Pareto frontier")
    else:
        ax.scatter(front[:, i], front[:, j], s=8, c="black", label="Pareto frontier")
