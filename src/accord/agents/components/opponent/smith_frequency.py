"""The Smith frequency model (van Galen Last 2012, AgentSmith, ANAC 2010; a BOA component).

Every offer the opponent makes is recorded, repeats included. On a discrete
issue an option's value is the share of offers that chose it, and the issue's
raw weight is the share of the most frequent option (an opponent that never
moves on an issue scores 1). On a numeric issue the value is
``1 - |x - mean|`` on the range scaled to [0, 1] (``mean`` the average of the
offered values), and the raw weight ``1 / (1 + standard deviation)``. Raw
weights are normalised to sum to one. Before any offer it predicts 0.
"""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.base import OpponentModel
from accord.model.issues import OutcomeSpace


class SmithFrequency(OpponentModel):
    """Option shares and most-frequent-option weights over all the opponent's offers."""

    def __init__(self, space: OutcomeSpace) -> None:
        super().__init__(space)
        self.counts = [np.zeros(issue.size) for issue in space.issues]
        self.offers = 0
        self.grids = [
            np.asarray(issue.options, dtype=float) if issue.numeric else None
            for issue in space.issues
        ]
        self.sums = np.zeros(len(space.issues))
        self.squares = np.zeros(len(space.issues))

    def update(self, offer: int, time: float) -> None:
        """Record one offer."""
        options = self.space.digits_of(np.array([offer]))[:, 0]
        self.offers += 1
        for i, option in enumerate(options):
            self.counts[i][option] += 1
            grid = self.grids[i]
            if grid is not None:
                self.sums[i] += grid[option]
                self.squares[i] += grid[option] ** 2

    def raw_weights(self) -> np.ndarray:
        """Each issue's weight before normalisation."""
        raw = np.empty(len(self.counts))
        for i, counts in enumerate(self.counts):
            if self.grids[i] is None:
                raw[i] = counts.max() / counts.sum()
            else:
                mean = self.sums[i] / self.offers
                variance = max(self.squares[i] / self.offers - mean * mean, 0.0)
                raw[i] = 1.0 / (1.0 + np.sqrt(variance))
        return raw

    def evaluations(self) -> list[np.ndarray]:
        """Each option's value on its issue."""
        tables = []
        for i, counts in enumerate(self.counts):
            grid = self.grids[i]
            if grid is None:
                tables.append(counts / self.offers)
                continue
            low, high = float(grid.min()), float(grid.max())
            span = high - low if high > low else 1.0
            mean = self.sums[i] / self.offers
            tables.append(1.0 - np.abs((grid - low) / span - (mean - low) / span))
        return tables

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        index = np.asarray(indices, dtype=np.int64)
        if self.offers == 0:
            return np.zeros(index.shape)
        raw = self.raw_weights()
        weights = raw / raw.sum()
        digits = self.space.digits_of(index.ravel())
        total = np.zeros(index.size)
        for weight, table, row in zip(weights, self.evaluations(), digits, strict=True):
            total += weight * table[row]
        return total.reshape(index.shape)
