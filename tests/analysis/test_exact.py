"""Equality of utilities on ticks: the regressions float comparison got wrong."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.analysis.bargaining import best_per_group, kalai_smorodinsky, nash
from accord.analysis.exact import LIMIT, SCALE, ticks
from accord.analysis.pareto import frontier_mask
from accord.io.scenario.preferences import normalise_weights
from accord.model.issues import Issue
from accord.model.preferences import DiscreteValues, Preferences
from accord.model.scenario import Actor, Scenario

from oracle import reference, tick


def float_frontier(points: Sequence[Sequence[float]]) -> list[int]:
    """The frontier as plain float comparison finds it (what the analysis used to do)."""
    pts = np.asarray(points, dtype=float)
    return [i for i, p in enumerate(pts) if not any((q >= p).all() and (q > p).any() for q in pts)]


def test_ticks_round_to_the_nearest_billionth() -> None:
    assert ticks(np.array([0.15238095238095234, 0.15238095238095237])).tolist() == [
        152380952,
        152380952,
    ]
    assert ticks(0.48500000000000004) == ticks(0.485) == 485_000_000
    assert ticks(np.array([1e300, -1e300])).tolist() == [LIMIT, -LIMIT]
    assert SCALE == 10**9


@given(st.floats(-2.0, 2.0))
def test_ticks_agree_with_the_exact_rounding_away_from_half_ticks(u: float) -> None:
    """``rint(u * 1e9)`` rounds a float product: it can differ from exact rounding only
    when ``u * 1e9`` lies within float noise of a half tick."""
    exact = Fraction(u) * SCALE
    if abs(exact - math.floor(exact) - Fraction(1, 2)) > Fraction(1, 10**5):
        assert int(ticks(u)) == tick(u)
    else:
        assert abs(int(ticks(u)) - exact) <= 1


def test_noise_does_not_keep_a_dominated_point() -> None:
    """(0.95, 0.485) dominates (0.94, 0.48500000000000004): float comparison keeps both."""
    points = [[0.94, 0.48500000000000004], [0.95, 0.485]]
    assert float_frontier(points) == [0, 1]
    assert frontier_mask(np.array(points)).tolist() == [False, True]


def _noisy_pair() -> Scenario:
    """Two parties whose packages (p, m) and (q, n) are worth (0.94, 0.485) and
    (0.95, 0.485); the buyer's 0.485 comes out of floats as 0.48500000000000004 for
    (p, m), so float comparison lists the dominated (p, m) on the frontier."""
    space = (Issue("x", "X", ("p", "q")), Issue("y", "Y", ("m", "n")))
    seller = Preferences(
        {"x": 0.5, "y": 0.5},
        {"x": DiscreteValues({"p": 0.94, "q": 1.0}), "y": DiscreteValues({"m": 0.94, "n": 0.9})},
    )
    buyer = Preferences(
        {"x": 0.5, "y": 0.5},
        {"x": DiscreteValues({"p": 0.04, "q": 0.0}), "y": DiscreteValues({"m": 0.93, "n": 0.97})},
    )
    parties = (Actor("s", "Seller"), Actor("b", "Buyer"))
    return Scenario("noisy", parties, space, {"s": seller, "b": buyer})


def test_a_package_dominated_but_for_noise_is_not_on_the_frontier() -> None:
    scenario = _noisy_pair()
    result = analyze(scenario)
    exact = reference(scenario).ticks
    assert float_frontier(result_utilities(scenario)) != result.frontier.indices.tolist()
    assert 0 not in result.frontier.indices.tolist()  # (p, m): (0.94, 0.485)
    assert result.frontier.indices.tolist() == [1, 2, 3]
    assert exact[0] == (940_000_000, 485_000_000) and exact[3] == (950_000_000, 485_000_000)


def result_utilities(scenario: Scenario) -> list[list[float]]:
    from accord.analysis.evaluate import evaluate_outcomes

    utilities, _ = evaluate_outcomes(scenario, np.arange(scenario.space.size))
    return utilities.tolist()


def _weights_4_1_2_3_half() -> Scenario:
    """Weights 4, 1, 2, 3 and 0.5 (over their sum 10.5): packages 9 and 27 are both worth
    (0.4, 0.72), but float sums give the first party 0.39999999999999997 and
    0.3999999999999999, so float comparison drops package 27."""
    space = tuple(Issue(f"i{j}", f"i{j}", ("a", "b")) for j in range(5))
    ids = [issue.id for issue in space]
    first = {
        "i0": {"a": 0.0, "b": 0.3},
        "i1": {"a": 0.6, "b": 0.0},
        "i2": {"a": 0.6, "b": 0.6},
        "i3": {"a": 1.0, "b": 0.6},
        "i4": {"a": 0.1, "b": 0.0},
    }
    second = {
        "i0": {"a": 1.0, "b": 0.3},
        "i1": {"a": 0.6, "b": 1.0},
        "i2": {"a": 0.3, "b": 0.0},
        "i3": {"a": 0.3, "b": 1.0},
        "i4": {"a": 0.0, "b": 1.0},
    }
    prefs = {
        "a": Preferences(
            normalise_weights(dict(zip(ids, [4.0, 1.0, 2.0, 3.0, 0.5], strict=True)), ids),
            {i: DiscreteValues(v) for i, v in first.items()},
        ),
        "b": Preferences({i: 0.2 for i in ids}, {i: DiscreteValues(v) for i, v in second.items()}),
    }
    return Scenario("weights", (Actor("a", "A"), Actor("b", "B")), space, prefs)


def test_equal_packages_are_all_on_the_frontier_whatever_the_noise() -> None:
    scenario = _weights_4_1_2_3_half()
    found = analyze(scenario).frontier.indices.tolist()
    assert 9 in found and 27 in found
    assert 27 not in float_frontier(result_utilities(scenario))
    assert found == reference(scenario).frontier


def test_nash_ties_on_ticks_go_to_the_lowest_index() -> None:
    """The second row's product is larger in floats only through noise."""
    rows = np.array([[0.94, 0.485], [0.94, 0.48500000000000004]])
    assert int(np.argmax(rows.prod(axis=1))) == 1
    assert nash(rows, np.zeros(2)) == 0
    assert kalai_smorodinsky(rows, np.zeros(2)) == 0


def test_three_party_nash_is_compared_exactly() -> None:
    """Products of three gains near 1e27 ticks^3 differ by less than float resolution."""
    rows = np.array([[0.999999999, 0.999999998, 0.5], [0.999999998, 0.999999999, 0.500000001]])
    assert nash(rows, np.zeros(3)) == 1
    assert float(np.prod(ticks(rows[0]).astype(float))) <= float(
        np.prod(ticks(rows[1]).astype(float))
    )


def test_best_per_group_breaks_ties_by_total_then_index() -> None:
    groups = np.array([1, 1, 1, 2, 2], dtype=np.uint64)
    gains = np.array([[2, 3], [3, 2], [6, 1], [0, 5], [0, 9]], dtype=np.int64)
    total = np.array([10, 12, 12, 5, 4], dtype=np.int64)
    index = np.array([7, 4, 3, 1, 0], dtype=np.int64)
    # group 1: products 6, 6, 6; totals 10, 12, 12; lowest index among those: row 2
    # group 2: products 0, 0; totals 5, 4: row 3
    assert best_per_group(groups, gains, total, index).tolist() == [2, 3]
