"""Gahboninho's opponent model (Ben Adar, Sofy & Elimelech 2013, ANAC 2011 runner-up).

The model reads how *stubborn* the opponent is on each issue. Every distinct
offer (repeats teach nothing) raises its option's count on each issue; the
option of the opponent's first modelled offer also earns a bonus of
``updates // options`` (it is taken to be the favourite). An option's value is
its importance (count plus bonus) over the issue's largest importance.

The weight of an issue falls with the spread of the opponent's choices on it.
The distinct importance levels are ranked from the least (rank 0) up; the
*rank variance* is ``sum_r count(option_r) ((mean rank - r) / options)^2 / total``
with ``mean rank = sum_r r importance(option_r) / total``. An issue the opponent
never varies (variance 0) weighs 1; any other ``v_min / (3 v)`` (``v_min`` the
smallest non-zero variance); the weights are then normalised. With no
variance anywhere all weights are equal.

All issues are treated as discrete (the original scored numeric issues by the
distance from the end of the range the first offer was nearer to).
"""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.base import IssueWise
from accord.model.issues import OutcomeSpace

ZERO_VARIANCE_WEIGHT = 3.0
"""A never-varied issue weighs this many times the least-varied varying issue."""


def rank_variance(counts: np.ndarray, importance: np.ndarray) -> float:
    """The normalised variance of the importance ranks of one issue's options.

    Options are ranked by importance, least first; among options of equal
    importance only the last one (highest index) holds the rank, as in the
    original's importance-keyed map.
    """
    k = counts.size
    levels = {int(v): i for i, v in enumerate(importance.astype(int))}
    holders = np.array([levels[v] for v in sorted(levels)], dtype=np.int64)
    ranks = np.arange(holders.size, dtype=float)
    total = float(importance.astype(int).sum())
    if total <= 0:
        return 0.0
    mean = float((ranks * importance[holders]).sum()) / total
    distance = (mean - ranks) / k
    return float((counts[holders] * distance * distance).sum()) / total


class GahboninhoModel(IssueWise):
    """Issue weights from the rank variance of the opponent's choices, values from counts."""

    def __init__(self, space: OutcomeSpace) -> None:
        super().__init__(space)
        self.counts = [np.zeros(issue.size) for issue in space.issues]
        self.first: np.ndarray | None = None
        self.updates = 0
        self.variances = np.zeros(len(space.issues))
        self.seen: set[int] = set()

    def importance(self) -> list[np.ndarray]:
        """Per issue, each option's count plus the first option's bonus."""
        result: list[np.ndarray] = []
        for counts in self.counts:
            table = counts.copy()
            if self.first is not None:
                position = len(result)
                table[self.first[position]] += self.updates // counts.size
            result.append(table)
        return result

    def evaluations(self) -> list[np.ndarray]:
        """Importance over the issue's largest importance (at least 1)."""
        return [table / max(1.0, float(table.max())) for table in self.importance()]

    def update(self, offer: int, time: float) -> None:
        """Count a new distinct offer and re-derive the weights."""
        if offer in self.seen:
            return
        self.seen.add(offer)
        options = self.options_of(offer)
        self.updates += 1
        if self.first is None:
            self.first = options
        for counts, option in zip(self.counts, options, strict=True):
            counts[option] += 1
        self.variances = np.array(
            [
                rank_variance(c, i)
                for c, i in zip(self.counts, self.importance(), strict=True)
            ]
        )
        self.weights = issue_weights(self.variances)


def issue_weights(variances: np.ndarray) -> np.ndarray:
    """Weights from rank variances: 1 for none, ``v_min / (3 v)`` otherwise, normalised."""
    varying = variances > 0
    if not varying.any():
        return np.full(variances.size, 1.0 / variances.size)
    unit = float(variances[varying].min()) / ZERO_VARIANCE_WEIGHT
    raw = np.ones(variances.size)
    raw[varying] = unit / variances[varying]
    return raw / raw.sum()
