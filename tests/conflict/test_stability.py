"""Every stability concept against the brute-force oracle on random small conflicts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.conflict import ConflictError, analyze_conflict
from accord.conflict.model import Conflict
from accord.conflict.stability import coalition_stability

from oracle_conflict import coalition, stability
from strategies import conflicts

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _analyze_or_skip(conflict: Conflict):  # type: ignore[no-untyped-def]
    try:
        return analyze_conflict(conflict)
    except ConflictError:
        return None


@SETTINGS
@given(conflicts())
def test_every_concept_matches_the_definitions(conflict: Conflict) -> None:
    result = _analyze_or_skip(conflict)
    states, expected = stability(conflict)
    if result is None:
        assert not states  # only an empty state space (or a bad ranking) is refused
        return
    keys = [",".join(sorted(s)) for s in states]
    assert sorted(result.space.keys) == sorted(keys)
    for concept, per_dm in expected.items():
        for dm, stable in per_dm.items():
            assert sorted(result.stable_keys(dm, concept)) == sorted(keys[i] for i in stable), (
                concept,
                dm,
            )


@SETTINGS
@given(conflicts(max_dms=3, max_options=6), st.data())
def test_coalitions_match_the_definitions(conflict: Conflict, data: st.DataObject) -> None:
    result = _analyze_or_skip(conflict)
    if result is None:
        return
    members = tuple(data.draw(st.lists(st.sampled_from(conflict.dm_ids), min_size=2, unique=True)))
    got = coalition_stability(members, result.space, result.dm_ids, result.payoffs, result.moves)
    states = [",".join(sorted(s)) for s in __import__("oracle_conflict").states(conflict)]
    want = coalition(conflict, members)
    for concept in ("cnash", "cseq"):
        assert sorted(k for k, ok in zip(result.space.keys, got[concept], strict=True) if ok) == (
            sorted(states[i] for i in want[concept])
        )


def test_concepts_nest_as_the_theory_says() -> None:
    """Nash implies GMR, SMR implies GMR, SEQ implies GMR (Fang, Hipel & Kilgour 1993)."""

    @SETTINGS
    @given(conflicts())
    def check(conflict: Conflict) -> None:
        result = _analyze_or_skip(conflict)
        if result is None:
            return
        s = result.stable
        assert not (s["nash"] & ~s["smr"]).any()
        assert not (s["smr"] & ~s["gmr"]).any()
        assert not (s["seq"] & ~s["gmr"]).any()
        assert not (s["nash"] & ~s["seq"]).any()

    check()


def test_a_conflict_needs_two_decision_makers() -> None:
    from accord.conflict.model import DecisionMaker, Statements

    with pytest.raises(ConflictError, match="at least two"):
        Conflict((DecisionMaker("a", ("x",)),), {"a": Statements(("x",))})
