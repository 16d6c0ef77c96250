"""Atlas3: its game-of-final-offers threshold, popular bids and final phase; the contract."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.anac.atlas3 import Atlas3, Atlas3Offering, game_threshold, neighbours
from accord.agents.base import Message, NegotiationState, Response
from accord.protocols.engine import build_views, simulate
from agents.contract import AgentContract, play, seller_view
from agents.scripted import fruit_scenario, price_scenario


def test_threshold_of_the_final_offer_game_undiscounted() -> None:
    # rv 0, d 1, C 0.6: A11 0, A12 1, A21 0.6, A22 0.8; q = 1 / (1 + 0.6 / 0.2) = 0.25;
    # E = 0.25 * 0.6 + 0.75 * 0.8 = 0.75; threshold 0.75 + 0.25 (1 - t).
    assert game_threshold(0.5, 0.6, 0.0, 1.0) == pytest.approx(0.875)
    assert game_threshold(1.0, 0.6, 0.0, 1.0) == pytest.approx(0.75)


def test_threshold_of_the_final_offer_game_discounted() -> None:
    # rv 0.2, d 0.8, C 0.5: A11 0.16, A12 0.8, A21 0.4, A22 0.6; q = 1 / 2.2;
    # E = 0.4 q + 0.6 (1 - q) = 0.50909, raised by 0.8^-0.5 at t = 0.5; 1 - t/d = 0.375.
    q = 1 / 2.2
    expected = (0.4 * q + 0.6 * (1 - q)) / 0.8**0.5
    assert game_threshold(0.5, 0.5, 0.2, 0.8) == pytest.approx(expected)
    assert game_threshold(0.1, 0.5, 0.2, 0.8) == pytest.approx(1 - 0.1 / 0.8)


def test_neighbours_change_one_issue_at_a_time() -> None:
    sizes = (3, 3)
    found = neighbours(4, sizes, np.array([1, 1]))  # (pear, m)
    assert sorted(found.tolist()) == [1, 3, 4, 4, 5, 7]


def three_party_state(history: tuple[Message, ...], round: int = 2) -> NegotiationState:
    return NegotiationState(round, round / 10, 10, history)


def test_an_offer_every_other_party_accepted_is_popular() -> None:
    view = build_views(price_scenario(parties=("seller", "buyer", "broker")), 10)["seller"]
    offering = Atlas3Offering(view, np.random.default_rng(0))
    offering.read(
        three_party_state((Message(1, "buyer", "propose", 4), Message(1, "broker", "accept", 4)))
    )
    assert offering.popular == [4]
    assert offering.popular_best == pytest.approx(0.4)
    offering.read(
        three_party_state(
            (
                Message(1, "buyer", "propose", 4),
                Message(1, "broker", "accept", 4),
                Message(2, "buyer", "propose", 6),
            )
        )
    )
    assert offering.popular == [4]  # 6 has no supporter yet


def test_final_phase_offers_popular_bids_best_first() -> None:
    view = seller_view(deadline=10)
    offering = Atlas3Offering(view, np.random.default_rng(0))
    offering.popular = [8, 6]
    offering.offered = 3
    offering.turns = 8
    assert offering.final(0.3, 0.9) == 8
    assert offering.final(0.3, 0.9) == 6
    offering.final(0.3, 0.9)
    assert offering.accept_now  # nothing left to try: take the offer (above rv 0.3)


def test_bids_reach_the_threshold_at_the_least_cost() -> None:
    view = build_views(fruit_scenario(), 20)["seller"]
    offering = Atlas3Offering(view, np.random.default_rng(3))
    for _ in range(20):
        bid = offering.bid(0.5)
        assert view.utilities[bid] >= 0.5


class TestAtlas3(AgentContract):
    agent = Atlas3

    def test_accepts_an_offer_worth_its_threshold(self) -> None:
        agent = Atlas3(seller_view(deadline=100), np.random.default_rng(0))
        assert play(agent, [0, 10], deadline=100)[1][0] is Response.ACCEPT
        assert (
            play(Atlas3(seller_view(deadline=100), np.random.default_rng(0)), [0, 5], 100)[1][0]
            is Response.REJECT
        )

    def test_three_atlas3_agents_agree(self) -> None:
        scenario = price_scenario(parties=("seller", "buyer", "broker"))
        result = simulate(
            scenario, "alternating", dict.fromkeys(scenario.party_ids, Atlas3), deadline=30, seed=1
        )
        assert result.events[-1].kind == "agreement"


@settings(max_examples=80, deadline=None)
@given(
    t=st.floats(0.0, 1.0),
    compromise=st.integers(0, 100),
    rv=st.integers(0, 100),
    d=st.sampled_from([1.0, 0.9, 0.75, 0.5, 0.25]),
)
def test_threshold_matches_the_equilibrium_oracle(
    t: float, compromise: int, rv: int, d: float
) -> None:
    c, r = compromise / 100, rv / 100
    a11, a12 = r * d, d
    a21 = c * d if c >= r else r * d
    a22 = (a21 + a12) / 2
    try:
        q = 1 / (1 - (a11 - a21) / (a12 - a22))
    except ZeroDivisionError:
        q = 1.0
    q = q if 0.0 <= q <= 1.0 else 1.0
    target = (q * a21 + (1 - q) * a22) / d**t
    expected = target + (1 - target) * (1 - t) if d == 1.0 else max(1 - t / d, target)
    assert game_threshold(t, c, r, d) == pytest.approx(expected)
