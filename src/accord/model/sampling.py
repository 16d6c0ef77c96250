"""Drawing full preference profiles from uncertain preferences, as arrays.

:func:`sample_party` draws ``n`` profiles of one party; :func:`sample_profiles`
draws them for several parties from one seeded ``numpy.random.Generator``.
The result is shape-oriented so that the utilities of a chunk of outcomes for
all samples are one gather per issue (or group of issues)::

    u[s, o] = sum_i weights[s, i] * table_i[s, option_i(o)]

(:mod:`accord.analysis.sampled` does that, plus constraint-based rectangles,
which are fixed and added to every sample).

Draw order (part of the API: an independent oracle may redraw with the same
seed). Parties are drawn one after the other, in the order given; for each:

1. weights - when any weight is uncertain, one :func:`~accord.model.uncertainty.draw`
   per issue listed in ``weights``, in outcome-space issue order;
2. values - for each issue with uncertain values, in issue order, one draw per
   option (option order) or per anchor point (increasing ``x``);
3. the reservation value - one draw;
4. red lines - for each red line whose probability is below 1, in file order,
   ``rng.random(n) < probability``.

Fixed numbers consume no draws, so a party with nothing uncertain consumes none.
Sampled raw weights are normalised sample by sample (a sample whose weights are
all zero gets weight zero on every issue, hence additive utility 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.model.issues import OutcomeSpace
from accord.model.uncertainty import (
    UncertainPiecewise,
    UncertainPreferences,
    UncertainValues,
    draw,
)


@dataclass(frozen=True)
class PartySamples:
    """``n`` sampled profiles of one party (arrays may be read-only broadcast views)."""

    party: str
    weights: np.ndarray
    """Shape ``(n, n_issues)``: normalised weights, issues in outcome-space order."""
    values: tuple[np.ndarray, ...]
    """Per issue, shape ``(n, k_i)``: the values of its ``k_i`` options, before weighting;
    for a numeric issue with uncertain values, the values at its anchor points."""
    anchors: tuple[np.ndarray | None, ...]
    """Per issue, the ``x`` of the anchor points of :attr:`values` (numeric issues with
    uncertain values), else ``None`` (values are per option)."""
    reservation: np.ndarray
    """Shape ``(n,)``."""
    active: np.ndarray
    """Shape ``(n, n_red_lines)``, bool: is each red line real in each sample?"""

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.reservation.shape[0])

    def option_values(
        self, space: OutcomeSpace, position: int, rows: slice | np.ndarray
    ) -> np.ndarray:
        """Values of every option of issue ``position`` in samples ``rows``: ``(r, size)``.

        ``rows`` is a slice or an index array. Numeric issues are interpolated linearly
        between anchors and clamped outside them.
        """
        table = self.values[position][rows]
        xs = self.anchors[position]
        if xs is None:
            return table
        grid = np.asarray(space.issues[position].options, dtype=float)
        if xs.size == 1:
            return np.repeat(table, grid.size, axis=1)
        right = np.clip(np.searchsorted(xs, grid, side="right"), 1, xs.size - 1)
        left = right - 1
        t = np.clip((grid - xs[left]) / (xs[right] - xs[left]), 0.0, 1.0)
        return table[:, left] * (1.0 - t) + table[:, right] * t


def sample_party(
    space: OutcomeSpace,
    party: str,
    prefs: UncertainPreferences,
    n: int,
    rng: np.random.Generator,
) -> PartySamples:
    """Draw ``n`` profiles of one party, in the documented draw order."""
    point = prefs.point
    weights = _weights(space, prefs, n, rng)
    values: list[np.ndarray] = []
    anchors: list[np.ndarray | None] = []
    for issue in space.issues:
        uncertain = prefs.value_quantities(issue.id, space)
        fixed = point.values.get(issue.id)
        anchors.append(_anchor_x(prefs.values.get(issue.id)))
        if uncertain is not None:
            values.append(np.stack([draw(q, n, rng) for q in uncertain], axis=1))
        elif fixed is not None:  # known values, numeric ones tabulated on the grid once
            values.append(_broadcast(fixed.table(issue.options), n))
        else:
            values.append(_broadcast(np.zeros(issue.size), n))
    reservation = draw(prefs.reservation_quantity, n, rng)
    columns = []
    for line in point.red_lines:
        p = prefs.probability(line.id)
        columns.append(np.ones(n, dtype=bool) if p >= 1.0 else rng.random(n) < p)
    active = np.stack(columns, axis=1) if columns else np.ones((n, 0), dtype=bool)
    return PartySamples(party, weights, tuple(values), tuple(anchors), reservation, active)


def sample_profiles(
    space: OutcomeSpace,
    profiles: Sequence[tuple[str, UncertainPreferences]],
    n: int,
    rng: np.random.Generator,
) -> tuple[PartySamples, ...]:
    """Draw ``n`` profiles of every ``(party id, preferences)`` pair, parties in order."""
    return tuple(sample_party(space, party, prefs, n, rng) for party, prefs in profiles)


def _weights(
    space: OutcomeSpace, prefs: UncertainPreferences, n: int, rng: np.random.Generator
) -> np.ndarray:
    if not prefs.weights:
        known = np.array([prefs.point.weights.get(i.id, 0.0) for i in space.issues], dtype=float)
        return _broadcast(known, n)
    raw = np.zeros((n, len(space.issues)))
    for position, issue in enumerate(space.issues):
        quantity = prefs.weights.get(issue.id)
        if quantity is not None:
            raw[:, position] = draw(quantity, n, rng)
    total = raw.sum(axis=1, keepdims=True)
    return np.divide(raw, total, out=np.zeros_like(raw), where=total > 0)


def _anchor_x(uncertain: UncertainValues | None) -> np.ndarray | None:
    """Anchor ``x`` of an uncertain numeric value function; ``None`` if values are per option."""
    if isinstance(uncertain, UncertainPiecewise):
        return np.array([x for x, _ in uncertain.anchors], dtype=float)
    return None


def _broadcast(row: np.ndarray, n: int) -> np.ndarray:
    return np.broadcast_to(row, (n, row.size))
