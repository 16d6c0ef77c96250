"""Uncertain preferences: ranges and distributions where a number is not known.

A scenario may give, wherever a weight, an option value or a reservation value
is a number, a :class:`Uniform` range ``{low, high}`` or a :class:`Normal`
``{mean, sd}`` clipped to the number's valid range; and a red line may carry a
``probability`` that it is real. :class:`UncertainPreferences` holds one party's
preferences in that form.

Every uncertain profile has a *point* profile, the :class:`Preferences` that
``accord analyze`` and simulations use: each quantity is replaced by its
:func:`point` (a uniform's midpoint, a normal's mean; weights are normalised
afterwards) and every red line is kept, whatever its probability. Sampling
(:mod:`accord.model.sampling`) draws full profiles around it.

A fixed number is a :class:`Fixed`; it never consumes a random draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from accord.model.issues import Option, OutcomeSpace
from accord.model.preferences import Preferences, RedLine


@dataclass(frozen=True)
class Fixed:
    """A number that is known."""

    value: float


@dataclass(frozen=True)
class Uniform:
    """Uniformly distributed over ``[low, high]`` (``low <= high``)."""

    low: float
    high: float


@dataclass(frozen=True)
class Normal:
    """Normally distributed with ``mean`` and ``sd``, clipped to ``[low, high]``.

    Clipping (not truncation): draws outside the valid range are moved to its
    nearest end, so the ends carry the probability mass of the tails. ``low``
    and ``high`` are the valid range of the number (``[0, 1]`` for an option
    value, ``[0, inf)`` for a weight), not part of what the file says.
    """

    mean: float
    sd: float
    low: float = -math.inf
    high: float = math.inf


Quantity = Fixed | Uniform | Normal
"""A number that may be uncertain."""


def point(quantity: Quantity) -> float:
    """The single value used where one number is needed: value, midpoint or mean.

    A midpoint is rounded to 15 significant digits, so that a decimal range has
    its decimal midpoint (``0.2 .. 0.4`` gives ``0.3``, not ``0.30000000000000004``).
    """
    if isinstance(quantity, Fixed):
        return quantity.value
    if isinstance(quantity, Uniform):
        return float(f"{(quantity.low + quantity.high) / 2:.15g}")
    return min(max(quantity.mean, quantity.low), quantity.high)


def is_fixed(quantity: Quantity) -> bool:
    """Is the number known (a :class:`Fixed`, or a range or sd of width zero)?"""
    if isinstance(quantity, Fixed):
        return True
    if isinstance(quantity, Uniform):
        return quantity.low == quantity.high
    return quantity.sd == 0.0


def draw(quantity: Quantity, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of ``quantity``, shape ``(n,)``.

    A :class:`Fixed` consumes no randomness; a :class:`Uniform` is one call to
    ``rng.uniform(low, high, n)``; a :class:`Normal` one call to
    ``rng.normal(mean, sd, n)`` followed by clipping.
    """
    if isinstance(quantity, Fixed):
        return np.full(n, quantity.value, dtype=float)
    if isinstance(quantity, Uniform):
        return rng.uniform(quantity.low, quantity.high, n)
    return np.clip(rng.normal(quantity.mean, quantity.sd, n), quantity.low, quantity.high)


@dataclass(frozen=True)
class UncertainDiscrete:
    """Uncertain values of a discrete issue's options, in option order."""

    by_option: Mapping[Option, Quantity]


@dataclass(frozen=True)
class UncertainPiecewise:
    """Uncertain values at the anchor points of a numeric issue (linear in between)."""

    anchors: tuple[tuple[float, Quantity], ...]
    """``(x, value)`` pairs sorted by ``x``."""


UncertainValues = UncertainDiscrete | UncertainPiecewise


@dataclass(frozen=True)
class UncertainPreferences:
    """One party's preferences with the parts that are uncertain.

    ``point`` is the full point profile; the other fields say what is uncertain
    around it, and are empty or fixed when nothing is:

    * ``weights`` - every weight as written (not normalised, in the order written),
      when at least one is uncertain; empty when all weights are known
      (``point.weights`` holds).
      Sampled weights are normalised to sum 1 sample by sample.
    * ``values`` - the value tables of the issues with at least one uncertain
      value; other issues keep ``point.values``.
    * ``reservation`` - the reservation value (``Fixed(point.reservation)`` if known).
    * ``probabilities`` - red line id to the probability that it is real, for
      the red lines where that is below 1.
    """

    point: Preferences
    weights: Mapping[str, Quantity] = field(default_factory=dict)
    values: Mapping[str, UncertainValues] = field(default_factory=dict)
    reservation: Quantity | None = None
    """``None`` means ``Fixed(point.reservation)``."""
    probabilities: Mapping[str, float] = field(default_factory=dict)

    @property
    def reservation_quantity(self) -> Quantity:
        """The reservation value as a :class:`Quantity`."""
        if self.reservation is None:
            return Fixed(self.point.reservation)
        return self.reservation

    @property
    def red_lines(self) -> tuple[RedLine, ...]:
        """Every red line, as in the point profile."""
        return self.point.red_lines

    def probability(self, red_line_id: str) -> float:
        """Probability that the red line ``red_line_id`` is real (1 unless given)."""
        return self.probabilities.get(red_line_id, 1.0)

    @property
    def uncertain(self) -> bool:
        """Is anything uncertain (otherwise sampling always returns the point profile)?"""
        return (
            any(not is_fixed(q) for q in self.weights.values())
            or any(not is_fixed(q) for v in self.values.values() for q in _quantities(v))
            or not is_fixed(self.reservation_quantity)
            or any(p < 1.0 for p in self.probabilities.values())
        )

    def value_quantities(self, issue_id: str, space: OutcomeSpace) -> list[Quantity] | None:
        """The uncertain values of ``issue_id`` (options or anchors in order), or ``None``."""
        table = self.values.get(issue_id)
        if table is None:
            return None
        if isinstance(table, UncertainDiscrete):
            issue = space.issues[space.issue_position(issue_id)]
            return [table.by_option[o] for o in issue.options]
        return [q for _, q in table.anchors]


def certain(prefs: Preferences) -> UncertainPreferences:
    """Known preferences as an :class:`UncertainPreferences` with nothing uncertain."""
    return UncertainPreferences(point=prefs)


def _quantities(values: UncertainValues) -> list[Quantity]:
    if isinstance(values, UncertainDiscrete):
        return list(values.by_option.values())
    return [q for _, q in values.anchors]
