"""The scalable Bayesian model against an oracle written from Hindriks & Tykhonov's rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.components.opponent.scalable_bayesian import ScalableBayesian, shapes
from accord.model.issues import Issue, OutcomeSpace


def test_shapes_of_a_three_option_issue() -> None:
    table = shapes(3)
    assert table[0] == pytest.approx([1 / 2001, 1001 / 2001, 1.0])  # uphill
    assert table[1] == pytest.approx([1.0, 1001 / 2001, 1 / 2001])  # downhill
    assert table[2] == pytest.approx([0.0, 1.0, 1 / 1001])  # peak at the middle option


def gauss(u: float, predicted: float) -> float:
    x = (predicted - u) / predicted
    return math.exp(-x * x / (2 * 0.25**2))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_updates_match_a_loop_oracle(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    space = OutcomeSpace(tuple(Issue(f"i{k}", "I", tuple(range(n))) for k, n in enumerate(sizes)))
    offers = data.draw(st.lists(st.integers(0, space.size - 1), min_size=1, max_size=5))
    model = ScalableBayesian(space)
    levels = [j / 10 for j in range(11)]
    prior = [(1 - (j + 1) / 11) ** 3 for j in range(11)]
    wp = [[p / sum(prior) for p in prior] for _ in sizes]
    tables = [shapes(n).tolist() for n in sizes]
    ep = [[1 / len(t)] * len(t) for t in tables]
    predicted, seen = 1.0, []
    for offer in offers:
        model.update(offer, 0.0)
        if offer in seen:
            continue
        seen.append(offer)
        d = space.digits_of(np.array([offer]))[:, 0].tolist()
        ev = [sum(q * t[h][d[i]] for h, q in enumerate(ep[i])) for i, t in enumerate(tables)]
        if len(seen) > 1:
            ew = [
                sum(p * lv for p, lv in zip(wp[i], levels, strict=True)) for i in range(len(sizes))
            ]
            new = []
            for i in range(len(sizes)):
                rest = sum(ew[k] * ev[k] for k in range(len(sizes)) if k != i)
                post = [
                    p * gauss(lv * ev[i] + rest, predicted)
                    for p, lv in zip(wp[i], levels, strict=True)
                ]
                new.append([p / sum(post) for p in post])
            wp = new
        ew = [sum(p * lv for p, lv in zip(wp[i], levels, strict=True)) for i in range(len(sizes))]
        for i, t in enumerate(tables):
            rest = sum(ew[k] * ev[k] for k in range(len(sizes)) if k != i)
            post = [q * gauss(rest + ew[i] * t[h][d[i]], predicted) for h, q in enumerate(ep[i])]
            ep[i] = [p / sum(post) for p in post]
        predicted -= 0.003
    assert model.weight_probs == pytest.approx(np.array(wp))
    for got, want in zip(model.shape_probs, ep, strict=True):
        assert got == pytest.approx(want)
