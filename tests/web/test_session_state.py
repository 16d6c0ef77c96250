"""The session's explicit state: open, agreed, broken down or closed, and what each allows."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from live import bearer, new_session, plant

MEDIATOR_TEXT = plant()["proposals"][2]["outcome"]


def _view(client: TestClient, made: dict[str, Any], token: str | None = None) -> Any:
    token = token or made["mediator_token"]
    return client.get(f"/api/sessions/{made['id']}", headers=bearer(token)).json()


def _kinds(client: TestClient, made: dict[str, Any]) -> list[str]:
    url = f"/api/sessions/{made['id']}/events"
    return [e["kind"] for e in client.get(url, headers=bearer(made["mediator_token"])).json()]


def _propose(client: TestClient, made: dict[str, Any], outcome: dict[str, Any]) -> str:
    url = f"/api/sessions/{made['id']}/proposals"
    made_proposal = client.post(
        url, json={"outcome": outcome}, headers=bearer(made["mediator_token"])
    )
    assert made_proposal.status_code == 201, made_proposal.text
    return str(made_proposal.json()["id"])


def _answer(client: TestClient, made: dict[str, Any], pid: str, party: str, what: str) -> Any:
    url = f"/api/sessions/{made['id']}/proposals/{pid}/responses"
    return client.post(url, json={"response": what}, headers=bearer(made["party_tokens"][party]))


def _writes(made: dict[str, Any], pid: str) -> list[tuple[str, str, dict[str, Any], str]]:
    sid, med = made["id"], made["mediator_token"]
    union = made["party_tokens"]["union"]
    return [
        ("POST", f"/api/sessions/{sid}/proposals", {"outcome": MEDIATOR_TEXT}, med),
        (
            "PUT",
            f"/api/sessions/{sid}/preferences",
            {"preferences": plant()["preferences"]["union"]},
            union,
        ),
        ("POST", f"/api/sessions/{sid}/proposals/{pid}/responses", {"response": "reject"}, union),
        ("POST", f"/api/sessions/{sid}/proposals/{pid}/time", {"grant": True}, med),
        ("POST", f"/api/sessions/{sid}/releases", {"party": "union", "what": "responses"}, med),
        ("PUT", f"/api/sessions/{sid}/scenario", {"scenario": plant()}, med),
        ("POST", f"/api/sessions/{sid}/breakdown", {}, med),
    ]


def test_open_then_agreed(client: TestClient) -> None:
    made = new_session(client)
    view = _view(client, made)
    assert (view["status"], view["agreement"], view["round"]) == ("open", None, 0)
    pid = _propose(client, made, MEDIATOR_TEXT)
    assert _answer(client, made, pid, "union", "accept").status_code == 201
    assert _view(client, made)["status"] == "open"
    assert _answer(client, made, pid, "management", "accept").status_code == 201
    for token in (made["mediator_token"], *made["party_tokens"].values()):
        view = _view(client, made, token)
        assert view["status"] == "agreed"
        assert view["agreement"] == {"proposal": pid, "outcome": MEDIATOR_TEXT, "round": 1}
    assert _kinds(client, made)[-1] == "agreement"
    union_events = client.get(
        f"/api/sessions/{made['id']}/events", headers=bearer(made["party_tokens"]["union"])
    ).json()
    assert union_events[-1]["kind"] == "agreement"
    assert union_events[-1]["payload"]["outcome"] == MEDIATOR_TEXT


def test_an_agreed_session_takes_no_more_changes_but_can_be_closed(client: TestClient) -> None:
    made = new_session(client)
    pid = _propose(client, made, MEDIATOR_TEXT)
    for party in ("union", "management"):
        _answer(client, made, pid, party, "accept")
    before = _kinds(client, made)
    for method, url, body, token in _writes(made, pid):
        refused = client.request(method, url, json=body, headers=bearer(token))
        assert refused.status_code == 409, (method, url)
        assert refused.json()["detail"] == (
            "the session has ended in agreement; it takes no more changes"
        )
    assert _kinds(client, made) == before
    closed = client.post(
        f"/api/sessions/{made['id']}/close", json={}, headers=bearer(made["mediator_token"])
    )
    assert closed.json() == {"status": "closed"}
    view = _view(client, made)
    assert view["status"] == "closed"
    assert view["agreement"]["proposal"] == pid


@pytest.mark.parametrize(
    ("route", "status", "message"),
    [
        (
            "breakdown",
            "broken_down",
            "the mediator declared a breakdown; the session takes no more changes",
        ),
        ("close", "closed", "the mediator closed the session; it takes no more changes"),
    ],
)
def test_ending_an_open_session(client: TestClient, route: str, status: str, message: str) -> None:
    made = new_session(client)
    pid = _propose(client, made, MEDIATOR_TEXT)
    union = bearer(made["party_tokens"]["union"])
    url = f"/api/sessions/{made['id']}/{route}"
    assert client.post(url, json={"reason": "x"}, headers=union).status_code == 403
    ended = client.post(
        url, json={"reason": "no movement on wages"}, headers=bearer(made["mediator_token"])
    )
    assert ended.status_code == 200
    assert ended.json() == {"status": status}
    view = _view(client, made, made["party_tokens"]["management"])
    assert (view["status"], view["agreement"]) == (status, None)
    events = client.get(f"/api/sessions/{made['id']}/events", headers=union).json()
    assert events[-1]["kind"] == ("breakdown" if route == "breakdown" else "session_closed")
    assert events[-1]["payload"] == {"status": status, "reason": "no movement on wages", "round": 1}
    before = _kinds(client, made)
    for method, write_url, body, token in [
        *_writes(made, pid),
        ("POST", url, {}, made["mediator_token"]),
    ]:
        refused = client.request(method, write_url, json=body, headers=bearer(token))
        assert refused.status_code == 409, (method, write_url)
        assert refused.json()["detail"] == message
    assert _kinds(client, made) == before
    reads = [f"/api/sessions/{made['id']}", f"/api/sessions/{made['id']}/events"]
    for read in reads:
        assert client.get(read, headers=union).status_code == 200


def test_chain_stays_intact_through_the_states(client: TestClient, store: Any) -> None:
    from accord.store.audit import audit_session
    from accord.store.chain import verify_chain
    from accord.store.repository import get_session

    made = new_session(client)
    pid = _propose(client, made, MEDIATOR_TEXT)
    _answer(client, made, pid, "union", "accept")
    _answer(client, made, pid, "management", "accept")
    client.post(
        f"/api/sessions/{made['id']}/close", json={}, headers=bearer(made["mediator_token"])
    )
    with store.sessions() as db:
        report = verify_chain(db=db, session=get_session(db=db, session_id=made["id"]))
        # Every table, the state and the agreement included, agrees with the chain.
        audit = audit_session(db=db, session_id=made["id"])
    # Created, recorded, proposed, two answers, the agreement, closed.
    assert report.intact and report.events == 7
    assert audit.intact, [str(f) for f in audit.findings]
