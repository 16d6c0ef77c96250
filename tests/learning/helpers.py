"""Synthetic parties for the learning tests: true additive utilities and their answers."""

from __future__ import annotations

import numpy as np

from accord.learning.calibration import kendall_tau
from accord.learning.copilot import Copilot
from accord.learning.likelihood import Answer, Said
from accord.model.issues import Issue, OutcomeSpace


def true_utilities(
    space: OutcomeSpace, weights: np.ndarray, values: tuple[np.ndarray, ...]
) -> np.ndarray:
    """The party's utility of every outcome, one outcome at a time (the oracle)."""
    out = np.zeros(space.size)
    for index in range(space.size):
        digits = space.digits_of(np.array([index]))[:, 0]
        out[index] = sum(w * v[d] for w, v, d in zip(weights, values, digits, strict=True))
    return out


def vote(truth: np.ndarray, a: int, b: int, time: float = 0.2) -> Answer:
    """The party's honest vote between ``a`` and ``b`` (``a`` on a tie)."""
    winner, loser = (a, b) if truth[a] >= truth[b] else (b, a)
    return Answer(Said.PREFER, winner, time, versus=loser)


def accuracy(copilot: Copilot, party: str, truth: np.ndarray) -> float:
    """Kendall's tau between the posterior mean utility and the truth over every outcome."""
    mean = copilot.posteriors[party].mean_utilities(np.arange(copilot.space.size))
    return kendall_tau(mean, truth)


def teach(copilot: Copilot, party: str, truth: np.ndarray, answers: int) -> None:
    """Let the copilot ask ``answers`` votes of its own choosing, answered honestly."""
    for _ in range(answers):
        question = copilot.questions(0.2, 1)
        mine = next(q for q in question if q.party == party)
        copilot.hear(party, vote(truth, mine.candidate, mine.versus))


def issues_of(sizes: tuple[int, ...]) -> tuple[Issue, ...]:
    """Discrete issues with the given numbers of options."""
    return tuple(
        Issue(f"i{j}", f"Issue {j}", tuple(f"o{x}" for x in range(n))) for j, n in enumerate(sizes)
    )
