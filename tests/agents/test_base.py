"""What an agent may know (PartyView, NegotiationState) and the guard on its moves."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from accord.agents.base import Agent, Message, NegotiationState, PartyView, Response
from accord.agents.ladder import Ladder
from accord.model.issues import OutcomeSpace
from agents.scripted import ScriptedAgent, price_scenario

STATE = NegotiationState(1, 0.1, 10)


def view(
    utilities: list[float],
    feasible: list[bool] | None = None,
    on_table: list[bool] | None = None,
    reservation: float = 0.3,
) -> PartyView:
    scenario = price_scenario(size=len(utilities), seller_reservation=reservation)
    return PartyView(
        party="seller",
        space=scenario.space,
        preferences=scenario.preferences["seller"],
        utilities=np.array(utilities),
        feasible=np.array(feasible if feasible is not None else [True] * len(utilities)),
        deadline=10,
        on_table=None if on_table is None else np.array(on_table),
    )


def test_view_arrays_are_private_read_only_copies() -> None:
    source = np.array([0.0, 0.5, 1.0])
    v = PartyView(
        "seller",
        price_scenario(3).space,
        price_scenario(3).preferences["seller"],
        source,
        np.ones(3, bool),
        10,
    )
    source[0] = 9.0
    assert v.utilities.tolist() == [0.0, 0.5, 1.0]
    for array in (v.utilities, v.feasible, v.on_table, v.acceptable):
        assert array is not None and not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 1
    again = pickle.loads(pickle.dumps(v))
    assert not again.utilities.flags.writeable
    assert again.acceptable.tolist() == v.acceptable.tolist()


def test_acceptable_means_on_the_table_within_red_lines_and_above_reservation() -> None:
    v = view([0.2, 0.3, 0.9, 1.0], feasible=[True, True, True, False], on_table=[1, 1, 0, 1])
    assert v.reservation == 0.3
    assert v.acceptable.tolist() == [False, True, False, False]
    assert v.is_acceptable(1)
    assert not v.is_acceptable(-1) and not v.is_acceptable(4)


def test_view_checks_its_shapes_and_deadline() -> None:
    scenario = price_scenario(3)
    prefs = scenario.preferences["seller"]
    with pytest.raises(ValueError, match="shape"):
        PartyView("seller", scenario.space, prefs, np.zeros(2), np.ones(3, bool), 10)
    with pytest.raises(ValueError, match="deadline"):
        PartyView("seller", scenario.space, prefs, np.zeros(3), np.ones(3, bool), 0)
    assert isinstance(scenario.space, OutcomeSpace)


def test_the_base_class_keeps_a_strategy_within_its_limits() -> None:
    v = view([0.0, 0.5, 1.0], feasible=[True, True, False])
    rogue = ScriptedAgent(v, np.random.default_rng(0), offers=[2], responses=[Response.ACCEPT])
    assert rogue.propose(STATE) is None  # its only offer breaks its red line: it walks away
    assert rogue.respond(STATE, 2) is Response.REJECT
    assert rogue.respond(STATE, 0) is Response.REJECT  # below the reservation value
    out_of_range = ScriptedAgent(v, np.random.default_rng(0), offers=[7])
    assert out_of_range.propose(STATE) is None
    assert ScriptedAgent(v, np.random.default_rng(0), offers=[1]).propose(STATE) == 1


def test_a_strategy_must_return_an_integer_index() -> None:
    v = view([0.0, 0.5, 1.0])
    agent = ScriptedAgent(v, np.random.default_rng(0), offers=[1.0])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        agent.propose(STATE)


def test_subclasses_cannot_override_the_guarded_moves() -> None:
    with pytest.raises(TypeError, match="choose_offer"):

        class Sneaky(ScriptedAgent):
            def propose(self, state: NegotiationState) -> int | None:  # type: ignore[misc]
                return 0


def test_agents_need_both_choices() -> None:
    class Half(Agent):
        name = "half"

        def choose_offer(self, state: NegotiationState) -> int | None:
            return None

    with pytest.raises(TypeError):
        Half(view([0.0, 1.0]), np.random.default_rng(0))  # type: ignore[abstract]


def test_prefer_puts_acceptable_drafts_first_then_utility() -> None:
    v = view([0.2, 0.5, 0.9, 1.0], feasible=[True, True, True, False])
    agent = ScriptedAgent(v, np.random.default_rng(0))
    assert agent.prefer(STATE, 1, 2) == 2
    assert agent.prefer(STATE, 3, 1) == 1  # 3 is worth more but breaks a red line
    assert agent.prefer(STATE, 0, 0) == 0


def test_state_lists_offers_by_sender() -> None:
    history = (
        Message(1, "a", "propose", 3),
        Message(1, "b", "reject", 3),
        Message(1, "b", "propose", 5),
        Message(2, "a", "walk_away"),
    )
    state = NegotiationState(2, 0.2, 10, history)
    assert state.offers() == (3, 5)
    assert state.offers(by="a") == (3,)
    assert state.offers(excluding="a") == (5,)


def test_ladder_of_nothing_acceptable_offers_nothing() -> None:
    ladder = Ladder.of(view([0.0, 0.1], reservation=0.5))
    assert len(ladder) == 0
    assert ladder.best is None and ladder.at_least(0.0) is None
