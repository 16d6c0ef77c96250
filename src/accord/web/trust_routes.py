"""Routes for the mediator's control of access: reissue a party's link."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

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


@router.post("/sessions/{session_id}/parties/{party_id}/link", status_code=201)
def reissue(
    session_id: str, party_id: str, db: DbSession, store: StoreDep, who: Mediator
) -> Reissued:
    """Revoke a party's link and issue a new one (recorded in the chain)."""
    token = reissue_link(db=db, session_id=session_id, party_id=party_id, now=store.clock())
    db.commit()
    return Reissued(party=party_id, token=token)
