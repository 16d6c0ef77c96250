"""Nice Tit for Tat: documented behaviour on hand-made domains, and the agent contract."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.anac.nice_tit_for_tat import NiceTitForTat, NiceTitForTatOffering
from accord.agents.base import ModelsOpponent, Response
from accord.agents.components.opponent.scalable_bayesian import ScalableBayesian
from agents.contract import AgentContract, play, seller_view
from agents.scripted import price_scenario


def offering(deadline: int = 100) -> NiceTitForTatOffering:
    view = seller_view(deadline=deadline)
    return NiceTitForTatOffering(view, np.random.default_rng(0), ScalableBayesian(view.space))


class TestNiceTitForTat(AgentContract):
    agent = NiceTitForTat

    def test_opens_and_first_counters_with_its_best_bid(self) -> None:
        agent = NiceTitForTat(seller_view(deadline=100), np.random.default_rng(0))
        assert play(agent, [0], deadline=100) == [(Response.REJECT, 10)]
        assert agent.model is not None and isinstance(agent, ModelsOpponent)

    def test_bonus_is_the_larger_of_discount_and_time_pressure(self) -> None:
        o = offering()
        assert o.bonus(0.5) == pytest.approx(0.1)  # no discount: 0.5 - 0.4
        assert o.bonus(0.93) == pytest.approx(0.4)  # 20 * (0.93 - 0.91)
        assert o.bonus(0.99) == 1.0
        o.discount = 0.5
        assert o.bonus(0.5) == pytest.approx(0.3)

    def test_nash_utility_is_scaled_by_the_initial_gap_and_clipped(self) -> None:
        o = offering()
        # The Nash point from the definition: the acceptable bid maximising
        # (own utility - reservation) * the model's (untrained) opponent utility.
        mine = o.utilities
        theirs = o.model.utilities(o.outcomes)
        raw = float(mine[np.argmax((mine - 0.3) * theirs)])
        assert raw == pytest.approx(0.8)
        o.update_nash()
        assert o.nash == 1.0  # the first update uses an initial gap of 0: 0.8 * 1.4, clipped
        o.initial_gap = 0.9  # 1.4 - 0.54 = 0.86
        o.update_nash()
        assert o.nash == pytest.approx(0.8 * 0.86)

    def test_does_not_concede_while_the_opponent_does_not(self) -> None:
        # The buyer repeats price 2 (0.2 to the seller): conceded 0, so the target stays
        # at 1 minus the bonus share of the gap to Nash; bids stay well above the Nash point.
        agent = NiceTitForTat(seller_view(deadline=100), np.random.default_rng(0))
        moves = play(agent, [2] * 20, deadline=100)
        assert all(r is Response.REJECT for r, _ in moves)
        assert all(p is not None and p >= 9 for _, p in moves)

    def test_concedes_as_far_as_the_opponent_toward_nash(self) -> None:
        # The buyer concedes from price 0 (worth 0 to the seller) all the way to 10:
        # a full concession, so the seller's target falls to its Nash utility.
        agent = NiceTitForTat(seller_view(deadline=100), np.random.default_rng(0))
        moves = play(agent, [1, 2, 3, 4, 5, 6], deadline=100)
        offers = [p for _, p in moves]
        assert offers[0] == 10
        assert offers[-1] is not None and offers[-1] < 10

    def test_near_widens_until_two_bids_are_found(self) -> None:
        o = offering()
        # Target 0.75: [0.735, 0.80] holds prices 8 only, [0.735, 0.81] too ... until 0.8 is in.
        found = o.near(0.75)
        assert found.size > 1
        utilities = o.view.utilities[found]
        assert utilities.min() >= 0.98 * 0.75 - 1e-12


def test_scalable_model_prefers_what_the_opponent_repeats() -> None:
    view = seller_view(price_scenario(), deadline=100)
    model = ScalableBayesian(view.space)
    for offer in (0, 1, 0, 2):
        model.update(offer, 0.1)
    estimate = model.utilities(np.arange(11))
    assert estimate[0] > estimate[10]
    assert estimate.min() == pytest.approx(0.0) and estimate.max() == pytest.approx(1.0)
