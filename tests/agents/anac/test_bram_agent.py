"""BRAMAgent: its threshold, its opening, its modelled bids and its list walk; the contract."""

from __future__ import annotations

import numpy as np
import pytest

from accord.agents.anac.bram_agent import BRAMAgent, BRAMOffering
from accord.agents.base import Message, NegotiationState, Response
from accord.agents.components.memory import Memory
from agents.contract import AgentContract, play, seller_view


class TestBRAMAgent(AgentContract):
    agent = BRAMAgent

    def test_threshold_steps_down_with_time_once_the_list_is_built(self) -> None:
        # Seller on 11 prices with reservation 0.3: its bids are worth 1.0 down to 0.3.
        offering = BRAMOffering(seller_view(), np.random.default_rng(0))
        assert offering.threshold_at(0.9) == 1.0  # before the list, min = max
        offering.built = True
        for t, share in ((0.2, 0.07), (0.5, 0.15), (0.9, 0.3), (0.99, 0.8)):
            assert offering.threshold_at(t) == pytest.approx(1.0 - 0.7 * share)

    def test_opens_with_its_best_bid_until_it_has_seen_ten_offers(self) -> None:
        agent = BRAMAgent(seller_view(deadline=30), np.random.default_rng(0))
        moves = play(agent, [0] * 10, deadline=30)
        assert moves == [(Response.REJECT, 10)] * 10

    def test_offers_the_modelled_bid_of_an_opponent_that_always_asks_the_same(self) -> None:
        # After ten offers of price 9 (worth 0.9), the window holds 9 ten times, so every
        # modelled bid is 9. At t = 11/30 the threshold is 1 (no list yet): 0.9 is not
        # above it, so the agent turns to its list (seven bids, so steps in [-1, 1]):
        # from position 0 a step of -1 or 0 stays at 10, +1 would give 9, below 1.
        agent = BRAMAgent(seller_view(deadline=30), np.random.default_rng(0))
        moves = play(agent, [9] * 11, deadline=30)
        assert moves[-1] == (Response.REJECT, 10)
        offering = agent.offering
        assert isinstance(offering, BRAMOffering)
        assert offering.built and (offering.interval, offering.offset) == (3, 1)
        assert [int(c) for c in offering.counts[0]] == [0] * 9 + [10, 0]

    def test_modelled_bids_follow_the_window_frequencies(self) -> None:
        offering = BRAMOffering(seller_view(), np.random.default_rng(4))
        for offer in [2] * 3 + [7] * 7:
            offering.slide(offer)
        draws = [offering.modelled_bid() for _ in range(2000)]
        assert set(draws) == {2, 7}
        assert np.mean(np.array(draws) == 7) == pytest.approx(0.7, abs=0.04)

    def test_window_keeps_the_last_ten_offers(self) -> None:
        offering = BRAMOffering(seller_view(), np.random.default_rng(0))
        assert [offering.slide(o) for o in range(11)] == [False] * 10 + [True]
        assert offering.window == list(range(1, 11))
        assert int(offering.counts[0][0]) == 0 and int(offering.counts[0].sum()) == 10

    def test_accepts_an_offer_worth_its_threshold(self) -> None:
        agent = BRAMAgent(seller_view(deadline=30), np.random.default_rng(0))
        assert play(agent, [0, 10], deadline=30)[1][0] is Response.ACCEPT

    def test_list_walk_skips_overused_bids_and_holds_above_the_threshold(self) -> None:
        offering = BRAMOffering(seller_view(), np.random.default_rng(1))
        offering.threshold = 0.0
        walk = [int(offering.from_list()) for _ in range(6)]
        assert all(3 <= w <= 10 for w in walk)
        # each list turn moves at most one step, or skips a bid used as often as the turns
        positions = [10 - w for w in walk]
        steps = zip([0, *positions[:-1]], positions, strict=True)
        assert all(b - a <= 1 or offering.proposals[a + 1] > 0 for a, b in steps)
        offering.threshold = 2.0  # nothing qualifies: it repeats its previous bid
        assert offering.from_list() == walk[-1]


def test_a_decision_is_planned_once_per_turn() -> None:
    view = seller_view()
    offering = BRAMOffering(view, np.random.default_rng(0))
    memory = Memory("seller")
    state = NegotiationState(1, 1 / 12, 12, (Message(1, "buyer", "propose", 10),))
    memory.observe(state)
    assert offering.next(state, memory) == 10
    assert offering.accept_now
