"""Agents for tournament tests, loaded by import path (``opponent_agents:Mirror``).

:class:`Mirror` concedes like Linear and models its opponent as its own mirror image:
the opponent is taken to like most what it likes least. The estimate is crude on
purpose; the tests compare the tournament's tau and Pearson with values worked out
independently from the same two utility vectors.
"""

from __future__ import annotations

import numpy as np

from accord.agents.time_dependent import Linear


class Mirror(Linear):
    """Linear concession with a mirror-image opponent model."""

    name = "mirror"

    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        """The opponent's utility taken as one minus this party's own."""
        return 1.0 - self.view.utilities[indices]


class Scaled(Linear):
    """Linear concession with a parameter, to check that parameters reach the agent."""

    name = "scaled"

    def __init__(self, view, rng, scale: float = 1.0):  # type: ignore[no-untyped-def]
        super().__init__(view, rng)
        self.scale = scale

    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        """A constant estimate (no correlation) unless ``scale`` is not 1."""
        if self.scale == 1.0:
            return np.full(indices.shape, 0.5)
        return self.scale * (1.0 - self.view.utilities[indices])
