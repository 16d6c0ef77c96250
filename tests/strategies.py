"""Hypothesis generators for Accord's domain: issues, preferences, scenarios, point sets.

Weights are multiples of 1/8 and values multiples of 1/4, so every utility is a
dyadic rational computed exactly in floating point whatever the order of
summation: ties in the generated scenarios are real ties, which is what the
tie-breaking rules are tested against.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.model.issues import Issue
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    Preferences,
    Rectangle,
    RedLine,
    RuleKind,
)
from accord.model.scenario import Actor, Scenario

QUARTERS = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])


@st.composite
def issues(draw: st.DrawFn, max_issues: int = 4, max_options: int = 4) -> tuple[Issue, ...]:
    """Discrete issues with 1..max_options options each."""
    sizes = draw(st.lists(st.integers(1, max_options), min_size=1, max_size=max_issues))
    return tuple(
        Issue(f"i{j}", f"Issue {j}", tuple(f"o{x}" for x in range(size)))
        for j, size in enumerate(sizes)
    )


@st.composite
def conditions(draw: st.DrawFn, space: tuple[Issue, ...]) -> Condition:
    """A condition on a non-empty subset of the issues."""
    chosen = draw(st.lists(st.sampled_from(space), min_size=1, max_size=len(space), unique=True))
    allowed = {
        issue.id: frozenset(
            draw(st.lists(st.integers(0, issue.size - 1), min_size=1, max_size=issue.size))
        )
        for issue in chosen
    }
    return Condition(allowed)


@st.composite
def red_lines(draw: st.DrawFn, space: tuple[Issue, ...], max_lines: int = 2) -> tuple[RedLine, ...]:
    """Up to ``max_lines`` red lines of random kinds."""
    lines = []
    for n in range(draw(st.integers(0, max_lines))):
        kind = draw(st.sampled_from(list(RuleKind)))
        then = draw(conditions(space)) if kind is RuleKind.IMPLIES else None
        lines.append(RedLine(f"r{n}", kind, draw(conditions(space)), then))
    return tuple(lines)


@st.composite
def preferences(draw: st.DrawFn, space: tuple[Issue, ...], max_lines: int = 2) -> Preferences:
    """Weights in eighths summing to one, values in quarters, a reservation in quarters,
    and sometimes a few constraint-based (hyper-rectangle) terms worth quarters."""
    eighths = [0] * len(space)
    for _ in range(8):
        eighths[draw(st.integers(0, len(space) - 1))] += 1
    weights = {issue.id: e / 8 for issue, e in zip(space, eighths, strict=True) if e}
    values = {
        issue.id: DiscreteValues({o: draw(QUARTERS) for o in issue.options}) for issue in space
    }
    rectangles = tuple(
        Rectangle(draw(conditions(space)), draw(QUARTERS))
        for _ in range(draw(st.integers(0, 2)))
    )
    return Preferences(
        weights=weights,
        values=values,
        reservation=draw(st.sampled_from([0.0, 0.25, 0.5, 0.75])),
        red_lines=draw(red_lines(space, max_lines)),
        rectangles=rectangles,
    )


@st.composite
def scenarios(draw: st.DrawFn, max_parties: int = 3, max_lines: int = 2) -> Scenario:
    """Small random scenarios with red lines, reservations and plenty of ties."""
    space = draw(issues())
    n_parties = draw(st.integers(1, max_parties))
    parties = tuple(Actor(f"p{p}", f"Party {p}") for p in range(n_parties))
    prefs = {a.id: draw(preferences(space, max_lines)) for a in parties}
    return Scenario("random", parties, space, prefs)


def point_sets(max_parties: int = 4, max_points: int = 200) -> st.SearchStrategy[np.ndarray]:
    """Utility vectors on a coarse grid, so duplicates and ties are common."""
    return st.integers(1, max_parties).flatmap(
        lambda k: hnp.arrays(
            np.float64,
            st.tuples(st.integers(0, max_points), st.just(k)),
            elements=st.sampled_from([0.0, 0.125, 0.25, 0.5, 0.75, 1.0]),
        )
    )
