"""A party link's age comes from the chain: creation, reissue, and a token it never issued."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from accord.store.database import open_store
from accord.store.links import has_lapsed, issued_at, reissue_link
from accord.store.repository import (
    MEDIATOR,
    PARTY,
    Credential,
    authenticate,
    create_session,
    hash_token,
)
from accord.store.tables import CredentialRow

from live import plant

START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
WEEK = timedelta(days=7)


def test_a_link_counts_from_when_the_chain_issued_it(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "links.db"))
    with store.sessions() as db:
        made = create_session(db=db, scenario=plant(), now=START)
        db.commit()
        sid, union = made.id, made.party_tokens["union"]
        assert issued_at(db=db, session_id=sid, token_sha256=hash_token(union)) == START
        later = START + timedelta(days=3, hours=2)
        fresh = reissue_link(db=db, session_id=sid, party_id="union", now=later)
        db.commit()
        assert issued_at(db=db, session_id=sid, token_sha256=hash_token(fresh)) == later
        who = authenticate(db=db, token=fresh)
        assert who == Credential(sid, PARTY, "union")
        assert not has_lapsed(db=db, who=who, token=fresh, now=later + WEEK / 2, after=WEEK)
        assert has_lapsed(db=db, who=who, token=fresh, now=later + WEEK, after=WEEK)
        assert not has_lapsed(db=db, who=who, token=fresh, now=later + 100 * WEEK, after=None)
        # The mediator's link never lapses; the other party's counts from the creation.
        mediator = authenticate(db=db, token=made.mediator_token)
        assert mediator is not None and mediator.role == MEDIATOR
        assert not has_lapsed(
            db=db, who=mediator, token=made.mediator_token, now=START + 100 * WEEK, after=WEEK
        )
        other = made.party_tokens["management"]
        management = Credential(sid, PARTY, "management")
        assert has_lapsed(db=db, who=management, token=other, now=START + WEEK, after=WEEK)
        assert not has_lapsed(db=db, who=management, token=other, now=later, after=WEEK)
    store.engine.dispose()


def test_a_token_the_chain_never_issued_has_lapsed(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "links.db"))
    with store.sessions() as db:
        made = create_session(db=db, scenario=plant(), now=START)
        planted = "written-into-the-table-by-hand"
        db.add(
            CredentialRow(
                token_hash=hash_token(planted), session_id=made.id, role=PARTY, party_id="union"
            )
        )
        db.commit()
        who = authenticate(db=db, token=planted)
        assert who is not None  # the table alone would let it in
        assert issued_at(db=db, session_id=made.id, token_sha256=hash_token(planted)) is None
        assert has_lapsed(db=db, who=who, token=planted, now=START, after=WEEK)
    store.engine.dispose()
