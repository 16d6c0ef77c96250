"""IAMhaggler2011: the slots, the Gaussian process, the best agreement and the target line."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.anac.iamhaggler2011 import (
    HagglerOffering,
    HagglerTarget,
    IAMhaggler2011,
    best_agreement,
)
from accord.agents.base import NegotiationState, Response
from agents.contract import AgentContract, play, seller_view


def oracle_best(means: list[float], variances: list[float], time: float, d: float) -> tuple:
    """Best agreement by loops, from the description (100 levels, 101 times, u^3 d^t)."""
    levels = [1 - (i + 0.5) / 101 for i in range(100)]
    times = [j / 100 for j in range(101)]
    half = 0.005

    def tail(u: float, m: float, s: float) -> float:
        return 1 - 0.5 * (1 + math.erf(max(-6.0, min(6.0, (u - m) / s))))

    best_col, best_sum, columns = 0, 0.0, {}
    future = [j for j, t in enumerate(times) if t > time]
    for j in future:
        m, s = means[j], math.sqrt(2 * variances[j])
        low, high = tail(levels[0] + half, m, s), tail(levels[-1] - half, m, s)
        probability = [(tail(u - half, m, s) - tail(u + half, m, s)) / (high - low) for u in levels]
        cumulative = [(tail(u, m, s) - low) / (high - low) for u in levels]
        weight = [u**3 * d ** times[j] for u in levels]
        total = sum(p * w for p, w in zip(probability, weight, strict=True))
        columns[j] = [c * w for c, w in zip(cumulative, weight, strict=True)]
        if total >= best_sum:
            best_sum, best_col = total, j
    scores = columns[best_col]
    best_row, best_value = 0, 0.0
    for i, value in enumerate(scores):
        if value > best_value:
            best_row, best_value = i, value
    return times[best_col], levels[best_row]


@settings(max_examples=25, deadline=None)
@given(
    start=st.sampled_from([0.3, 0.45, 0.6]),
    slope=st.sampled_from([0.0, 0.1, 0.3, 0.5]),
    spread=st.sampled_from([0.0001, 0.01, 0.04]),
    time=st.sampled_from([0.1, 0.35, 0.6, 0.9]),
    discount=st.sampled_from([1.0, 0.6]),
)
def test_best_agreement_matches_the_loop_oracle(
    start: float, slope: float, spread: float, time: float, discount: float
) -> None:
    grid = np.arange(101) / 100
    means = start + slope * grid
    variances = spread * (1 + grid)
    got = best_agreement(means, variances, time, discount)
    expected = oracle_best(means.tolist(), variances.tolist(), time, discount)
    assert got == pytest.approx(expected)


def test_first_slot_target_is_one_minus_half_the_time() -> None:
    target = HagglerTarget(1.0)
    assert target.target(0.2, 0.01) == pytest.approx(0.995)
    assert target.target(0.4, 0.02) == pytest.approx(0.99)
    assert target.slot_best == 0.4 and not target.utilities


def test_slots_record_their_best_offer_at_their_midpoint() -> None:
    target = HagglerTarget(1.0)
    target.record(0.2, 0.01)
    target.record(0.3, 0.02)
    assert target.record(0.25, 1.5 / 36)  # a new slot: refit
    assert not target.record(0.1, 1.6 / 36)
    assert target.times == [0.5 / 36] and target.utilities == [0.3]
    assert target.record(0.5, 3.2 / 36)  # slot 2 is skipped: nothing recorded for it
    assert target.times == pytest.approx([0.5 / 36, 1.5 / 36])
    assert target.utilities == [0.3, 0.25]


def test_the_gaussian_process_follows_the_observed_concession() -> None:
    target = HagglerTarget(1.0)
    for slot in range(12):
        target.record(0.3 + 0.01 * slot, (slot + 0.2) / 36)
    target.fit()
    assert target.means is not None and target.variances is not None
    observed = (np.arange(11) + 0.5) / 36
    predicted = np.interp(observed, np.arange(101) / 100, target.means)
    assert predicted == pytest.approx(0.3 + 0.01 * np.arange(11), abs=0.02)
    assert target.variances[100] > target.variances[10]  # less sure far from the data


def test_target_moves_on_the_line_towards_the_best_agreement() -> None:
    target = HagglerTarget(1.0)
    target.target(0.3, 0.01)
    target.target(0.35, 0.04)  # slot 1: first fit
    assert target.best is not None
    best_time, best_utility = target.best
    assert target.last_utility == pytest.approx(1 + 0.04 * (best_utility - 1) / best_time)
    before_u, before_t = target.last_utility, target.last_time
    value = target.target(0.36, 0.05)
    assert target.best is not None
    best_time, best_utility = target.best
    assert value == pytest.approx(
        before_u + (0.05 - before_t) * (best_utility - before_u) / (best_time - before_t)
    )


def offering() -> HagglerOffering:
    return HagglerOffering(seller_view(deadline=100), np.random.default_rng(0))


def test_random_bid_within_the_band_widening_upwards() -> None:
    o = offering()
    assert o.random_between(0.475, 0.525) == 5  # 0.5 is the only price in the band
    assert o.random_between(0.41, 0.42) == 5  # widened by 0.01 steps up to 0.5
    assert o.random_between(1.2, 1.3) == 10  # nothing that high: lowered to the best


def test_offers_the_best_received_when_the_target_falls_to_it() -> None:
    o = offering()
    o.haggler.target = lambda utility, time: 0.55  # type: ignore[method-assign]
    assert o.propose(6, 0.5) == 6  # worth 0.6 >= target, previous target 1 above it
    assert o.propose(6, 0.51) in (5, 6)  # now a random bid near 0.55


class TestIAMhaggler2011(AgentContract):
    agent = IAMhaggler2011

    def test_opens_with_its_best_bid_then_accepts_by_the_multiplier(self) -> None:
        agent = IAMhaggler2011(seller_view(deadline=100), np.random.default_rng(0))
        moves = play(agent, [0, 9], deadline=100)
        assert moves[0] == (Response.REJECT, 10)
        # 0.9 * 1.02 >= 0.9: accepted (MAXIMUM_ASPIRATION).
        assert moves[1][0] is Response.ACCEPT

    def test_accepts_at_least_its_last_bid_over_1_02(self) -> None:
        agent = IAMhaggler2011(seller_view(deadline=100), np.random.default_rng(0))
        agent.haggler.last = 8  # worth 0.8; 0.8 / 1.02 = 0.784
        assert agent.acceptance.accepts(agent.view, _state(), 8, None, agent.memory)
        assert not agent.acceptance.accepts(agent.view, _state(), 7, None, agent.memory)


def _state() -> NegotiationState:
    return NegotiationState(50, 0.5, 100)
