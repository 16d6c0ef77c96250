"""The routes of the JSON API, mounted under ``/api``.

Each route authenticates, calls one repository function and commits before
answering, so an acknowledged write is on disk. After a write, the session's
agent seats (if any) make their moves through the same repository functions,
committed before the answer too.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import APIRouter

from accord.store import repository as repo
from accord.store import views
from accord.web.auth import Caller, DbSession, Mediator, Party, StoreDep
from accord.web.schemas import (
    Created,
    Decided,
    Ended,
    Ending,
    Error,
    NewSession,
    PreferencesIn,
    ProposalIn,
    ReleaseIn,
    ResponseIn,
    Revised,
    ScenarioIn,
    SessionCreated,
    TimeDecision,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (401, 403, 404, 409, 413, 422, 429)
}

router = APIRouter(prefix="/api", responses=ERRORS)

T = TypeVar("T")


def _read(db: DbSession, value: T) -> T:
    """End a read's transaction before answering, giving its connection back to the pool.

    The session itself is closed only after the answer is sent, on another worker
    thread; under load, waiting for that thread while holding a connection would
    starve the pool.
    """
    db.rollback()
    return value


def _agents_move(db: DbSession, store: StoreDep, session_id: str) -> None:
    """Commit the write, then let the session's agent seats answer it (and commit)."""
    from accord.store.seats import seat_agents

    db.commit()
    seat_agents(db=db, session_id=session_id, now=store.clock())
    db.rollback()  # every move is committed: end the read that found nothing more to do


@router.post("/sessions", status_code=201)
def create_session(body: NewSession, db: DbSession, store: StoreDep) -> SessionCreated:
    """Open a session on a scenario; returns the mediator's and each party's token.

    ``seats`` names the roles played by agents (for example
    ``{"union": {"agent": "boulware"}}``); their tokens are not handed out.
    """
    seats: dict[str, Any] = {}
    if body.seats:
        from accord.store.seats import check_seats

        seats = check_seats(body.scenario, {r: s.model_dump() for r, s in body.seats.items()})
    now = store.clock()
    made = repo.create_session(db=db, scenario=body.scenario, now=now, seats=seats)
    if seats:
        from accord.store.seats import seat_preferences

        chosen = {r: s.model_dump() for r, s in body.seats.items()}
        for party, preferences in seat_preferences(body.scenario, chosen).items():
            repo.submit_preferences(
                db=db, session_id=made.id, party_id=party, preferences=preferences, now=now
            )
        _agents_move(db, store, made.id)
    db.commit()
    return SessionCreated(
        id=made.id,
        mediator_token=made.mediator_token,
        party_tokens={p: t for p, t in made.party_tokens.items() if p not in seats},
    )


@router.get("/sessions/{session_id}")
def get_session(session_id: str, db: DbSession, who: Caller) -> dict[str, Any]:
    """The session as the caller may see it."""
    return _read(db, views.session_view(db=db, session_id=session_id, who=who))


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
    _agents_move(db, store, session_id)
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
    _agents_move(db, store, session_id)
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
    _agents_move(db, store, session_id)
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
    _agents_move(db, store, session_id)
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
    return _read(db, views.session_analysis(db=db, session_id=session_id))


@router.get("/sessions/{session_id}/copilot")
def get_copilot(session_id: str, db: DbSession, who: Mediator) -> dict[str, Any]:
    """The copilot's next packages with their forecasts, and its estimate of each party."""
    from accord.store.copilot_view import copilot_view

    return _read(db, copilot_view(db=db, session_id=session_id))


@router.get("/sessions/{session_id}/events")
def get_events(session_id: str, db: DbSession, who: Caller) -> list[dict[str, Any]]:
    """The event log as the caller may see it."""
    return _read(db, views.event_log(db=db, session_id=session_id, who=who))


@router.post("/sessions/{session_id}/close")
def post_close(
    session_id: str, body: Ending, db: DbSession, store: StoreDep, who: Mediator
) -> Ended:
    """Close the session (open or agreed): it takes no more changes; an agreement stands."""
    status = repo.end_session(
        db=db, session_id=session_id, how=repo.CLOSED, reason=body.reason, now=store.clock()
    )
    db.commit()
    return Ended(status=status)


@router.post("/sessions/{session_id}/breakdown")
def post_breakdown(
    session_id: str, body: Ending, db: DbSession, store: StoreDep, who: Mediator
) -> Ended:
    """Declare that the talks broke down without agreement (an open session only)."""
    status = repo.end_session(
        db=db, session_id=session_id, how=repo.BROKEN_DOWN, reason=body.reason, now=store.clock()
    )
    db.commit()
    return Ended(status=status)


@router.put("/sessions/{session_id}/scenario")
def put_scenario(
    session_id: str, body: ScenarioIn, db: DbSession, store: StoreDep, who: Mediator
) -> Revised:
    """Revise the scenario (add an issue or an option, ...; same parties): a new version.

    Every party submits preferences again for the new version (agent seats do so
    themselves); the proposal on the table can no longer be answered.
    """
    from accord.store.seats import resubmit_after_revision

    now = store.clock()
    version = repo.revise_scenario(db=db, session_id=session_id, scenario=body.scenario, now=now)
    resubmit_after_revision(db=db, session_id=session_id, now=now)
    _agents_move(db, store, session_id)
    session = repo.get_session(db=db, session_id=session_id)
    waiting = sorted(views.waiting_for(db=db, session=session))
    return _read(db, Revised(version=version, resubmit=waiting))


@router.get("/sessions/{session_id}/export")
def get_export(session_id: str, db: DbSession, who: Mediator) -> dict[str, Any]:
    """The scenario with the current submissions, every submission and the event log,
    as files ``accord analyze`` and ``accord replay`` read."""
    from accord.store.export import export_session

    return _read(db, export_session(db=db, session_id=session_id))
