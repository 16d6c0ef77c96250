"""Outcome-space enumeration and numeric grids."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.model.issues import Issue, OutcomeSpace, numeric_grid

from strategies import issues


@given(issues())
def test_enumeration_matches_itertools_product(space_issues: tuple[Issue, ...]) -> None:
    space = OutcomeSpace(space_issues)
    expected = list(itertools.product(*(range(i.size) for i in space_issues)))
    assert space.size == len(expected)
    assert [tuple(col) for col in space.digits(0, space.size).T.tolist()] == expected


@given(issues(), st.data())
def test_index_and_outcome_round_trip(space_issues: tuple[Issue, ...], data: st.DataObject) -> None:
    space = OutcomeSpace(space_issues)
    index = data.draw(st.integers(0, space.size - 1))
    assert space.index_of(space.outcome(index)) == index


@given(st.data())
def test_outcome_is_exact_beyond_int64(data: st.DataObject) -> None:
    # 50 issues of 10 options (an ANAC 2014 shape): 10**50 outcomes, far beyond 2**63.
    names = tuple(f"o{k}" for k in range(10))
    space = OutcomeSpace(tuple(Issue(f"i{n}", f"Issue {n}", names) for n in range(50)))
    index = data.draw(st.integers(0, space.size - 1))
    assert space.index_of(space.outcome(index)) == index
    assert space.outcome(space.size - 1) == {f"i{n}": "o9" for n in range(50)}


@given(issues(), st.integers(1, 5))
def test_chunks_cover_the_space_once(space_issues: tuple[Issue, ...], size: int) -> None:
    space = OutcomeSpace(space_issues)
    covered = np.concatenate([np.arange(a, b) for a, b in space.chunks(size)])
    assert covered.tolist() == list(range(space.size))


def test_numeric_grid_includes_both_ends_and_rounds() -> None:
    assert numeric_grid(0, 8, 0.5)[:3] == (0.0, 0.5, 1.0)
    assert numeric_grid(0, 8, 0.5)[-1] == 8.0
    assert numeric_grid(0, 0.3, 0.1) == (0.0, 0.1, 0.2, 0.3)
    assert numeric_grid(0, 1, 0.3) == (0.0, 0.3, 0.6, 0.9)


@pytest.mark.parametrize(("lo", "hi", "step"), [(0, 1, 0), (0, 1, -1), (2, 1, 0.5)])
def test_numeric_grid_rejects_bad_ranges(lo: float, hi: float, step: float) -> None:
    with pytest.raises(ValueError):
        numeric_grid(lo, hi, step)


def test_numeric_issue_finds_grid_values_by_number() -> None:
    wage = Issue("wage", "Wage", numeric_grid(0, 2, 0.5), numeric=True)
    assert wage.index(1.5) == 3 and wage.index(1) == 2
    with pytest.raises(ValueError):
        wage.index(0.7)
