"""How good the copilot's numbers are: calibration of forecasts, accuracy of the model.

* :func:`brier`: mean squared difference between forecast probabilities and what happened.
* :func:`calibration_error`: expected calibration error over equal-width bins
  (Naeini et al. 2015): the bins' share-weighted gap between mean forecast and
  observed frequency.
* :func:`kendall_tau` (tau-b, ties counted as in Kendall 1945) and
  :func:`pearson` between the posterior mean utility and the true utility.
* :class:`Platt` and :func:`fit_platt`: a post-hoc recalibration of forecasts
  (Platt 1999), ``p' = sigma(a * logit(p) + b)``, fitted by maximum likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass

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


CLIP = 1e-4
"""Forecasts are kept within ``[CLIP, 1 - CLIP]`` before taking logits."""


def logit(p: np.ndarray) -> np.ndarray:
    """``log(p / (1 - p))``, with ``p`` clipped to ``[CLIP, 1 - CLIP]``."""
    q = np.clip(np.asarray(p, float), CLIP, 1.0 - CLIP)
    return np.asarray(np.log(q) - np.log1p(-q))


@dataclass(frozen=True)
class Platt:
    """A monotone map of raw forecasts to calibrated ones: ``sigma(a * logit(p) + b)``."""

    a: float = 1.0
    b: float = 0.0

    def __call__(self, p: np.ndarray) -> np.ndarray:
        """The recalibrated forecasts (the identity for ``a = 1, b = 0``)."""
        if self.a == 1.0 and self.b == 0.0:
            return np.asarray(p, float)
        z = self.a * logit(p) + self.b
        return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)))


def fit_platt(forecast: np.ndarray, happened: np.ndarray, steps: int = 50) -> Platt:
    """The :class:`Platt` map that maximises the likelihood of ``happened`` (Newton's method,
    with a small ridge so that separable data stays finite)."""
    x = logit(forecast)
    y = np.asarray(happened, float)
    design = np.stack([x, np.ones_like(x)], axis=1)
    theta = np.array([1.0, 0.0])
    ridge = 1e-3 * np.eye(2)
    for _ in range(steps):
        p = 0.5 * (1.0 + np.tanh(0.5 * (design @ theta)))
        gradient = design.T @ (y - p) - ridge @ (theta - np.array([1.0, 0.0]))
        hessian = design.T @ (design * (p * (1.0 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        theta = theta + step
        if float(np.abs(step).max()) < 1e-10:
            break
    return Platt(float(theta[0]), float(theta[1]))
