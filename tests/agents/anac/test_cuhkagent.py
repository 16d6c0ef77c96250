"""CUHKAgent: its concession schedule, bid choice and acceptance step by step; the contract."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from accord.agents.anac.cuhkagent import CUHKAgent, CUHKOffering, concede_time, concession_degree
from accord.agents.base import ModelsOpponent, PartyView, Response
from accord.agents.components.opponent.cuhk_frequency import CUHKFrequency
from accord.model.scenario import Scenario
from accord.protocols.engine import build_views
from agents.contract import AgentContract, play, seller_view
from agents.scripted import fruit_scenario, price_scenario


def discounted_seller(discount: float, reservation: float = 0.0, deadline: int = 100) -> PartyView:
    scenario = price_scenario(seller_reservation=reservation)
    prefs = dict(scenario.preferences)
    prefs["seller"] = dataclasses.replace(prefs["seller"], discount=discount)
    scenario = Scenario(scenario.name, scenario.parties, scenario.issues, prefs)
    return build_views(scenario, deadline)["seller"]


def offering(view: PartyView) -> CUHKOffering:
    return CUHKOffering(view, np.random.default_rng(0), CUHKFrequency(view.space))


def test_concede_time_follows_the_discount() -> None:
    assert concede_time(1.0) == pytest.approx(1.0)
    assert concede_time(0.8) == pytest.approx(0.08 + 0.92 * 0.8**1.8)
    assert concede_time(0.6) == pytest.approx(0.08 + 0.92 * 0.6**1.5)
    assert concede_time(0.3) == pytest.approx(0.08 + 0.92 * 0.3**1.2)


def test_concession_degree_counts_offers_seen_once() -> None:
    assert concession_degree([1, 2, 3], {1: 1, 2: 1, 3: 4}) == pytest.approx(0.09)
    distinct = list(range(12))
    counts = {o: 1 if o % 2 else 2 for o in distinct}
    assert concession_degree(distinct, counts) == pytest.approx(0.25)  # 5 of the last 10


def test_threshold_concedes_to_the_discount() -> None:
    # d = 0.6: c = 0.08 + 0.92 * 0.6^1.5 = 0.50763; until c the threshold falls as
    # 1 - (1 - 0.6^(1 - c)) (t/c)^2, after it is 0.6^(1 - t) (rising back: its discounted
    # value stays at max d).
    plan = offering(discounted_seller(0.6))
    c = 0.08 + 0.92 * 0.6**1.5
    assert plan.c == pytest.approx(c)
    plan.bid_to_offer(0.2)
    assert plan.threshold == pytest.approx(1 - (1 - 0.6 ** (1 - c)) * (0.2 / c) ** 2)
    plan.bid_to_offer(0.7)
    assert plan.threshold == pytest.approx(0.6**0.3)


def test_undiscounted_small_domain_keeps_its_best() -> None:
    plan = offering(seller_view())
    for t in (0.1, 0.5, 0.99):
        assert plan.bid_to_offer(t) == 10
        assert plan.threshold == pytest.approx(1.0)


def test_bins_follow_the_original_edges() -> None:
    bins = CUHKOffering.bin_of(np.array([0.0, 0.005, 0.5, 0.505, 1.0]))
    assert bins.tolist() == [0, 0, 49, 50, 99]


def test_choice_favours_the_opponents_frequent_options() -> None:
    view = build_views(fruit_scenario(), 50)["seller"]
    plan = offering(view)
    for offer in (6, 6, 7):  # plum twice with s, once with m
        plan.model.update(offer, 0.0)
    picks = [plan.choose(np.array([0, 6, 8, 7])) for _ in range(400)]
    assert np.mean(np.array(picks) == 6) > 0.9


def test_walks_away_when_its_reservation_beats_the_threshold() -> None:
    # d = 0.2: c = 0.2134; the threshold reaches 0.2^(1 - c) = 0.282 at t = c, below
    # the reservation value 0.3 a little earlier: the agent ends the talks.
    agent = CUHKAgent(discounted_seller(0.2, reservation=0.3), np.random.default_rng(0))
    moves = play(agent, [0] * 30, deadline=100)
    ended = [k for k, (_, proposal) in enumerate(moves) if proposal is None]
    assert ended and 15 <= ended[0] + 1 <= 22


class TestCUHKAgent(AgentContract):
    agent = CUHKAgent

    def test_opens_with_its_best_bid_without_accepting(self) -> None:
        agent = CUHKAgent(seller_view(), np.random.default_rng(0))
        assert play(agent, [10, 10])[0] == (Response.REJECT, 10)

    def test_accepts_an_offer_as_good_as_its_next_bid(self) -> None:
        agent = CUHKAgent(seller_view(), np.random.default_rng(0))
        moves = play(agent, [0, 10])
        assert moves[1][0] is Response.ACCEPT

    def test_offers_back_the_opponents_best_offer_once_it_reaches_the_threshold(self) -> None:
        # d = 0.5 (beta 1.2): c = 0.48045, and the threshold reaches 0.5^(1 - c) = 0.697
        # at t = c; it is below 0.7 from t = 0.4785 to 0.485.
        plan = offering(discounted_seller(0.5))
        plan.opponent_best = 7
        assert plan.bid_to_offer(0.2) != 7
        assert plan.bid_to_offer(0.48) == 7
        assert plan.bid_to_offer(0.6) != 7

    def test_reports_its_models_estimate(self) -> None:
        agent = CUHKAgent(seller_view(), np.random.default_rng(0))
        assert isinstance(agent, ModelsOpponent)
        play(agent, [0, 0, 2])
        estimate = agent.estimated_opponent_utilities(np.arange(11))
        assert estimate[0] == pytest.approx(1.0) and estimate[2] == pytest.approx(0.5)
