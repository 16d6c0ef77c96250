"""Bargaining solutions over a set of candidate packages.

Each function takes the candidates' utilities (shape ``(n, k)``, rows in
increasing outcome index) and the reservation values, and returns the row of
the solution, or ``None`` when there are no candidates. Called with the ZOPA's
Pareto-optimal packages, which is where every maximum is attained; ``argmax``
then breaks ties toward the lowest outcome index.
"""

from __future__ import annotations

import numpy as np

_EPS = 1e-12


def gains(utilities: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    """Gains over the reservation values, clipped at zero (ZOPA members have none below)."""
    return np.clip(utilities - reservations, 0.0, None)


def nash(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Nash bargaining: maximise the product of gains."""
    if utilities.shape[0] == 0:
        return None
    return int(np.argmax(np.prod(gains(utilities, reservations), axis=1)))


def kalai_smorodinsky(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Kalai–Smorodinsky: maximise the smallest share of each party's possible gain.

    The share of party ``p`` is ``g_p / (ideal_p - reservation_p)`` with ``ideal_p``
    the best utility among the candidates; a party whose ideal equals its
    reservation value counts as having its full share.
    """
    if utilities.shape[0] == 0:
        return None
    span = utilities.max(axis=0) - reservations
    share = np.ones_like(utilities)
    open_ = span > _EPS
    share[:, open_] = gains(utilities, reservations)[:, open_] / span[open_]
    return int(np.argmax(share.min(axis=1)))


def egalitarian(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Egalitarian: maximise the smallest gain."""
    if utilities.shape[0] == 0:
        return None
    return int(np.argmax(gains(utilities, reservations).min(axis=1)))


def utilitarian(utilities: np.ndarray, reservations: np.ndarray) -> int | None:
    """Utilitarian: maximise the sum of utilities (reservations play no part)."""
    del reservations
    if utilities.shape[0] == 0:
        return None
    return int(np.argmax(utilities.sum(axis=1)))
