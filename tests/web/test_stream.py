"""The event stream follows a session as it happens: new events arrive while it is open."""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastapi.testclient import TestClient

from accord.store.database import Store
from accord.store.repository import MEDIATOR, PARTY, Credential
from accord.web.stream import Follower, follow

from live import bearer, new_session, plant


def _event(text: str) -> dict[str, Any]:
    data = [line[6:] for line in text.splitlines() if line.startswith("data: ")]
    event: dict[str, Any] = json.loads(data[0])
    return event


def test_a_write_reaches_an_open_stream(client: TestClient, store: Store) -> None:
    made = new_session(client)
    sid = made["id"]
    union = Credential(sid, PARTY, "union")
    mediator = Credential(sid, MEDIATOR)
    seen: dict[str, list[str]] = {"union": [], "mediator": []}

    async def main() -> None:
        union_feed = follow(Follower(store, sid, union, after=-1), once=False, poll=0.01)
        # The mediator starts after the session's creation and its private record.
        mediator_feed = follow(Follower(store, sid, mediator, after=1), once=False, poll=0.01)
        with anyio.fail_after(20):
            assert (await anext(union_feed)).startswith("retry:")
            assert (await anext(mediator_feed)).startswith("retry:")
            seen["union"].append(await anext(union_feed))  # the session's creation
            body = {"preferences": plant()["preferences"]["management"]}
            put = await anyio.to_thread.run_sync(
                lambda: client.put(
                    f"/api/sessions/{sid}/preferences",
                    json=body,
                    headers=bearer(made["party_tokens"]["management"]),
                )
            )
            assert put.status_code == 200
            proposal = {"outcome": plant()["proposals"][2]["outcome"]}
            made_proposal = await anyio.to_thread.run_sync(
                lambda: client.post(
                    f"/api/sessions/{sid}/proposals",
                    json=proposal,
                    headers=bearer(made["mediator_token"]),
                )
            )
            assert made_proposal.status_code == 201
            seen["mediator"] += [await anext(mediator_feed), await anext(mediator_feed)]
            seen["union"].append(await anext(union_feed))
        await union_feed.aclose()
        await mediator_feed.aclose()

    anyio.run(main)
    # The mediator sees both events as they happen; the union never sees management's
    # submission, only the proposal that follows it.
    assert [_event(t)["kind"] for t in seen["mediator"]] == [
        "preferences_submitted",
        "proposal_made",
    ]
    assert [_event(t)["kind"] for t in seen["union"]] == ["session_created", "proposal_made"]
    assert seen["union"][1].startswith("id: 3\n")


def test_an_idle_stream_sends_heartbeats(client: TestClient, store: Store) -> None:
    made = new_session(client)
    follower = Follower(store, made["id"], Credential(made["id"], MEDIATOR), after=1)

    async def main() -> list[str]:
        feed = follow(follower, once=False, poll=0.01, heartbeat=0.03)
        with anyio.fail_after(20):
            got = [await anext(feed) for _ in range(3)]
        await feed.aclose()
        return got

    assert anyio.run(main)[1:] == [": heartbeat\n\n", ": heartbeat\n\n"]
