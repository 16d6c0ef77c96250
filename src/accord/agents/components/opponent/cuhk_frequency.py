"""The CUHK frequency model (Hao & Leung 2012, CUHKAgent, ANAC 2012 winner; a BOA component).

Each option counts how often the opponent offered it, over the opponent's
first 100 distinct offers (repeats among them count again; later offers teach
nothing). An outcome's estimated utility is the sum of its options' counts
over the largest sum possible, the sum of each issue's top count. Issues weigh
the same. Before any offer it predicts 0.
"""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.base import OpponentModel
from accord.model.issues import OutcomeSpace

MAXIMUM_BIDS_STORED = 100


class CUHKFrequency(OpponentModel):
    """Option counts over the opponent's first 100 distinct offers."""

    def __init__(self, space: OutcomeSpace, maximum: int = MAXIMUM_BIDS_STORED) -> None:
        super().__init__(space)
        self.maximum = maximum
        self.counts = [np.zeros(issue.size, dtype=np.int64) for issue in space.issues]
        self.history: list[int] = []

    def update(self, offer: int, time: float) -> None:
        """Count one offer's options while fewer than ``maximum`` distinct offers were seen."""
        if len(self.history) > self.maximum:
            return
        if offer not in self.history:
            self.history.append(offer)
        if len(self.history) <= self.maximum:
            options = self.space.digits_of(np.array([offer]))[:, 0]
            for counts, option in zip(self.counts, options, strict=True):
                counts[option] += 1

    def top(self) -> int:
        """The largest count sum possible: each issue's top count."""
        return sum(int(c.max()) for c in self.counts)

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        index = np.asarray(indices, dtype=np.int64)
        top = self.top()
        if top == 0:
            return np.zeros(index.shape)
        digits = self.space.digits_of(index.ravel())
        total = np.zeros(index.size)
        for counts, row in zip(self.counts, digits, strict=True):
            total += counts[row]
        return (total / top).reshape(index.shape)
