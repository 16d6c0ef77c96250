"""Every route, walked as an attacker would: bad tokens, bad bodies, and the headers on all.

Routes are read from the application, so a route added later is walked too.
Path parameters are filled from a prepared session; each case checks the
status, that a refused request changed nothing, and the security headers.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from starlette.requests import Request

from accord.store.database import Store
from accord.web.app import MAX_BODY, create_app
from accord.web.auth import LAPSED
from accord.web.security import TIDY_AT, Buckets, Limits, redact
from accord.web.stream import stream_caller

from live import Clock, bearer, flat_routes, new_session, plant

READS = {"GET", "HEAD"}


def _routes(app: Any) -> list[tuple[str, str]]:
    """(method, path template) of every route of the application."""
    return [
        (method, route.path)
        for route in flat_routes(app.routes)
        for method in sorted(route.methods or ())
        if method != "HEAD"
    ]


def _prepared(client: TestClient) -> dict[str, Any]:
    made = new_session(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    for party, token in made["party_tokens"].items():
        body = {"preferences": plant()["preferences"][party]}
        put = client.put(f"/api/sessions/{sid}/preferences", json=body, headers=bearer(token))
        assert put.is_success
    outcome = plant()["proposals"][2]["outcome"]
    made_proposal = client.post(
        f"/api/sessions/{sid}/proposals", json={"outcome": outcome}, headers=med
    )
    made["proposal"] = made_proposal.json()["id"]
    return made


def _fill(path: str, made: dict[str, Any], party: str = "union") -> str:
    values = {"session_id": made["id"], "proposal_id": made["proposal"], "party_id": party}
    values["name"] = "accord.js"
    filled = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x"), path)
    # An event stream follows its session until it ends: ask for what there is, then stop.
    return filled + "?once=true" if filled.endswith("/stream") else filled


def _with_token(path: str, token: str | None) -> tuple[str, dict[str, str]]:
    """A page gets its token in the link, the API in the Authorization header."""
    if token is None:
        return path, {}
    if path.startswith("/api/"):
        return path, bearer(token)
    return f"{path}?token={token}", {}


def _events(client: TestClient, made: dict[str, Any]) -> Any:
    return client.get(
        f"/api/sessions/{made['id']}/events", headers=bearer(made["mediator_token"])
    ).json()


def assert_hardened(response: httpx.Response, path: str) -> None:
    """The security headers every response carries."""
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy") == "no-referrer"
    if not path.startswith("/static/"):
        assert response.headers.get("cache-control") == "no-store", path


def _session_routes(client: TestClient) -> list[tuple[str, str]]:
    return [(m, p) for m, p in _routes(client.app) if "{session_id}" in p]


def test_every_route_refuses_bad_tokens_alike(client: TestClient) -> None:
    made = _prepared(client)
    other = new_session(client)
    old_union = made["party_tokens"]["union"]
    reissued = client.post(
        f"/api/sessions/{made['id']}/parties/union/link", headers=bearer(made["mediator_token"])
    )
    assert reissued.status_code == 201
    tampered = made["mediator_token"][:-2] + (
        "AA" if not made["mediator_token"].endswith("AA") else "BB"
    )
    bad = {
        "tampered": tampered,
        "revoked": old_union,
        "cross-session": other["mediator_token"],
        "cross-session-party": next(iter(other["party_tokens"].values())),
        "none": None,
    }
    routes = _session_routes(client)
    assert len(routes) >= 12
    for method, template in routes:
        path = _fill(template, made)
        missing = _fill(template, {**made, "id": "0" * 32})
        for why, token in bad.items():
            before = _events(client, made)
            url, headers = _with_token(path, token)
            response = client.request(method, url, headers=headers, json={})
            assert_hardened(response, path)
            api = path.startswith("/api/")
            expected = (403 if why.startswith("cross") else 401) if api else 403
            assert response.status_code == expected, (method, path, why, response.text)
            assert made["id"] not in response.text
            assert _events(client, made) == before, (method, path, why)
            # The same refusal for a session that does not exist: nothing is revealed.
            url, headers = _with_token(missing, token)
            absent = client.request(method, url, headers=headers, json={})
            assert (absent.status_code, absent.text) == (response.status_code, response.text), (
                method,
                template,
                why,
            )


def test_oversized_and_malformed_bodies_on_every_write(client: TestClient) -> None:
    made = _prepared(client)
    tokens = {"mediator": made["mediator_token"], **made["party_tokens"]}
    operations = client.get("/openapi.json").json()["paths"]
    writes = [
        (m, p)
        for m, p in _routes(client.app)
        if m not in READS
        and (p not in operations or "requestBody" in operations[p].get(m.lower(), {}))
    ]
    assert len(writes) >= 7
    huge = b'{"x": "' + b"a" * (MAX_BODY + 10) + b'"}'
    for method, template in writes:
        path = _fill(template, made)
        for token in tokens.values():
            before = _events(client, made)
            url, headers = _with_token(path, token)
            headers = {**headers, "content-type": "application/json"}
            big = client.request(method, url, headers=headers, content=huge)
            assert big.status_code == 413, (method, path)
            assert_hardened(big, path)
            for body in (b"{", b"[]", b'{"unknown": 1}', b"\x00\xff", b'{"outcome": "x"}'):
                bad = client.request(method, url, headers=headers, content=body)
                assert bad.status_code in (401, 403, 404, 409, 422), (method, path, body, bad.text)
                assert_hardened(bad, path)
                assert "Traceback" not in bad.text
            assert _events(client, made) == before, (method, path)


def test_headers_on_every_route_and_no_inline_script(client: TestClient) -> None:
    made = _prepared(client)
    pages = {
        "/": None,
        f"/s/{made['id']}/mediator": made["mediator_token"],
        f"/s/{made['id']}/party/union": made["party_tokens"]["union"],
    }
    for path, token in pages.items():
        url, _ = _with_token(path, token)
        page = client.get(url)
        assert page.status_code == 200
        assert_hardened(page, path)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), path
        assert not re.search(r"\son[a-z]+\s*=", page.text), path
        assert "javascript:" not in page.text
    for method, template in _routes(client.app):
        path = _fill(template, made)
        url, headers = _with_token(path, made["mediator_token"])
        response = client.request(method, url, headers=headers, json={})
        assert_hardened(response, path)
    static = client.get("/static/accord.js")
    assert static.status_code == 200 and "cache-control" not in static.headers
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404  # its inline script would break the policy


def test_reissued_link_works_at_once_and_is_in_the_chain(client: TestClient) -> None:
    made = _prepared(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    old = made["party_tokens"]["management"]
    assert client.get(f"/api/sessions/{sid}", headers=bearer(old)).status_code == 200
    new = client.post(f"/api/sessions/{sid}/parties/management/link", headers=med)
    assert new.status_code == 201
    token = new.json()["token"]
    assert client.get(f"/api/sessions/{sid}", headers=bearer(old)).status_code == 401
    assert client.get(f"/s/{sid}/party/management?token={old}").status_code == 403
    assert client.get(f"/api/sessions/{sid}", headers=bearer(token)).status_code == 200
    assert client.get(f"/s/{sid}/party/management?token={token}").status_code == 200
    last = _events(client, made)[-1]
    assert last["kind"] == "link_reissued" and last["payload"]["party"] == "management"
    assert token not in json.dumps(_events(client, made))  # only its digest is recorded
    # A party cannot reissue, nor see the reissue.
    union = bearer(made["party_tokens"]["union"])
    refused = client.post(f"/api/sessions/{sid}/parties/management/link", headers=union)
    assert refused.status_code == 403
    seen = client.get(f"/api/sessions/{sid}/events", headers=bearer(token)).json()
    assert all(e["kind"] != "link_reissued" for e in seen)
    unknown = client.post(f"/api/sessions/{sid}/parties/nobody/link", headers=med)
    assert unknown.status_code == 422


def test_closed_session_turns_read_only_after_the_archive_period(
    store: Store, clock: Clock
) -> None:
    client = TestClient(create_app(store, Limits(archive_after=timedelta(days=2))))
    made = _prepared(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    union = bearer(made["party_tokens"]["union"])
    closed = client.post(f"/api/sessions/{sid}/close", json={"reason": "agreed"}, headers=med)
    assert closed.is_success
    assert client.post(f"/api/sessions/{sid}/close", json={}, headers=med).status_code == 409
    body = {"preferences": plant()["preferences"]["union"]}
    clock.advance(timedelta(days=1).total_seconds())
    # Closed, the talks take no more changes at once; the mediator can still manage links.
    refused = client.put(f"/api/sessions/{sid}/preferences", json=body, headers=union)
    assert refused.status_code == 409 and "closed" in refused.json()["detail"]
    reissued = client.post(f"/api/sessions/{sid}/parties/management/link", headers=med)
    assert reissued.status_code == 201
    clock.advance(timedelta(days=1).total_seconds())
    before = _events(client, made)
    writes = [(m, p) for m, p in _session_routes(client) if m not in READS and p.startswith("/api")]
    for method, template in writes:
        for token in (made["mediator_token"], made["party_tokens"]["union"]):
            response = client.request(method, _fill(template, made), headers=bearer(token), json={})
            assert response.status_code in (403, 409), (method, template, response.text)
            if response.status_code == 409:
                assert "archived" in response.json()["detail"]
    assert _events(client, made) == before
    assert client.get(f"/api/sessions/{sid}", headers=union).status_code == 200
    assert client.get(f"/s/{sid}/mediator?token={made['mediator_token']}").status_code == 200
    # Still refused without a valid token, as for any session: being archived is not revealed.
    assert client.put(f"/api/sessions/{sid}/preferences", json=body).status_code == 401


def test_party_links_lapse_after_the_servers_lifetime_until_reissued(
    store: Store, clock: Clock
) -> None:
    limits = Limits(rate=100_000.0, burst=100_000, links_expire_after=timedelta(days=7))
    client = TestClient(create_app(store, limits))
    made = _prepared(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    token = made["party_tokens"]["union"]
    union = bearer(token)
    body = {"preferences": plant()["preferences"]["union"]}
    clock.advance(timedelta(days=7).total_seconds() - 1)
    assert client.get(f"/api/sessions/{sid}", headers=union).status_code == 200
    assert client.get(f"/s/{sid}/party/union?token={token}").status_code == 200
    clock.advance(1)
    before = _events(client, made)
    for method, template in _session_routes(client):
        path, headers = _with_token(_fill(template, made), token)
        response = client.request(method, path, headers=headers, json={})
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, template, response.text)
            assert response.json()["detail"] == LAPSED
        else:  # a page: union's own says why; the mediator's pages refuse it anyway
            assert response.status_code == 403, (method, template)
            assert ("expired" in response.text) == ("/party/" in template), template
    assert _events(client, made) == before  # refused, nothing written
    # The event stream's own check, called directly (a stream let in would follow the
    # session until it ends).
    scope = {"type": "http", "app": client.app, "headers": [], "query_string": b""}
    with pytest.raises(HTTPException) as refused:
        stream_caller(Request(scope), sid, store, token)
    assert (refused.value.status_code, refused.value.detail) == (401, LAPSED)
    # The mediator's link does not lapse, nor does a link the mediator reissues at once.
    assert client.get(f"/api/sessions/{sid}", headers=med).status_code == 200
    assert client.get(f"/s/{sid}/mediator?token={made['mediator_token']}").status_code == 200
    reissued = client.post(f"/api/sessions/{sid}/parties/union/link", headers=med)
    assert reissued.status_code == 201
    fresh = bearer(reissued.json()["token"])
    assert client.put(f"/api/sessions/{sid}/preferences", json=body, headers=fresh).is_success
    old = client.get(f"/api/sessions/{sid}", headers=union)
    assert old.status_code == 401 and old.json()["detail"] == "unknown token"  # revoked
    # The other party's link, issued with the session, lapsed with union's first one.
    other = bearer(made["party_tokens"]["management"])
    assert client.get(f"/api/sessions/{sid}", headers=other).status_code == 401
    clock.advance(timedelta(days=7).total_seconds())
    assert client.get(f"/api/sessions/{sid}", headers=fresh).status_code == 401


def test_without_a_lifetime_party_links_never_lapse(client: TestClient, clock: Clock) -> None:
    made = new_session(client)
    clock.advance(timedelta(days=3650).total_seconds())
    union = bearer(made["party_tokens"]["union"])
    assert client.get(f"/api/sessions/{made['id']}", headers=union).status_code == 200


def test_failed_authentication_is_slowed_down_per_client(store: Store) -> None:
    limits = Limits(failures=5, failure_rate=0.001)
    app = create_app(store, limits)
    attacker = TestClient(app, client=("203.0.113.9", 4000))
    honest = TestClient(app, client=("198.51.100.7", 4000))
    made = new_session(honest)
    real, absent = f"/api/sessions/{made['id']}", "/api/sessions/" + "0" * 32
    for attempt in range(5):
        guess = bearer(f"guess-{attempt}")
        assert attacker.get(real if attempt % 2 else absent, headers=guess).status_code == 401
    slowed = [attacker.get(path, headers=bearer("guess")) for path in (real, absent)]
    assert [r.status_code for r in slowed] == [429, 429]
    assert slowed[0].text == slowed[1].text  # whether the session exists is not revealed
    assert int(slowed[0].headers["retry-after"]) >= 1
    assert_hardened(slowed[0], real)
    # Even a right token waits: the client is slowed down, not the token.
    assert attacker.get(real, headers=bearer(made["mediator_token"])).status_code == 429
    # Another client is not affected.
    assert honest.get(real, headers=bearer(made["mediator_token"])).status_code == 200
    # Bad secret links on the pages count too.
    pages = TestClient(app, client=("192.0.2.1", 4000))
    for attempt in range(5):
        assert pages.get(f"/s/{made['id']}/mediator?token=bad{attempt}").status_code == 403
    assert pages.get(f"/s/{made['id']}/mediator?token=bad").status_code == 429


def test_request_rate_is_per_client(store: Store) -> None:
    app = create_app(store, Limits(rate=0.001, burst=5))
    client = TestClient(app)
    made = new_session(client)
    url = f"/api/sessions/{made['id']}"
    mediator = bearer(made["mediator_token"])
    codes = [client.get(url, headers=mediator).status_code for _ in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    # Each party has its own budget.
    union = bearer(made["party_tokens"]["union"])
    assert client.get(url, headers=union).status_code == 200


def test_redact_removes_tokens() -> None:
    secret = "Zk3-_x" * 7
    line = f'127.0.0.1:5 - "GET /s/abc/party/union?token={secret}&x=1 HTTP/1.1" 200'
    assert secret not in redact(line) and "token=[redacted]&x=1" in redact(line)
    assert redact(f"Authorization: Bearer {secret}") == "Authorization: Bearer [redacted]"


@pytest.fixture
def served(store: Store) -> Iterator[str]:
    """A real uvicorn server over the store, access log on, in a thread."""
    import uvicorn

    config = uvicorn.Config(
        create_app(store), host="127.0.0.1", port=0, log_config=None, access_log=True
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()


def test_tokens_never_reach_the_server_log(served: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with httpx.Client(base_url=served) as http:
        created = http.post("/api/sessions", json={"scenario": plant()}).json()
        sid, token = created["id"], created["mediator_token"]
        assert http.get(f"/s/{sid}/mediator", params={"token": token}).status_code == 200
        assert http.get(f"/api/sessions/{sid}", headers=bearer(token)).status_code == 200
        party = created["party_tokens"]["union"]
        assert http.get(f"/s/{sid}/party/union", params={"token": party + "x"}).status_code == 403
    server = [r for r in caplog.records if r.name.startswith(("uvicorn", "fastapi", "accord"))]
    logged = "\n".join(record.getMessage() for record in server)
    assert f"/s/{sid}/mediator?token=[redacted]" in logged  # the access log is on
    for secret in (token, party, *created["party_tokens"].values()):
        assert secret not in logged


def test_buckets_forget_idle_clients() -> None:
    now = [0.0]
    buckets = Buckets(rate=1.0, size=2, clock=lambda: now[0])
    assert buckets.take("a") == buckets.take("a") == 0.0
    assert buckets.take("a") == pytest.approx(1.0)
    now[0] += 0.5
    assert buckets.wait("a") == pytest.approx(0.5)
    now[0] += 10
    for number in range(TIDY_AT + 1):
        buckets.take(f"client-{number}")
    assert len(buckets.levels) <= TIDY_AT + 1
    assert "a" not in buckets.levels  # full again: forgotten
    assert buckets.wait("a") == 0.0
