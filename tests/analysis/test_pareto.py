"""The Pareto frontier against the O(n^2) definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.pareto import dominated_by, frontier_mask

from oracle import dominates, frontier
from strategies import point_sets


@settings(deadline=None)
@given(point_sets())
def test_frontier_matches_definition(points: np.ndarray) -> None:
    expected = frontier(points.tolist())
    assert np.flatnonzero(frontier_mask(points)).tolist() == expected


@settings(deadline=None)
@given(point_sets())
def test_frontier_points_do_not_dominate_each_other(points: np.ndarray) -> None:
    front = points[frontier_mask(points)]
    for p in front:
        assert not any(dominates(q, p) for q in front)


@settings(deadline=None)
@given(point_sets())
def test_every_other_point_is_dominated_by_a_frontier_point(points: np.ndarray) -> None:
    mask = frontier_mask(points)
    others = points[~mask]
    assert dominated_by(others, points[mask]).all()


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5))
def test_large_random_sets_match_brute_force_dominance(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    points = np.round(rng.random((3000, k)), 2)
    mask = frontier_mask(points)
    # Frontier points are not dominated by anything; all others are.
    assert not dominated_by(points[mask], points).any()
    assert dominated_by(points[~mask], points).all()


def test_duplicates_of_a_frontier_point_are_all_kept() -> None:
    points = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.4, 0.4]])
    assert frontier_mask(points).tolist() == [True, True, True, True, False]


def test_empty_and_single_party() -> None:
    assert frontier_mask(np.empty((0, 3))).size == 0
    assert frontier_mask(np.array([[0.2], [0.7], [0.7]])).tolist() == [False, True, True]
