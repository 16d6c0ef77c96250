"""Counting packages per utility vector against the brute-force oracle, on spaces small
enough to enumerate: decimal weights, GENIUS integer evaluators, ties, red lines,
rectangles of both kinds and caps that bind."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.solve.count import count_packages
from accord.analysis.solve.units import IntegerUtility, integer_utility
from accord.model.preferences import Rectangle
from accord.model.scenario import Scenario
from solve_oracle import frontier_counts, vector_counts

from strategies import conditions, scenarios

CAPS = st.sampled_from([None, 0.6, 0.75, 0.9])


@st.composite
def boxed_scenarios(draw: st.DrawFn, max_parties: int = 3) -> Scenario:
    """Random scenarios with EXCLUDES rectangles and binding caps added."""
    scenario = draw(scenarios(max_parties=max_parties))
    prefs = {}
    for pid, p in scenario.preferences.items():
        extra = tuple(
            Rectangle(
                draw(conditions(scenario.issues)),
                draw(st.sampled_from([0.1, 0.25, -0.15])),
                draw(st.booleans()),
            )
            for _ in range(draw(st.integers(0, 3)))
        )
        prefs[pid] = replace(p, rectangles=p.rectangles + extra, cap=draw(CAPS))
    return replace(scenario, preferences=prefs)


def _units(us: list[IntegerUtility], vector: tuple[int, ...]) -> tuple[int, ...]:
    """The units of a tick vector (units are never finer than ticks when exact)."""
    out = []
    for u, t in zip(us, vector, strict=True):
        x = u.at_least(t)
        assert u.ticks(x) == t
        out.append(x)
    return tuple(out)


def _check_counts(scenario: Scenario, want: dict[tuple[int, ...], int]) -> None:
    """``count_packages`` gives the brute-force count of every vector in ``want``."""
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    if not all(u.exact for u in us):
        return
    vectors = list(want)
    found = count_packages(scenario, us, [_units(us, v) for v in vectors])
    assert found.counts == [want[v] for v in vectors]
    assert found.states >= 1 or not vectors


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(boxed_scenarios())
def test_counts_match_brute_force_for_every_vector(scenario: Scenario) -> None:
    _check_counts(scenario, vector_counts(scenario))


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(boxed_scenarios())
def test_frontier_counts_match_brute_force(scenario: Scenario) -> None:
    _check_counts(scenario, frontier_counts(scenario))


@given(boxed_scenarios(max_parties=2))
@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
def test_a_state_limit_gives_unknown_counts_never_a_guess(scenario: Scenario) -> None:
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    want = frontier_counts(scenario)
    if not want or not all(u.exact for u in us):
        return
    found = count_packages(scenario, us, [_units(us, v) for v in want], max_states=0)
    assert found.counts is None
