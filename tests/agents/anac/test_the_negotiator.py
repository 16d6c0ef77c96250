"""TheNegotiator: its phases, thresholds, moves-left estimate and bids; the contract."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.anac.the_negotiator import (
    TheNegotiator,
    TheNegotiatorOffering,
    TheNegotiatorTime,
)
from accord.agents.base import Response
from accord.agents.components.memory import Memory
from agents.contract import AgentContract, play, seller_view

LADDER = np.linspace(1.0, 0.0, 11)
"""Eleven bids worth 1.0, 0.9, ..., 0.0."""


class TestTheNegotiator(AgentContract):
    agent = TheNegotiator

    def test_thresholds_fall_linearly_in_three_phases(self) -> None:
        time = TheNegotiatorTime(LADDER, 1.0)
        assert time.threshold(0.0) == pytest.approx(1.0)
        assert time.threshold(70 / 180) == pytest.approx(1 - 0.5 / 8)
        assert time.threshold(140 / 180) == pytest.approx(1 - 1 / 8)
        assert time.threshold(157.5 / 180) == pytest.approx(1 - 2 / 8)
        assert time.threshold(175 / 180) == pytest.approx(1 - 3 / 8)
        assert time.threshold(1.0) == pytest.approx(0.0)
        assert [time.phase(t) for t in (0.5, 0.8, 0.98)] == [1, 2, 3]

    def test_discounted_phases_are_sized_by_the_bids_in_three_bands(self) -> None:
        # d = 0.5: the top is the threshold at t = 0.5, 1 - 0.5 / (140/180) / 8 = 0.91964.
        # Bands of (0.91964 - 0) / 3 = 0.30655: 0.7-0.9 (3 bids), 0.4-0.6 (3), 0.0-0.3 (4),
        # so phases end at 0.5 + 0.3 * 0.5 = 0.65, then last 0.15 and 0.2; the thresholds
        # at their ends are the last bid of each band: 0.8 and 0.5, then 0.
        time = TheNegotiatorTime(LADDER, 0.5)
        top = 1 - 0.5 / (140 / 180) / 8
        assert time.thresholds2 == pytest.approx((top, 0.8, 0.5, 0.0))
        assert time.phases2 == pytest.approx((0.65, 0.15, 0.2))
        assert time.threshold(0.575) == pytest.approx(top - 0.5 * (top - 0.8))
        assert time.threshold(0.725) == pytest.approx(0.8 - 0.5 * 0.3)
        assert time.threshold(0.9) == pytest.approx(0.5 - 0.5 * 0.5)

    def test_moves_left_counts_three_queries_a_turn(self) -> None:
        # Deadline 180: phase 3 from round 176. Each turn queries the phase three times;
        # only the first query of a turn sees time move (1/180). The nine lapses are
        # averaged over 15 places, so with 2 rounds left the estimate is about 10 moves
        # (9 in floating point, as in the original): the rush starts 5 rounds early.
        time = TheNegotiatorTime(LADDER, 1.0)
        for r in (175, 176, 177, 178):
            for _ in range(3):
                time.phase(r / 180)
        lapses = list(time.lapses)
        assert lapses == pytest.approx([1 / 180, 0, 0, 1 / 180, 0, 0, 1 / 180, 0, 0])
        mean = sum(lapses) / 15
        assert time.moves_left(178 / 180) == int(np.floor((1 - 178 / 180) / mean)) == 9

    def test_upper_bound_and_band_bids(self) -> None:
        offering = TheNegotiatorOffering(seller_view(), np.random.default_rng(0))
        # Bids 1.0 .. 0.3 (reservation 0.3); above 0.55: 1.0 .. 0.6, the last at index 4;
        # 4 - ceil(0.8) = 3: the upper bound is 0.7.
        assert offering.upper_bound(0.55) == pytest.approx(0.7)
        bids = {offering.between(0.55, 0.7) for _ in range(200)}
        # uB = 3 bids above 0.7 -> shifted to 4; lB = 5 -> 4: always position 4 (0.6).
        assert bids == {6}
        assert offering.between(1.5, 2.0) == 10  # nothing: the best bid

    def test_accepts_at_its_threshold_and_rushes_at_the_end(self) -> None:
        agent = TheNegotiator(seller_view(deadline=180), np.random.default_rng(0))
        assert play(agent, [10], deadline=180)[0][0] is Response.ACCEPT
        late = TheNegotiator(seller_view(deadline=180), np.random.default_rng(0))
        moves = play(late, [3] * 180, deadline=180)
        accepted = [k + 1 for k, (response, _) in enumerate(moves) if response is Response.ACCEPT]
        assert accepted and accepted[0] > 175  # only in phase 3, when few moves are left

    def test_later_phases_offer_back_the_opponents_good_offers(self) -> None:
        offering = TheNegotiatorOffering(seller_view(), np.random.default_rng(0))
        memory = Memory("seller")
        memory.received = [9, 4]
        assert offering.bid(2, 0.85, memory) == 9


@settings(max_examples=60, deadline=None)
@given(
    utilities=st.lists(st.integers(0, 1000), min_size=2, max_size=30),
    t=st.floats(0.0, 1.0),
)
def test_undiscounted_threshold_matches_a_piecewise_oracle(utilities: list[int], t: float) -> None:
    ladder = np.array(sorted((u / 1000 for u in utilities), reverse=True))
    top, low = float(ladder[0]), float(ladder[-1])
    span = top - low
    levels = [top, top - span / 8, top - 3 * span / 8, low]
    ends = [0.0, 140 / 180, 175 / 180, 1.0]
    k = 0 if t <= ends[1] else 1 if t <= ends[2] else 2
    share = (t - ends[k]) / (ends[k + 1] - ends[k])
    expected = levels[k] - share * (levels[k] - levels[k + 1])
    assert TheNegotiatorTime(ladder, 1.0).threshold(t) == pytest.approx(expected, abs=1e-9)
