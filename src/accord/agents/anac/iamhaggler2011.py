"""IAMhaggler2011 (Williams, Robu, Gerding & Jennings 2012), third at ANAC 2011.

The agent predicts the opponent's future concession with a Gaussian process
and aims for the agreement it expects to be best. Time is cut into 36 slots;
at the end of each slot it records the best utility (for itself) the opponent
offered in it. It fits a Gaussian process (Matérn 3/2 plus noise) to those
points, taken relative to the line from the first slot's value to 0.9 at
``t = 1``, and predicts the mean and variance at 101 times ``0, 0.01, ..., 1``.

For every future time ``t_j`` and each of 100 utility levels ``u_i`` it then
scores the chance that the opponent offers at least ``u_i`` (the normal tail,
rescaled over the levels) times ``u_i^3 d^(t_j)`` (risk parameter 3, ``d``
the discount factor). The best time ``t*`` is the one with the largest total
score; the best utility ``u*`` the level with the largest cumulative score at
``t*``. The target moves on the straight line from the previous target
towards ``(t*, u*)``. In the first slot the target is ``1 - t / 2``.

It bids a random outcome within ``0.025`` of the target, or the opponent's best
offer when the target has just fallen to it. It accepts an offer worth at
least ``1 / 1.02`` of its last or planned bid, or at least ``0.9 / 1.02``.

The original averaged over hyperparameter samples (Bayesian Monte Carlo). Here
scikit-learn's ``GaussianProcessRegressor`` fits the length and output scales
by maximum likelihood within a factor ``e`` of the original priors' means
(0.252 and 0.166), with the noise fixed at 0.01.
"""

from __future__ import annotations

import math
import warnings
from types import MappingProxyType
from typing import Any

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import TOLERANCE, Acceptance
from accord.agents.components.boa import ComponentAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Offering

SLOTS = 36
RISK = 3.0
ACCEPT_MULTIPLIER = 1.02
MAXIMUM_ASPIRATION = 0.9
LEVELS = 100
TIMES = 100
BAND = 0.025
LENGTH_SCALE = 0.252
OUTPUT_SCALE = 0.166
NOISE = 0.01

UTILITY_SAMPLES = 1.0 - (np.arange(LEVELS) + 0.5) / (LEVELS + 1.0)
"""The 100 utility levels, from just under 1 down."""
TIME_SAMPLES = np.arange(TIMES + 1) / TIMES
"""The 101 times ``0, 0.01, ..., 1``."""


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function, clipped at +-6 as the original (SciPy comes with scikit-learn)."""
    from scipy.special import erf

    return np.asarray(erf(np.clip(x, -6.0, 6.0)), dtype=float)


def regressor() -> Any:
    """A Gaussian-process regressor with IAMhaggler2011's kernel (needs scikit-learn)."""
    try:
        from sklearn.gaussian_process import GaussianProcessRegressor
        from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError(
            "IAMhaggler2011 predicts with a Gaussian process and needs scikit-learn: "
            "pip install 'accord[agents]'"
        ) from error
    kernel = ConstantKernel(
        OUTPUT_SCALE**2, (OUTPUT_SCALE**2 / math.e**2, OUTPUT_SCALE**2 * math.e**2)
    ) * Matern(LENGTH_SCALE, (LENGTH_SCALE / math.e, LENGTH_SCALE * math.e), nu=1.5) + (
        WhiteKernel(NOISE**2, "fixed")
    )
    return GaussianProcessRegressor(kernel, optimizer="fmin_l_bfgs_b", n_restarts_optimizer=0)


