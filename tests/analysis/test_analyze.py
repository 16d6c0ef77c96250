"""The full analysis against the brute-force oracle, on random small scenarios."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import SpaceTooLarge, analyze
from accord.analysis.exact import ticks
from accord.model.issues import Issue
from accord.model.preferences import Condition, DiscreteValues, Preferences, RedLine, RuleKind
from accord.model.scenario import Actor, Scenario

from oracle import minimal_conflicts, reference
from strategies import scenarios


@settings(max_examples=150)
@given(scenarios())
def test_counts_frontier_and_solutions_match_definitions(scenario: Scenario) -> None:
    ref = reference(scenario)
    result = analyze(scenario)
    assert result.n_outcomes == len(ref.utilities)
    assert result.n_feasible == len(ref.feasible)
    assert result.zopa_size == len(ref.zopa)
    assert result.frontier.indices.tolist() == ref.frontier
    assert ticks(result.frontier.utilities).tolist() == [list(ref.ticks[i]) for i in ref.frontier]
    assert result.frontier.in_zopa.tolist() == [i in ref.zopa for i in ref.frontier]
    for name, package in result.solutions.items():
        expected = ref.solutions[name]
        assert (package.index if package else None) == expected, name
        if package is not None:
            assert ticks(package.utilities).tolist() == list(ref.ticks[package.index])


@settings(max_examples=150)
@given(scenarios())
def test_frontier_is_exactly_the_undominated_feasible_packages(scenario: Scenario) -> None:
    """No frontier package is weakly dominated by a feasible package (on ticks); every
    other feasible package is."""
    ref = reference(scenario)
    result = analyze(scenario)
    on_frontier = set(result.frontier.indices.tolist())
    feasible = [ref.ticks[i] for i in ref.feasible]
    for i in ref.feasible:
        beaten = any(
            all(a >= b for a, b in zip(q, ref.ticks[i], strict=True)) and q != ref.ticks[i]
            for q in feasible
        )
        assert beaten == (i not in on_frontier)


@settings(max_examples=150)
@given(scenarios(max_parties=3, max_lines=2))
def test_minimal_relaxations_match_definition(scenario: Scenario) -> None:
    ref = reference(scenario)
    result = analyze(scenario)
    assert result.agreement_possible == bool(ref.zopa)
    found = {frozenset(r.relax): (r.zopa_size, r.best.index) for r in result.relaxations}
    assert found == ref.relaxations
    sizes = [len(r.relax) for r in result.relaxations]
    assert sizes == sorted(sizes)
    expected = minimal_conflicts(scenario, ref.violated) if not ref.zopa else set()
    assert result.conflicts is not None
    assert {frozenset(c) for c in result.conflicts} == expected


@settings(max_examples=60)
@given(scenarios(), st.integers(1, 7))
def test_chunking_does_not_change_the_result(scenario: Scenario, chunk: int) -> None:
    whole = analyze(scenario)
    pieces = analyze(scenario, chunk_size=chunk)
    assert pieces.frontier.indices.tolist() == whole.frontier.indices.tolist()
    assert pieces.solutions == whole.solutions
    assert pieces.relaxations == whole.relaxations
    assert (pieces.n_feasible, pieces.zopa_size) == (whole.n_feasible, whole.zopa_size)


@settings(max_examples=30)
@given(st.integers(0, 2**32 - 1))
def test_generic_float_utilities_match_oracle(seed: int) -> None:
    """Random real-valued preferences (no ties) give the oracle's frontier and solutions."""
    rng = np.random.default_rng(seed)
    space = tuple(
        Issue(f"i{j}", f"i{j}", tuple(f"o{x}" for x in range(int(rng.integers(2, 5)))))
        for j in range(int(rng.integers(1, 4)))
    )
    prefs = {}
    for p in range(int(rng.integers(2, 4))):
        w = rng.random(len(space))
        w /= w.sum()
        prefs[f"p{p}"] = Preferences(
            weights={i.id: float(x) for i, x in zip(space, w, strict=True)},
            values={
                i.id: DiscreteValues({o: float(rng.random()) for o in i.options}) for i in space
            },
            reservation=float(rng.random() * 0.5),
        )
    scenario = Scenario("floats", tuple(Actor(p, p) for p in prefs), space, prefs)
    ref = reference(scenario)
    result = analyze(scenario)
    assert result.frontier.indices.tolist() == ref.frontier
    assert ticks(result.frontier.utilities).tolist() == [list(ref.ticks[i]) for i in ref.frontier]
    for name, package in result.solutions.items():
        assert (package.index if package else None) == ref.solutions[name], name


def _two_issue_deadlock() -> Scenario:
    issues = (Issue("a", "A", ("x", "y")), Issue("b", "B", ("x", "y")))
    values = {i.id: DiscreteValues({"x": 0.0, "y": 1.0}) for i in issues}
    left = Preferences(
        {"a": 0.5, "b": 0.5},
        values,
        red_lines=(RedLine("need-a", RuleKind.REQUIRE, Condition({"a": frozenset({1})})),),
    )
    right = Preferences(
        {"a": 0.5, "b": 0.5},
        values,
        red_lines=(RedLine("no-a", RuleKind.FORBID, Condition({"a": frozenset({1})})),),
    )
    return Scenario("deadlock", (Actor("l", "L"), Actor("r", "R")), issues, {"l": left, "r": right})


def test_colliding_red_lines_are_named_by_the_diagnosis() -> None:
    result = analyze(_two_issue_deadlock())
    assert result.n_feasible == 0 and result.zopa_size == 0
    assert all(s is None for _, s in result.solutions.items())
    assert [r.relax for r in result.relaxations] == [("l.need-a",), ("r.no-a",)]
    assert [r.zopa_size for r in result.relaxations] == [2, 2]
    # Best package when l.need-a is dropped: a=x, b=y (index 1); when r.no-a is: a=y, b=y.
    assert [r.best.index for r in result.relaxations] == [1, 3]
    assert result.conflicts == (("l.need-a", "r.no-a"),)


def test_space_over_the_limit_is_refused_before_any_work() -> None:
    with pytest.raises(SpaceTooLarge, match="4 outcomes, above the limit of 3"):
        analyze(_two_issue_deadlock(), max_outcomes=3)


def test_progress_reports_every_chunk() -> None:
    calls: list[tuple[str, int, int]] = []
    analyze(_two_issue_deadlock(), chunk_size=3, progress=lambda *c: calls.append(c))
    assert calls == [
        ("analysing", 3, 4),
        ("analysing", 4, 4),
        ("diagnosing", 3, 4),
        ("diagnosing", 4, 4),
    ]
