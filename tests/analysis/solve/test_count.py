"""Counting packages per utility vector against the brute-force oracle, on spaces small
enough to enumerate: decimal weights, GENIUS integer evaluators, ties, red lines,
rectangles of both kinds and caps that bind. Counting over a subset of each issue's
options (conditions simplified, some decided outright) is checked on random subsets
and on the options that packages reaching the targets use."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.solve.count import count_packages
from accord.analysis.solve.units import integer_utility
from accord.model.scenario import Scenario
from solve_oracle import (
    counts_within,
    frontier_counts,
    reaching_options,
    units_of,
    vector_counts,
)

from strategies import boxed_scenarios


def _check_counts(
    scenario: Scenario,
    want: dict[tuple[int, ...], int],
    options: list[list[int]] | None = None,
    *,
    pareto: bool = False,
    order: list[int] | None = None,
) -> None:
    """``count_packages`` gives the brute-force count of every vector in ``want``."""
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    if not all(u.exact for u in us):
        return
    vectors = list(want)
    targets = [units_of(us, v) for v in vectors]
    found = count_packages(scenario, us, targets, options=options, pareto=pareto, order=order)
    assert found.counts == [want[v] for v in vectors]
    assert found.states >= 1 or not vectors or options is not None


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
    found = count_packages(scenario, us, [units_of(us, v) for v in want], max_states=0)
    assert found.counts is None


@st.composite
def option_subsets(draw: st.DrawFn, scenario: Scenario) -> list[list[int]]:
    """Per issue, a random subset of its options (rarely none at all)."""
    out = []
    for issue in scenario.issues:
        least = 0 if draw(st.integers(0, 9)) == 0 else 1
        out.append(sorted(draw(st.sets(st.integers(0, issue.size - 1), min_size=least))))
    return out


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_counts_over_some_options_match_brute_force(data: st.DataObject) -> None:
    scenario = data.draw(boxed_scenarios())
    options = data.draw(option_subsets(scenario))
    within = counts_within(scenario, options)
    vectors = list(vector_counts(scenario))  # some vectors have no package within
    _check_counts(scenario, {v: within.get(v, 0) for v in vectors}, options)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(boxed_scenarios())
def test_counts_over_the_options_reaching_the_frontier_are_the_full_counts(
    scenario: Scenario,
) -> None:
    want = frontier_counts(scenario)
    _check_counts(scenario, want, reaching_options(scenario, list(want)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_counts_over_the_options_reaching_some_targets_are_the_full_counts(
    data: st.DataObject,
) -> None:
    scenario = data.draw(boxed_scenarios())
    every = vector_counts(scenario)
    if not every:
        return
    chosen = data.draw(st.lists(st.sampled_from(sorted(every)), min_size=1, unique=True))
    _check_counts(scenario, {v: every[v] for v in chosen}, reaching_options(scenario, chosen))


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(boxed_scenarios(max_parties=2, min_parties=2, max_issues=5), st.booleans())
def test_frontier_counts_with_dominated_states_dropped_match_brute_force(
    scenario: Scenario, restrict: bool
) -> None:
    want = frontier_counts(scenario)
    options = reaching_options(scenario, list(want)) if restrict else None
    _check_counts(scenario, want, options, pareto=True)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_counts_do_not_depend_on_the_issue_order(data: st.DataObject) -> None:
    scenario = data.draw(boxed_scenarios(max_parties=2, min_parties=2, max_issues=5))
    order = data.draw(st.permutations(range(len(scenario.issues))))
    want = frontier_counts(scenario)
    options = reaching_options(scenario, list(want)) if data.draw(st.booleans()) else None
    _check_counts(scenario, want, options, pareto=data.draw(st.booleans()), order=list(order))
