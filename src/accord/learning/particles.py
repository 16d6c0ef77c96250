"""A particle set over one party's preferences, and the priors it is drawn from.

Each particle is one guess at the party's private side of the scenario:

* additive preferences: issue weights ``w`` (positive *gains* ``g``, ``w = g / sum g``)
  and one value per option in ``[0, 1]``, scaled per issue so that the best
  option is worth 1 (GENIUS's normalisation), so ``u(o) = sum_i w_i v_i(o_i)``;
* a time-dependent acceptance threshold, the concession curve of
  Faratin, Sierra & Jennings (1998) that Accord's time-dependent agents follow::

      theta(t) = start - (start - reservation) * t ** (1 / exponent)

  ``t`` is relative time (round over deadline). ``start`` is where the party
  begins (near its best package), ``reservation`` where it ends (the utility of
  no agreement), and ``exponent`` how it concedes (below 1 Boulware, firm until
  late; above 1 Conceder). A party with a fixed reservation value and no
  concession is the case ``start == reservation``.
* which of the mediator's suspected red lines are real (one flag each).

All arrays have the particles along axis 0, so everything is vectorised as
particles x outcomes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from accord.model.issues import OutcomeSpace

RESERVATION_RANGE = (0.0, 0.95)
"""Uninformed prior on the reservation value (uniform)."""
START_RANGE = (0.7, 1.0)
"""Uninformed prior on the opening threshold (uniform)."""
EXPONENT_RANGE = (0.1, 10.0)
"""Uninformed prior on the concession exponent (log-uniform)."""
VETO = 0.03
"""Uninformed prior probability that a party vetoes one given option (a red line)."""


@dataclass(frozen=True)
class LineCandidate:
    """A red line the mediator suspects a party has, and how likely it thinks it real."""

    id: str
    broken: np.ndarray
    """Boolean over every outcome index: does the outcome cross this line?"""
    probability: float = 0.5
    """Prior probability that the line is real."""
    stated: bool = True
    """Did the mediator name it (its beliefs list it)? The one-option vetoes every party
    might have are not stated: a rejection learned to look like a veto may as well be a
    threshold not yet reached, so they lower a package's chances but never rule it out."""


@dataclass(frozen=True)
class Particles:
    """``S`` guesses at one party's preferences (see the module docstring)."""

    gains: np.ndarray
    """Positive, shape ``(S, n_issues)``; the weights are ``gains / gains.sum(1)``."""
    raw: np.ndarray
    """Option values in ``[0, 1]`` before scaling, shape ``(S, n_options_total)``."""
    reservation: np.ndarray
    """Shape ``(S,)``."""
    start: np.ndarray
    """Opening threshold, shape ``(S,)``, at least the reservation."""
    exponent: np.ndarray
    """Concession exponent, shape ``(S,)``."""
    lines: np.ndarray
    """Boolean, shape ``(S, n_lines)``: is each suspected red line real?"""

    @property
    def size(self) -> int:
        """Number of particles ``S``."""
        return int(self.gains.shape[0])

    @property
    def weights(self) -> np.ndarray:
        """Normalised issue weights, shape ``(S, n_issues)``."""
        return self.gains / self.gains.sum(axis=1, keepdims=True)

    def take(self, rows: np.ndarray) -> Particles:
        """The particles at ``rows`` (copies)."""
        return Particles(
            self.gains[rows],
            self.raw[rows],
            self.reservation[rows],
            self.start[rows],
            self.exponent[rows],
            self.lines[rows],
        )


