"""The Cairo talks' conflict section: why the talks stall, what a guarantee changes."""

from __future__ import annotations

from pathlib import Path

from accord.conflict import analyze_conflict
from accord.conflict.status_quo import status_quo_analysis
from accord.conflict.whatif import apply_change, compare
from accord.io.conflict import load_conflict

CAIRO = Path(__file__).resolve().parents[2] / "examples" / "cairo-talks.yaml"
DEAL = "ceasefire,egypt_guarantee,qatar_guarantee,release_hostages"


def test_the_war_is_an_equilibrium_nobody_can_leave_alone() -> None:
    conflict = load_conflict(CAIRO)
    result = analyze_conflict(conflict)
    for concept in ("nash", "gmr", "smr", "seq"):
        assert "" in result.equilibrium_keys(concept)
    status = status_quo_analysis(result, result.space.keys.index(""))
    assert status.reachable == ()  # no side gains by moving first
    assert status.paths[DEAL] is None
    assert result.coalitions[("israel", "hamas")]["cnash"][result.space.keys.index("")]


def test_a_guaranteed_ceasefire_with_hostages_freed_is_stable_only_with_the_guarantee() -> None:
    conflict = load_conflict(CAIRO)
    before = analyze_conflict(conflict)
    assert DEAL in before.equilibrium_keys("nash") and DEAL in before.equilibrium_keys("seq")
    without = apply_change(conflict, "remove egypt.egypt_guarantee")
    without = apply_change(without, "remove qatar.qatar_guarantee")
    change = compare(before, analyze_conflict(without))
    assert DEAL in change.vanish("nash")
    assert all("ceasefire" not in k for k in change.after["nash"])
