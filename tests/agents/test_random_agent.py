"""The random agent."""

from __future__ import annotations

import numpy as np

from accord.agents.base import Response
from accord.agents.random_agent import RandomAgent
from agents.contract import AgentContract, play, seller_view


class TestRandomAgent(AgentContract):
    agent = RandomAgent

    def test_offers_vary_and_stay_acceptable(self) -> None:
        agent = RandomAgent(seller_view(), np.random.default_rng(11))
        proposals = [p for _, p in play(agent, [0] * 40)]
        assert set(proposals) == set(range(3, 11))

    def test_accepts_anything_acceptable(self) -> None:
        agent = RandomAgent(seller_view(), np.random.default_rng(0))
        responses = [r for r, _ in play(agent, list(range(11)))]
        assert responses == [Response.REJECT] * 3 + [Response.ACCEPT] * 8

    def test_seeds_differ(self) -> None:
        view = seller_view()
        agents = [RandomAgent(view, np.random.default_rng(seed)) for seed in range(5)]
        assert len({tuple(play(agent, [0] * 10)) for agent in agents}) > 1
