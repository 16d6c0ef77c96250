"""What-if changes and the statement language."""

from __future__ import annotations

import numpy as np
import pytest

from accord.conflict import ConflictError, analyze_conflict
from accord.conflict.model import Conflict, DecisionMaker, Ranking, Statements
from accord.conflict.preferences import evaluate
from accord.conflict.states import feasible_states
from accord.conflict.whatif import apply_change

BASE = Conflict(
    (DecisionMaker("a", ("x",)), DecisionMaker("b", ("y",))),
    {"a": Statements(("x", "not y")), "b": Ranking((("y",), ("", "x,y"), ("x",)))},
)


@pytest.mark.parametrize(
    ("text", "truth"),
    [
        ("x", [0, 1, 0, 1]),
        ("not x", [1, 0, 1, 0]),
        ("-x", [1, 0, 1, 0]),
        ("x and y", [0, 0, 0, 1]),
        ("x or y", [0, 1, 1, 1]),
        ("x if y", [1, 1, 0, 1]),
        ("x iff y", [1, 0, 0, 1]),
        ("not (x and y)", [1, 1, 1, 0]),
    ],
)
def test_statements_mean_what_they_say(text: str, truth: list[int]) -> None:
    space = feasible_states(BASE)  # codes 0 (none), 1 (x), 2 (y), 3 (x,y)
    assert evaluate(text, space).astype(int).tolist() == truth


def test_add_makes_rankings_indifferent_and_statements_can_use_it() -> None:
    changed = apply_change(BASE, "add b.z")
    changed = apply_change(changed, "statement a.1 = x and z")
    result = analyze_conflict(changed)
    assert result.space.size == 8
    u = result.payoffs["b"]
    keys = result.space.keys
    assert u[keys.index("y")] == u[keys.index("y,z")]
    a = result.payoffs["a"]
    assert a[keys.index("x,z")] > a[keys.index("x")]


def test_remove_and_drop_and_irreversible() -> None:
    removed = analyze_conflict(apply_change(BASE, "remove b.y"))
    assert removed.space.keys == ("", "x")
    dropped = apply_change(BASE, "drop a.1")
    assert isinstance(dropped.preferences["a"], Statements)
    assert dropped.preferences["a"].statements == ("not y",)
    locked = analyze_conflict(apply_change(BASE, "irreversible x"))
    src = locked.moves["a"].src
    assert not np.any(locked.space.codes[src] & 1)  # a never leaves a state with x


@pytest.mark.parametrize(
    "change", ["grow a.x", "add c.z", "remove a.q", "drop b.1", "statement a.9 = x"]
)
def test_bad_changes_are_refused(change: str) -> None:
    with pytest.raises(ConflictError):
        apply_change(BASE, change)
