"""Bargaining solutions over a set of candidate packages, compared exactly on ticks.

Each solution function takes the candidates' utilities (shape ``(n, k)``, rows in
increasing outcome index) and the reservation values, and returns the row of
the solution, or ``None`` when there are no candidates. Called with the ZOPA's
Pareto-optimal packages, which is where every maximum is attained.

Utilities and reservations are first turned into ticks (see
:mod:`accord.analysis.exact`) and every score is compared exactly:

* Nash: the product of tick gains, compared as Python integers;
* Kalai–Smorodinsky: the smallest share ``gain / span``, compared as fractions;
* egalitarian: the smallest tick gain; utilitarian: the sum of ticks.

Ties go to the lowest row, that is the lowest outcome index. Float scores only
shortlist the candidates whose exact scores can be the largest: a float product
or quotient of exact integers is within a relative ``1e-12`` of the exact one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from accord.analysis.exact import ticks

SLACK = 1e-12
"""Relative error bound of a float product or quotient of a few exact integers."""


def gains(tick_utilities: np.ndarray, tick_floors: np.ndarray) -> np.ndarray:
    """Tick gains over the floors (reservation ticks), clipped at zero."""
    return np.maximum(tick_utilities - tick_floors, 0)


def nash(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Nash bargaining: maximise the product of gains."""
    if utilities.shape[0] == 0:
        return None
    g = gains(ticks(utilities), ticks(reservations))
    return _exact_argmax(_float_product(g), lambda row: math.prod(g[row].tolist()))


def kalai_smorodinsky(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Kalai–Smorodinsky: maximise the smallest share of each party's possible gain.

    The share of party ``p`` is ``g_p / (ideal_p - reservation_p)`` with ``ideal_p``
    the best utility among the candidates; a party whose ideal does not exceed
    its reservation value counts as having its full share.
    """
    if utilities.shape[0] == 0:
        return None
    t, r = ticks(utilities), ticks(reservations)
    g = gains(t, r)
    span = t.max(axis=0) - r
    open_ = span > 0
    share = np.ones(g.shape)
    share[:, open_] = g[:, open_] / span[open_]
    spans = span.tolist()

    def exact(row: int) -> Fraction:
        pairs = zip(g[row].tolist(), spans, strict=True)
        shares = [Fraction(x, s) if s > 0 else Fraction(1) for x, s in pairs]
        return min(shares, default=Fraction(1))

    return _exact_argmax(share.min(axis=1), exact)


def egalitarian(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Egalitarian: maximise the smallest gain."""
    if utilities.shape[0] == 0:
        return None
    return int(np.argmax(gains(ticks(utilities), ticks(reservations)).min(axis=1)))


def utilitarian(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Utilitarian: maximise the sum of utilities (reservations play no part)."""
    del reservations
    if utilities.shape[0] == 0:
        return None
    return int(np.argmax(ticks(utilities).sum(axis=1)))


def best_per_group(
    groups: np.ndarray, tick_gains: np.ndarray, total: np.ndarray, index: np.ndarray
) -> np.ndarray:
    """Row of the best candidate in each group (in increasing group order).

    Best: the highest exact product of ``tick_gains``, then the highest ``total``
    (exact integers), then the lowest ``index``.
    """
    approx = _float_product(tick_gains)
    order = np.lexsort((index, -total, -approx, groups))
    in_order = groups[order]
    starts = np.flatnonzero(np.r_[True, in_order[1:] != in_order[:-1]])
    top = approx[order[starts]]
    group_of = np.cumsum(np.r_[True, in_order[1:] != in_order[:-1]]) - 1
    near = (approx[order] >= top[group_of] * (1 - SLACK)) & (top[group_of] > 0)
    shortlisted = np.bincount(group_of[near], minlength=starts.size)
    winners = order[starts]
    for g in np.flatnonzero(shortlisted > 1).tolist():
        rows = order[starts[g] : starts[g] + shortlisted[g]].tolist()
        winners[g] = max(
            rows,
            key=lambda r: (math.prod(tick_gains[r].tolist()), int(total[r]), -int(index[r])),
        )
    return winners


def _float_product(tick_gains: np.ndarray) -> np.ndarray:
    """Products of gains as floats: zero exactly when the exact product is."""
    return tick_gains.astype(float).prod(axis=1)


def _exact_argmax(approx: np.ndarray, exact: Callable[[int], int | Fraction]) -> int:
    """Lowest row with the largest exact score.

    ``approx`` (non-negative) is within a relative :data:`SLACK` of each exact
    score and zero exactly when it is, so only rows near the float maximum can win.
    """
    top = float(approx.max())
    if top <= 0:
        return 0
    near = np.flatnonzero(approx >= top * (1 - SLACK)).tolist()
    if len(near) == 1:
        return int(near[0])
    return max(near, key=lambda row: (exact(row), -row))
