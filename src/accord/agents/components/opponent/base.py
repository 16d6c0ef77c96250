"""The opponent-model interface every model implements.

A model is told each offer the opponent makes (:meth:`OpponentModel.update`,
with the relative time it arrived) and predicts the opponent's utility of any
outcomes (:meth:`OpponentModel.utilities`, vectorised over outcome indices).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from accord.model.issues import OutcomeSpace


class OpponentModel(ABC):
    """An estimate of one opponent's utility over the outcome space."""

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space

    @abstractmethod
    def update(self, offer: int, time: float) -> None:
        """Learn from the opponent's offer ``offer`` made at relative time ``time``."""

    @abstractmethod
    def utilities(self, indices: np.ndarray) -> np.ndarray:
        """Estimated opponent utility of each outcome in ``indices`` (floats in [0, 1])."""


class IssueWise(OpponentModel):
    """A linear-additive estimate: issue weights times per-option evaluations.

    ``weights[i]`` is issue ``i``'s estimated weight; ``evaluations[i]`` its
    options' estimated values, normalised so the best option is worth 1 (as
    GENIUS normalises a discrete evaluator by its maximum).
    """

    def __init__(self, space: OutcomeSpace) -> None:
        super().__init__(space)
        n = len(space.issues)
        self.weights = np.full(n, 1.0 / n)
        self.counts = [np.ones(issue.size) for issue in space.issues]
        """Unnormalised evaluations (the normalised ones are ``counts / max``)."""

    def evaluations(self) -> list[np.ndarray]:
        """Per issue, each option's estimated value, the best one worth 1."""
        return [c / c.max() if c.max() > 0 else np.zeros_like(c) for c in self.counts]

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        """``sum_i w_i * e_i(option_i)`` for each outcome."""
        index = np.asarray(indices, dtype=np.int64)
        digits = self.space.digits_of(index.ravel())
        total = np.zeros(index.size)
        for weight, table, row in zip(self.weights, self.evaluations(), digits, strict=True):
            total += weight * table[row]
        return total.reshape(index.shape)

    def options_of(self, offer: int) -> np.ndarray:
        """Option index per issue of one outcome."""
        return self.space.digits_of(np.array([offer]))[:, 0]
