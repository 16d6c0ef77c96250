"""The copilot's prior from a scenario's ``beliefs:`` section (what the mediator believes).

For a party the beliefs describe, the particles start as draws of the
profile sampler (:func:`accord.model.sampling.sample_party`): weights, option
values and reservation value from the beliefs' ranges and distributions, and
each of the believed red lines real with its stated probability. The
opening threshold and the concession exponent, which beliefs do not state,
come from the uninformed prior. Option values are scaled per issue so the best
option is worth 1, as everywhere in the copilot.

The resample-move steps need a prior *density*. The beliefs' own (uniform or
clipped normal, per number, before the weights are normalised) has no simple
form after normalisation, so the moves use a Gaussian approximation around each
believed number: mean its point (midpoint or mean), standard deviation its sd,
or its range over the square root of 12, or :data:`KNOWN_SD` for a number the
beliefs give as known; plus the uninformed prior's support and the red lines'
stated probabilities. A party the beliefs leave out gets the uninformed prior.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from accord.learning.particles import (
    Density,
    Layout,
    LineCandidate,
    Particles,
    UninformedPrior,
    uninformed_density,
)
from accord.model.issues import OutcomeSpace
from accord.model.sampling import sample_party
from accord.model.uncertainty import Fixed, Normal, Quantity, UncertainPreferences, Uniform

KNOWN_SD = 0.02
"""The spread the moves allow around a number the beliefs give as known."""
FLOOR = 1e-6
"""Smallest gain (the weights' unnormalised form) a particle starts with."""


def spread(quantity: Quantity) -> float:
    """The standard deviation the moves use around a believed number."""
    if isinstance(quantity, Uniform):
        return max((quantity.high - quantity.low) / math.sqrt(12.0), KNOWN_SD)
    if isinstance(quantity, Normal):
        return max(quantity.sd, KNOWN_SD)
    return KNOWN_SD


@dataclass(frozen=True)
class Believed:
    """The Gaussian approximation of one party's beliefs, as arrays along the particles' axes."""

    weights: np.ndarray
    weight_sd: np.ndarray
    values: np.ndarray
    value_sd: np.ndarray
    reservation: float
    reservation_sd: float


@dataclass(frozen=True)
class BeliefsPrior:
    """The mediator's beliefs about the parties it has beliefs about; uninformed for the rest."""

    space: OutcomeSpace
    beliefs: Mapping[str, UncertainPreferences]
    fallback: UninformedPrior = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fallback", UninformedPrior(self.space))

    def lines(self, party: str) -> Sequence[LineCandidate]:
        """The believed red lines (with their probabilities), then the one-option vetoes."""
        belief = self.beliefs.get(party)
        if belief is None:
            return self.fallback.lines(party)
        digits = self.space.digits_of(np.arange(self.space.size, dtype=np.int64))
        stated = tuple(
            LineCandidate(line.id, line.violated(self.space, digits), belief.probability(line.id))
            for line in belief.red_lines
        )
        return (*stated, *self.fallback.lines(party))

    def sample(self, party: str, size: int, rng: np.random.Generator) -> Particles:
        """Draws from the beliefs (weights, values, reservation, red lines) and the rest."""
        base = self.fallback.sample(party, size, rng)
        belief = self.beliefs.get(party)
        if belief is None:
            return base
        drawn = sample_party(self.space, party, belief, size, rng)
        raw = np.concatenate(
            [drawn.option_values(self.space, i, slice(None)) for i in range(len(self.space.sizes))],
            axis=1,
        )
        gains = np.maximum(np.array(drawn.weights, dtype=float), FLOOR)
        reservation = np.clip(np.array(drawn.reservation, dtype=float), 0.0, 0.95)
        start = np.maximum(base.start, reservation)
        lines = np.concatenate([np.asarray(drawn.active, dtype=bool), base.lines], axis=1)
        raw = np.clip(raw, 0.0, 1.0)
        return Particles(gains, raw, reservation, start, base.exponent, lines)

    def believed(self, party: str) -> Believed | None:
        """The Gaussian approximation of the beliefs about ``party`` (``None``: uninformed)."""
        belief = self.beliefs.get(party)
        if belief is None:
            return None
        space = self.space
        point = belief.point
        quantities = [
            belief.weights.get(i.id, Fixed(point.weights.get(i.id, 0.0))) for i in space.issues
        ]
        raw_w = np.array([_mean(q) for q in quantities])
        total = raw_w.sum() or 1.0
        weight_sd = np.array([spread(q) for q in quantities]) / total
        values, value_sd = [], []
        for issue in space.issues:
            table = point.values.get(issue.id)
            mean = table.table(issue.options) if table is not None else np.zeros(issue.size)
            values.append(mean)
            found = belief.value_quantities(issue.id, space)
            sd = max((spread(q) for q in found), default=KNOWN_SD) if found else KNOWN_SD
            value_sd.append(np.full(issue.size, sd))
        return Believed(
            weights=raw_w / total,
            weight_sd=weight_sd,
            values=Layout.of(space).values(np.concatenate(values)[None, :])[0],
            value_sd=np.concatenate(value_sd),
            reservation=point.reservation,
            reservation_sd=spread(belief.reservation_quantity),
        )

    def density(self, party: str) -> Density:
        """The moves' log prior density for ``party`` (module docstring)."""
        believed = self.believed(party)
        if believed is None:
            return uninformed_density
        return partial(believed_density, believed, Layout.of(self.space))


def believed_density(
    believed: Believed, layout: Layout, particles: Particles, lines: Sequence[LineCandidate]
) -> np.ndarray:
    """The uninformed support and red-line odds, and Gaussians around the believed numbers."""
    out = uninformed_density(particles, lines)
    z_w = (particles.weights - believed.weights) / believed.weight_sd
    z_v = (layout.values(particles.raw) - believed.values) / believed.value_sd
    z_r = (particles.reservation - believed.reservation) / believed.reservation_sd
    gaussian = -0.5 * (np.square(z_w).sum(1) + np.square(z_v).sum(1) + np.square(z_r))
    gains = particles.gains
    return np.asarray(out - (np.log(gains) - gains).sum(axis=1) + gaussian)


def _mean(quantity: Quantity) -> float:
    if isinstance(quantity, Fixed):
        return quantity.value
    if isinstance(quantity, Uniform):
        return (quantity.low + quantity.high) / 2.0
    return min(max(quantity.mean, quantity.low), quantity.high)
