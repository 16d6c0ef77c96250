"""A party's secret link: reissuing it (recorded in the chain) and how old it is.

A server may let party links lapse (``accord serve --links-expire-after DAYS``):
a link counts from when it was issued, which the chain says (the session's
creation, or the reissue that made it), so no stored column can stretch it. The
mediator's link does not lapse: the mediator hands out and renews the parties'
links, and ends its own access by closing the session.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accord.store.audit import ISSUING_KINDS, derive_credentials
from accord.store.chain import append_event
from accord.store.repository import (
    MEDIATOR,
    PARTY,
    Credential,
    Invalid,
    get_session,
    hash_token,
    parse_scenario_data,
    stamp,
)
from accord.store.tables import CredentialRow, EventRow


def reissue_link(*, db: Session, session_id: str, party_id: str, now: datetime) -> str:
    """Revoke every token of ``party_id`` and issue a new one; returns the new token.

    The old token stops working as soon as this commits. The event (mediator
    only) names the revoked and the new token by their sha256, so the audit can
    re-derive the credentials table from the chain.
    """
    session = get_session(db=db, session_id=session_id, lock=True)
    if party_id not in parse_scenario_data(session.scenario, "scenario").party_ids:
        raise Invalid(f"party: no party {party_id!r} in this session")
    old = db.query(CredentialRow).filter_by(session_id=session_id, role=PARTY, party_id=party_id)
    revoked = sorted(row.token_hash for row in old)
    db.execute(
        delete(CredentialRow).where(
            CredentialRow.session_id == session_id,
            CredentialRow.role == PARTY,
            CredentialRow.party_id == party_id,
        )
    )
    token = secrets.token_urlsafe(32)
    db.add(
        CredentialRow(
            token_hash=hash_token(token), session_id=session_id, role=PARTY, party_id=party_id
        )
    )
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="link_reissued",
        visible_to=MEDIATOR,
        payload={"party": party_id, "revoked": revoked, "token_sha256": hash_token(token)},
    )
    return token


def issued_at(*, db: Session, session_id: str, token_sha256: str) -> datetime | None:
    """When the chain says the live token with this sha256 was issued (``None``: it does
    not), as the audit derives the credentials (:func:`~accord.store.audit.derive_credentials`)."""
    query = (
        select(EventRow)
        .where(EventRow.session_id == session_id, EventRow.kind.in_(ISSUING_KINDS))
        .order_by(EventRow.position)
    )
    events = list(db.scalars(query))
    issued = {row.key: row.position for row in derive_credentials(events)}
    position = issued.get((token_sha256,))
    if position is None:
        return None
    return datetime.fromisoformat(next(e.at for e in events if e.position == position))


def has_lapsed(
    *, db: Session, who: Credential, token: str, now: datetime, after: timedelta | None
) -> bool:
    """Whether ``token`` (``who``'s) is a party link issued at least ``after`` ago.

    Never with ``after=None``, never for the mediator's link; a party token the
    chain does not show being issued counts as lapsed (closed, not open, on doubt).
    """
    if after is None or who.role != PARTY:
        return False
    issued = issued_at(db=db, session_id=who.session_id, token_sha256=hash_token(token))
    return issued is None or now >= issued + after
