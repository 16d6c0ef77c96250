"""HardHeaded's frequency model against a hand-worked trace and a brute-force oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.components.opponent.hardheaded_frequency import HardHeadedFrequency
from accord.model.issues import Issue, OutcomeSpace


def space(*sizes: int) -> OutcomeSpace:
    return OutcomeSpace(
        tuple(Issue(f"i{k}", f"I{k}", tuple(range(n))) for k, n in enumerate(sizes))
    )


def test_hand_worked_trace_on_three_issues() -> None:
    s = space(3, 3, 2)
    model = HardHeadedFrequency(s)
    model.update(s.index_of({"i0": 0, "i1": 0, "i2": 0}), 0.1)
    assert model.weights.tolist() == pytest.approx([1 / 3] * 3)  # first offer: no change
    assert [c.tolist() for c in model.counts] == [[1, 1, 1], [1, 1, 1], [1, 1]]
    # Second offer changes issue i1 only: golden = 0.2 / 3, total = 1 + 2 * golden.
    model.update(s.index_of({"i0": 0, "i1": 1, "i2": 0}), 0.2)
    golden = 0.2 / 3
    total = 1 + 2 * golden
    assert model.weights == pytest.approx(
        [(1 / 3 + golden) / total, (1 / 3) / total, (1 / 3 + golden) / total]
    )
    assert model.weights == pytest.approx([0.352941, 0.294118, 0.352941], abs=1e-6)
    assert [c.tolist() for c in model.counts] == [[2, 1, 1], [1, 2, 1], [2, 1]]
    # Utility of (0, 1, 1): w0 * 2/2 + w1 * 2/2 + w2 * 1/2.
    u = model.utilities(np.array([s.index_of({"i0": 0, "i1": 1, "i2": 1})]))
    assert u[0] == pytest.approx(0.352941 + 0.294118 + 0.352941 / 2, abs=1e-6)


def test_weight_step_is_divided_by_the_number_of_issues() -> None:
    # With 10 issues and one change, an unchanged issue gains 0.02 before normalising,
    # not 0.2: the weights move n times slower than a step of learning_coef itself.
    s = space(*([2] * 10))
    model = HardHeadedFrequency(s)
    model.update(0, 0.0)
    model.update(1, 0.1)  # the last issue changes
    total = 1 + 9 * 0.02
    assert model.weights[0] == pytest.approx((0.1 + 0.02) / total)
    assert model.weights[-1] == pytest.approx(0.1 / total)


def test_a_weight_at_the_cap_gains_nothing() -> None:
    s = space(2, 2)
    model = HardHeadedFrequency(s)
    model.weights = np.array([0.95, 0.05])
    model.update(0, 0.0)
    model.update(1, 0.1)  # issue 0 unchanged, but 0.95 >= cap = 1 - 2 * 0.1 / 1.1
    assert model.weights == pytest.approx([0.95 / 1.1, 0.05 / 1.1])


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_matches_an_oracle_written_from_the_rule(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    s = space(*sizes)
    offers = data.draw(st.lists(st.integers(0, s.size - 1), min_size=1, max_size=12))
    coef = data.draw(st.sampled_from([0.2, 0.1, 0.35]))
    model = HardHeadedFrequency(s, learning_coef=coef)
    n = len(sizes)
    weights = [1.0 / n] * n
    counts = [[1.0] * k for k in sizes]
    previous = None
    for offer in offers:
        model.update(offer, 0.0)
        options = [s.outcome(offer)[f"i{k}"] for k in range(n)]
        if previous is not None:
            same = [a == b for a, b in zip(options, previous, strict=True)]
            golden = coef / n
            total = 1 + golden * sum(same)
            cap = 1 - n * golden / total
            weights = [
                (w + golden) / total if same[k] and w < cap else w / total
                for k, w in enumerate(weights)
            ]
            for k, option in enumerate(options):
                counts[k][int(option)] += 1
        previous = options
    assert model.weights.tolist() == pytest.approx(weights)
    for outcome in range(s.size):
        options = s.outcome(outcome)
        expected = sum(
            weights[k] * counts[k][int(options[f"i{k}"])] / max(counts[k]) for k in range(n)
        )
        assert model.utilities(np.array([outcome]))[0] == pytest.approx(expected)
