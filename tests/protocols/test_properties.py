"""Properties of every run, on random scenarios and random line-ups of agents."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.registry import AGENTS
from accord.model.scenario import Scenario
from accord.protocols.engine import SimulationResult, build_views, simulate
from accord.protocols.events import Kind

from strategies import bidding_scenarios, price_scenarios, scenarios

NAMES = st.sampled_from(sorted(AGENTS))
CONCEDERS = st.sampled_from(["boulware", "linear", "conceder"])


def zopa(scenario: Scenario) -> set[int]:
    """Outcomes acceptable to every party (the definition, from each party's own view)."""
    views = build_views(scenario, 1).values()
    return set(np.flatnonzero(np.logical_and.reduce([v.acceptable for v in views])).tolist())


def check_ending(result: SimulationResult, scenario: Scenario, allowed: set[int]) -> None:
    """One terminal event, last; an agreement only on an outcome every party may accept."""
    kinds = [e.kind for e in result.events]
    assert kinds[-1] in (Kind.AGREEMENT, Kind.BREAKDOWN)
    assert sum(k in (Kind.AGREEMENT, Kind.BREAKDOWN) for k in kinds) == 1
    assert all(0 < e.time <= 1 for e in result.events)
    if result.agreement:
        assert result.outcome in allowed
        views = build_views(scenario, 1)
        assert result.utilities == {p: float(views[p].utilities[result.outcome]) for p in views}
    else:
        assert result.utilities == {
            p: scenario.preferences[p].reservation for p in views_of(scenario)
        }


def views_of(scenario: Scenario) -> tuple[str, ...]:
    return scenario.party_ids


def dump(result: SimulationResult) -> str:
    return json.dumps([e.to_dict() for e in result.events])


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.data(), st.integers(0, 2**32 - 1))
def test_alternating_ends_in_agreement_inside_the_zopa_or_breakdown(
    scenario: Scenario, data: st.DataObject, seed: int
) -> None:
    agents = {p: data.draw(NAMES, label=p) for p in scenario.party_ids}
    deadline = data.draw(st.integers(1, 30), label="deadline")
    result = simulate(scenario, "alternating", agents, deadline=deadline, seed=seed)
    check_ending(result, scenario, zopa(scenario))
    # Granted requests for time (one by default, ten rounds each) move the deadline back.
    assert result.rounds <= deadline + 10 * min(result.time_requests, 1)
    again = simulate(scenario, "alternating", agents, deadline=deadline, seed=seed)
    assert dump(again) == dump(result)


@settings(max_examples=60, deadline=None)
@given(bidding_scenarios(), st.data(), st.integers(0, 2**32 - 1))
def test_blind_bidding_ends_in_agreement_on_the_line_or_breakdown(
    setup: tuple[Scenario, str, dict[str, str | float]], data: st.DataObject, seed: int
) -> None:
    scenario, issue, fixed = setup
    agents = {p: data.draw(NAMES, label=p) for p in scenario.party_ids}
    options = {"issue": issue, "fixed": fixed, "gap": data.draw(st.sampled_from([0.0, 5.0]))}
    result = simulate(scenario, "blind-bid", agents, deadline=20, seed=seed, **options)
    line = {i for i in zopa(scenario) if scenario.space.outcome(i).items() >= fixed.items()}
    check_ending(result, scenario, line)
    for event in result.events:
        if event.kind == Kind.PROPOSE:
            assert event.recipients == ("chair",)
    again = simulate(scenario, "blind-bid", agents, deadline=20, seed=seed, **options)
    assert dump(again) == dump(result)


@settings(max_examples=80, deadline=None)
@given(price_scenarios(), CONCEDERS, CONCEDERS)
def test_time_dependent_agents_find_a_non_empty_zopa_by_the_deadline(
    scenario: Scenario, first: str, second: str
) -> None:
    """With opposed interests in one issue, concession reaches the ZOPA when there is one.

    In the last round both agents are down to their reservation values: the
    first to move tables its least-liked acceptable price, which lies in the
    ZOPA whenever the ZOPA is not empty, and the other accepts it.
    """
    first_party, second_party = scenario.party_ids
    agents = {first_party: first, second_party: second}
    result = simulate(scenario, "alternating", agents, deadline=100, seed=0)
    deal = zopa(scenario)
    assert result.agreement == bool(deal)
    assert result.outcome is None or result.outcome in deal
