"""AgentK: its formulas against an oracle written from the paper, and the agent contract."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.anac.agentk import AgentK, AgentKOffering, AgentKState
from accord.agents.components.memory import Memory
from agents.contract import AgentContract, play, seller_view


def oracle(utilities: list[float], t: float, draw: float) -> tuple[float, float, float]:
    """Target, bid target and acceptance probability after the offers, from the paper."""
    mean = sum(utilities) / len(utilities)
    variance = sum(u * u for u in utilities) / len(utilities) - mean**2
    d = math.sqrt(12 * variance) if variance > 0 else 0.0
    emax = mean + (1 - mean) * d
    alpha = 1 + 2 + 10 * mean - 4 * mean
    beta = alpha + 2 * draw - 1

    def target(exponent: float) -> float:
        pre = 1 - t**exponent * (1 - emax)
        ratio = 2.0 if pre == 1 else min((d + 0.1) / (1 - pre), 2.0)
        value = ratio * pre + 1 - ratio
        if value <= emax:
            return emax
        m = 400 - 300 * t
        r = value - emax
        return value - r * min(1 / r**2, m) / m

    goal = target(alpha)
    u = utilities[-1]
    p = t**alpha / 5 + (u - emax) + (u - goal)
    return goal, target(beta), 0.0 if p < 0.1 else p


class TestAgentK(AgentContract):
    agent = AgentK

    def test_hand_worked_first_offer(self) -> None:
        # u = 0.6 at t = 0.5: mean 0.6, no spread, emax 0.6, alpha = 1 + 2 + 6 - 2.4 = 6.6;
        # pre = 1 - 0.5^6.6 * 0.4 = 0.99588; the ratio 0.1 / 0.00412 is capped at 2, so the
        # target is 2 * 0.99588 - 1 = 0.99175; m = 250, r = 0.39175, f = 1 / r^2 = 6.516,
        # pulled back by r f / m = 0.01021 to 0.98154. p = 0.002 + 0 - 0.38 < 0.1 -> 0.
        stats = AgentKState()
        p = stats.acceptance_probability(0.6, 6, 0.5, 0.5)
        assert stats.target == pytest.approx(0.98154, abs=1e-5)
        assert stats.bid_target == pytest.approx(stats.target)
        assert p == 0.0

    @settings(max_examples=60, deadline=None)
    @given(
        utilities=st.lists(st.sampled_from([0.1, 0.3, 0.6, 0.45, 0.9, 1.0]), min_size=1),
        t=st.floats(0.01, 1.0),
        draw=st.floats(0.0, 0.999),
    )
    def test_targets_match_the_oracle(self, utilities: list[float], t: float, draw: float) -> None:
        stats = AgentKState()
        for k, u in enumerate(utilities):
            p = stats.acceptance_probability(u, k, t, draw)
        target, bid_target, expected = oracle(utilities, t, draw)
        assert stats.target == pytest.approx(target)
        assert stats.bid_target == pytest.approx(bid_target)
        assert p == pytest.approx(expected)

    def test_opens_with_a_bid_worth_its_bid_target(self) -> None:
        agent = AgentK(seller_view(), np.random.default_rng(3))
        assert play(agent, [0])[0][1] in (10, 9)  # bid target 1 after an offer worth 0

    def test_offers_back_an_earlier_opponent_offer_above_its_target(self) -> None:
        view = seller_view()
        stats = AgentKState()
        stats.offered = {2: 0.2, 7: 0.7}
        stats.target = 0.5
        offering = AgentKOffering(view, np.random.default_rng(0), stats)
        assert offering.next(None, Memory("seller")) == 7  # type: ignore[arg-type]

    def test_lowers_its_bid_target_in_steps_of_a_hundredth_until_something_reaches_it(self) -> None:
        view = seller_view()
        stats = AgentKState()
        stats.bid_target = 1.055
        offering = AgentKOffering(view, np.random.default_rng(0), stats)
        assert offering.next(None, Memory("seller")) == 10  # type: ignore[arg-type]
        assert stats.bid_target == pytest.approx(0.995)
