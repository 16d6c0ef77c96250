"""Baseline opponent models: perfect knowledge, no knowledge, and pure opposition.

They anchor the evaluation of learning models (Baarslag et al. 2013, "Predicting
the performance of opponent models"): the *perfect* model knows the opponent's
true utilities (so it is given them from outside and no registered agent uses
it: an agent sees only its own preferences); the *uniform* model predicts the
same utility for every outcome; the *opposite* model assumes the opponent's
utility is one minus the agent's own.
"""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.base import OpponentModel
from accord.model.issues import OutcomeSpace


class PerfectModel(OpponentModel):
    """The opponent's true utilities, handed in from outside (for experiments only)."""

    def __init__(self, space: OutcomeSpace, true_utilities: np.ndarray) -> None:
        super().__init__(space)
        self.true_utilities = np.array(true_utilities, dtype=float)

    def update(self, offer: int, time: float) -> None:
        """Nothing to learn."""

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        return self.true_utilities[np.asarray(indices, dtype=np.int64)]


class UniformModel(OpponentModel):
    """Every outcome worth the same to the opponent (``level``, one half by default)."""

    def __init__(self, space: OutcomeSpace, level: float = 0.5) -> None:
        super().__init__(space)
        self.level = level

    def update(self, offer: int, time: float) -> None:
        """Nothing to learn."""

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        return np.full(np.shape(indices), self.level, dtype=float)


class OppositeModel(OpponentModel):
    """The opponent's utility is one minus the agent's own."""

    def __init__(self, space: OutcomeSpace, own_utilities: np.ndarray) -> None:
        super().__init__(space)
        self.own = np.array(own_utilities, dtype=float)

    def update(self, offer: int, time: float) -> None:
        """Nothing to learn."""

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        return 1.0 - self.own[np.asarray(indices, dtype=np.int64)]
