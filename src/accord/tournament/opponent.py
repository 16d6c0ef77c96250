"""How good an agent's model of its opponent is at the end of a negotiation.

An agent that learns its opponent's preferences says so by having the method of
:class:`accord.agents.base.ModelsOpponent`:

    estimated_opponent_utilities(indices: np.ndarray, opponent: str | None = None)

returning its estimate of an opponent's utility of each outcome index in ``indices``
(any scale: only the order and the linear fit are judged). The tournament calls it once
the talks have ended and compares the estimate with the truth by Kendall's tau-b (is
the order right?) and Pearson's correlation (is the shape right?). In bilateral talks
the truth is the opponent's utility (``opponent`` names it); in multilateral talks it is
the mean utility of the other parties (``opponent`` is ``None``, which asks the agent for
its average estimate). Agents without the method get ``nan``.

On large outcome spaces both are computed on a seeded sample of outcomes (at most
:data:`SAMPLE` of them) so that judging a model never costs more than the talks.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

SAMPLE = 1000
"""Most outcomes compared (tau is quadratic in their number)."""


@runtime_checkable
class OpponentModel(Protocol):
    """An agent that estimates its opponents' utilities (the shape of
    :class:`accord.agents.base.ModelsOpponent`, checked structurally)."""

    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        """The estimated utility, for ``opponent`` (or the others on average), of each
        outcome index in ``indices``."""
        ...


def kendall_tau(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b of two equally long vectors (``nan`` if either is constant)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = x.size
    if n < 2:
        return float("nan")
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    pairs = n * (n - 1) / 2
    score = float((sx * sy).sum()) / 2
    tied_x = (np.count_nonzero(sx == 0) - n) / 2
    tied_y = (np.count_nonzero(sy == 0) - n) / 2
    denominator = np.sqrt((pairs - tied_x) * (pairs - tied_y))
    return float(score / denominator) if denominator > 0 else float("nan")


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's correlation of two equally long vectors (``nan`` if either is constant)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size < 2:
        return float("nan")
    dx = x - x.mean()
    dy = y - y.mean()
    denominator = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denominator) if denominator > 0 else float("nan")


def sample_outcomes(size: int, rng: np.random.Generator, most: int = SAMPLE) -> np.ndarray:
    """Every outcome index, or ``most`` of them drawn without replacement (sorted)."""
    if size <= most:
        return np.arange(size, dtype=np.int64)
    return np.sort(rng.choice(size, size=most, replace=False)).astype(np.int64)


def model_quality(
    model: object, truth: np.ndarray, rng: np.random.Generator, opponent: str | None = None
) -> tuple[float, float]:
    """``(tau, pearson)`` of ``model``'s estimate for ``opponent`` against ``truth`` (that
    opponent's utility of every outcome, or the others' mean when ``opponent`` is
    ``None``); ``(nan, nan)`` if ``model`` has no estimate, fails to give one, or gives
    one of the wrong shape or with non-finite values."""
    if not isinstance(model, OpponentModel):
        return (float("nan"), float("nan"))
    outcomes = sample_outcomes(truth.size, rng)
    try:
        raw = model.estimated_opponent_utilities(outcomes, opponent)
    except Exception:  # a model that cannot answer is judged as no model
        return (float("nan"), float("nan"))
    estimate = np.asarray(raw, dtype=float)
    if estimate.shape != outcomes.shape or not np.all(np.isfinite(estimate)):
        return (float("nan"), float("nan"))
    actual = np.asarray(truth, dtype=float)[outcomes]
    return (kendall_tau(estimate, actual), pearson(estimate, actual))
