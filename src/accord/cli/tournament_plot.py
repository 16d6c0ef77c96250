"""``accord tournament --plot``: the ranking as bars with their confidence intervals,
beside each agent's agreement rate."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from accord.tournament.scoring import Ranking


def plot_ranking(ranking: Ranking, path: Path) -> None:
    """Draw the ranking (best at the top) to ``path``."""
    standings = ranking.standings[::-1]
    names = [s.agent for s in standings]
    scores = np.array([s.score for s in standings])
    low = np.array([s.ci[0] for s in standings])
    high = np.array([s.ci[1] for s in standings])
    errors = np.nan_to_num(np.vstack([scores - low, high - scores]), nan=0.0)
    rates = np.array([s.agreement_rate for s in standings])
    height = max(3.0, 0.45 * len(names) + 1.5)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11, height), sharey=True, gridspec_kw={"width_ratios": [2, 1]}
    )
    y = np.arange(len(names))
    left.barh(y, np.nan_to_num(scores), xerr=errors, color="#4c72b0", capsize=3)
    left.set_yticks(y, names)
    level = f"{ranking.scoring.confidence:.0%}"
    left.set_xlabel(f"mean {ranking.scoring.metric} ({level} bootstrap interval)")
    right.barh(y, rates, color="#55a868")
    right.set_xlim(0, 1)
    right.set_xlabel("agreement rate")
    for ax in (left, right):
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"Tournament ranking ({ranking.runs:,} negotiations)")
    fig.tight_layout()
    try:
        fig.savefig(path)
    finally:
        plt.close(fig)
