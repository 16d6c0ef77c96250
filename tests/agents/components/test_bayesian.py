"""The full Hindriks–Tykhonov model against an oracle that lists every hypothesis."""

from __future__ import annotations

import math
from itertools import permutations, product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.components.opponent.bayesian import HindriksTykhonov, shapes
from accord.model.issues import Issue, OutcomeSpace
from agents.scripted import fruit_scenario


def test_shapes_of_a_three_option_issue() -> None:
    table = shapes(3)
    assert table[0] == pytest.approx([1 / 2001, 1001 / 2001, 1.0])
    assert table[1] == pytest.approx([1.0, 1001 / 2001, 1 / 2001])
    assert table[2] == pytest.approx([1 / 1001, 1.0, 1 / 1001])  # peak at 3 // 2 = 1


def test_hand_worked_first_update() -> None:
    # One issue, three options: one ranking (weight 1), three shapes. The first offer,
    # option 2, is expected to be worth 1: uphill gives 1 (gap 0), downhill 1/2001 and
    # the triangle 1/1001 (gap ~1): the posterior all but rules them out.
    space = OutcomeSpace((Issue("x", "X", ("a", "b", "c")),))
    model = HindriksTykhonov(space)
    model.update(2, 0.0)
    g = [math.exp(-((1 - u) ** 2) / (2 * 0.25**2)) for u in (1.0, 1 / 2001, 1 / 1001)]
    assert model.probabilities[0] == pytest.approx(np.array(g) / sum(g))
    assert model.expected == pytest.approx(0.965)
    assert model.utilities(np.arange(3)) == pytest.approx([0.0, 0.5, 1.0], abs=1e-3)


def test_refuses_an_unscalable_space() -> None:
    space = OutcomeSpace(tuple(Issue(f"i{k}", "I", ("a", "b")) for k in range(9)))
    with pytest.raises(ValueError, match="scalable"):
        HindriksTykhonov(space)


def test_learns_the_fruit_buyers_preferences() -> None:
    # The buyer prefers plum and small: its offers concede from (plum, s) outward.
    model = HindriksTykhonov(fruit_scenario().space)
    for offer in (6, 3, 7, 0):
        model.update(offer, 0.0)
    estimate = model.utilities(np.arange(9))
    assert int(np.argmax(estimate)) == 6
    assert estimate[6] > estimate[2]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_posterior_matches_an_oracle_over_every_hypothesis(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    space = OutcomeSpace(tuple(Issue(f"i{k}", "I", tuple(range(n))) for k, n in enumerate(sizes)))
    offers = data.draw(st.lists(st.integers(0, space.size - 1), min_size=1, max_size=5))
    model = HindriksTykhonov(space)
    n = len(sizes)
    base = [(r + 1) / (n * (n + 1) / 2) for r in range(n)]
    hyps = [
        ([base[p[i]] for i in range(n)], [shapes(sizes[i])[s[i]] for i in range(n)])
        for p in permutations(range(n))
        for s in product(range(3), repeat=n)
    ]
    probs = [1 / len(hyps)] * len(hyps)
    expected, seen = 1.0, []
    for offer in offers:
        model.update(offer, 0.0)
        if offer in seen:
            continue
        seen.append(offer)
        d = space.digits_of(np.array([offer]))[:, 0]
        new = []
        for (w, e), p in zip(hyps, probs, strict=True):
            u = sum(w[i] * e[i][d[i]] for i in range(n))
            x = (expected - u) / expected
            like = 0.0 if u > expected else math.exp(-x * x / (2 * 0.25**2))
            new.append(p * like)
        if sum(new) > 0:
            probs = [q / sum(new) for q in new]
        expected -= 0.035
    every = np.arange(space.size)
    raw = []
    for outcome in every:
        d = space.digits_of(np.array([outcome]))[:, 0]
        raw.append(
            sum(
                p * sum(w[i] * e[i][d[i]] for i in range(n))
                for (w, e), p in zip(hyps, probs, strict=True)
            )
        )
    low, high = min(raw), max(raw)
    if high - low > 1e-9:
        oracle = [(r - low) / (high - low) for r in raw]
        assert model.utilities(every) == pytest.approx(oracle, abs=1e-6)
