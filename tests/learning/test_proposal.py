"""The proposal rule: which package the copilot tables, and when the Nash product breaks ties."""

from __future__ import annotations

import numpy as np

from accord.learning.particles import Particles
from accord.learning.proposal import suggest
from accord.learning.update import Posterior
from accord.model.issues import OutcomeSpace
from learning.helpers import issues_of

SPACE = OutcomeSpace(issues_of((3,)))
SIZE = 200


def _posterior(first: np.ndarray, second: np.ndarray, seed: int) -> Posterior:
    """Guesses that value package 0 at ``first``, package 1 at ``second`` and package 2 at 1,
    all with reservation value 0.3 (the threshold at the deadline)."""
    raw = np.stack([first, second, np.ones(SIZE)], axis=1)
    particles = Particles(
        gains=np.ones((SIZE, 1)),
        raw=raw,
        reservation=np.full(SIZE, 0.3),
        start=np.full(SIZE, 0.9),
        exponent=np.ones(SIZE),
        lines=np.zeros((SIZE, 0), dtype=bool),
    )
    return Posterior(SPACE, particles, np.random.default_rng(seed))


def _hopeless_pair() -> dict[str, Posterior]:
    """Package 0: one party surely takes it, the other in 1 guess of 200 (all accept: 0.5%).
    Package 1: each party in 10 guesses of 200, with a large gain (0.25%, a larger Nash
    product of the expected gains)."""
    rare = np.full(SIZE, 0.05)
    rare[0] = 0.5
    some = np.full(SIZE, 0.05)
    some[:10] = 0.8
    return {"a": _posterior(np.full(SIZE, 0.6), some, 1), "b": _posterior(rare, some.copy(), 2)}


def test_at_the_deadline_the_likeliest_package_wins_even_when_all_are_unlikely() -> None:
    posteriors = _hopeless_pair()
    both = np.array([0, 1])
    found = suggest(posteriors, both, 1.0, explore=0.0, count=2)
    assert found[0].all_accept > found[1].all_accept
    assert [s.outcome for s in found] == [0, 1]


def test_earlier_near_ties_go_to_the_larger_nash_product() -> None:
    posteriors = _hopeless_pair()
    found = suggest(posteriors, np.array([0, 1]), 0.5, explore=0.0, margin=0.0)
    assert found[0].outcome == 1
    assert found[0].nash > 0.0
