"""``GET /api/sessions/{id}/stream``: the session's events as server-sent events, as they happen.

Each role receives exactly the events ``GET /api/sessions/{id}/events`` shows it
(the same function filters both). The token comes in the ``Authorization: Bearer``
header or, since a browser's ``EventSource`` cannot set headers, in a ``token``
query parameter. Every event carries an ``id:`` line holding its position in the
log, so a client that reconnects with ``Last-Event-ID`` (``EventSource`` does this
by itself) or ``?after=`` gets only what it has not had. An event of another party
that a later release makes visible is sent when the release happens, with the
log's newest position as its id.

The stream follows the store by polling it (a one-row read every
:data:`POLL_SECONDS`, the full filtered read only when the log grew), so it works
the same on SQLite and PostgreSQL and with several server processes. A comment
line every :data:`HEARTBEAT_SECONDS` keeps proxies from closing an idle stream.
With ``once=true`` it sends what there is and ends.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from accord.store import views
from accord.store.database import Store
from accord.store.event_feed import last_position, seen_up_to
from accord.store.repository import Credential, authenticate, get_session
from accord.web.auth import StoreDep, refuse_if_lapsed
from accord.web.routes import ERRORS

POLL_SECONDS = 0.5
"""How often a stream looks for new events."""
HEARTBEAT_SECONDS = 15.0
"""How often an idle stream sends a comment line."""
RETRY_MS = 2000
"""How long a browser waits before reconnecting a dropped stream."""

EVENT_SCHEMA = {
    "type": "object",
    "description": "One event: ``id`` is its log position, ``data`` the entry as ``/events`` "
    "gives it, in JSON.",
    "properties": {
        "id": {"type": "string"},
        "event": {"type": "string"},
        "data": {"type": "string"},
    },
    "required": ["id", "data"],
}
"""One message of the stream, as OpenAPI describes a server-sent event."""

router = APIRouter(prefix="/api")


def stream_caller(
    request: Request, session_id: str, store: StoreDep, token: str = ""
) -> Credential:
    """The credential of the bearer header or the ``token`` parameter, for ``session_id``."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    presented = value.strip() if scheme.lower() == "bearer" else ""
    presented = presented or token.strip()
    if not presented:
        raise HTTPException(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
    with store.sessions() as db:
        who = authenticate(db=db, token=presented)
        if who is None:
            raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
        if who.session_id != session_id:
            raise HTTPException(403, "this token belongs to another session")
        refuse_if_lapsed(request, db, who, presented)
        get_session(db=db, session_id=session_id)
    return who


@dataclass
class Follower:
    """What one stream has sent so far."""

    store: Store
    session_id: str
    who: Credential
    after: int
    """Position of the last event the client had when it (re)connected; -1 for none."""
    sent: set[int] | None = None
    last_id: int = -1
    log_end: int = -2

    def changed(self) -> bool:
        """Whether the log grew since the last read (a one-row query)."""
        with self.store.sessions() as db:
            return last_position(db=db, session_id=self.session_id) != self.log_end

    def read(self) -> list[str]:
        """The server-sent-event messages for the events not sent yet, oldest first."""
        with self.store.sessions() as db:
            visible = views.event_log(db=db, session_id=self.session_id, who=self.who)
            end = last_position(db=db, session_id=self.session_id)
            if self.sent is None:
                self.last_id = self.after
                self.sent = seen_up_to(
                    db=db,
                    session_id=self.session_id,
                    who=self.who,
                    visible=visible,
                    upto=self.after,
                )
        self.log_end = end
        fresh = [e for e in visible if e["position"] not in self.sent]
        self.sent.update(e["position"] for e in fresh)
        # New events first, in order; then earlier events of another party that a release
        # has just shown, with the newest position as their id so ids never go backwards.
        revealed = [e for e in fresh if e["position"] <= self.last_id]
        messages = []
        for event in fresh:
            if event["position"] > self.last_id:
                self.last_id = event["position"]
                messages.append(message(event, self.last_id))
        if revealed:
            self.last_id = max(self.last_id, end)
            messages.extend(message(event, self.last_id) for event in revealed)
        return messages


def message(event: dict[str, Any], event_id: int) -> str:
    """One server-sent event (of the default type, ``message``): the log entry as JSON."""
    data = json.dumps(event, separators=(",", ":"), default=str)
    return f"id: {event_id}\ndata: {data}\n\n"


async def follow(
    follower: Follower,
    *,
    once: bool,
    poll: float = POLL_SECONDS,
    heartbeat: float = HEARTBEAT_SECONDS,
) -> AsyncIterator[str]:
    """The stream's text: a retry hint, the events as they come, heartbeat comments."""
    yield f"retry: {RETRY_MS}\n\n"
    quiet = 0.0
    while True:
        if await run_in_threadpool(follower.changed):
            for text in await run_in_threadpool(follower.read):
                yield text
                quiet = 0.0
        if once:
            return
        await anyio.sleep(poll)
        quiet += poll
        if quiet >= heartbeat:
            yield ": heartbeat\n\n"
            quiet = 0.0


def _resume_from(request: Request, after: int | None) -> int:
    header = request.headers.get("last-event-id", "").strip()
    if header:
        try:
            return max(int(header), -1)
        except ValueError:
            raise HTTPException(422, "Last-Event-ID: must be an event position") from None
    return -1 if after is None else after


@router.get(
    "/sessions/{session_id}/stream",
    response_class=StreamingResponse,
    responses={
        **ERRORS,
        200: {
            "description": "Server-sent events: one per log entry the caller may see.",
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        },
    },
)
async def stream(
    request: Request,
    store: StoreDep,
    who: Annotated[Credential, Depends(stream_caller)],
    session_id: str,
    after: Annotated[int | None, Query(ge=-1, le=2**31 - 1)] = None,
    once: bool = False,
) -> StreamingResponse:
    """The events the caller may see, as they happen (same filter as ``/events``).

    Authenticate with the bearer header or ``?token=``. ``after`` (or the
    ``Last-Event-ID`` header, which wins) skips the events up to that position;
    ``once=true`` ends the stream after the events there are now.
    """
    follower = Follower(store, session_id, who, _resume_from(request, after))
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        follow(follower, once=once), media_type="text/event-stream", headers=headers
    )