@dataclass(frozen=True)
class Layout:
    """Where each issue's options sit along the particles' option axis."""

    sizes: tuple[int, ...]
    numeric: tuple[bool, ...]
    offsets: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        offsets = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(int)
        object.__setattr__(self, "offsets", tuple(int(o) for o in offsets))

    @classmethod
    def of(cls, space: OutcomeSpace) -> Layout:
        """The layout of an outcome space."""
        return cls(tuple(space.sizes), tuple(i.numeric for i in space.issues))

    @property
    def total(self) -> int:
        """Options over all issues."""
        return int(sum(self.sizes))

    def values(self, raw: np.ndarray) -> np.ndarray:
        """Option values scaled per issue so the best is worth 1 (same shape as ``raw``)."""
        scaled = np.empty_like(raw)
        for offset, size in zip(self.offsets, self.sizes, strict=True):
            block = raw[:, offset : offset + size]
            top = np.maximum(block.max(axis=1, keepdims=True), 1e-9)
            scaled[:, offset : offset + size] = block / top
        return scaled


def weighted(particles: Particles, layout: Layout) -> np.ndarray:
    """Each particle's weighted option values ``w_i v_i(x)``, shape ``(S, n_options_total)``."""
    values = layout.values(particles.raw)
    repeat = np.repeat(np.arange(len(layout.sizes)), layout.sizes)
    return np.asarray(particles.weights[:, repeat] * values)


def indicator(layout: Layout, digits: np.ndarray) -> np.ndarray:
    """Which options each outcome takes, one-hot, shape ``(n_options_total, M)``."""
    out = np.zeros((layout.total, digits.shape[1]))
    columns = np.arange(digits.shape[1])
    for i, offset in enumerate(layout.offsets):
        out[offset + digits[i], columns] = 1.0
    return out


def utilities(particles: Particles, layout: Layout, digits: np.ndarray) -> np.ndarray:
    """Each particle's utility of each outcome, shape ``(S, M)`` (``digits``: ``(n_issues, M)``).

    One matrix product: weighted option values times the outcomes' one-hot options.
    """
    return np.asarray(weighted(particles, layout) @ indicator(layout, digits))


def threshold(particles: Particles, time: float) -> np.ndarray:
    """Each particle's acceptance threshold at relative time ``time``, shape ``(S,)``."""
    return thresholds(particles, np.array([float(time)]))[:, 0]


def thresholds(particles: Particles, times: np.ndarray) -> np.ndarray:
    """Each particle's acceptance threshold at each relative time (clipped to ``[0, 1]``),
    shape ``(S, T)``: the concession curve of the module docstring."""
    t = np.clip(np.asarray(times, dtype=float), 0.0, 1.0)[None, :]
    start, reservation = particles.start[:, None], particles.reservation[:, None]
    return np.asarray(start - (start - reservation) * t ** (1.0 / particles.exponent[:, None]))


Density = Callable[[Particles, Sequence[LineCandidate]], np.ndarray]
"""A log prior density of each particle (up to a constant), given the suspected red lines."""


class Prior(Protocol):
    """Where a party's particles start: the mediator's beliefs, or nothing at all."""

    def sample(self, party: str, size: int, rng: np.random.Generator) -> Particles:
        """``size`` particles for ``party``."""
        ...

    def lines(self, party: str) -> Sequence[LineCandidate]:
        """The red lines the mediator suspects ``party`` has."""
        ...

    def density(self, party: str) -> Density:
        """The log prior density the moves of ``party``'s posterior keep to."""
        ...


