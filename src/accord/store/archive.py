"""Closing a session, and the archive: a closed session turns read-only after a set period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store.tables import EventRow

CLOSING_KINDS = ("session_closed", "breakdown")
"""Event kinds that end a session (the archive period runs from the first of them)."""


def closed_at(*, db: Session, session_id: str) -> datetime | None:
    """When the session was closed, or ``None`` while it is open."""
    query = (
        select(EventRow.at)
        .where(EventRow.session_id == session_id, EventRow.kind.in_(CLOSING_KINDS))
        .order_by(EventRow.position)
    )
    first = db.scalars(query).first()
    return datetime.fromisoformat(first) if first is not None else None


def is_archived(*, db: Session, session_id: str, now: datetime, after: timedelta | None) -> bool:
    """Whether the session was closed at least ``after`` ago (never, with ``after=None``)."""
    if after is None:
        return False
    closed = closed_at(db=db, session_id=session_id)
    return closed is not None and now >= closed + after
