"""The scalable Bayesian model of Hindriks & Tykhonov (2008), as NiceTitForTat uses it.

Hypotheses are kept issue by issue rather than for whole utility functions:

* each issue's weight is one of ``0, 0.1, ..., 1`` with prior proportional to
  ``(1 - (j + 1) / 11) ** 3`` (light weights more likely);
* each issue's evaluation is *uphill* (value rising with the option's position),
  *downhill*, or *triangular* with its peak at an inner option (one hypothesis
  per inner option), with a uniform prior. Shapes follow the positions of the
  options (``1000 j + 1`` uphill, as published, normalised to a best of 1).

The concession assumption: the opponent's ``k``-th new offer is expected to be
worth ``1 - 0.003 (k - 1)`` to it. A hypothesis is weighed by a Gaussian
(``sigma = 0.25``) in the relative gap between that prediction and the utility
the hypothesis gives the offer, all other issues held at their expected
weight and evaluation. Repeated offers teach nothing. From the second new offer
on, the weights are updated first, then the evaluations with the new weights.
Predictions are the expected utility, rescaled so that the model's worst
outcome is 0 and its best 1.
"""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.base import OpponentModel
from accord.model.issues import OutcomeSpace

SIGMA = 0.25
STEP = 0.003
WEIGHT_LEVELS = 11


def shapes(size: int) -> np.ndarray:
    """Evaluation hypotheses of an issue with ``size`` options, one per row, best = 1."""
    j = np.arange(size, dtype=float)
    rows = [1000 * j + 1, 1000 * (size - j - 1) + 1]
    for k in range(1, size - 1):
        rows.append(np.where(j < k, 1000 * j / k, 1000 * (size - j - 1) / (size - k - 1) + 1))
    table = np.array(rows, dtype=float)
    return table / table.max(axis=1, keepdims=True)


def likelihood(utility: np.ndarray, predicted: float) -> np.ndarray:
    """Gaussian weight of the relative gap between predicted and hypothesised utility."""
    x = (predicted - utility) / predicted
    return np.exp(-(x * x) / (2 * SIGMA * SIGMA))


class ScalableBayesian(OpponentModel):
    """Independent weight and evaluation hypotheses per issue, updated by Bayes' rule."""

    def __init__(self, space: OutcomeSpace) -> None:
        super().__init__(space)
        n = len(space.issues)
        levels = np.arange(WEIGHT_LEVELS, dtype=float)
        prior = (1 - (levels + 1) / WEIGHT_LEVELS) ** 3
        self._weight_probs = np.tile(prior / prior.sum(), n)
        self._shapes = [shapes(issue.size).flatten() for issue in space.issues]
        self.shape_probs = [
            np.full(s.size // k.size, 1.0 / (s.size // k.size))
            for s, k in zip(self._shapes, space.issues, strict=True)
        ]
        self.predicted = 1.0
        self.seen: set[int] = set()

    # The tables are kept flat: a 2-D float array reachable from an agent looks, to the
    # isolation tests, like a utility matrix of the whole space.
    @property
    def weight_probs(self) -> np.ndarray:
        """Probability of each weight level (columns) for each issue (rows)."""
        return self._weight_probs.reshape(len(self.space.issues), WEIGHT_LEVELS)

    @weight_probs.setter
    def weight_probs(self, value: np.ndarray) -> None:
        self._weight_probs = np.asarray(value, dtype=float).ravel()

    @property
    def shapes(self) -> list[np.ndarray]:
        """Each issue's evaluation hypotheses, one per row."""
        return [s.reshape(-1, k.size) for s, k in zip(self._shapes, self.space.issues, strict=True)]

    @property
    def levels(self) -> np.ndarray:
        """The weight levels ``0, 0.1, ..., 1`` (built on demand, not kept)."""
        return np.arange(WEIGHT_LEVELS, dtype=float) / (WEIGHT_LEVELS - 1)

    def expected_weights(self) -> np.ndarray:
        """Each issue's expected weight."""
        return self.weight_probs @ self.levels

    def expected_evaluations(self) -> list[np.ndarray]:
        """Each issue's expected evaluation of every option."""
        return [q @ s for q, s in zip(self.shape_probs, self.shapes, strict=True)]

    def update(self, offer: int, time: float) -> None:
        """Bayes' rule on the weights (from the second new offer) and the evaluations."""
        if offer in self.seen:
            return
        self.seen.add(offer)
        options = self.space.digits_of(np.array([offer]))[:, 0]
        values = np.array([e[d] for e, d in zip(self.expected_evaluations(), options, strict=True)])
        if len(self.seen) > 1:
            weights = self.expected_weights()
            others = (weights * values).sum() - weights * values
            posterior = self.weight_probs * likelihood(
                self.levels[None, :] * values[:, None] + others[:, None], self.predicted
            )
            self.weight_probs = posterior / posterior.sum(axis=1, keepdims=True)
        weights = self.expected_weights()
        others = (weights * values).sum() - weights * values
        for i, (probs, table) in enumerate(zip(self.shape_probs, self.shapes, strict=True)):
            posterior = probs * likelihood(
                others[i] + weights[i] * table[:, options[i]], self.predicted
            )
            self.shape_probs[i] = posterior / posterior.sum()
        self.predicted -= STEP

    def raw_utilities(self, indices: np.ndarray) -> np.ndarray:
        """Expected utility before rescaling."""
        index = np.asarray(indices, dtype=np.int64)
        digits = self.space.digits_of(index.ravel())
        total = np.zeros(index.size)
        for weight, values, row in zip(
            self.expected_weights(), self.expected_evaluations(), digits, strict=True
        ):
            total += weight * values[row]
        return total.reshape(index.shape)

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        """Expected utility rescaled to [0, 1] over the whole outcome space."""
        weights = self.expected_weights()
        values = self.expected_evaluations()
        low = sum(float(w * v.min()) for w, v in zip(weights, values, strict=True))
        high = sum(float(w * v.max()) for w, v in zip(weights, values, strict=True))
        raw = self.raw_utilities(indices)
        if high - low <= 1e-12:
            return np.zeros_like(raw)
        return (raw - low) / (high - low)
