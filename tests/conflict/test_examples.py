"""Classic conflicts with their published equilibria."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.conflict import analyze_conflict
from accord.conflict.model import Statements
from accord.conflict.preferences import prioritisation_payoff
from accord.conflict.states import feasible_states
from accord.conflict.status_quo import status_quo_analysis
from accord.io.conflict import load_conflict

EXAMPLES = Path(__file__).resolve().parents[2] / "tests" / "data" / "conflicts"

# Elmira states as numbered by Fang, Hipel & Kilgour (1993); 9 = abandon, whatever else.
ELMIRA = {
    "delay": 1,
    "delay,modify": 2,
    "accept": 3,
    "accept,modify": 4,
    "delay,insist": 5,
    "delay,insist,modify": 6,
    "accept,insist": 7,
    "accept,insist,modify": 8,
}


def _numbers(keys: list[str]) -> list[int]:
    return sorted({ELMIRA.get(k, 9) for k in keys})


def test_prisoners_dilemma() -> None:
    result = analyze_conflict(load_conflict(EXAMPLES / "prisoners-dilemma.yaml"))
    assert result.equilibrium_keys("nash") == ["alice_confesses,bob_confesses"]
    for concept in ("gmr", "smr", "seq"):
        assert result.equilibrium_keys(concept) == ["", "alice_confesses,bob_confesses"]


def test_chicken() -> None:
    result = analyze_conflict(load_conflict(EXAMPLES / "chicken.yaml"))
    one_swerves = ["row_straight", "column_straight"]
    assert result.equilibrium_keys("nash") == one_swerves
    assert result.equilibrium_keys("seq") == one_swerves
    assert result.equilibrium_keys("gmr") == ["", *one_swerves]
    assert result.equilibrium_keys("smr") == ["", *one_swerves]


@pytest.mark.parametrize(
    ("concept", "published"),
    [("nash", [5, 8, 9]), ("gmr", [1, 4, 5, 8, 9]), ("smr", [1, 4, 5, 8, 9]), ("seq", [5, 8, 9])],
)
def test_elmira_published_equilibria(concept: str, published: list[int]) -> None:
    result = analyze_conflict(load_conflict(EXAMPLES / "elmira.yaml"))
    assert result.space.size == 12  # 8 states + the four "abandon" states FHK count as one
    assert _numbers(result.equilibrium_keys(concept)) == published
    abandon = [k for k in result.space.keys if "abandon" in k]
    assert all(k in result.equilibrium_keys(concept) for k in abandon) == (9 in published)


# The published option prioritisation (most important first); "-x" is "not x".
PRIORITISATION = {
    "moe": ("accept", "not abandon", "not modify", "modify iff not insist"),
    "ur": ("accept iff modify", "not abandon", "not insist", "delay iff not insist"),
    "lg": (
        "not abandon",
        "not modify",
        "modify or accept",
        "insist if modify",
        "not delay",
        "insist",
    ),
}
PUBLISHED_ORDER = {
    "moe": [7, 3, 4, 8, 5, 1, 2, 6],
    "ur": [1, 4, 8, 5, 2, 3, 7, 6],
    "lg": [7, 3, 5, 1, 8, 6, 4, 2],
}


@pytest.mark.parametrize("dm", ["moe", "ur", "lg"])
def test_elmira_prioritisation_gives_the_published_ranking(dm: str) -> None:
    conflict = load_conflict(EXAMPLES / "elmira.yaml")
    space = feasible_states(conflict)
    score = prioritisation_payoff(PRIORITISATION[dm], space, "test")
    order = sorted(
        (ELMIRA[k] for k in space.keys if k in ELMIRA),
        key=lambda n: -score[space.keys.index(next(k for k, v in ELMIRA.items() if v == n))],
    )
    assert order == PUBLISHED_ORDER[dm]
    assert isinstance(Statements(PRIORITISATION[dm]), Statements)


def test_elmira_status_quo_moves_to_lg_insisting() -> None:
    """From the status quo (UR delays) only LG can improve, by insisting (state 5); the
    published outcome 8 needs a joint move of MoE and UR."""
    result = analyze_conflict(load_conflict(EXAMPLES / "elmira.yaml"))
    status = status_quo_analysis(result, result.space.keys.index("delay"))
    assert status.reachable == ("delay,insist",)
    path = status.paths["delay,insist"]
    assert path is not None and [(s.dm, s.target) for s in path] == [("lg", "delay,insist")]
    assert status.paths["accept,insist,modify"] is None
