"""Acceptance conditions of Baarslag, Hindriks and Jonker (2014), each on its own."""

from __future__ import annotations

from accord.agents.base import Message, NegotiationState
from accord.agents.components.acceptance import ACCombi, ACConst, ACNext, ACTime, AnyOf
from accord.agents.components.memory import Memory
from agents.contract import seller_view

VIEW = seller_view()  # price p is worth p / 10 to the seller


def state_after(
    offers: list[int], round_: int, deadline: int = 10
) -> tuple[NegotiationState, Memory]:
    history = tuple(Message(r, "buyer", "propose", o) for r, o in enumerate(offers, start=1))
    state = NegotiationState(round_, round_ / deadline, deadline, history)
    memory = Memory("seller")
    memory.observe(state)
    return state, memory


def test_ac_next_compares_with_the_planned_offer() -> None:
    state, memory = state_after([6], 1)
    assert ACNext().accepts(VIEW, state, 6, 6, memory)
    assert not ACNext().accepts(VIEW, state, 6, 7, memory)
    assert ACNext(a=1.0, b=0.1).accepts(VIEW, state, 6, 7, memory)
    assert ACNext(a=1.2).accepts(VIEW, state, 6, 7, memory)  # 0.72 >= 0.7
    assert not ACNext().accepts(VIEW, state, 10, None, memory)


def test_ac_const_and_ac_time() -> None:
    state, memory = state_after([6], 9)
    assert ACConst(0.6).accepts(VIEW, state, 6, 10, memory)
    assert not ACConst(0.61).accepts(VIEW, state, 6, 10, memory)
    assert ACTime(0.9).accepts(VIEW, state, 0, 10, memory)
    assert not ACTime(0.95).accepts(VIEW, state, 0, 10, memory)


def test_ac_combi_takes_the_best_offer_of_the_remaining_time_looked_back_on() -> None:
    # t = 0.8: the window is [0.6, 0.8], rounds 6 to 8: offers 7, 5, 6 -> max 0.7, avg 0.6.
    state, memory = state_after([9, 1, 2, 3, 4, 7, 5, 6], 8)
    assert not ACCombi(T=0.8).accepts(VIEW, state, 6, 10, memory)
    assert ACCombi(T=0.8, statistic="avg").accepts(VIEW, state, 6, 10, memory)
    assert not ACCombi(T=0.9, statistic="avg").accepts(VIEW, state, 6, 10, memory)
    assert ACCombi(T=0.9).accepts(VIEW, state, 6, 6, memory)  # AC_next holds
    assert AnyOf((ACTime(0.5), ACConst(1.0))).accepts(VIEW, state, 0, 10, memory)
