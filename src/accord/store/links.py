"""Revoking and reissuing a party's secret link, recorded in the chain."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from accord.store.chain import append_event
from accord.store.repository import (
    MEDIATOR,
    PARTY,
    Invalid,
    get_session,
    hash_token,
    parse_scenario_data,
    stamp,
)
from accord.store.tables import CredentialRow


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
