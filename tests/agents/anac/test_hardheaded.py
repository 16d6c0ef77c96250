"""HardHeaded: documented behaviour step by step, and the agent contract."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.anac.hardheaded import HardHeaded, HardHeadedOffering
from accord.agents.base import ModelsOpponent, Response
from agents.contract import AgentContract, play, seller_view
from agents.scripted import ScriptedAgent, price_scenario, versus


class TestHardHeaded(AgentContract):
    agent = HardHeaded

    def test_opens_with_its_best_bid_then_queues_the_bids_just_below_lowest_first(self) -> None:
        # Prices 0..250, worth price / 250 to the seller: ladder position k is worth
        # 1 - 0.004 k. Early on p(t) ~ 0.585 + 0.95 * 0.415 = 0.979. After its best bid
        # the agent takes the next bid below its last (0.996) and every bid less than 0.01
        # below that and above p (0.992, 0.988), and queues them in increasing utility
        # (as the original's sorted map yields them): 0.988, 0.992, 0.996. The next refill
        # starts below its last bid, 0.996: 0.992, 0.988, 0.984, queued 0.984 first.
        view = seller_view(price_scenario(size=251), deadline=1000)
        agent = HardHeaded(view, np.random.default_rng(0))
        moves = play(agent, [0] * 7, deadline=1000)
        assert [proposal for _, proposal in moves] == [250, 247, 248, 249, 246, 247, 248]
        assert all(response is Response.REJECT for response, _ in moves)

    def test_repeats_one_of_its_own_bids_when_the_next_falls_below_the_curve(self) -> None:
        # On 11 prices the next bid (0.9) is below p(t) ~ 0.98 for most of the talks,
        # so each refill repeats one of its earlier bids, drawn at random: here only 10.
        agent = HardHeaded(seller_view(deadline=10), np.random.default_rng(0))
        moves = play(agent, [0] * 4, deadline=10)
        offering = agent.offering
        assert isinstance(offering, HardHeadedOffering)
        assert offering.p(0.4) > 0.9
        assert [proposal for _, proposal in moves] == [10, 10, 10, 10]

    def test_offers_the_opponents_best_bid_when_it_beats_the_queue(self) -> None:
        # The buyer's first offer, price 249, is worth 0.996 to the seller: better than the
        # refilled queue's head (0.988), so the seller offers 249 first, and again after
        # the next refill (queue head 0.984).
        view = seller_view(price_scenario(size=251), deadline=1000)
        agent = HardHeaded(view, np.random.default_rng(0))
        moves = play(agent, [249, 0, 0, 0, 0, 0], deadline=1000)
        assert moves[0] == (Response.REJECT, 250)
        assert [proposal for _, proposal in moves] == [250, 249, 247, 248, 249, 249]

    def test_concession_curve_follows_its_formula(self) -> None:
        offering = HardHeadedOffering(seller_view(), np.random.default_rng(0), None)
        for t in (0.0, 0.3, 0.9, 0.97, 1.0):
            f = 0.05 + 0.95 * t**20
            assert offering.p(t) == pytest.approx(0.585 + (1 - f) * (1.0 - 0.585))

    def test_concession_curve_with_a_strong_discount_has_two_phases(self) -> None:
        offering = HardHeadedOffering(seller_view(), np.random.default_rng(0), None)
        offering.discount = 0.5
        raised = 0.585 + 0.415 * 0.5
        f = 0.05 + 0.95 * (0.25 / 0.5) ** (1 / 0.1)
        assert offering.p(0.25) == pytest.approx(raised + (1 - f) * (1 - raised))
        f = 0.05 + 0.95 * ((0.75 - 0.5) / 0.5) ** (1 / 30)
        assert offering.p(0.75) == pytest.approx(0.585 + (1 - f) * (raised - 0.585))

    def test_accepts_an_offer_better_than_its_lowest_bid_so_far(self) -> None:
        # It has offered 250 then 247 (0.988); 249 (0.996) is below its next bid in the
        # queue (248? no: 0.992 < 0.996) -- it beats the lowest bid so far either way.
        view = seller_view(price_scenario(size=251), deadline=1000)
        agent = HardHeaded(view, np.random.default_rng(0))
        moves = play(agent, [0, 0, 246, 249], deadline=1000)
        assert moves[:2] == [(Response.REJECT, 250), (Response.REJECT, 247)]
        # 246 (0.984) is below both the lowest bid so far and the next bid (248).
        assert moves[2] == (Response.REJECT, 248)
        assert moves[3][0] is Response.ACCEPT

    def test_accepts_an_offer_as_good_as_its_next_bid(self) -> None:
        buyer = ScriptedAgent.script([10])
        scenario = price_scenario(buyer_reservation=0.0)
        trace = versus(scenario, {"seller": HardHeaded, "buyer": buyer}, deadline=50)
        assert trace[-2:] == [(2, "seller", "accept", 10), (2, "chair", "agreement", 10)]

    def test_reports_its_models_estimate(self) -> None:
        agent = HardHeaded(seller_view(), np.random.default_rng(0))
        assert isinstance(agent, ModelsOpponent)
        # The first offer only sets the reference; 0 and then 2 each add one to a count.
        play(agent, [0, 0, 2], deadline=12)
        estimate = agent.estimated_opponent_utilities(np.arange(11))
        # One issue: the unchanged second offer finds the weight (1) at the cap, so it is
        # only divided by 1 + 0.2 -- as in the original, weights need not sum to one.
        assert estimate == pytest.approx(np.array([1.0, 0.5, 1.0] + [0.5] * 8) / 1.2)
