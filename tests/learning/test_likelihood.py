"""The answer model's log-likelihood against a plain one-answer-one-particle oracle."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.learning.likelihood import Answer, Noise, Said, heard, log_likelihood
from accord.learning.particles import Layout, LineCandidate, Particles, UninformedPrior
from accord.model.issues import OutcomeSpace
from learning.helpers import issues_of


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _utility(p: Particles, s: int, space: OutcomeSpace, outcome: int) -> float:
    digits = space.digits_of(np.array([outcome]))[:, 0]
    gains = p.gains[s]
    total, offset = 0.0, 0
    for i, size in enumerate(space.sizes):
        block = p.raw[s, offset : offset + size]
        total += gains[i] / gains.sum() * block[digits[i]] / max(block.max(), 1e-9)
        offset += size
    return total


def _oracle(
    p: Particles,
    space: OutcomeSpace,
    lines: tuple[LineCandidate, ...],
    answers: list[Answer],
    noise: Noise,
) -> np.ndarray:
    """The module docstring's formulas, one particle and one answer at a time."""
    eps, tau, margin, tau_v = noise.epsilon, noise.temperature, noise.margin, noise.vote_temperature
    out = np.zeros(p.size)
    for s in range(p.size):
        rv = p.reservation[s]
        for a in answers:
            u = _utility(p, s, space, a.outcome)
            t = min(max(a.time, 0.0), 1.0)
            theta = p.start[s] - (p.start[s] - rv) * t ** (1.0 / p.exponent[s])
            broken = any(p.lines[s, k] and c.broken[a.outcome] for k, c in enumerate(lines))
            accept = eps + (1 - 2 * eps) * (0.0 if broken else _sigma((u - theta) / tau))
            if a.said == Said.ACCEPT:
                prob = accept
            elif a.said == Said.REJECT:
                prob = 1.0 - accept
            elif a.said == Said.TIME:
                close = _sigma((u - theta + margin) / tau) * (1 - _sigma((u - theta) / tau))
                prob = eps + (1 - 2 * eps) * close
            elif a.said == Said.COUNTER:
                prob = max(accept * _sigma((theta + margin - u) / tau), eps)
            elif a.said == Said.PREFER:
                assert a.versus is not None
                other = _utility(p, s, space, a.versus)
                also = any(p.lines[s, k] and c.broken[a.versus] for k, c in enumerate(lines))
                ok_a = 0.0 if broken else _sigma((u - rv) / tau_v)
                ok_b = 0.0 if also else _sigma((other - rv) / tau_v)
                same = ok_a * ok_b + (1 - ok_a) * (1 - ok_b)
                prob = eps + (1 - 2 * eps) * (
                    ok_a * (1 - ok_b) + same * _sigma((u - other) / tau_v)
                )
            else:
                assert a.issue is not None
                weight = p.gains[s, a.issue] / p.gains[s].sum()
                prob = eps + (1 - 2 * eps) * _sigma((weight - 1 / len(space.sizes)) / 0.05)
            out[s] += math.log(min(max(prob, 1e-12), 1.0))
    return out


@settings(deadline=None, max_examples=25)
@given(
    st.lists(st.integers(2, 5), min_size=1, max_size=3),
    st.integers(0, 2**32 - 1),
    st.lists(
        st.tuples(
            st.sampled_from(list(Said)),
            st.integers(0, 10**6),
            st.integers(0, 10**6),
            st.integers(0, 12).map(lambda k: k / 10),  # times past the deadline too
        ),
        min_size=0,
        max_size=14,
    ),
)
def test_the_log_likelihood_matches_the_formulas_answer_by_answer(
    sizes: list[int], seed: int, said: list[tuple[Said, int, int, float]]
) -> None:
    space = OutcomeSpace(issues_of(tuple(sizes)))
    rng = np.random.default_rng(seed)
    prior = UninformedPrior(space, veto=0.3)  # red lines often held real
    lines = tuple(prior.lines("p"))
    particles = prior.sample("p", 7, rng)
    answers = [
        Answer(
            kind,
            a % space.size,
            t,
            versus=b % space.size if kind == Said.PREFER else None,
            issue=b % len(sizes) if kind == Said.REASON else None,
        )
        for kind, a, b, t in said
    ]
    noise = Noise()
    found = log_likelihood(particles, Layout.of(space), space, lines, answers, noise)
    np.testing.assert_allclose(found, _oracle(particles, space, lines, answers, noise), atol=1e-9)


def test_answers_are_laid_out_once_by_package() -> None:
    space = OutcomeSpace(issues_of((3, 2)))
    answers = [
        Answer(Said.REJECT, 4, 0.5),
        Answer(Said.PREFER, 1, 0.5, versus=4),
        Answer(Said.ACCEPT, 1, 0.7),
    ]
    laid = heard(space, (), answers)
    assert laid.outcomes.tolist() == [1, 4]
    assert laid.column.tolist() == [1, 0, 0]
    assert laid.versus.tolist() == [0, 1, 0]
    assert laid.which(Said.ACCEPT, Said.REJECT).tolist() == [0, 2]
