"""ValueModelAgent: its value model on a hand-worked update, its opening and acceptance."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.anac.value_model_agent import ValueModelAgent, ValueModelOffering
from accord.agents.base import ModelsOpponent, Response
from accord.agents.components.opponent.value_model import ValueModel
from accord.protocols.engine import build_views
from agents.contract import AgentContract, play, seller_view
from agents.scripted import fruit_scenario


def test_value_model_starts_from_the_first_offer() -> None:
    space = fruit_scenario().space
    model = ValueModel(space)
    model.update(0, 0.1)  # (apple, s)
    assert model.decrease[0] == pytest.approx([0.0, 0.5, 0.5])
    assert model.reliability[1] == pytest.approx([0.9, 0.02, 0.02])
    assert model.utilities(np.array([0, 4, 8])) == pytest.approx([1.0, 0.0, 0.0])


def test_value_model_update_matches_the_hand_worked_trace() -> None:
    # After (apple, s), the offer (pear, s) is expected to cost the opponent 0.3.
    # Units: pear (r 0.02): 1/(2 * 0.0004) = 1250; s (r 0.9): 1/(2 * 0.81) = 0.61728.
    # Deviation unit 1250 * 0.5 + 0.61728 * 0.01 = 625.00617; the model's loss is 0.5 at
    # reliability sqrt(2 / (50^2 + (1/0.9)^2)) = 0.028277; move = -0.2 / 625.00617.
    # Pear: 0.5 + 625 * move = 0.300002, taken as it is (never updated), spread 0.03.
    # s: 0.61728 * 0.01 * move < 0, clipped to 0 (reliable); the TD step keeps 0 and
    # raises its reliability to old chunk + new chunk = 0.9 - 0.0025449 + 0.0053726.
    model = ValueModel(fruit_scenario().space)
    model.update(0, 0.1)
    model.assume_worth(3, 0.3)
    rel = np.sqrt(2 / (50**2 + (1 / 0.9) ** 2))
    assert model.decrease[0][1] == pytest.approx(0.5 - 0.2 * 625 / 625.0061728, abs=1e-7)
    assert model.reliability[0][1] == pytest.approx(rel)
    assert model.spread[0][1] == pytest.approx(0.03)
    temporal = 0.9 * 0.1 * rel
    assert model.decrease[1][0] == 0.0
    assert model.reliability[1][0] == pytest.approx(0.9 - temporal + rel * 0.1 + temporal)
    assert model.utilities(np.array([3]))[0] == pytest.approx(0.7, abs=1e-5)


class TestValueModelAgent(AgentContract):
    agent = ValueModelAgent

    def test_first_four_offers_are_its_best_bid(self) -> None:
        agent = ValueModelAgent(seller_view(deadline=100), np.random.default_rng(0))
        moves = play(agent, [0, 1, 2, 3, 4], deadline=100)
        assert [proposal for _, proposal in moves[:4]] == [10] * 4
        assert all(response is Response.REJECT for response, _ in moves)

    def test_accepts_above_its_floor_in_undiscounted_domains(self) -> None:
        agent = ValueModelAgent(seller_view(deadline=100), np.random.default_rng(0))
        moves = play(agent, [0, 10], deadline=100)
        assert moves[1][0] is Response.ACCEPT

    def test_concedes_no_lower_than_the_opponents_best_offer_before_the_end(self) -> None:
        agent = ValueModelAgent(seller_view(deadline=100), np.random.default_rng(0))
        incoming = [0, 1, 2, 3, 4, 5, 6, 7] + [7] * 40
        moves = play(agent, incoming, deadline=100)
        offering = agent.offering
        assert isinstance(offering, ValueModelOffering)
        assert offering.lowest_approved >= max(offering.max_utility, 0.7)
        assert all(p is not None and p >= 7 for _, p in moves)

    def test_reports_its_models_estimate(self) -> None:
        views = build_views(fruit_scenario(), 50)
        agent = ValueModelAgent(views["seller"], np.random.default_rng(0))
        assert isinstance(agent, ModelsOpponent)
        play(agent, [8, 8, 7], deadline=50)
        estimate = agent.estimated_opponent_utilities(np.arange(9))
        assert estimate[8] == pytest.approx(1.0)
        assert estimate.min() >= 0.0 and estimate.max() <= 1.0