def accept_matrices(
    means: np.ndarray, variances: np.ndarray, time: float
) -> tuple[np.ndarray, np.ndarray]:
    """Chance of an offer at each utility level (rows) and future time (columns).

    Returns ``(probability, cumulative)``: the chance the opponent's offer falls
    in the level's band, and that it reaches the level, both rescaled by the
    chance over the whole range of levels. Times up to ``time`` are zero.
    """
    shape = (LEVELS, TIME_SAMPLES.size)
    probability, cumulative = np.zeros(shape), np.zeros(shape)
    future = time < TIME_SAMPLES
    s = np.sqrt(2 * np.maximum(variances[future], 1e-300))
    m = means[future]
    half = 1.0 / LEVELS / 2

    def tail(u: np.ndarray | float) -> np.ndarray:
        return 1.0 - 0.5 * (1 + _erf((np.asarray(u)[..., None] - m) / s))

    low, high = tail(UTILITY_SAMPLES[0] + half), tail(UTILITY_SAMPLES[-1] - half)
    span = np.where(high - low == 0, np.inf, high - low)
    cumulative[:, future] = (tail(UTILITY_SAMPLES) - low) / span
    probability[:, future] = (tail(UTILITY_SAMPLES - half) - tail(UTILITY_SAMPLES + half)) / span
    return probability, cumulative


def payoff(discount: float) -> np.ndarray:
    """``u^3 d^t`` for each utility level (rows) and time (columns)."""
    return (UTILITY_SAMPLES**RISK)[:, None] * (discount**TIME_SAMPLES)[None, :]


def best_agreement(
    means: np.ndarray, variances: np.ndarray, time: float, discount: float
) -> tuple[float, float]:
    """The expected best agreement ``(t*, u*)`` after ``time``."""
    probability, cumulative = accept_matrices(means, variances, time)
    weights = payoff(discount)
    first = int(np.searchsorted(TIME_SAMPLES, time, side="right"))
    if first >= TIME_SAMPLES.size:
        return 1.0, float(UTILITY_SAMPLES[0])
    sums = (probability * weights)[:, first:].sum(axis=0)
    column = int(sums.size - 1 - np.argmax(sums[::-1]))  # the last of equal best columns
    if sums[column] < 0:
        column = 0
    scores = (cumulative * weights)[:, first + column]
    row = int(np.argmax(scores)) if scores.max() > 0 else 0
    return float(TIME_SAMPLES[first + column]), float(UTILITY_SAMPLES[row])


class HagglerTarget:
    """The slot record, the regression and the target line."""

    def __init__(self, discount: float) -> None:
        self.discount = discount
        self.slot = -1
        self.slot_best = 0.0
        self.times: list[float] = []
        self.utilities: list[float] = []
        self.means: np.ndarray | None = None
        self.variances: np.ndarray | None = None
        self.last_time = 0.0
        self.last_utility = 1.0
        self.best: tuple[float, float] | None = None

    def record(self, utility: float, time: float) -> bool:
        """Note an offer; close the previous slot if a new one began. Refit needed?"""
        slot = math.floor(time * SLOTS)
        refit = self.slot == -1
        if slot != self.slot:
            if self.slot != -1:
                self.times.append((self.slot + 0.5) / SLOTS)
                self.utilities.append(self.slot_best)
                refit = True
            self.slot, self.slot_best = slot, 0.0
        self.slot_best = max(self.slot_best, utility)
        return refit

    def fit(self) -> None:
        """Fit the process to the slot maxima, relative to the line from the first to 0.9."""
        x = np.asarray(self.times)
        y = np.asarray(self.utilities)
        intercept = y[0]
        gradient = MAXIMUM_ASPIRATION - intercept
        gp = regressor()
        with warnings.catch_warnings():  # hyperparameters at their bounds are expected
            warnings.simplefilter("ignore")
            gp.fit(x[:, None], y - (intercept + gradient * x))
        mean, std = gp.predict(TIME_SAMPLES[:, None], return_std=True)
        self.means = mean + intercept + gradient * TIME_SAMPLES
        self.variances = std**2

    def target(self, utility: float, time: float) -> float:
        """The target utility after an offer worth ``utility`` at ``time``."""
        refit = self.record(utility, time)
        if self.slot == 0 or not self.utilities:
            return 1.0 - time / 2.0
        if refit or self.means is None:
            self.fit()
        assert self.means is not None and self.variances is not None
        self.best = best_time, best_utility = best_agreement(
            self.means, self.variances, time, self.discount
        )
        if best_time == self.last_time:
            value = best_utility
        else:
            value = self.last_utility + (time - self.last_time) * (
                best_utility - self.last_utility
            ) / (best_time - self.last_time)
        self.last_utility, self.last_time = value, time
        return value


