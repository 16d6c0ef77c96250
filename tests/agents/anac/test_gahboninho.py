"""Gahboninho: its target, noise and candidate bids step by step, and the agent contract."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.anac.gahboninho import (
    Gahboninho,
    GahboninhoOffering,
    GahboninhoState,
)
from accord.agents.base import ModelsOpponent, Response
from accord.agents.components.opponent.gahboninho import GahboninhoModel
from accord.protocols.engine import build_views, simulate
from agents.contract import AgentContract, play, seller_view
from agents.scripted import ScriptedAgent, fruit_scenario


def fruit_state(discount: float = 1.0) -> tuple[GahboninhoState, GahboninhoOffering]:
    view = build_views(fruit_scenario(discount), 100)["seller"]
    state = GahboninhoState(view, GahboninhoModel(view.space))
    return state, GahboninhoOffering(view, state)


class TestGahboninho(AgentContract):
    agent = Gahboninho

    def test_first_target_is_one_then_it_falls_at_most_0_0009_a_call(self) -> None:
        state, _ = fruit_state()
        state.noise = 0.0
        assert state.target(0.5) == 1.0
        # low = 0.9125, high = 1: 1 - 0.0875 * 0.5 = 0.95625, held to 1 - 0.0009.
        assert state.target(0.5) == pytest.approx(0.9991)
        state.previous = 0.5
        assert state.target(0.5) == pytest.approx(0.505)  # rises at most 0.005

    def test_noise_keeps_the_target_up_before_the_end(self) -> None:
        state, _ = fruit_state()
        state.target(0.0)
        # noise 0.4: low = 0.84, high = 3.4 / 0.84; 4.048 - 3.208 * 0.9 > 1, so 1.
        assert state.target(0.9) == 1.0
        assert state.compromise == 0.94

    def test_panic_phase_floor_and_rate(self) -> None:
        state, _ = fruit_state()
        state.target(0.0)
        state.noise, state.best_utility, state.previous = 0.0, 0.1, 0.74
        # low = max(0.1, 0.7) = 0.7, high = 1 / 0.7: 1.42857 - 0.72857 * 0.95 = 0.73643,
        # more than 0.001 below 0.74, so 0.739.
        assert state.target(0.95) == pytest.approx(0.739)
        assert (state.compromise, state.max_decrease) == (0.91, 0.001)
        assert state.panic_start == state.panic_end == 0.95

    def test_frenzy_in_the_last_moments_offers_the_best_received(self) -> None:
        state, _ = fruit_state()
        state.target(0.0)
        state.best_utility = 0.6
        assert state.target(0.9997) == pytest.approx(0.6)
        assert state.frenzy and state.compromise == 0.92

    def test_discount_lowers_the_floor(self) -> None:
        state, _ = fruit_state(discount=0.5)
        state.target(0.0)
        state.noise = 0.0
        state.previous = 0.0  # no rate limit downwards; rises at most 0.005
        assert state.target(0.1) == pytest.approx(0.005)
        assert state.noise == 0.0 and GahboninhoState(state.view, state.model).noise == 0.2

    def test_candidates_are_at_least_the_first_offer_issue_by_issue(self) -> None:
        _, offering = fruit_state()
        offering.learn(4)  # (pear, m): keep apple/pear and m/l
        # seller: (pear, m) 0.42, (pear, l) 0.58, (apple, m) 0.84, (apple, l) 1.0
        assert offering.candidates.tolist() == [4, 5, 1, 2]
        assert offering.at_least(0.5) == 5
        assert offering.at_least(0.99) == 2
        assert offering.state.noise_step == 0.003  # 0.01 * 4 / 400, at least 0.003
        offering.add(3)
        assert offering.candidates.tolist() == [3, 4, 5, 1, 2]

    def test_noise_estimate_every_twenty_offers(self) -> None:
        state, _ = fruit_state()
        state.record_own(0)
        state.record_own(0)
        for _ in range(20):
            state.process(0)  # the opponent uses apple and s, as the agent did
        assert state.noise == pytest.approx(0.4)
        state.process(0)
        # Each issue: (1/2)(1/3)(1 - (2/2 - 20/20)^2) = 1/6, total 1/3 > 0.2: + 0.05.
        assert state.similarity == pytest.approx(1 / 3)
        assert state.noise == pytest.approx(0.45)
        for _ in range(21):
            state.process(0)  # the same again: nothing new, noise falls one step,
        # and one more: the window's "worst" rating restarts at 1 (as in the original)
        # and exceeds 1.2 times the worst rating seen (0, the untrained model's).
        assert state.noise == pytest.approx(0.43)

    def test_unlike_offers_with_a_worse_best_raise_noise_by_one_step(self) -> None:
        state, _ = fruit_state()
        state.record_own(0)
        for _ in range(21):
            state.process(8)  # plum, l: nothing in common
        assert state.similarity == 0.0
        assert state.noise == pytest.approx(0.41)  # best 0.46 below the initial 1

    def test_filter_keeps_bids_the_model_rates_near_the_best(self) -> None:
        _, offering = fruit_state()
        offering._set(np.arange(9))
        offering.filter(0.95)  # few candidates: nothing is filtered
        assert offering.filtered and offering.candidates.size == 9

    def test_opens_with_its_best_bid_then_comes_down_from_1_to_0_925(self) -> None:
        view = build_views(fruit_scenario(), 100)["seller"]
        agent = Gahboninho(view, np.random.default_rng(0))
        moves = play(agent, [4, 4, 4], deadline=100)
        assert [p for _, p in moves] == [2, 2, 2]
        assert agent.offering_.first_actions == 38  # targets 1 and 0.998 after the opening

    def test_accepts_over_0_95_early_and_has_a_model(self) -> None:
        agent = Gahboninho(seller_view(deadline=100), np.random.default_rng(0))
        assert play(agent, [10], deadline=100)[0][0] is Response.ACCEPT
        assert isinstance(agent, ModelsOpponent)
        assert agent.offering_.candidates.size > 0

    def test_plays_a_full_negotiation(self) -> None:
        run = simulate(
            fruit_scenario(),
            "alternating",
            {"seller": "gahboninho", "buyer": ScriptedAgent.script([6, 7, 3, 4, 0, 1])},
            deadline=60,
            seed=1,
        )
        assert run.events

