"""How good the copilot's numbers are: calibration of forecasts, accuracy of the model.

* :func:`brier`: mean squared difference between forecast probabilities and what happened.
* :func:`calibration_error`: expected calibration error over equal-width bins
  (Naeini et al. 2015): the bins' share-weighted gap between mean forecast and
  observed frequency.
* :func:`kendall_tau` (tau-b, ties counted as in Kendall 1945) and
  :func:`pearson` between the posterior mean utility and the true utility.
"""

from __future__ import annotations

import numpy as np

BINS = 10
"""Bins of the expected calibration error."""
PAIRS_CHUNK = 512
"""Rows of the pairwise comparison computed at once in :func:`kendall_tau`."""


def brier(forecast: np.ndarray, happened: np.ndarray) -> float:
    """Brier score: ``mean((p - y) ** 2)``; ``nan`` without forecasts."""
    p, y = np.asarray(forecast, float), np.asarray(happened, float)
    return float(np.mean(np.square(p - y))) if p.size else float("nan")


def calibration_error(forecast: np.ndarray, happened: np.ndarray, bins: int = BINS) -> float:
    """Expected calibration error over ``bins`` equal-width bins of ``[0, 1]``."""
    p, y = np.asarray(forecast, float), np.asarray(happened, float)
    if not p.size:
        return float("nan")
    which = np.minimum((p * bins).astype(int), bins - 1)
    count = np.bincount(which, minlength=bins)
    mean_p = np.bincount(which, weights=p, minlength=bins)
    mean_y = np.bincount(which, weights=y, minlength=bins)
    used = count > 0
    gap = np.abs(mean_p[used] - mean_y[used]) / count[used]
    return float((count[used] * gap).sum() / p.size)


def kendall_tau(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b between two score vectors (``nan`` if either is constant)."""
    a, b = np.asarray(x, float), np.asarray(y, float)
    concordant = discordant = ties_a = ties_b = 0.0
    for start in range(0, a.size, PAIRS_CHUNK):
        stop = min(start + PAIRS_CHUNK, a.size)
        da = np.sign(a[start:stop, None] - a[None, :])
        db = np.sign(b[start:stop, None] - b[None, :])
        upper = np.arange(start, stop)[:, None] < np.arange(a.size)[None, :]
        prod = (da * db)[upper]
        concordant += float((prod > 0).sum())
        discordant += float((prod < 0).sum())
        ties_a += float(((da == 0) & (db != 0))[upper].sum())
        ties_b += float(((db == 0) & (da != 0))[upper].sum())
    n_a = concordant + discordant + ties_b  # pairs not tied in x
    n_b = concordant + discordant + ties_a  # pairs not tied in y
    if n_a == 0 or n_b == 0:
        return float("nan")
    return float((concordant - discordant) / np.sqrt(n_a * n_b))


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's correlation (``nan`` if either vector is constant)."""
    a, b = np.asarray(x, float), np.asarray(y, float)
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    da, db = a - a.mean(), b - b.mean()
    norm = float(np.sqrt(np.square(da).sum() * np.square(db).sum()))
    return float((da * db).sum() / norm) if norm > 0 else float("nan")
