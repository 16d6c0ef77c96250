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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from accord.learning.particles import (
    Layout,
    LineCandidate,
    Particles,
    indicator,
    thresholds,
    weighted,
)
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


@dataclass(frozen=True)
class Heard:
    """Answers laid out once for scoring under many particle sets (:func:`heard`)."""

    outcomes: np.ndarray
    """The packages the answers name, sorted."""
    options: np.ndarray
    """Their options one-hot, ``(n_options_total, M)``."""
    broken_at: np.ndarray
    """Does each named package cross each suspected red line? ``(n_lines, M)``, 0 or 1."""
    column: np.ndarray
    """Per answer, the position of its package in :attr:`outcomes`."""
    versus: np.ndarray
    """Per answer, the position of the package a vote was against (0 for other answers)."""
    time: np.ndarray
    """Per answer, relative time clipped to ``[0, 1]``."""
    kinds: Mapping[Said, np.ndarray]
    """Per kind of answer, the positions of the answers of that kind."""
    issue: np.ndarray
    """Per answer, the issue a reason names (0 for other answers)."""

    def which(self, *kinds: Said) -> np.ndarray:
        """Positions of the answers of the given kinds, in the order heard."""
        empty = np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate([self.kinds.get(kind, empty) for kind in kinds]))


def heard(space: OutcomeSpace, lines: Sequence[LineCandidate], answers: Sequence[Answer]) -> Heard:
    """The answers as arrays (what does not depend on the particles, computed once)."""
    named = sorted(
        {a.outcome for a in answers} | {a.versus for a in answers if a.versus is not None}
    )
    where = {o: k for k, o in enumerate(named)}
    outcomes = np.array(named, dtype=np.int64)
    layout = Layout.of(space)
    options = indicator(layout, space.digits_of(outcomes))
    if lines:
        broken_at = np.stack([c.broken[outcomes] for c in lines]).astype(float)
    else:
        broken_at = np.zeros((0, len(named)))
    said = np.array([str(a.said) for a in answers])
    return Heard(
        outcomes,
        options,
        broken_at,
        np.array([where[a.outcome] for a in answers], dtype=np.int64),
        np.array([where[a.versus] if a.versus is not None else 0 for a in answers], dtype=np.int64),
        np.clip(np.array([a.time for a in answers], dtype=float), 0.0, 1.0),
        {Said(kind): np.flatnonzero(said == kind) for kind in np.unique(said)},
        np.array([a.issue if a.issue is not None else 0 for a in answers], dtype=np.int64),
    )


def log_likelihood(
    particles: Particles,
    layout: Layout,
    space: OutcomeSpace,
    lines: Sequence[LineCandidate],
    answers: Sequence[Answer],
    noise: Noise,
) -> np.ndarray:
    """The log-likelihood of ``answers`` under each particle, shape ``(S,)``."""
    if not answers:
        return np.zeros(particles.size)
    return log_likelihood_of(particles, layout, heard(space, lines, answers), noise)


def log_likelihood_of(
    particles: Particles, layout: Layout, answers: Heard, noise: Noise
) -> np.ndarray:
    """:func:`log_likelihood` of answers already laid out by :func:`heard`.

    Each kind of answer is scored on its own columns only (the sigmoids are most of
    the cost, and a term one kind needs is never computed for the others).
    """
    total = np.zeros(particles.size)
    if not len(answers.column):
        return total
    eps, tau = noise.epsilon, noise.temperature
    table = weighted(particles, layout) @ answers.options
    if answers.broken_at.shape[0]:
        broken_all = (particles.lines.astype(float) @ answers.broken_at) > 0
    else:
        broken_all = np.zeros(table.shape, dtype=bool)

    def accept_term(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        theta = thresholds(particles, answers.time[rows])
        u = table[:, answers.column[rows]]
        above = _sigma((u - theta) / tau)
        accept = eps + (1 - 2 * eps) * np.where(broken_all[:, answers.column[rows]], 0.0, above)
        return accept, u - theta, above

    def add(prob: np.ndarray) -> None:
        nonlocal total
        total = total + np.log(np.clip(prob, 1e-12, 1.0)).sum(axis=1)

    yes, no = answers.which(Said.ACCEPT), answers.which(Said.REJECT)
    both = np.concatenate([yes, no])
    if len(both):
        accept, _, _ = accept_term(both)
        add(np.concatenate([accept[:, : len(yes)], 1.0 - accept[:, len(yes) :]], axis=1))
    time = answers.which(Said.TIME)
    if len(time):
        _, gap, above = accept_term(time)
        close = _sigma((gap + noise.margin) / tau) * (1.0 - above)
        add(eps + (1 - 2 * eps) * close)
    counter = answers.which(Said.COUNTER)
    if len(counter):
        accept, gap, _ = accept_term(counter)
        add(np.maximum(accept * _sigma((noise.margin - gap) / tau), eps))
    votes = answers.which(Said.PREFER)
    if len(votes):
        a, b = answers.column[votes], answers.versus[votes]
        reservation = particles.reservation[:, None]
        prefer = prefer_probability(
            table[:, a], table[:, b], reservation, broken_all[:, a], broken_all[:, b], noise
        )
        add(eps + (1 - 2 * eps) * prefer)
    reasons = answers.which(Said.REASON)
    if len(reasons):
        n = len(layout.sizes)
        weight = particles.weights[:, answers.issue[reasons]]
        add(eps + (1 - 2 * eps) * _sigma((weight - 1.0 / n) / 0.05))
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
