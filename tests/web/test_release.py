"""The mediator releases one party's responses or preferences to other parties, and only those."""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml
from fastapi.testclient import TestClient

from live import ROOT, bearer

RIVER = yaml.safe_load((ROOT / "examples" / "river-basin.yaml").read_text(encoding="utf-8"))
PARTIES = ("upstream", "midstream", "downstream")


def _pref_mark(party: str) -> str:
    return f"PREF-MARK-{party}-5e1d"


def _reason_mark(party: str) -> str:
    return f"REASON-MARK-{party}-a07c"


def _session(client: TestClient) -> tuple[dict[str, Any], str]:
    made = client.post("/api/sessions", json={"scenario": copy.deepcopy(RIVER)}).json()
    sid, tokens = made["id"], made["party_tokens"]
    for party in PARTIES:
        prefs = copy.deepcopy(RIVER["preferences"][party])
        prefs["red_lines"][0]["text"] = f"{_pref_mark(party)} red line"
        put = client.put(
            f"/api/sessions/{sid}/preferences",
            json={"preferences": prefs},
            headers=bearer(tokens[party]),
        )
        assert put.status_code == 200, put.text
    outcome = RIVER["proposals"][0]["outcome"]
    med = bearer(made["mediator_token"])
    pid = client.post(f"/api/sessions/{sid}/proposals", json={"outcome": outcome}, headers=med)
    assert pid.status_code == 201, pid.text
    url = f"/api/sessions/{sid}/proposals/{pid.json()['id']}/responses"
    for party in PARTIES:
        answer = {"response": "reject", "reason": _reason_mark(party)}
        assert client.post(url, json=answer, headers=bearer(tokens[party])).status_code == 201
    return made, sid


def _seen(client: TestClient, made: dict[str, Any], party: str) -> str:
    """Everything ``party`` can read: its view, its events and its page."""
    sid, token = made["id"], made["party_tokens"][party]
    view = client.get(f"/api/sessions/{sid}", headers=bearer(token))
    events = client.get(f"/api/sessions/{sid}/events", headers=bearer(token))
    page = client.get(f"/s/{sid}/party/{party}", params={"token": token})
    assert view.status_code == events.status_code == page.status_code == 200
    return json.dumps(view.json()) + json.dumps(events.json()) + page.text


def _release(client: TestClient, made: dict[str, Any], body: dict[str, Any]) -> Any:
    url = f"/api/sessions/{made['id']}/releases"
    return client.post(url, json=body, headers=bearer(made["mediator_token"]))


def _others_marks(seen: str, party: str) -> set[str]:
    return {
        mark
        for other in PARTIES
        if other != party
        for mark in (_pref_mark(other), _reason_mark(other))
        if mark in seen
    }


def test_nothing_released_by_default(client: TestClient) -> None:
    made, _ = _session(client)
    for party in PARTIES:
        seen = _seen(client, made, party)
        assert _pref_mark(party) in seen and _reason_mark(party) in seen
        assert _others_marks(seen, party) == set()


def test_release_responses_to_one_party(client: TestClient) -> None:
    made, _ = _session(client)
    made_release = _release(
        client, made, {"party": "upstream", "what": "responses", "to": ["midstream"]}
    )
    assert made_release.status_code == 201, made_release.text
    assert made_release.json()["id"]
    assert _others_marks(_seen(client, made, "midstream"), "midstream") == {
        _reason_mark("upstream")
    }
    assert _others_marks(_seen(client, made, "downstream"), "downstream") == set()
    assert _others_marks(_seen(client, made, "upstream"), "upstream") == set()
    view = client.get(
        f"/api/sessions/{made['id']}", headers=bearer(made["party_tokens"]["midstream"])
    ).json()
    released = view["released"]["upstream"]
    assert [r["reason"] for r in released["responses"]] == [_reason_mark("upstream")]
    assert "preferences" not in released
    # The party's own answers stay its own: the released ones are listed apart.
    assert [r["party"] for r in view["proposals"][0]["responses"]] == ["midstream"]


def test_release_preferences_to_every_other_party(client: TestClient) -> None:
    made, _ = _session(client)
    response = _release(client, made, {"party": "upstream", "what": "preferences"})
    assert response.status_code == 201, response.text
    for party in ("midstream", "downstream"):
        assert _others_marks(_seen(client, made, party), party) == {_pref_mark("upstream")}
    view = client.get(
        f"/api/sessions/{made['id']}", headers=bearer(made["party_tokens"]["downstream"])
    ).json()
    prefs = view["released"]["upstream"]["preferences"]
    assert prefs["reservation"] == RIVER["preferences"]["upstream"]["reservation"]
    assert "responses" not in view["released"]["upstream"]


def test_release_is_a_chained_event(client: TestClient) -> None:
    made, sid = _session(client)
    body = {"party": "downstream", "what": "responses", "to": ["upstream", "midstream"]}
    release_id = _release(client, made, body).json()["id"]
    med = bearer(made["mediator_token"])
    events = client.get(f"/api/sessions/{sid}/events", headers=med).json()
    last = events[-1]
    assert last["kind"] == "released"
    assert last["payload"] == {
        "release": release_id,
        "party": "downstream",
        "what": "responses",
        "to": ["upstream", "midstream"],
    }
    assert last["hash"] and last["position"] == len(events) - 1


def test_bad_releases_are_refused(client: TestClient) -> None:
    made, sid = _session(client)
    med = bearer(made["mediator_token"])
    before = client.get(f"/api/sessions/{sid}/events", headers=med).json()
    for body in (
        {"party": "nobody", "what": "responses"},
        {"party": "upstream", "what": "red_lines"},
        {"party": "upstream", "what": "responses", "to": ["nobody"]},
        {"party": "upstream", "what": "responses", "to": []},
        {"party": "upstream", "what": "responses", "to": ["upstream"]},
        {"what": "responses"},
    ):
        assert _release(client, made, body).status_code == 422, body
    good = {"party": "upstream", "what": "responses"}
    url = f"/api/sessions/{sid}/releases"
    for party in PARTIES:
        token = bearer(made["party_tokens"][party])
        assert client.post(url, json=good, headers=token).status_code == 403
    other = client.post("/api/sessions", json={"scenario": copy.deepcopy(RIVER)}).json()
    assert client.post(url, json=good, headers=bearer(other["mediator_token"])).status_code == 403
    assert client.post(url, json=good).status_code == 401
    assert client.get(f"/api/sessions/{sid}/events", headers=med).json() == before
    for party in PARTIES:
        assert _others_marks(_seen(client, made, party), party) == set()
