"""Events and their JSON form."""

from __future__ import annotations

import json

import pytest

from accord.protocols.events import Event, Kind


def test_kinds_are_the_documented_set() -> None:
    assert [k.value for k in Kind] == [
        "propose",
        "accept",
        "reject",
        "request_time",
        "grant_time",
        "refuse_time",
        "forward",
        "walk_away",
        "agreement",
        "breakdown",
    ]


def test_round_trip_through_json() -> None:
    event = Event(
        3, 0.3, "seller", ("buyer",), "propose", {"outcome": 7, "package": {"price": 7.0}}
    )
    data = json.loads(json.dumps(event.to_dict()))
    assert data == {
        "round": 3,
        "time": 0.3,
        "sender": "seller",
        "recipients": ["buyer"],
        "kind": "propose",
        "payload": {"outcome": 7, "package": {"price": 7.0}},
    }
    again = Event.from_dict(data)
    assert again == event
    assert again.kind is Kind.PROPOSE and again.outcome == 7


def test_to_dict_is_a_copy() -> None:
    event = Event(1, 0.1, "a", ["b"], Kind.ACCEPT, {"package": {"price": 1.0}})  # type: ignore[arg-type]
    event.to_dict()["payload"]["package"]["price"] = 99.0
    assert event.payload["package"]["price"] == 1.0
    assert event.recipients == ("b",)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        Event(1, 0.1, "a", (), "shout", {})
