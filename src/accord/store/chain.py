"""The tamper-evident event log: each entry hashes the previous hash and its own content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store.tables import EventRow, SessionRow

GENESIS = "0" * 64
"""The previous hash of a session's first event."""


def canonical(entry: dict[str, Any]) -> bytes:
    """Canonical JSON of an entry: sorted keys, no spaces, UTF-8."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_of(row: EventRow) -> dict[str, Any]:
    """The hashed content of an event (everything but the hashes and the row id)."""
    return {
        "session": row.session_id,
        "position": row.position,
        "at": row.at,
        "actor": row.actor,
        "kind": row.kind,
        "visible_to": row.visible_to,
        "payload": row.payload,
    }


def chain_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """``sha256(prev_hash + canonical(entry))`` as hex."""
    return hashlib.sha256(prev_hash.encode() + canonical(entry)).hexdigest()


def append_event(
    *,
    db: Session,
    session: SessionRow,
    at: str,
    actor: str,
    kind: str,
    visible_to: str,
    payload: dict[str, Any],
) -> EventRow:
    """Add the next event of ``session`` to the chain and move its head."""
    row = EventRow(
        session_id=session.id,
        position=session.event_count,
        at=at,
        actor=actor,
        kind=kind,
        visible_to=visible_to,
        payload=payload,
        prev_hash=session.head_hash or GENESIS,
    )
    row.hash = chain_hash(row.prev_hash, entry_of(row))
    session.event_count += 1
    session.head_hash = row.hash
    db.add(row)
    return row


@dataclass(frozen=True)
class ChainReport:
    """The result of checking a session's chain."""

    events: int
    broken_at: int | None = None
    """Position of the first entry that does not check out (``None``: intact)."""
    problem: str = ""

    @property
    def intact(self) -> bool:
        """Whether every entry checks out."""
        return self.broken_at is None


def verify_chain(*, db: Session, session: SessionRow) -> ChainReport:
    """Recompute every hash of ``session``'s log and compare with what is stored."""
    rows = db.scalars(
        select(EventRow).where(EventRow.session_id == session.id).order_by(EventRow.position)
    ).all()
    prev = GENESIS
    for expected, row in enumerate(rows):
        if row.position != expected:
            return ChainReport(len(rows), expected, f"entry {expected} is missing")
        if row.prev_hash != prev:
            return ChainReport(len(rows), expected, "its previous hash does not match")
        if chain_hash(prev, entry_of(row)) != row.hash:
            return ChainReport(len(rows), expected, "its content does not match its hash")
        prev = row.hash
    if len(rows) != session.event_count or prev != (session.head_hash or GENESIS):
        return ChainReport(len(rows), len(rows), "the log ends before the recorded head")
    return ChainReport(len(rows))
