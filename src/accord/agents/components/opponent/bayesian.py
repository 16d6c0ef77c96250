"""The Bayesian opponent model of Hindriks & Tykhonov (2008), in full.

A hypothesis is a whole linear-additive utility function: a *ranking* of the
issues (weights ``(r + 1) / (n (n + 1) / 2)`` for rank ``r``, one hypothesis
per permutation) times one *evaluation shape* per issue: uphill
(``1000 j + 1``), downhill, or a triangle peaking at the middle option
(``k // 2``), each normalised to a best of 1. The prior is uniform over the
``n! 3^n`` combinations, which is why the scalable variant
(:mod:`~accord.agents.components.opponent.scalable_bayesian`) exists; this
model refuses spaces with more than :data:`MAX_HYPOTHESES` of them.

The concession assumption: the opponent's ``k``-th new offer is expected to
be worth ``1 - 0.035 (k - 1)`` to it; a hypothesis giving the offer more than
that is ruled out, otherwise it is weighed by a Gaussian (``sigma = 0.25``) of
the relative gap. Repeated offers teach nothing. (GENIUS's implementation
records an offer before asking whether it has seen it, so it never learns;
Accord follows the paper.) Predictions are the expected utility, rescaled so
the model's worst outcome is 0 and its best 1.
"""

from __future__ import annotations

import math
from itertools import permutations

import numpy as np

from accord.agents.components.opponent.base import OpponentModel
from accord.model.issues import OutcomeSpace

SIGMA = 0.25
STEP = 0.035
MAX_HYPOTHESES = 2_000_000
"""The largest hypothesis space the full model accepts (rankings times shape combinations)."""


def shapes(size: int) -> np.ndarray:
    """Uphill, downhill and middle-peak evaluations of ``size`` options, best = 1 (rows)."""
    j = np.arange(size, dtype=float)
    half = size // 2
    rows = np.array(
        [
            1000 * j + 1,
            1000 * (size - j - 1) + 1,
            np.where(j < half, 1000 * j + 1, 1000 * (size - j - 1) + 1),
        ]
    )
    return rows / rows.max(axis=1, keepdims=True)


def rank_weights(n: int) -> np.ndarray:
    """One row per ranking of ``n`` issues: the weights ``(r + 1) / (n (n + 1) / 2)``."""
    base = np.arange(1, n + 1, dtype=float) / (n * (n + 1) / 2)
    return np.array([base[list(p)] for p in permutations(range(n))])


def conditional(utility: np.ndarray, expected: float) -> np.ndarray:
    """The likelihood of an offer worth ``utility`` when ``expected`` was predicted."""
    x = (expected - utility) / expected
    density = np.exp(-(x * x) / (2 * SIGMA * SIGMA)) / (SIGMA * math.sqrt(2 * math.pi))
    return np.where(utility > expected, 0.0, density)


class HindriksTykhonov(OpponentModel):
    """Joint hypotheses over issue rankings and evaluation shapes, updated by Bayes' rule."""

    def __init__(self, space: OutcomeSpace) -> None:
        super().__init__(space)
        n = len(space.issues)
        count = math.factorial(n) * 3**n
        if count > MAX_HYPOTHESES:
            raise ValueError(
                f"{n} issues make {count} hypotheses (at most {MAX_HYPOTHESES}); "
                "use the scalable model"
            )
        self.rankings = rank_weights(n)
        self.tables = [shapes(issue.size) for issue in space.issues]
        self.combos = np.array(np.meshgrid(*[range(3)] * n, indexing="ij")).reshape(n, -1)
        """Shape index per issue (rows) for each shape combination (columns)."""
        self._probs = np.full(self.rankings.shape[0] * self.combos.shape[1], 1.0 / count)
        self.expected = 1.0
        self.seen: set[int] = set()

    @property
    def probabilities(self) -> np.ndarray:
        """Posterior of each (ranking, shape combination) pair."""
        return self._probs.reshape(self.rankings.shape[0], self.combos.shape[1])

    def hypothesis_utilities(self, offer: int) -> np.ndarray:
        """The offer's utility under every hypothesis, shaped like :attr:`probabilities`."""
        options = self.space.digits_of(np.array([offer]))[:, 0]
        values = np.array(
            [table[self.combos[i], options[i]] for i, table in enumerate(self.tables)]
        )
        return self.rankings @ values

    def update(self, offer: int, time: float) -> None:
        """Bayes' rule for a new offer; the expected utility then drops by 0.035."""
        if offer in self.seen:
            return
        self.seen.add(offer)
        posterior = self.probabilities * conditional(
            self.hypothesis_utilities(offer), self.expected
        )
        total = posterior.sum()
        if total > 0:
            self._probs = (posterior / total).ravel()
        self.expected -= STEP

    def issue_tables(self) -> list[np.ndarray]:
        """Per issue, each option's expected contribution ``E[w_i e_i(option)]``."""
        probs = self.probabilities
        tables = []
        for i, table in enumerate(self.tables):
            by_shape = np.zeros(3)
            weighted = self.rankings[:, i] @ probs  # E[w_i] per combination, unnormalised
            np.add.at(by_shape, self.combos[i], weighted)
            tables.append(by_shape @ table)
        return tables

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        """Expected utility rescaled to [0, 1] over the outcome space."""
        index = np.asarray(indices, dtype=np.int64)
        tables = self.issue_tables()
        low = sum(float(t.min()) for t in tables)
        high = sum(float(t.max()) for t in tables)
        digits = self.space.digits_of(index.ravel())
        total = np.zeros(index.size)
        for table, row in zip(tables, digits, strict=True):
            total += table[row]
        if high - low <= 1e-12:
            return np.zeros(index.shape)
        return ((total - low) / (high - low)).reshape(index.shape)
