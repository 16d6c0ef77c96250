"""The offers of a simulated negotiation drawn over the utility space.

Each sender's offers are coloured points joined in time order (a mediator's
consultations, the proposals marked ``"vote"``, are left out), over the
outcomes (grey), the Pareto frontier, the Nash point and the reservation
lines; an agreement is a star. Two parties get one panel; more get one panel
per pair of parties.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.result import Analysis
from accord.cli.plot_common import (
    draw_frontier,
    even_sample,
    finish_figure,
    finish_panel,
    panel_grid,
)
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
    sample = even_sample(n, MAX_POINTS)
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
    fig, axes, pairs, cols = panel_grid(k)
    senders = list(offers)
    colours = {s: plt.get_cmap("tab10")(n % 10) for n, s in enumerate(senders)}
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        ax.scatter(background[:, i], background[:, j], s=3, c="#d4d4d4", label="outcomes")
        draw_frontier(ax, analysis.frontier.utilities, i, j, line=k == 2, ms=3, s=8)
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
        finish_panel(ax, [p.name for p in scenario.parties], analysis.reservations, i, j)
    ending = "agreement" if result.agreement else "no agreement"
    heading = title or f"{scenario.name}: {ending} after {result.rounds} rounds"
    finish_figure(fig, axes, len(pairs), cols, heading, path)
