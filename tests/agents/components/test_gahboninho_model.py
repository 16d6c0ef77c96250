"""Gahboninho's opponent model: a hand-worked trace and the rank variance against an oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.components.opponent.gahboninho import (
    GahboninhoModel,
    issue_weights,
    rank_variance,
)
from agents.scripted import fruit_scenario


def oracle_variance(counts: list[int], bonus_option: int, bonus: int) -> float:
    """From the description: ranks of the distinct importance levels, least first."""
    importance = list(counts)
    importance[bonus_option] += bonus
    holder = {}
    for option, level in enumerate(importance):
        holder[level] = option  # the last option of a level holds its rank
    ranked = [holder[level] for level in sorted(holder)]
    total = sum(importance)
    if total == 0:
        return 0.0
    mean = sum(r * importance[o] for r, o in enumerate(ranked)) / total
    k = len(counts)
    return sum(counts[o] * ((mean - r) / k) ** 2 for r, o in enumerate(ranked)) / total


@settings(max_examples=80, deadline=None)
@given(
    counts=st.lists(st.integers(0, 6), min_size=2, max_size=5),
    data=st.data(),
)
def test_rank_variance_matches_the_oracle(counts: list[int], data: st.DataObject) -> None:
    option = data.draw(st.integers(0, len(counts) - 1))
    bonus = data.draw(st.integers(0, 3))
    importance = np.array(counts, dtype=float)
    importance[option] += bonus
    got = rank_variance(np.array(counts, dtype=float), importance)
    assert got == pytest.approx(oracle_variance(counts, option, bonus))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.1, 0.3, 0.6, 0.05]), min_size=1, max_size=5))
def test_weights_fall_with_variance(variances: list[float]) -> None:
    weights = issue_weights(np.array(variances))
    assert weights.sum() == pytest.approx(1.0)
    nonzero = [v for v in variances if v > 0]
    raw = [1.0 if v == 0 else min(nonzero) / 3 / v for v in variances]
    expected = [r / sum(raw) for r in raw] if nonzero else [1 / len(variances)] * len(variances)
    assert weights == pytest.approx(expected)


def test_model_weights_follow_the_rank_variance_on_a_hand_worked_trace() -> None:
    model = GahboninhoModel(fruit_scenario().space)
    model.update(0, 0.1)  # (apple, s): no spread anywhere, equal weights
    assert model.weights.tolist() == [0.5, 0.5]
    model.update(1, 0.2)  # (apple, m): size varies, rank variance 1/72; fruit none
    assert model.weights == pytest.approx([0.75, 0.25])
    model.update(1, 0.3)  # a repeat teaches nothing
    assert model.updates == 2
    model.update(4, 0.4)  # (pear, m): bonus 3 // 3 = 1 for apple and s
    # fruit: importance (3, 1, 0), variance 11/576; size: (2, 2, 0), variance 8/576.
    assert model.variances == pytest.approx([11 / 576, 8 / 576])
    assert model.weights == pytest.approx([8 / 19, 11 / 19])
    evaluations = model.evaluations()
    assert evaluations[0] == pytest.approx([1, 1 / 3, 0])
    assert evaluations[1] == pytest.approx([1, 1, 0])
    assert model.utilities(np.array([3])) == pytest.approx([8 / 19 / 3 + 11 / 19])
