"""Bad requests get a clear 4xx and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from live import bearer, new_session, plant


def _events(client: TestClient, made: dict[str, Any]) -> Any:
    url = f"/api/sessions/{made['id']}/events"
    return client.get(url, headers=bearer(made["mediator_token"])).json()


def test_bad_scenario_is_422_with_one_paragraph(client: TestClient) -> None:
    scenario = plant()
    del scenario["issues"]
    response = client.post("/api/sessions", json={"scenario": scenario})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("scenario: issues: ")
    assert "\n" not in response.json()["detail"]


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"{not json", 422),
        (b"[]", 422),
        (b'{"scenario": 3}', 422),
        (b'{"scenario": {}, "extra": 1}', 422),
        (b"x" * 1_100_000, 413),
    ],
)
def test_malformed_bodies(client: TestClient, content: bytes, status: int) -> None:
    headers = {"content-type": "application/json"}
    response = client.post("/api/sessions", content=content, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"]


def test_bad_writes_change_nothing(client: TestClient) -> None:
    made = new_session(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    union = bearer(made["party_tokens"]["union"])
    before = _events(client, made)
    bad_preferences = {"preferences": {"weights": {"wage": "heavy"}}}
    cases = [
        ("PUT", f"/api/sessions/{sid}/preferences", bad_preferences, union, 422),
        ("PUT", f"/api/sessions/{sid}/preferences", {"preferences": []}, union, 422),
        ("PUT", f"/api/sessions/{sid}/preferences", {"preferences": {}}, med, 403),
        ("POST", f"/api/sessions/{sid}/proposals", {"outcome": {"wage": 3}}, med, 422),
        ("POST", f"/api/sessions/{sid}/proposals", {"outcome": {"wage": 3}}, union, 403),
        (
            "POST",
            f"/api/sessions/{sid}/proposals/nope/responses",
            {"response": "accept"},
            union,
            404,
        ),
        ("POST", f"/api/sessions/{sid}/proposals/nope/time", {"grant": True}, med, 404),
    ]
    outcome = dict(plant()["proposals"][2]["outcome"], wage=99)
    cases.append(("POST", f"/api/sessions/{sid}/proposals", {"outcome": outcome}, med, 422))
    for method, url, body, headers, status in cases:
        response = client.request(method, url, json=body, headers=headers)
        assert response.status_code == status, (url, body, response.text)
        assert isinstance(response.json()["detail"], str)
    pid = client.post(
        f"/api/sessions/{sid}/proposals",
        json={"outcome": plant()["proposals"][2]["outcome"]},
        headers=med,
    ).json()["id"]
    after_proposal = _events(client, made)
    url = f"/api/sessions/{sid}/proposals/{pid}/responses"
    assert client.post(url, json={"response": "maybe"}, headers=union).status_code == 422
    assert _events(client, made) == after_proposal
    assert after_proposal[:-1] == before
    assert client.get("/api/sessions/nope", headers=med).status_code == 403
