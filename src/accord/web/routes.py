"""The routes of the JSON API, mounted under ``/api``.

Each route authenticates, calls one repository function and commits before
answering, so an acknowledged write is on disk.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from accord.store import repository as repo
from accord.store import views
from accord.web.auth import Caller, DbSession, Mediator, Party, StoreDep
from accord.web.schemas import (
    Created,
    Decided,
    Error,
    NewSession,
    PreferencesIn,
    ProposalIn,
    ReleaseIn,
    ResponseIn,
    SessionCreated,
    TimeDecision,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (401, 403, 404, 409, 413, 422, 429)
}

router = APIRouter(prefix="/api", responses=ERRORS)


@router.post("/sessions", status_code=201)
def create_session(body: NewSession, db: DbSession, store: StoreDep) -> SessionCreated:
    """Open a session on a scenario; returns the mediator's and each party's token."""
    made = repo.create_session(db=db, scenario=body.scenario, now=store.clock())
    db.commit()
    return SessionCreated(
        id=made.id, mediator_token=made.mediator_token, party_tokens=made.party_tokens
    )


@router.get("/sessions/{session_id}")
def get_session(session_id: str, db: DbSession, who: Caller) -> dict[str, Any]:
    """The session as the caller may see it."""
    return views.session_view(db=db, session_id=session_id, who=who)


@router.put("/sessions/{session_id}/preferences")
def put_preferences(
    session_id: str, body: PreferencesIn, db: DbSession, store: StoreDep, who: Party
) -> dict[str, str]:
    """Submit (or replace) the calling party's private preferences."""
    assert who.party_id is not None
    repo.submit_preferences(
        db=db,
        session_id=session_id,
        party_id=who.party_id,
        preferences=body.preferences,
        now=store.clock(),
    )
    db.commit()
    return {"party": who.party_id, "status": "submitted"}


@router.post("/sessions/{session_id}/proposals", status_code=201)
def post_proposal(
    session_id: str, body: ProposalIn, db: DbSession, store: StoreDep, who: Mediator
) -> Created:
    """Table a single text, addressed to every party."""
    made = repo.make_proposal(
        db=db,
        session_id=session_id,
        outcome=dict(body.outcome),
        respond_by=body.respond_by,
        now=store.clock(),
    )
    db.commit()
    return Created(id=made)


@router.post("/sessions/{session_id}/proposals/{proposal_id}/responses", status_code=201)
def post_response(
    session_id: str,
    proposal_id: str,
    body: ResponseIn,
    db: DbSession,
    store: StoreDep,
    who: Party,
) -> dict[str, str]:
    """Accept, reject or ask for more time (refused with 409 once the time is up)."""
    assert who.party_id is not None
    repo.respond(
        db=db,
        session_id=session_id,
        proposal_id=proposal_id,
        party_id=who.party_id,
        response=body.response.value,
        reason=body.reason,
        now=store.clock(),
    )
    db.commit()
    return {"party": who.party_id, "response": body.response.value}


@router.post("/sessions/{session_id}/proposals/{proposal_id}/time")
def post_time(
    session_id: str,
    proposal_id: str,
    body: TimeDecision,
    db: DbSession,
    store: StoreDep,
    who: Mediator,
) -> Decided:
    """Grant or refuse the waiting requests for more time on a proposal."""
    parties = repo.decide_time(
        db=db,
        session_id=session_id,
        proposal_id=proposal_id,
        grant=body.grant,
        extra_seconds=body.extra_seconds,
        party_id=body.party,
        now=store.clock(),
    )
    db.commit()
    return Decided(parties=parties)


@router.post("/sessions/{session_id}/releases", status_code=201)
def post_release(
    session_id: str, body: ReleaseIn, db: DbSession, store: StoreDep, who: Mediator
) -> Created:
    """Let other parties (default: all) see one party's responses or submitted preferences."""
    made = repo.release(
        db=db,
        session_id=session_id,
        party_id=body.party,
        what=body.what.value,
        to=body.to,
        now=store.clock(),
    )
    db.commit()
    return Created(id=made)


@router.get("/sessions/{session_id}/analysis")
def get_analysis(session_id: str, db: DbSession, who: Mediator) -> dict[str, Any]:
    """The agreement-space analysis of the parties' submissions (409 until all are in)."""
    return views.session_analysis(db=db, session_id=session_id)


@router.get("/sessions/{session_id}/copilot")
def get_copilot(session_id: str, db: DbSession, who: Mediator) -> dict[str, Any]:
    """The copilot's next packages with their forecasts, and its estimate of each party."""
    from accord.store.copilot_view import copilot_view

    return copilot_view(db=db, session_id=session_id)


@router.get("/sessions/{session_id}/events")
def get_events(session_id: str, db: DbSession, who: Caller) -> list[dict[str, Any]]:
    """The event log as the caller may see it."""
    return views.event_log(db=db, session_id=session_id, who=who)