class HagglerOffering(Offering):
    """The best bid first, then a random bid near the target (planned while answering)."""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.outcomes = np.flatnonzero(view.acceptable)
        self.worth = view.utilities[self.outcomes]
        d = view.preferences.discount
        self.haggler = HagglerTarget(d if 0.0 < d <= 1.0 else 1.0)
        self.best_received: int | None = None
        self.max_received = 0.0
        self.previous_target = 1.0
        self.pending: int | None = None
        self.last: int | None = None

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        if not self.outcomes.size:
            return None
        if self.pending is not None:
            return self.pending
        if self.last is None:
            return int(self.outcomes[int(np.argmax(self.worth))])
        return self.last

    def propose(self, offer: int, time: float) -> int:
        """The bid to answer ``offer`` with (the original's ``proposeNextBid``)."""
        utility = float(self.view.utilities[offer])
        if utility > self.max_received and self.view.is_acceptable(offer):
            self.best_received, self.max_received = offer, utility
        target = self.haggler.target(utility, time)
        if (
            self.best_received is not None
            and target <= self.max_received
            and self.previous_target > self.max_received
        ):
            return self.best_received
        self.previous_target = target
        return self.random_between(target - BAND, target + BAND)

    def random_between(self, low: float, high: float) -> int:
        """A random acceptable bid in ``[low, high]``, widening up (or down past 1)."""
        worth = self.worth
        top = float(worth.max())
        while high < 1 and high < top + 0.01:
            found = self.outcomes[(worth >= low - TOLERANCE) & (worth <= high + TOLERANCE)]
            if found.size:
                return int(found[self.rng.integers(found.size)])
            high += 0.01
        while True:
            found = self.outcomes[worth >= low - TOLERANCE]
            if found.size:
                return int(found[self.rng.integers(found.size)])
            low -= 0.01

    def sent(self, outcome: int) -> None:
        self.last, self.pending = outcome, None


class HagglerAcceptance(Acceptance):
    """``1.02 u(offer)`` at least the last bid, 0.9, or the planned bid."""

    needs_plan = False

    def __init__(self, offering: HagglerOffering) -> None:
        self.offering = offering

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        o = self.offering
        if o.last is None or not o.outcomes.size:
            return False
        scaled = float(view.utilities[offer]) * ACCEPT_MULTIPLIER
        if scaled >= view.utilities[o.last] - TOLERANCE or scaled >= MAXIMUM_ASPIRATION:
            return True
        o.pending = o.propose(offer, state.relative_time)
        return scaled >= view.utilities[o.pending] - TOLERANCE


class IAMhaggler2011(ComponentAgent):
    """ANAC 2011, third: Gaussian-process prediction of the opponent's concession."""

    name = "iamhaggler2011"
    stochastic = True
    source = (
        "C. R. Williams, V. Robu, E. H. Gerding, N. R. Jennings. Using Gaussian processes to "
        "optimise concession in complex negotiations against unknown opponents. IJCAI 2011, "
        "pp. 432-438; IAMhaggler2011 in Complex Automated Negotiations: Theories, Models, and "
        "Software Competitions, Springer SCI 435, pp. 199-204, 2013 (ANAC 2011, 3rd place)."
    )
    parameters = MappingProxyType(
        {
            "time_slots": SLOTS,
            "RISK_PARAMETER": RISK,
            "MAXIMUM_ASPIRATION": MAXIMUM_ASPIRATION,
            "acceptMultiplier": ACCEPT_MULTIPLIER,
            "utility_samples": LEVELS,
            "time_samples": TIMES + 1,
            "bid_band": BAND,
            "kernel": "Matern(nu=1.5) + noise",
            "length_scale_prior_mean": LENGTH_SCALE,
            "output_scale_prior_mean": OUTPUT_SCALE,
            "noise": NOISE,
        }
    )

    def build(self) -> tuple[Offering, Acceptance]:
        regressor()  # fail early, with a clear message, if scikit-learn is missing
        self.haggler = HagglerOffering(self.view, self.rng)
        return self.haggler, HagglerAcceptance(self.haggler)
