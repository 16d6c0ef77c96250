"""The calibration and accuracy measures against brute-force definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.learning.calibration import (
    Platt,
    brier,
    calibration_error,
    fit_platt,
    kendall_tau,
    logit,
    pearson,
)

PROBS = st.lists(st.sampled_from([0.0, 0.1, 0.3, 0.35, 0.6, 0.95, 1.0]), min_size=1, max_size=40)


def _tau_b(x: list[float], y: list[float]) -> float:
    """Kendall's tau-b from its definition, one pair at a time."""
    c = d = tx = ty = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            a, b = x[i] - x[j], y[i] - y[j]
            if a == 0 and b == 0:
                continue
            if a == 0:
                tx += 1
            elif b == 0:
                ty += 1
            elif (a > 0) == (b > 0):
                c += 1
            else:
                d += 1
    denominator = math.sqrt((c + d + tx) * (c + d + ty))
    return (c - d) / denominator if denominator else math.nan


@settings(deadline=None, max_examples=60)
@given(PROBS, st.data())
def test_brier_and_ece_match_their_definitions(probs: list[float], data: st.DataObject) -> None:
    happened = data.draw(st.lists(st.booleans(), min_size=len(probs), max_size=len(probs)))
    assert brier(np.array(probs), np.array(happened)) == pytest.approx(
        sum((p - y) ** 2 for p, y in zip(probs, happened, strict=True)) / len(probs)
    )
    bins: dict[int, list[tuple[float, bool]]] = {}
    for p, y in zip(probs, happened, strict=True):
        bins.setdefault(min(int(p * 10), 9), []).append((p, y))
    expected = sum(
        len(b) / len(probs) * abs(sum(p for p, _ in b) / len(b) - sum(y for _, y in b) / len(b))
        for b in bins.values()
    )
    assert calibration_error(np.array(probs), np.array(happened)) == pytest.approx(expected)


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.1, 0.3, 0.6, 1.0, 0.45]), st.sampled_from([0.2, 0.3, 0.7, 0.9])
        ),
        min_size=2,
        max_size=30,
    )
)
def test_kendall_and_pearson_match_their_definitions(pairs: list[tuple[float, float]]) -> None:
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    want = _tau_b(x, y)
    got = kendall_tau(np.array(x), np.array(y))
    assert (math.isnan(want) and math.isnan(got)) or got == pytest.approx(want)
    if len(set(x)) > 1 and len(set(y)) > 1:
        assert pearson(np.array(x), np.array(y)) == pytest.approx(np.corrcoef(x, y)[0, 1])
    else:
        assert math.isnan(pearson(np.array(x), np.array(y)))


def test_a_perfect_forecast_scores_zero() -> None:
    happened = np.array([1, 0, 1, 1, 0])
    assert brier(happened.astype(float), happened) == 0.0
    assert calibration_error(happened.astype(float), happened) == 0.0
    assert kendall_tau(np.arange(5.0), np.arange(5.0) * 2) == 1.0


def _log_likelihood(platt: Platt, p: np.ndarray, y: np.ndarray) -> float:
    q = np.clip(platt(p), 1e-12, 1 - 1e-12)
    return float(np.sum(y * np.log(q) + (1 - y) * np.log1p(-q)))


@settings(deadline=None, max_examples=15)
@given(st.floats(0.5, 2.0), st.floats(-1.0, 1.0), st.integers(0, 2**31))
def test_platt_fit_beats_every_map_on_a_grid(a: float, b: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = np.round(rng.uniform(0.02, 0.98, 400), 4)  # forecasts as the payloads round them
    y = (rng.uniform(size=p.size) < Platt(a, b)(p)).astype(float)
    fitted = fit_platt(p, y)
    best = max(
        _log_likelihood(Platt(ga, gb), p, y)
        for ga in np.linspace(0.2, 3.0, 29)
        for gb in np.linspace(-2.0, 2.0, 41)
    )
    assert _log_likelihood(fitted, p, y) >= best - 0.05  # (a small ridge pulls it to 1, 0)


def test_platt_is_monotone_and_the_identity_by_default() -> None:
    p = np.array([0.001, 0.1, 0.35, 0.5, 0.8, 0.999])
    np.testing.assert_array_equal(Platt()(p), p)
    mapped = Platt(1.2, -0.4)(p)
    assert np.all(np.diff(mapped) > 0) and np.all((mapped > 0) & (mapped < 1))
    np.testing.assert_allclose(logit(Platt(1.0, 0.7)(p[1:-1])), logit(p[1:-1]) + 0.7)
