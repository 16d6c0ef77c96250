"""Agent seats: parties and the mediator played by Accord agents through the same API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from live import bearer, plant

MEDIATOR_TEXT = plant()["proposals"][2]["outcome"]
MANAGEMENT_TEXT = plant()["proposals"][1]["outcome"]


def _open(client: TestClient, seats: dict[str, Any], scenario: dict[str, Any] | None = None) -> Any:
    made = client.post("/api/sessions", json={"scenario": scenario or plant(), "seats": seats})
    assert made.status_code == 201, made.text
    return made.json()


def _view(client: TestClient, made: dict[str, Any]) -> Any:
    return client.get(f"/api/sessions/{made['id']}", headers=bearer(made["mediator_token"])).json()


def _table(client: TestClient, made: dict[str, Any], outcome: dict[str, Any]) -> Any:
    url = f"/api/sessions/{made['id']}/proposals"
    return client.post(url, json={"outcome": outcome}, headers=bearer(made["mediator_token"]))


def _answers(view: dict[str, Any]) -> list[dict[str, str]]:
    return [{r["party"]: r["response"] for r in p["responses"]} for p in view["proposals"]]


def test_a_human_mediator_brings_two_agents_to_agreement(client: TestClient) -> None:
    seats = {
        "union": {"agent": "boulware", "rounds": 6},
        "management": {"agent": "boulware", "rounds": 6},
    }
    made = _open(client, seats)
    assert made["party_tokens"] == {}
    view = _view(client, made)
    assert view["seats"] == {"management": "boulware", "union": "boulware"}
    assert view["waiting_for"] == {}
    assert view["submissions"] == json.loads(json.dumps(plant()["preferences"]))
    for _ in range(6):
        tabled = _table(client, made, MEDIATOR_TEXT)
        assert tabled.status_code == 201, tabled.text
        if _view(client, made)["status"] == "agreed":
            break
    view = _view(client, made)
    assert view["status"] == "agreed"
    assert view["agreement"]["outcome"] == MEDIATOR_TEXT
    assert view["round"] == 6
    answers = _answers(view)
    assert answers[0] == {"union": "reject", "management": "reject"}
    assert answers[-1] == {"union": "accept", "management": "accept"}
    reasons = {r["reason"] for p in view["proposals"] for r in p["responses"]}
    assert reasons == {"boulware agent"}
    events = client.get(
        f"/api/sessions/{made['id']}/events", headers=bearer(made["mediator_token"])
    )
    actors = {e["actor"] for e in events.json() if e["kind"] == "response"}
    assert actors == {"party:union", "party:management"}


def test_a_human_mediator_declares_a_breakdown_between_agents(client: TestClient) -> None:
    seats = {"union": {"agent": "conceder", "rounds": 3}, "management": {"agent": "hardheaded"}}
    made = _open(client, seats)
    for _ in range(3):
        assert _table(client, made, MANAGEMENT_TEXT).status_code == 201
    view = _view(client, made)
    # The pension freeze breaks a red line of the union: its agent never accepts it.
    assert [a["union"] for a in _answers(view)] == ["reject"] * 3
    assert view["status"] == "open"
    ended = client.post(
        f"/api/sessions/{made['id']}/breakdown",
        json={"reason": "no movement"},
        headers=bearer(made["mediator_token"]),
    )
    assert ended.json() == {"status": "broken_down"}
    assert _table(client, made, MEDIATOR_TEXT).status_code == 409


def test_agents_on_every_seat_play_the_talks_out(client: TestClient) -> None:
    seats = {
        "mediator": {"agent": "copilot", "rounds": 4},
        "union": {"agent": "conceder", "rounds": 4},
        "management": {"agent": "conceder", "rounds": 4},
    }
    made = _open(client, seats)
    view = _view(client, made)
    assert view["status"] in ("agreed", "broken_down")
    assert 1 <= view["round"] <= 4
    if view["status"] == "broken_down":
        assert view["round"] == 4
    again = _view(client, _open(client, seats))
    assert [p["outcome"] for p in again["proposals"]] == [p["outcome"] for p in view["proposals"]]
    assert _answers(again) == _answers(view)


def test_a_trainee_against_an_agent_and_the_copilot(client: TestClient) -> None:
    seats = {
        "mediator": {"agent": "copilot", "rounds": 3},
        "management": {"agent": "boulware", "rounds": 3},
    }
    made = _open(client, seats)
    assert set(made["party_tokens"]) == {"union"}
    union = bearer(made["party_tokens"]["union"])
    assert _view(client, made)["round"] == 0
    assert set(_view(client, made)["waiting_for"]) == {"union"}
    prefs = {"preferences": plant()["preferences"]["union"]}
    put = client.put(f"/api/sessions/{made['id']}/preferences", json=prefs, headers=union)
    assert put.status_code == 200
    for round_ in (1, 2, 3):
        view = client.get(f"/api/sessions/{made['id']}", headers=union).json()
        assert view["round"] == round_
        pid = view["proposals"][-1]["id"]
        assert "management" in {
            r["party"] for r in _view(client, made)["proposals"][-1]["responses"]
        }
        url = f"/api/sessions/{made['id']}/proposals/{pid}/responses"
        if round_ == 2:
            asked = client.post(url, json={"response": "request_time"}, headers=union)
            assert asked.status_code == 201
            granted = client.get(f"/api/sessions/{made['id']}", headers=union).json()
            assert granted["proposals"][-1]["responses"][-1]["decision"] == "granted"
        answer = client.post(url, json={"response": "reject"}, headers=union)
        assert answer.status_code == 201
    view = _view(client, made)
    assert view["status"] == "broken_down"
    events = client.get(f"/api/sessions/{made['id']}/events", headers=union).json()
    assert events[-1]["kind"] == "breakdown"
    assert events[-1]["payload"]["reason"] == "no agreement after 3 rounds"


def test_given_preferences_and_a_revision(client: TestClient) -> None:
    mine = plant()["preferences"]["management"]
    mine["reservation"] = 0.2
    seats = {"management": {"agent": "linear", "preferences": mine}, "union": {"agent": "linear"}}
    made = _open(client, seats)
    assert _view(client, made)["submissions"]["management"]["reservation"] == 0.2
    revised = plant()
    revised["issues"][2]["options"].append("four_years")
    for party in ("union", "management"):
        revised["preferences"][party]["values"]["term"]["four_years"] = 0.1
    put = client.put(
        f"/api/sessions/{made['id']}/scenario",
        json={"scenario": revised},
        headers=bearer(made["mediator_token"]),
    )
    # Management's own preferences value no four-year term, so they are not valid for the
    # new version: its agent, like the union's, takes the revised scenario's.
    assert put.json() == {"version": 2, "resubmit": []}
    view = _view(client, made)
    expected = json.loads(json.dumps(revised["preferences"]))
    assert view["submissions"] == expected
    renamed = plant()
    renamed["name"] = "Plant contract, second session"
    put = client.put(
        f"/api/sessions/{made['id']}/scenario",
        json={"scenario": renamed},
        headers=bearer(made["mediator_token"]),
    )
    assert put.json() == {"version": 3, "resubmit": []}
    assert _view(client, made)["submissions"]["management"]["reservation"] == 0.2


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        (
            {"union": {"agent": "nobody"}},
            "seats.union.agent: no agent 'nobody'; a party seat can be played by ",
        ),
        ({"union": {"agent": "os:system"}}, "seats.union.agent: no agent 'os:system'"),
        ({"mediator": {"agent": "boulware"}}, "seats.mediator.agent: no mediator agent 'boulware'"),
        (
            {"chair": {"agent": "boulware"}},
            "seats: no role 'chair' in this session; the roles are mediator, union, management",
        ),
        (
            {"mediator": {"agent": "copilot", "preferences": {}}},
            "a mediator agent has no preferences",
        ),
        (
            {"union": {"agent": "boulware", "preferences": {"weights": {"wage": -1}}}},
            "seats.union.preferences: ",
        ),
    ],
)
def test_bad_seats_are_refused(client: TestClient, seats: dict[str, Any], message: str) -> None:
    refused = client.post("/api/sessions", json={"scenario": plant(), "seats": seats})
    assert refused.status_code == 422
    assert message in refused.json()["detail"]


def test_seat_fields_are_checked(client: TestClient) -> None:
    for seat in ({"agent": "boulware", "rounds": 0}, {"agent": "boulware", "speed": 1}, {}):
        refused = client.post("/api/sessions", json={"scenario": plant(), "seats": {"union": seat}})
        assert refused.status_code == 422


def test_a_refused_agent_move_leaves_the_persons_write(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.store import seats
    from accord.store.repository import Conflict

    def beaten(**_: Any) -> bool:
        raise Conflict("this party has already answered the proposal")

    made = _open(client, {"union": {"agent": "boulware"}})
    monkeypatch.setattr(seats, "_party_move", beaten)
    tabled = _table(client, made, MEDIATOR_TEXT)
    assert tabled.status_code == 201
    view = _view(client, made)
    assert [p["id"] for p in view["proposals"]] == [tabled.json()["id"]]
    assert view["proposals"][0]["responses"] == []
    monkeypatch.undo()
    answer = client.post(
        f"/api/sessions/{made['id']}/proposals/{tabled.json()['id']}/responses",
        json={"response": "reject"},
        headers=bearer(made["party_tokens"]["management"]),
    )
    assert answer.status_code == 201
    answers = _answers(_view(client, made))
    assert answers == [{"management": "reject", "union": "reject"}]