@dataclass(frozen=True)
class UninformedPrior:
    """A mediator that knows only the issues and options (and, optionally, suspected red lines).

    Weights are uniform on the simplex (gains ``Exp(1)``); option values are
    uniform in ``[0, 1]``, except that a numeric issue starts monotone or
    single-peaked (a party usually wants more, or less, or a middle), which is
    where an uninformed mediator would start too; the reservation value is
    uniform on :data:`RESERVATION_RANGE`, the opening threshold on
    :data:`START_RANGE` and the concession exponent log-uniform on
    :data:`EXPONENT_RANGE`.
    """

    space: OutcomeSpace
    suspected: Mapping[str, Sequence[LineCandidate]] = field(default_factory=dict)
    veto: float = VETO
    """Prior probability that a party refuses any package with a given option (a one-option
    red line), for every option of every issue; 0 leaves such red lines out."""

    def sample(self, party: str, size: int, rng: np.random.Generator) -> Particles:
        """``size`` draws from the prior."""
        layout = Layout.of(self.space)
        raw = rng.uniform(0.0, 1.0, (size, layout.total))
        for offset, n, numeric in zip(layout.offsets, layout.sizes, layout.numeric, strict=True):
            if numeric and n > 1:
                raw[:, offset : offset + n] = shaped(n, size, rng)
        low, high = RESERVATION_RANGE
        reservation = rng.uniform(low, high, size)
        start = np.maximum(rng.uniform(*START_RANGE, size), reservation)
        lowest, highest = np.log(EXPONENT_RANGE[0]), np.log(EXPONENT_RANGE[1])
        exponent = np.exp(rng.uniform(lowest, highest, size))
        candidates = self.lines(party)
        odds = np.array([c.probability for c in candidates], dtype=float)
        flags = rng.uniform(size=(size, len(candidates))) < odds
        gains = rng.exponential(1.0, (size, len(layout.sizes)))
        return Particles(gains, raw, reservation, start, exponent, flags)

    def lines(self, party: str) -> Sequence[LineCandidate]:
        """The suspected red lines of ``party``, then one veto per option (see :attr:`veto`)."""
        return (*self.suspected.get(party, ()), *vetoes(self.space, self.veto))

    def density(self, party: str) -> Density:
        """:func:`uninformed_density`."""
        return uninformed_density


def vetoes(space: OutcomeSpace, probability: float) -> tuple[LineCandidate, ...]:
    """One candidate red line per option: "never a package with this option"."""
    if probability <= 0.0:
        return ()
    digits = space.digits_of(np.arange(space.size, dtype=np.int64))
    return tuple(
        LineCandidate(f"{issue.id}!={option}", digits[i] == k, probability, stated=False)
        for i, issue in enumerate(space.issues)
        for k, option in enumerate(issue.options)
    )


def shaped(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """Values of a numeric issue's ``n`` grid points: rising, falling or peaked, with noise."""
    grid = np.linspace(0.0, 1.0, n)
    kind = rng.uniform(size=size)
    peak = np.where(kind < 0.4, 1.0, np.where(kind < 0.8, 0.0, rng.uniform(size=size)))
    steep = rng.uniform(0.5, 1.5, size)
    values = 1.0 - steep[:, None] * np.abs(grid[None, :] - peak[:, None])
    noisy = values + rng.normal(0.0, 0.05, (size, n))
    return np.clip(noisy, 0.0, 1.0)


def uninformed_density(p: Particles, lines: Sequence[LineCandidate]) -> np.ndarray:
    """Log prior density of each particle (up to a constant); ``-inf`` outside the support.

    Gains ``Exp(1)`` on the log scale (so weights are uniform on the simplex),
    raw option values uniform in ``[0, 1]``, reservation and opening threshold
    uniform with the reservation at most the threshold, exponent log-uniform,
    red-line flags Bernoulli with the candidate's probability.
    """
    out = (np.log(p.gains) - p.gains).sum(axis=1)
    inside = ((p.raw >= 0.0) & (p.raw <= 1.0)).all(axis=1)
    inside &= (p.reservation >= RESERVATION_RANGE[0]) & (p.reservation <= RESERVATION_RANGE[1])
    inside &= (p.start >= START_RANGE[0]) & (p.start <= START_RANGE[1])
    inside &= p.reservation <= p.start
    inside &= (p.exponent >= EXPONENT_RANGE[0]) & (p.exponent <= EXPONENT_RANGE[1])
    if lines:
        q = np.clip(np.array([c.probability for c in lines]), 1e-6, 1 - 1e-6)
        out = out + np.where(p.lines, np.log(q), np.log1p(-q)).sum(axis=1)
    return np.where(inside, out, -np.inf)
