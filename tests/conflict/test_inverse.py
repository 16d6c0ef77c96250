"""Inverse analysis: the demotions work, and no smaller set of demotions does."""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.conflict import ConflictError, analyze_conflict
from accord.conflict.inverse import inverse
from accord.conflict.model import Conflict
from accord.conflict.stability import individual_stability

from strategies import conflicts


def _stable_after(result, dm, demoted, state, concept):  # type: ignore[no-untyped-def]
    u = dict(result.payoffs)
    mine = u[dm].copy()
    for index in demoted:
        mine[index] = min(mine[index], mine[state])
    u[dm] = mine
    stable = individual_stability(result.space, result.dm_ids, u, result.moves)
    return bool(stable[concept][result.dm_ids.index(dm), state])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=6), st.data(), st.sampled_from(["nash", "seq"]))
def test_demotions_make_the_state_stable_and_are_fewest(
    conflict: Conflict, data: st.DataObject, concept: str
) -> None:
    try:
        result = analyze_conflict(conflict)
    except ConflictError:
        return
    state = data.draw(st.integers(0, result.space.size - 1))
    answer = inverse(result, state, concept)
    for dm, keys in answer.demote.items():
        chosen = [result.space.keys.index(k) for k in keys]
        assert _stable_after(result, dm, chosen, state, concept)
        better = [
            i for i in range(result.space.size) if result.payoffs[dm][i] > result.payoffs[dm][state]
        ]
        if answer.exact[dm] and len(better) <= 8:
            for size in range(len(chosen)):
                for smaller in combinations(better, size):
                    assert not _stable_after(result, dm, list(smaller), state, concept)
