"""Routes for the mediator's control of access: reissue a party's link, close the session."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from accord.store.archive import close_session
from accord.store.links import reissue_link
from accord.web.auth import DbSession, Mediator, StoreDep
from accord.web.schemas import Error

router = APIRouter(
    prefix="/api",
    responses={code: {"model": Error} for code in (401, 403, 404, 409, 413, 422, 429)},
)


class Reissued(BaseModel):
    """A party's new token (shown only this once); the old one no longer works."""

    party: str
    token: str


class CloseIn(BaseModel):
    """Why the session is closed (seen by every party)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=2000)


@router.post("/sessions/{session_id}/parties/{party_id}/link", status_code=201)
def reissue(
    session_id: str, party_id: str, db: DbSession, store: StoreDep, who: Mediator
) -> Reissued:
    """Revoke a party's link and issue a new one (recorded in the chain)."""
    token = reissue_link(db=db, session_id=session_id, party_id=party_id, now=store.clock())
    db.commit()
    return Reissued(party=party_id, token=token)


@router.post("/sessions/{session_id}/close")
def close(
    session_id: str, body: CloseIn, db: DbSession, store: StoreDep, who: Mediator
) -> dict[str, str]:
    """Close the session; once the archive period has passed it is read-only."""
    close_session(db=db, session_id=session_id, reason=body.reason, now=store.clock())
    db.commit()
    return {"status": "closed"}
