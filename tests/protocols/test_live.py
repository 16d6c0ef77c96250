"""The rules of a live session's talks, as its replay applies them."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.io import load_scenario
from accord.protocols.events import Event, Kind
from accord.protocols.live import LiveLogError, LiveTalks, replay_live

PLANT = load_scenario(Path(__file__).resolve().parents[2] / "examples" / "plant-contract.yaml")
TEXT = {p.id: p.outcome for p in PLANT.proposals}["mediator-text"]


def _talks() -> LiveTalks:
    return LiveTalks(PLANT, "state", deadline=4)


def test_unanimous_acceptance_is_an_agreement() -> None:
    talks = _talks()
    tabled = talks.propose(TEXT)
    assert (tabled.round, tabled.time, tabled.sender, tabled.recipients) == (
        1,
        0.25,
        "state",
        ("union", "management"),
    )
    assert tabled.payload["outcome"] == PLANT.space.index_of(TEXT)
    assert [e.kind for e in talks.answer("union", Kind.REQUEST_TIME)] == [Kind.REQUEST_TIME]
    granted = talks.decide_time("union", True, 600)
    assert (granted.kind, granted.recipients, granted.payload["extra_seconds"]) == (
        Kind.GRANT_TIME,
        ("union",),
        600,
    )
    assert [e.kind for e in talks.answer("union", Kind.ACCEPT)] == [Kind.ACCEPT]
    last = talks.answer("management", Kind.ACCEPT, "fine")
    assert [e.kind for e in last] == [Kind.ACCEPT, Kind.AGREEMENT]
    assert last[0].payload["reason"] == "fine"
    assert last[1].payload["package"] == PLANT.space.outcome(tabled.payload["outcome"])
    with pytest.raises(LiveLogError, match="a proposal after the talks ended"):
        talks.propose(TEXT)


def test_a_rejection_leaves_the_talks_open_for_the_next_round() -> None:
    talks = _talks()
    talks.propose(TEXT)
    talks.answer("union", Kind.ACCEPT)
    assert [e.kind for e in talks.answer("management", Kind.REJECT)] == [Kind.REJECT]
    assert talks.propose(TEXT).round == 2
    assert [e.kind for e in talks.answer("management", Kind.ACCEPT)] == [Kind.ACCEPT]
    assert talks.breakdown("declared").kind == Kind.BREAKDOWN
    with pytest.raises(LiveLogError, match="an answer after the talks ended"):
        talks.answer("union", Kind.ACCEPT)


@pytest.mark.parametrize(
    ("moves", "problem"),
    [
        ([("answer", "union", Kind.ACCEPT)], "an answer from union before any proposal"),
        ([("propose",), ("answer", "state", Kind.ACCEPT)], "'state', who is not a party"),
        (
            [("propose",), ("answer", "union", Kind.REJECT), ("answer", "union", Kind.ACCEPT)],
            "a second answer from union to the proposal of round 1",
        ),
        (
            [
                ("propose",),
                ("answer", "union", Kind.REQUEST_TIME),
                ("answer", "union", Kind.REQUEST_TIME),
            ],
            "a second waiting request for time from union",
        ),
        ([("propose",), ("time", "union")], "union, who was not waiting for one"),
    ],
)
def test_moves_the_rules_refuse(moves: list[tuple[object, ...]], problem: str) -> None:
    talks = _talks()
    with pytest.raises(LiveLogError, match=problem):
        for move in moves:
            if move[0] == "propose":
                talks.propose(TEXT)
            elif move[0] == "answer":
                talks.answer(str(move[1]), Kind(move[2]))
            else:
                talks.decide_time(str(move[1]), True, 0)


def test_a_package_outside_the_scenario_is_refused() -> None:
    with pytest.raises(LiveLogError, match="not in the scenario"):
        _talks().propose({**TEXT, "wage": 99})


def test_replay_derives_the_agreement_and_ignores_logged_ones() -> None:
    talks = _talks()
    logged = [talks.propose(TEXT), *talks.answer("union", Kind.ACCEPT)]
    logged += talks.answer("management", Kind.ACCEPT)
    assert replay_live(PLANT, "state", 4, logged) == logged
    without = [e for e in logged if e.kind != Kind.AGREEMENT]
    assert replay_live(PLANT, "state", 4, without) == logged
    walk = Event(1, 0.25, "union", ("state",), Kind.WALK_AWAY)
    with pytest.raises(LiveLogError, match="a walk_away event, which live sessions do not have"):
        replay_live(PLANT, "state", 4, [*logged[:1], walk])
