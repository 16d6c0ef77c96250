"""The whole flow of a live session, deadlines and requests for time."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accord.analysis import analyze
from accord.analysis.summary import analysis_dict
from accord.io import parse_scenario

from live import Clock, bearer, new_session, plant

MEDIATOR_TEXT = plant()["proposals"][2]["outcome"]


def test_full_flow(client: TestClient) -> None:
    made = new_session(client)
    sid, med, tokens = made["id"], made["mediator_token"], made["party_tokens"]
    assert set(tokens) == {"union", "management"}
    assert client.get(f"/api/sessions/{sid}/analysis", headers=bearer(med)).status_code == 409
    for party, token in tokens.items():
        body = {"preferences": plant()["preferences"][party]}
        put = client.put(f"/api/sessions/{sid}/preferences", json=body, headers=bearer(token))
        assert put.status_code == 200, put.text
    proposal = client.post(
        f"/api/sessions/{sid}/proposals", json={"outcome": MEDIATOR_TEXT}, headers=bearer(med)
    )
    assert proposal.status_code == 201
    pid = proposal.json()["id"]
    url = f"/api/sessions/{sid}/proposals/{pid}/responses"
    assert client.post(url, json={"response": "accept"}, headers=bearer(tokens["union"])).is_success
    reject = {"response": "reject", "reason": "too dear"}
    assert client.post(url, json=reject, headers=bearer(tokens["management"])).is_success
    again = client.post(url, json={"response": "accept"}, headers=bearer(tokens["union"]))
    assert again.status_code == 409

    analysis = client.get(f"/api/sessions/{sid}/analysis", headers=bearer(med))
    assert analysis.status_code == 200
    scenario = parse_scenario(plant())
    assert analysis.json() == analysis_dict(scenario, analyze(scenario))

    view = client.get(f"/api/sessions/{sid}", headers=bearer(med)).json()
    answers = {r["party"]: r["response"] for r in view["proposals"][0]["responses"]}
    assert answers == {"union": "accept", "management": "reject"}
    kinds = [
        e["kind"] for e in client.get(f"/api/sessions/{sid}/events", headers=bearer(med)).json()
    ]
    assert kinds == [
        "session_created",
        "session_recorded",
        "preferences_submitted",
        "preferences_submitted",
        "proposal_made",
        "response",
        "response",
    ]


def test_deadline_and_granted_time(client: TestClient, clock: Clock) -> None:
    made = new_session(client)
    sid, med, tokens = made["id"], made["mediator_token"], made["party_tokens"]
    due = (clock.now.replace(microsecond=0)).isoformat().replace("+00:00", "Z")
    body = {"outcome": MEDIATOR_TEXT, "respond_by": due}
    clock.advance(-60)
    pid = client.post(f"/api/sessions/{sid}/proposals", json=body, headers=bearer(med)).json()["id"]
    url = f"/api/sessions/{sid}/proposals/{pid}/responses"
    union, management = bearer(tokens["union"]), bearer(tokens["management"])
    assert client.post(url, json={"response": "request_time"}, headers=union).status_code == 201
    time_url = f"/api/sessions/{sid}/proposals/{pid}/time"
    decided = client.post(
        time_url, json={"grant": True, "extra_seconds": 3600}, headers=bearer(med)
    )
    assert decided.json() == {"parties": ["union"]}
    assert client.post(time_url, json={"grant": False}, headers=bearer(med)).status_code == 409
    clock.advance(600)
    late = client.post(url, json={"response": "accept"}, headers=management)
    assert late.status_code == 409
    assert "ran out" in late.json()["detail"]
    assert client.post(url, json={"response": "accept"}, headers=union).status_code == 201
    union_view = client.get(f"/api/sessions/{sid}", headers=union).json()
    assert union_view["proposals"][0]["respond_by"].startswith("2025-01-01T13:00")
