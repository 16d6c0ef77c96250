"""Counting violation masks, dense and sparse, against a plain Counter."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis.tally import DENSE_CONSTRAINTS, MaskTally

CHUNKS = st.lists(
    st.lists(st.sampled_from([0, 1, 5, 2**21, 2**40 + 3, 2**63 + 1, 7]), max_size=30),
    min_size=1,
    max_size=5,
)


@given(CHUNKS, st.sampled_from([3, DENSE_CONSTRAINTS + 1, 64]))
def test_counts_match_a_counter(chunks: list[list[int]], n_constraints: int) -> None:
    limit = 1 << n_constraints
    chunks = [[m % limit for m in chunk] for chunk in chunks]
    tally = MaskTally(n_constraints)
    for chunk in chunks:
        tally.add(np.array(chunk, dtype=np.uint64))
    expected = Counter(m for chunk in chunks for m in chunk)
    assert tally.masks().tolist() == sorted(expected)
    for mask in {*expected, 2, 3}:
        assert tally.count(mask) == expected.get(mask, 0)
    every = np.array([m for chunk in chunks for m in chunk], dtype=np.uint64)
    chosen = np.array(sorted(expected)[::2], dtype=np.uint64)
    assert tally.member(every, chosen).tolist() == [int(m) in set(chosen.tolist()) for m in every]
