"""The Smith and CUHK frequency models on hand-worked traces and against loop oracles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.components.opponent.cuhk_frequency import CUHKFrequency
from accord.agents.components.opponent.smith_frequency import SmithFrequency
from accord.model.issues import Issue, OutcomeSpace
from agents.scripted import fruit_scenario

FRUIT = fruit_scenario().space
"""Outcome ``3 * fruit + size``: fruit apple/pear/plum, size s/m/l."""


def test_smith_hand_worked_trace() -> None:
    # Offers (plum, s), (plum, m), (plum, s), (pear, s): fruit plum 3/4, pear 1/4 -> raw
    # weight 3/4; size s 3/4, m 1/4 -> raw 3/4. Normalised: 1/2 each.
    model = SmithFrequency(FRUIT)
    assert model.utilities(np.array([0, 8])) == pytest.approx([0.0, 0.0])
    for offer in (6, 7, 6, 3):
        model.update(offer, 0.0)
    assert model.raw_weights() == pytest.approx([0.75, 0.75])
    # (plum, s): 0.5 * 0.75 + 0.5 * 0.75; (apple, l): 0; (pear, m): 0.5 * 0.25 + 0.5 * 0.25.
    assert model.utilities(np.array([6, 2, 4])) == pytest.approx([0.75, 0.0, 0.25])


def test_smith_numeric_issue_uses_mean_and_spread() -> None:
    space = OutcomeSpace((Issue("price", "Price", (0.0, 5.0, 10.0), numeric=True),))
    model = SmithFrequency(space)
    model.update(0, 0.0)
    model.update(2, 0.0)
    # mean 5 -> scaled 0.5; each option is worth 1 - |x/10 - 0.5|; weight normalised to 1.
    assert model.raw_weights() == pytest.approx([1 / (1 + 5.0)])
    assert model.utilities(np.arange(3)) == pytest.approx([0.5, 1.0, 0.5])


def test_cuhk_hand_worked_trace() -> None:
    # Offers (plum, s), (plum, m), (plum, s): plum 3; s 2, m 1. Top sum 3 + 2 = 5.
    model = CUHKFrequency(FRUIT)
    for offer in (6, 7, 6):
        model.update(offer, 0.0)
    assert model.utilities(np.array([6, 7, 0, 2])) == pytest.approx([1.0, 0.8, 0.4, 0.0])


def test_cuhk_stops_after_the_maximum_distinct_offers() -> None:
    model = CUHKFrequency(FRUIT, maximum=2)
    for offer in (0, 1, 1, 2, 3, 4):
        model.update(offer, 0.0)
    # 0, 1, 1 counted; the third distinct offer (2) makes the history exceed the maximum.
    assert [int(c) for c in model.counts[1]] == [1, 2, 0]


def sizes_and_offers() -> st.SearchStrategy[tuple[list[int], list[int]]]:
    return st.lists(st.integers(1, 4), min_size=1, max_size=3).flatmap(
        lambda sizes: st.tuples(
            st.just(sizes),
            st.lists(st.integers(0, int(np.prod(sizes)) - 1), min_size=1, max_size=12),
        )
    )


@settings(max_examples=40, deadline=None)
@given(case=sizes_and_offers())
def test_smith_and_cuhk_match_loop_oracles(case: tuple[list[int], list[int]]) -> None:
    sizes, offers = case
    space = OutcomeSpace(tuple(Issue(f"i{k}", "I", tuple(range(n))) for k, n in enumerate(sizes)))
    smith, cuhk = SmithFrequency(space), CUHKFrequency(space, maximum=4)
    for offer in offers:
        smith.update(offer, 0.0)
        cuhk.update(offer, 0.0)
    digits = [space.digits_of(np.array([o]))[:, 0].tolist() for o in offers]
    counted, history = [], []
    for o, d in zip(offers, digits, strict=True):
        if len(history) > 4:
            break
        if o not in history:
            history.append(o)
        if len(history) <= 4:
            counted.append(d)
    everything = np.arange(space.size)
    for outcome in everything:
        d = space.digits_of(np.array([outcome]))[:, 0].tolist()
        raw = [
            max(sum(x[i] == v for x in digits) for v in range(n)) / len(digits)
            for i, n in enumerate(sizes)
        ]
        share = [sum(x[i] == d[i] for x in digits) / len(digits) for i in range(len(sizes))]
        expected = sum(r / sum(raw) * s for r, s in zip(raw, share, strict=True))
        assert smith.utilities(np.array([outcome]))[0] == pytest.approx(expected)
        top = sum(
            max(sum(x[i] == v for x in counted) for v in range(n)) for i, n in enumerate(sizes)
        )
        mine = sum(sum(x[i] == d[i] for x in counted) for i in range(len(sizes)))
        assert cuhk.utilities(np.array([outcome]))[0] == pytest.approx(mine / top if top else 0.0)
