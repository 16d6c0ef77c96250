"""The solver analysis against the enumerating analysis, on spaces small enough to enumerate.

Scenarios have decimal weights and values, GENIUS integer evaluators, ties,
red lines, rectangles of both kinds (INCLUDES and EXCLUDES) and caps that bind;
the solver must find the same answers in ticks.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.analysis.exact import ticks
from accord.model.preferences import Rectangle
from accord.model.scenario import Scenario
from solve_oracle import frontier_counts

from strategies import conditions, scenarios

pytest.importorskip("highspy")

from accord.analysis.solve import solve_scenario
from accord.analysis.solve.additive import additive_frontier, applies
from accord.analysis.solve.units import integer_utility

CAPS = st.sampled_from([None, 0.6, 0.75, 0.9])


@st.composite
def solver_scenarios(draw: st.DrawFn, max_parties: int = 3) -> Scenario:
    """Random scenarios with EXCLUDES rectangles and binding caps added."""
    scenario = draw(scenarios(max_parties=max_parties))
    prefs = {}
    for pid, p in scenario.preferences.items():
        extra = tuple(
            Rectangle(
                draw(conditions(scenario.issues)), draw(st.sampled_from([0.1, 0.25, -0.15])), True
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        prefs[pid] = replace(p, rectangles=p.rectangles + extra, cap=draw(CAPS))
    return replace(scenario, preferences=prefs)


def _gains(u: tuple[float, ...], r: np.ndarray) -> list[int]:
    return [max(0, int(t)) for t in ticks(np.array(u)) - r]


def _product(u: tuple[float, ...], r: np.ndarray) -> int:
    out = 1
    for g in _gains(u, r):
        out *= g
    return out


def _vectors(utilities: np.ndarray) -> set[tuple[int, ...]]:
    return {tuple(int(x) for x in row) for row in ticks(utilities)}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(solver_scenarios())
def test_solver_matches_enumeration(scenario: Scenario) -> None:
    expected = analyze(scenario)
    found = solve_scenario(scenario, max_relax=len(scenario.constraints))
    assert found.agreement_possible == expected.agreement_possible
    k = len(scenario.parties)
    r = ticks(np.array(expected.reservations))
    if k == 2:
        assert found.frontier_complete
        shown = np.array([p.utilities for p in found.frontier]).reshape(-1, 2)
        assert _vectors(shown) == _vectors(expected.frontier.utilities)
    if expected.agreement_possible:
        assert found.witness is not None
        assert np.all(ticks(np.array(found.witness.utilities)) >= r)
        want, got = expected.solutions, found.solutions
        assert want.nash is not None and got["nash"] is not None
        assert _product(got["nash"].utilities, r) == _product(want.nash.utilities, r)
        assert min(_gains(got["egalitarian"].utilities, r)) == min(
            _gains(want.egalitarian.utilities, r)
        )  # type: ignore[union-attr]
        zopa = expected.frontier.utilities[expected.frontier.in_zopa]
        span = ticks(zopa).max(axis=0) - r

        def share(u: tuple[float, ...]) -> Fraction:
            return min(Fraction(g, max(1, int(s))) for g, s in zip(_gains(u, r), span, strict=True))

        assert share(got["kalai_smorodinsky"].utilities) == share(want.kalai_smorodinsky.utilities)  # type: ignore[union-attr,arg-type]
        total = int(ticks(np.array(want.utilitarian.utilities)).sum())  # type: ignore[union-attr]
        assert abs(int(ticks(np.array(got["utilitarian"].utilities)).sum()) - total) <= k // 2  # type: ignore[union-attr]
        for name, package in got.items():
            assert package is not None
            # utilitarian is proven in ticks for two parties; for more, on the exact sum
            assert package.certified or (name == "utilitarian" and k > 2)
        if k <= 2 and got["utilitarian"] is not None:
            assert int(ticks(np.array(got["utilitarian"].utilities)).sum()) == total
    else:
        want_sets = {frozenset(x.relax) for x in expected.relaxations}
        assert {frozenset(x.relax) for x in found.relaxations} == want_sets
        assert found.relaxations_complete


@settings(max_examples=40)
@given(scenarios(max_parties=2, max_lines=3))
def test_additive_dynamic_program_matches_enumeration(scenario: Scenario) -> None:
    plain = {p: replace(v, rectangles=()) for p, v in scenario.preferences.items()}
    scenario = replace(scenario, preferences=plain)
    if len(scenario.parties) != 2 or not applies(scenario):
        return
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    found = additive_frontier(scenario, us)
    got = {tuple(u.ticks(x) for u, x in zip(us, units, strict=True)): n for _, units, n in found}
    assert got == frontier_counts(scenario)
    for digits, units, _ in found:
        assert tuple(u.units(digits) for u in us) == units


def test_units_are_exact_for_decimal_weights() -> None:
    from accord.model.issues import Issue
    from accord.model.preferences import DiscreteValues, Preferences

    issues = tuple(Issue(f"i{n}", f"i{n}", ("a", "b")) for n in range(5))
    raw = [4, 1, 2, 3, 0.5]
    prefs = Preferences(
        weights={i.id: w / sum(raw) for i, w in zip(issues, raw, strict=True)},
        values={i.id: DiscreteValues({"a": 0.1, "b": 0.6}) for i in issues},
    )
    from accord.model.issues import OutcomeSpace

    u = integer_utility(prefs, OutcomeSpace(issues))
    assert u.exact and u.denominator % 21 == 0
    assert u.at_least(u.ticks(7)) <= 7 and u.ticks(u.above(7)) > u.ticks(7)


def test_terms_without_a_small_denominator_are_rounded_and_said_so() -> None:
    import math

    from accord.model.issues import Issue, OutcomeSpace
    from accord.model.preferences import DiscreteValues, Preferences

    issues = (Issue("i", "i", ("a", "b")),)
    prefs = Preferences(
        weights={"i": 1.0}, values={"i": DiscreteValues({"a": math.pi / 10, "b": 0.5})}
    )
    u = integer_utility(prefs, OutcomeSpace(issues))
    assert not u.exact and u.denominator == 10**6
    assert u.tables[0].tolist() == [314159, 500000]
