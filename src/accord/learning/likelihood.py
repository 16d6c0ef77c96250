"""How likely each answer is under each particle: a logistic model with answer noise.

With ``u`` the particle's utility of the package, ``theta`` its threshold at the
time of the answer (:func:`accord.learning.particles.threshold`), ``tau`` the
temperature and ``eps`` the answer noise (the chance that an answer is a slip):

* accept: ``eps + (1 - 2 eps) * sigma((u - theta) / tau)``, and ``eps`` alone
  when the package crosses a red line the particle holds real; reject: one minus that;
* a request for more time says the package is *close*: just below the threshold,
  within ``margin`` of it: ``eps + (1 - 2 eps) * sigma((u - theta + margin) / tau)
  * (1 - sigma((u - theta) / tau))``;
* a vote, ``a`` preferred to ``b``: ``eps + (1 - 2 eps) * sigma((u_a - u_b) / tau_vote)``
  when both packages are acceptable to the particle or neither is; a package within
  the particle's red lines and reservation value beats one outside them
  (:func:`prefer_probability`);
* a counter-package the party tables itself is one it accepts, and one near
  its threshold from above (a party opens high and concedes step by step):
  the accept term times ``sigma((theta + margin - u) / tau)``, floored at ``eps``;
* a stated reason that names an issue says the issue matters to the party: its
  weight is above the even share ``1 / n``: ``eps + (1 - 2 eps) * sigma((w_i - 1/n) / 0.05)``.

The noise floor ``eps`` is what keeps one inconsistent answer from collapsing
the posterior: no answer is ever impossible under any particle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from accord.learning.particles import Layout, LineCandidate, Particles, utilities
from accord.model.issues import OutcomeSpace


class Said(StrEnum):
    """What a party told the mediator."""

    ACCEPT = "accept"
    REJECT = "reject"
    TIME = "request_time"
    PREFER = "prefer"
    """It prefers ``outcome`` to ``versus``."""
    COUNTER = "counter"
    """It tabled ``outcome`` itself."""
    REASON = "reason"
    """Its reason for an answer names issue number ``issue``."""


@dataclass(frozen=True)
class Answer:
    """One answer of one party, as the mediator heard it."""

    said: Said
    outcome: int
    time: float
    """Relative time of the answer."""
    versus: int | None = None
    """For a vote: the package it was preferred to."""
    issue: int | None = None
    """For a reason: the position of the issue it names."""


@dataclass(frozen=True)
class Noise:
    """The answer model's parameters."""

    epsilon: float = 0.05
    """Chance that an answer is a slip (the benchmark flips 5% of answers)."""
    temperature: float = 0.03
    """Softness of the threshold, in utility."""
    margin: float = 0.1
    """How far below its threshold a package is still *close* (worth asking time for)."""
    vote_temperature: float = 0.03
    """Softness of a vote between two packages, in utility."""


def _sigma(x: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)))


def log_likelihood(
    particles: Particles,
    layout: Layout,
    space: OutcomeSpace,
    lines: Sequence[LineCandidate],
    answers: Sequence[Answer],
    noise: Noise,
) -> np.ndarray:
    """The log-likelihood of ``answers`` under each particle, shape ``(S,)``."""
    total = np.zeros(particles.size)
    if not answers:
        return total
    named = sorted(
        {a.outcome for a in answers} | {a.versus for a in answers if a.versus is not None}
    )
    where = {o: k for k, o in enumerate(named)}
    outcomes = np.array(named, dtype=np.int64)
    table = utilities(particles, layout, space.digits_of(outcomes))
    if lines:
        broken_at = np.stack([c.broken[outcomes] for c in lines]).astype(float)
        broken_all = (particles.lines.astype(float) @ broken_at) > 0
    else:
        broken_all = np.zeros_like(table, dtype=bool)
    eps, tau = noise.epsilon, noise.temperature
    times = np.array([a.time for a in answers])
    t = np.clip(times, 0.0, 1.0)[None, :]
    power = t ** (1.0 / particles.exponent[:, None])
    theta = particles.start[:, None] - (particles.start - particles.reservation)[:, None] * power
    columns = np.array([where[a.outcome] for a in answers])
    u = table[:, columns]
    broken = broken_all[:, columns]
    above = _sigma((u - theta) / tau)
    accept = eps + (1 - 2 * eps) * np.where(broken, 0.0, above)
    said = np.array([str(a.said) for a in answers])
    prob = np.ones_like(u)
    prob = np.where(said == Said.ACCEPT, accept, prob)
    prob = np.where(said == Said.REJECT, 1.0 - accept, prob)
    close = _sigma((u - theta + noise.margin) / tau) * (1.0 - above)
    prob = np.where(said == Said.TIME, eps + (1 - 2 * eps) * close, prob)
    near = _sigma((theta + noise.margin - u) / tau)
    prob = np.where(said == Said.COUNTER, np.maximum(accept * near, eps), prob)
    votes = said == Said.PREFER
    if votes.any():
        other = np.array([where[a.versus] if a.versus is not None else 0 for a in answers])
        reservation = particles.reservation[:, None]
        prefer = prefer_probability(
            u, table[:, other], reservation, broken, broken_all[:, other], noise
        )
        prob = np.where(votes, eps + (1 - 2 * eps) * prefer, prob)
    reasons = said == Said.REASON
    if reasons.any():
        n = len(layout.sizes)
        issue = np.array([a.issue if a.issue is not None else 0 for a in answers])
        weight = particles.weights[:, issue]
        prob = np.where(reasons, eps + (1 - 2 * eps) * _sigma((weight - 1.0 / n) / 0.05), prob)
    total += np.log(np.clip(prob, 1e-12, 1.0)).sum(axis=1)
    return total


def prefer_probability(
    u_a: np.ndarray,
    u_b: np.ndarray,
    reservation: np.ndarray,
    broken_a: np.ndarray,
    broken_b: np.ndarray,
    noise: Noise,
) -> np.ndarray:
    """P(a party prefers ``a`` to ``b``) per particle, without answer noise.

    A package the party may accept (within its red lines, at or above its
    reservation value) beats one it may not; between two of the same kind,
    the higher utility wins (softly, at ``vote_temperature``). So a vote also
    teaches red lines and the reservation value.
    """
    tau = noise.vote_temperature
    ok_a = np.where(broken_a, 0.0, _sigma((u_a - reservation) / tau))
    ok_b = np.where(broken_b, 0.0, _sigma((u_b - reservation) / tau))
    same = ok_a * ok_b + (1.0 - ok_a) * (1.0 - ok_b)
    return np.asarray(ok_a * (1.0 - ok_b) + same * _sigma((u_a - u_b) / tau))


def accept_probability(
    table: np.ndarray, theta: np.ndarray, broken: np.ndarray, noise: Noise
) -> np.ndarray:
    """P(accept) per particle and outcome (``table``: ``(S, M)``; ``theta``: ``(S,)``)."""
    eps = noise.epsilon
    above = _sigma((table - theta[:, None]) / noise.temperature)
    return eps + (1 - 2 * eps) * np.where(broken, 0.0, above)
