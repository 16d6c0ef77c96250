"""Rounds of proposals, and revisions of the scenario with submissions kept per version."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from accord.analysis import analyze
from accord.analysis.summary import analysis_dict
from accord.io import parse_scenario

from live import bearer, new_session, plant, revised_plant

MEDIATOR_TEXT = plant()["proposals"][2]["outcome"]
UNION_TEXT = plant()["proposals"][0]["outcome"]


def _submit(client: TestClient, made: dict[str, Any], party: str, scenario: dict[str, Any]) -> None:
    url = f"/api/sessions/{made['id']}/preferences"
    body = {"preferences": scenario["preferences"][party]}
    put = client.put(url, json=body, headers=bearer(made["party_tokens"][party]))
    assert put.status_code == 200, put.text


def _propose(client: TestClient, made: dict[str, Any], outcome: dict[str, Any]) -> Any:
    url = f"/api/sessions/{made['id']}/proposals"
    return client.post(url, json={"outcome": outcome}, headers=bearer(made["mediator_token"]))


def test_rounds_of_proposals(client: TestClient) -> None:
    made = new_session(client)
    sid, union = made["id"], bearer(made["party_tokens"]["union"])
    first = _propose(client, made, UNION_TEXT).json()["id"]
    url = f"/api/sessions/{sid}/proposals/{first}/responses"
    assert client.post(url, json={"response": "reject"}, headers=union).status_code == 201
    second = _propose(client, made, MEDIATOR_TEXT).json()["id"]
    view = client.get(f"/api/sessions/{sid}", headers=union).json()
    assert view["round"] == 2
    assert [(p["id"], p["round"], p["version"]) for p in view["proposals"]] == [
        (first, 1, 1),
        (second, 2, 1),
    ]
    late = client.post(
        url, json={"response": "accept"}, headers=bearer(made["party_tokens"]["management"])
    )
    assert late.status_code == 409
    assert late.json()["detail"] == (
        "this proposal (round 1) was replaced by the proposal of round 2; answer that one"
    )
    events = client.get(f"/api/sessions/{sid}/events", headers=union).json()
    made_events = [e["payload"] for e in events if e["kind"] == "proposal_made"]
    assert [(p["round"], p["version"]) for p in made_events] == [(1, 1), (2, 1)]


def test_a_revision_keeps_submissions_with_their_version(client: TestClient) -> None:
    made = new_session(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    for party in ("union", "management"):
        _submit(client, made, party, plant())
    pid = _propose(client, made, MEDIATOR_TEXT).json()["id"]
    assert client.get(f"/api/sessions/{sid}/analysis", headers=med).status_code == 200

    union = bearer(made["party_tokens"]["union"])
    assert (
        client.put(
            f"/api/sessions/{sid}/scenario", json={"scenario": revised_plant()}, headers=union
        ).status_code
        == 403
    )
    revised = client.put(
        f"/api/sessions/{sid}/scenario", json={"scenario": revised_plant()}, headers=med
    )
    assert revised.status_code == 200, revised.text
    assert revised.json() == {"version": 2, "resubmit": ["management", "union"]}

    view = client.get(f"/api/sessions/{sid}", headers=med).json()
    assert view["version"] == 2
    assert view["submissions"] == {}
    assert set(view["waiting_for"]) == {"union", "management"}
    assert "submitted for version 1" in view["waiting_for"]["union"]
    party_view = client.get(f"/api/sessions/{sid}", headers=union).json()
    assert party_view["submission"] is None
    assert party_view["must_submit"].endswith("(now version 2): submit again")
    assert [i["id"] for i in party_view["scenario"]["issues"]][-1] == "training"
    events = client.get(f"/api/sessions/{sid}/events", headers=union).json()
    assert events[-1]["kind"] == "scenario_revised"
    # The revised scenario itself is in the mediator's record; parties see its digest.
    assert len(events[-1]["payload"].pop("scenario_sha256")) == 64
    assert events[-1]["payload"] == {
        "version": 2,
        "issues_added": ["training"],
        "issues_removed": [],
        "options_added": {"term": ["four_years"]},
        "options_removed": {},
    }

    stale = client.post(
        f"/api/sessions/{sid}/proposals/{pid}/responses", json={"response": "accept"}, headers=union
    )
    assert stale.status_code == 409
    assert "made on version 1 of the scenario" in stale.json()["detail"]
    incomplete = _propose(client, made, MEDIATOR_TEXT)
    assert incomplete.status_code == 422
    assert "missing training" in incomplete.json()["detail"]

    _submit(client, made, "union", revised_plant())
    waiting = client.get(f"/api/sessions/{sid}/analysis", headers=med)
    assert waiting.status_code == 409
    assert waiting.json()["detail"].startswith(
        "waiting for preferences for version 2 of the scenario from management (submitted for "
        "version 1"
    )
    _submit(client, made, "management", revised_plant())
    analysis = client.get(f"/api/sessions/{sid}/analysis", headers=med)
    assert analysis.status_code == 200
    expected = parse_scenario(revised_plant())
    assert analysis.json() == analysis_dict(expected, analyze(expected))

    new = _propose(client, made, {**MEDIATOR_TEXT, "term": "four_years", "training": "paid_course"})
    assert new.status_code == 201
    view = client.get(f"/api/sessions/{sid}", headers=med).json()
    assert [(p["round"], p["version"]) for p in view["proposals"]] == [(1, 1), (2, 2)]
    exported = client.get(f"/api/sessions/{sid}/export", headers=med).json()
    assert [(s["party"], s["version"]) for s in exported["submissions"]] == [
        ("management", 1),
        ("management", 2),
        ("union", 1),
        ("union", 2),
    ]


def test_a_revision_must_keep_the_parties(client: TestClient) -> None:
    made = new_session(client)
    scenario = plant()
    scenario["parties"].reverse()
    refused = client.put(
        f"/api/sessions/{made['id']}/scenario",
        json={"scenario": scenario},
        headers=bearer(made["mediator_token"]),
    )
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith(
        "scenario.parties: a revision keeps the session's parties"
    )
    broken = plant()
    broken["issues"][1]["options"] = []
    bad = client.put(
        f"/api/sessions/{made['id']}/scenario",
        json={"scenario": broken},
        headers=bearer(made["mediator_token"]),
    )
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("scenario: ")
    view = client.get(f"/api/sessions/{made['id']}", headers=bearer(made["mediator_token"])).json()
    assert view["version"] == 1
