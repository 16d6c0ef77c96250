"""Every route, called with every role's token, shows each party only what is its own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from live import bearer, flat_routes, new_session, plant

# Planted in one party's submission and answer: no other party may ever see them.
MARKERS = {
    "union": ("union-secret-line", "union-secret-reason", 0.4321),
    "management": ("management-secret-line", "management-secret-reason", 0.3217),
}


def _prepared(client: TestClient) -> tuple[dict[str, Any], str]:
    made = new_session(client)
    sid = made["id"]
    for party, token in made["party_tokens"].items():
        line, _, reservation = MARKERS[party]
        preferences = plant()["preferences"][party]
        preferences["reservation"] = reservation
        preferences["red_lines"][0]["id"] = line
        put = client.put(
            f"/api/sessions/{sid}/preferences",
            json={"preferences": preferences},
            headers=bearer(token),
        )
        assert put.status_code == 200, put.text
    outcome = plant()["proposals"][2]["outcome"]
    med = bearer(made["mediator_token"])
    pid = client.post(f"/api/sessions/{sid}/proposals", json={"outcome": outcome}, headers=med)
    pid_text = pid.json()["id"]
    for party, token in made["party_tokens"].items():
        answer = {"response": "request_time", "reason": MARKERS[party][1]}
        url = f"/api/sessions/{sid}/proposals/{pid_text}/responses"
        assert client.post(url, json=answer, headers=bearer(token)).status_code == 201
    return made, pid_text


def test_every_route_with_every_token(client: TestClient) -> None:
    made, pid = _prepared(client)
    other = new_session(client)
    sid = made["id"]
    # The JSON API; the pages (outside /api) are checked in test_pages.py.
    routes = [
        r
        for r in flat_routes(client.app.routes)  # type: ignore[attr-defined]
        if isinstance(r, APIRoute) and r.path.startswith("/api")
    ]
    documented = {
        (method.upper(), path)
        for path, item in client.get("/openapi.json").json()["paths"].items()
        for method in item
    }
    assert {(m, r.path) for r in routes for m in r.methods} == documented
    callers: dict[str, dict[str, str]] = {
        "mediator": bearer(made["mediator_token"]),
        **{p: bearer(t) for p, t in made["party_tokens"].items()},
        "other-session": bearer(other["mediator_token"]),
        "other-party": bearer(next(iter(other["party_tokens"].values()))),
        "no-token": {},
        "bad-token": bearer("x" * 43),
    }
    for route in routes:
        if route.path == "/api/sessions":
            continue
        path = route.path.format(session_id=sid, proposal_id=pid, party_id="union")
        if route.path.endswith("/stream"):
            path += "?once=true"  # a stream otherwise follows the session until it is closed
        for method in route.methods:
            for who, headers in callers.items():
                before = client.get(f"/api/sessions/{sid}/events", headers=callers["mediator"])
                response = client.request(method, path, headers=headers, json={})
                stream = response.headers["content-type"].startswith("text/event-stream")
                text = response.text if stream else json.dumps(response.json())
                if who in ("other-session", "other-party"):
                    assert response.status_code == 403, (method, path, who)
                elif who in ("no-token", "bad-token"):
                    assert response.status_code == 401, (method, path, who)
                elif who in MARKERS:
                    for party, markers in MARKERS.items():
                        if party != who:
                            for marker in markers:
                                assert str(marker) not in text, (method, path, who, marker)
                after = client.get(f"/api/sessions/{sid}/events", headers=callers["mediator"])
                if response.status_code >= 400:
                    assert after.json() == before.json(), (method, path, who)


def test_party_sees_own_things(client: TestClient) -> None:
    made, _ = _prepared(client)
    sid = made["id"]
    union = bearer(made["party_tokens"]["union"])
    view = client.get(f"/api/sessions/{sid}", headers=union).json()
    assert view["submission"]["reservation"] == MARKERS["union"][2]
    assert "preferences" not in view["scenario"]
    assert [r["reason"] for r in view["proposals"][0]["responses"]] == [MARKERS["union"][1]]
    events = client.get(f"/api/sessions/{sid}/events", headers=union).json()
    assert "union-secret-line" in json.dumps(events)
    mediator = client.get(f"/api/sessions/{sid}", headers=bearer(made["mediator_token"])).json()
    text = json.dumps(mediator)
    assert all(str(m) in text for markers in MARKERS.values() for m in markers)


def _streamed(client: TestClient, sid: str, headers: dict[str, str], **params: Any) -> list[Any]:
    """The events of a ``once`` stream, parsed, with the id each came with."""
    response = client.get(
        f"/api/sessions/{sid}/stream", params={"once": "true", **params}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    found = []
    for block in response.text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "data" in fields:
            found.append({**json.loads(fields["data"]), "_id": int(fields["id"])})
    return found


def test_stream_shows_each_role_exactly_its_events(client: TestClient) -> None:
    made, _ = _prepared(client)
    sid = made["id"]
    roles = {"mediator": made["mediator_token"], **made["party_tokens"]}
    for who, token in roles.items():
        events = client.get(f"/api/sessions/{sid}/events", headers=bearer(token)).json()
        by_header = _streamed(client, sid, bearer(token))
        by_query = _streamed(client, sid, {}, token=token)
        assert [{k: v for k, v in e.items() if k != "_id"} for e in by_header] == events, who
        assert by_query == by_header, who
        assert [e["_id"] for e in by_header] == [e["position"] for e in events], who
        text = json.dumps(by_header)
        for party, markers in MARKERS.items():
            if who in MARKERS and party != who:
                assert not any(str(m) in text for m in markers), (who, party)


def test_stream_after_a_release_sends_what_it_shows(client: TestClient) -> None:
    made, _ = _prepared(client)
    sid = made["id"]
    management = bearer(made["party_tokens"]["management"])
    before = _streamed(client, sid, management)
    assert "union-secret-reason" not in json.dumps(before)
    last = before[-1]["_id"]
    release = {"party": "union", "what": "responses"}
    med = bearer(made["mediator_token"])
    released = client.post(f"/api/sessions/{sid}/releases", json=release, headers=med)
    assert released.status_code == 201
    resumed = _streamed(client, sid, {**management, "Last-Event-ID": str(last)})
    # Only the union's answer, which the release has just shown, is new to management.
    assert [e["kind"] for e in resumed] == ["response"]
    assert "union-secret-reason" in json.dumps(resumed)
    assert "union-secret-line" not in json.dumps(resumed)
    events = client.get(f"/api/sessions/{sid}/events", headers=management).json()
    got = sorted(before + resumed, key=lambda e: e["position"])
    assert [{k: v for k, v in e.items() if k != "_id"} for e in got] == events
    # Resumed from the id the revealed event came with, nothing is sent twice.
    assert _streamed(client, sid, {**management, "Last-Event-ID": str(resumed[-1]["_id"])}) == []
    assert _streamed(client, sid, management, after=last) == resumed


def test_stream_refuses_bad_tokens(client: TestClient) -> None:
    made = new_session(client)
    other = new_session(client)
    url = f"/api/sessions/{made['id']}/stream"
    assert client.get(url, params={"once": "true"}).status_code == 401
    assert client.get(url, params={"once": "true", "token": "x" * 43}).status_code == 401
    refused = client.get(url, params={"once": "true", "token": other["mediator_token"]})
    assert refused.status_code == 403
    bad_resume = {**bearer(made["mediator_token"]), "Last-Event-ID": "soon"}
    assert client.get(url, params={"once": "true"}, headers=bad_resume).status_code == 422


def test_an_agent_seat_sees_only_what_its_party_may_see(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.protocols import engine
    from accord.store import seats

    seen: list[dict[str, Any]] = []
    built: list[Any] = []
    read, build = seats.party_inputs, engine.build_views

    def reading(**kwargs: Any) -> dict[str, Any]:
        seen.append(read(**kwargs))
        return seen[-1]

    def building(scenario: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(scenario)
        return build(scenario, *args, **kwargs)

    monkeypatch.setattr(seats, "party_inputs", reading)
    monkeypatch.setattr(engine, "build_views", building)
    line, reason, reservation = MARKERS["union"]
    scenario = plant()
    scenario["preferences"]["union"]["reservation"] = reservation
    scenario["preferences"]["union"]["red_lines"][0]["id"] = line
    made = client.post(
        "/api/sessions",
        json={"scenario": scenario, "seats": {"management": {"agent": "boulware", "rounds": 3}}},
    )
    assert made.status_code == 201, made.text
    sid, med = made.json()["id"], bearer(made.json()["mediator_token"])
    union = bearer(made.json()["party_tokens"]["union"])
    put = client.put(
        f"/api/sessions/{sid}/preferences",
        json={"preferences": scenario["preferences"]["union"]},
        headers=union,
    )
    assert put.status_code == 200
    for round_ in range(3):
        outcome = plant()["proposals"][round_]["outcome"]
        pid = client.post(f"/api/sessions/{sid}/proposals", json={"outcome": outcome}, headers=med)
        url = f"/api/sessions/{sid}/proposals/{pid.json()['id']}/responses"
        answer = {"response": "reject", "reason": reason}
        assert client.post(url, json=answer, headers=union).status_code == 201
        if round_ == 1:
            release = {"party": "union", "what": "responses"}
            assert client.post(
                f"/api/sessions/{sid}/releases", json=release, headers=med
            ).is_success
    assert len(seen) == 3
    for view in seen:
        assert view["role"] == "party" and view["party"] == "management"
        text = json.dumps(view)
        assert line not in text and str(reservation) not in text
    # The union's answers reach the agent only once the mediator releases them.
    assert reason not in json.dumps(seen[0]) and reason not in json.dumps(seen[1])
    assert reason in json.dumps(seen[2])
    for own in built:
        assert own.party_ids == ("management",)
        assert set(own.preferences) == {"management"}
