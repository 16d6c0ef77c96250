"""Read-only helpers for following a session's event log as it grows (the live stream).

What a role may see is decided by :func:`accord.store.views.event_log` alone; these
helpers only say how far the log has grown and which events a follower already had
when it last read up to some position. A party's view can grow backwards: when the
mediator releases another party's responses or preferences, that party's earlier
events become visible too, so "the events after position ``n``" is not enough to
resume a follower without losing them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store.repository import MEDIATOR, Credential
from accord.store.tables import EventRow, SessionRow
from accord.store.views import RELEASED_KINDS


def last_position(*, db: Session, session_id: str) -> int:
    """The position of the newest event of the session (-1 for none or no such session)."""
    count = db.scalar(select(SessionRow.event_count).where(SessionRow.id == session_id))
    return int(count or 0) - 1


def seen_up_to(
    *, db: Session, session_id: str, who: Credential, visible: list[dict[str, Any]], upto: int
) -> set[int]:
    """Positions of the ``visible`` events that ``who`` could already see when the log ended at
    ``upto``: those at or before ``upto``, less any another party's event that only a release
    made after ``upto`` shows.

    ``visible`` is what :func:`~accord.store.views.event_log` gives ``who`` now.
    """
    early = {e["position"] for e in visible if e["position"] <= upto}
    if who.role == MEDIATOR or not early:
        return early
    party = who.party_id or ""
    first_release: dict[tuple[str, str], int] = {}
    releases = db.execute(
        select(EventRow.position, EventRow.payload)
        .where(EventRow.session_id == session_id, EventRow.kind == "released")
        .order_by(EventRow.position)
    )
    for position, payload in releases:
        if party in payload.get("to", []):
            key = (payload.get("party", ""), RELEASED_KINDS.get(payload.get("what", ""), ""))
            first_release.setdefault(key, position)
    owners = db.execute(
        select(EventRow.position, EventRow.visible_to, EventRow.kind).where(
            EventRow.session_id == session_id,
            EventRow.position <= upto,
            EventRow.visible_to.not_in(["*", party]),
        )
    )
    later = {
        position
        for position, owner, kind in owners
        if first_release.get((owner, kind), upto + 1) > upto
    }
    return early - later
