"""Opponent-model quality: Kendall's tau-b and Pearson's r against brute-force oracles."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.tournament.opponent import (
    OpponentModel,
    kendall_tau,
    model_quality,
    pearson,
    sample_outcomes,
)

VALUES = st.sampled_from([0.0, 0.1, 0.3, 0.6, 0.25, 1.0, 0.5, 0.75])


def tau_oracle(x: list[float], y: list[float]) -> float:
    """Kendall's tau-b by counting pairs, from the definition."""
    concordant = discordant = tied_x = tied_y = 0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0:
                tied_x += 1
            if dy == 0:
                tied_y += 1
            if dx * dy > 0:
                concordant += 1
            elif dx * dy < 0:
                discordant += 1
    pairs = n * (n - 1) / 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    return (concordant - discordant) / denominator if denominator else math.nan


def pearson_oracle(x: list[float], y: list[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else math.nan


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, abs_tol=1e-9)


@settings(deadline=None, max_examples=150)
@given(
    st.integers(2, 25).flatmap(
        lambda n: st.tuples(
            st.lists(VALUES, min_size=n, max_size=n), st.lists(VALUES, min_size=n, max_size=n)
        )
    )
)
def test_tau_and_pearson_match_the_definitions(pair: tuple[list[float], list[float]]) -> None:
    x, y = pair
    assert close(kendall_tau(np.array(x), np.array(y)), tau_oracle(x, y))
    assert close(pearson(np.array(x), np.array(y)), pearson_oracle(x, y))


def test_a_constant_or_single_vector_has_no_correlation() -> None:
    assert math.isnan(kendall_tau(np.array([0.3, 0.3]), np.array([0.1, 0.6])))
    assert math.isnan(pearson(np.array([0.3]), np.array([0.1])))


class Perfect:
    def __init__(self, truth: np.ndarray) -> None:
        self.truth = truth

    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        return self.truth[indices] * 4 + 1  # a linear rescaling keeps both at 1


class Reversed(Perfect):
    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        return -self.truth[indices]


class Broken(Perfect):
    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        return np.ones(3)


class Failing(Perfect):
    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        raise RuntimeError("no model yet")


def test_model_quality_of_perfect_reversed_broken_and_absent_models() -> None:
    truth = np.array([0.1, 0.3, 0.6, 0.3, 1.0, 0.0, 0.25])
    rng = np.random.default_rng(1)
    assert isinstance(Perfect(truth), OpponentModel)
    assert model_quality(Perfect(truth), truth, rng) == (1.0, 1.0)
    tau, r = model_quality(Reversed(truth), truth, rng)
    assert tau == -1.0 and math.isclose(r, -1.0)
    assert all(math.isnan(v) for v in model_quality(Broken(truth), truth, rng))
    assert all(math.isnan(v) for v in model_quality(Failing(truth), truth, rng))
    assert all(math.isnan(v) for v in model_quality(object(), truth, rng))


def test_large_spaces_are_sampled_reproducibly() -> None:
    first = sample_outcomes(50_000, np.random.default_rng(3), most=100)
    again = sample_outcomes(50_000, np.random.default_rng(3), most=100)
    assert np.array_equal(first, again)
    assert first.size == np.unique(first).size == 100
    assert np.array_equal(sample_outcomes(7, np.random.default_rng(3)), np.arange(7))
