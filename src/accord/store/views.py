"""Role-filtered reads: what the mediator and each party may see of a session.

The mediator sees everything. A party sees the public part of the scenario,
its own submission, every proposal (all are addressed to all parties) and its
own responses, never another party's preferences or responses unless the
mediator releases them: a ``released`` event lets the parties it names see
one party's responses or submitted preferences (as they are now and later).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from accord.store.repository import (
    MEDIATOR,
    Conflict,
    Credential,
    deadline,
    get_proposal,
    get_session,
    latest_versions,
    parse_scenario_data,
    scenario_with,
    stamp,
    submissions,
)
from accord.store.tables import EventRow, ProposalRow, ResponseRow, SessionRow

PUBLIC_FIELDS = ("name", "description", "parties", "mediators", "issues")

RELEASED_KINDS = {"responses": "response", "preferences": "preferences_submitted"}
"""The event kind that carries each kind of releasable data."""


def released_to(*, db: Session, session_id: str, party_id: str) -> dict[str, set[str]]:
    """What the mediator has released to ``party_id``: the released party's id -> what."""
    rows = db.scalars(
        select(EventRow)
        .where(EventRow.session_id == session_id, EventRow.kind == "released")
        .order_by(EventRow.position)
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        if party_id in row.payload.get("to", []):
            found.setdefault(row.payload["party"], set()).add(row.payload["what"])
    return found


def _response_dict(row: ResponseRow) -> dict[str, Any]:
    return {
        "party": row.party_id,
        "response": row.response,
        "reason": row.reason,
        "at": row.created_at,
        "decision": None if row.decision == "final" else row.decision,
        "extra_seconds": row.extra_seconds,
    }


def session_responses(*, db: Session, session_id: str) -> dict[str, list[ResponseRow]]:
    """Every response of the session by proposal id, oldest first (one query)."""
    rows = db.scalars(
        select(ResponseRow)
        .join(ProposalRow, ResponseRow.proposal_id == ProposalRow.id)
        .where(ProposalRow.session_id == session_id)
        .order_by(ResponseRow.id)
    )
    found: dict[str, list[ResponseRow]] = {}
    for row in rows:
        found.setdefault(row.proposal_id, []).append(row)
    return found


def session_view(*, db: Session, session_id: str, who: Credential) -> dict[str, Any]:
    """The session as ``who`` may see it."""
    session = get_session(db=db, session_id=session_id)
    party = None if who.role == MEDIATOR else who.party_id
    proposals = []
    released = released_to(db=db, session_id=session_id, party_id=party) if party else {}
    shown: dict[str, dict[str, Any]] = {other: {} for other in sorted(released)}
    rows = db.scalars(
        select(ProposalRow)
        .where(ProposalRow.session_id == session_id)
        .order_by(ProposalRow.round, ProposalRow.created_at, ProposalRow.id)
    )
    answers = session_responses(db=db, session_id=session_id)
    for proposal in rows:
        every = answers.get(proposal.id, [])
        responses = [r for r in every if party is None or r.party_id == party]
        due = deadline(proposal, responses) if party else None
        proposals.append(
            {
                "id": proposal.id,
                "outcome": proposal.outcome,
                "respond_by": stamp(due) if due else proposal.respond_by,
                "created_at": proposal.created_at,
                "round": proposal.round,
                "version": proposal.version,
                "responses": [_response_dict(r) for r in responses],
            }
        )
        for other, what in released.items():
            if "responses" in what:
                shown[other].setdefault("responses", []).extend(
                    {"proposal": proposal.id, **_response_dict(r)}
                    for r in every
                    if r.party_id == other
                )
    submitted = submissions(db=db, session_id=session_id, version=session.version)
    view: dict[str, Any] = {
        "id": session.id,
        "created_at": session.created_at,
        "role": who.role,
        **session_state(db=db, session=session),
        "proposals": proposals,
    }
    pending = waiting_for(db=db, session=session)
    if party is None:
        view["scenario"] = session.scenario
        view["submissions"] = submitted
        view["waiting_for"] = pending
        view["seats"] = {
            role: seat["agent"] for role, seat in sorted((session.seats or {}).items())
        }
    else:
        view["party"] = party
        view["scenario"] = {k: session.scenario[k] for k in PUBLIC_FIELDS if k in session.scenario}
        view["submission"] = submitted.get(party)
        view["must_submit"] = pending.get(party)
        for other, what in released.items():
            if "responses" in what:
                shown[other].setdefault("responses", [])
            if "preferences" in what:
                shown[other]["preferences"] = submitted.get(other)
        view["released"] = shown
    return view


def session_state(*, db: Session, session: SessionRow) -> dict[str, Any]:
    """``status``, ``round``, ``version`` and, once agreed, ``agreement: {proposal, outcome}``."""
    state: dict[str, Any] = {
        "status": session.status,
        "round": db.scalar(
            select(func.count())
            .select_from(ProposalRow)
            .where(ProposalRow.session_id == session.id)
        ),
        "version": session.version,
        "agreement": None,
    }
    if session.agreement is not None:
        agreed = get_proposal(db=db, session_id=session.id, proposal_id=session.agreement)
        state["agreement"] = {
            "proposal": agreed.id,
            "outcome": agreed.outcome,
            "round": agreed.round,
        }
    return state


def waiting_for(*, db: Session, session: SessionRow) -> dict[str, str]:
    """The parties that must still submit preferences for the current version, and why."""
    parties = parse_scenario_data(session.scenario, "scenario").party_ids
    latest = latest_versions(db=db, session_id=session.id)
    pending = {}
    for party in parties:
        if party not in latest:
            pending[party] = "no preferences submitted yet"
        elif latest[party] < session.version:
            pending[party] = (
                f"submitted for version {latest[party]} of the scenario; the mediator revised it "
                f"(now version {session.version}): submit again"
            )
    return pending


def session_analysis(*, db: Session, session_id: str) -> dict[str, Any]:
    """The agreement-space analysis of the parties' submitted preferences.

    Raises :class:`Conflict` until every party has submitted.
    """
    from accord.analysis import analyze
    from accord.analysis.summary import analysis_dict

    session = get_session(db=db, session_id=session_id)
    submitted = submissions(db=db, session_id=session_id, version=session.version)
    pending = waiting_for(db=db, session=session)
    if pending:
        raise Conflict(
            "waiting for preferences for version "
            f"{session.version} of the scenario from "
            + "; ".join(f"{party} ({why})" for party, why in pending.items())
        )
    built = parse_scenario_data(scenario_with(session.scenario, submitted), "submissions")
    return analysis_dict(built, analyze(built))


def event_log(*, db: Session, session_id: str, who: Credential) -> list[dict[str, Any]]:
    """The events ``who`` may see, oldest first, with their hashes."""
    get_session(db=db, session_id=session_id)
    query = select(EventRow).where(EventRow.session_id == session_id)
    if who.role != MEDIATOR:
        party = who.party_id or ""
        allowed: list[ColumnElement[bool]] = [EventRow.visible_to.in_(["*", party])]
        for other, what in released_to(db=db, session_id=session_id, party_id=party).items():
            kinds = [RELEASED_KINDS[w] for w in sorted(what)]
            allowed.append(and_(EventRow.visible_to == other, EventRow.kind.in_(kinds)))
        query = query.where(or_(*allowed))
    return [
        {
            "position": row.position,
            "at": row.at,
            "actor": row.actor,
            "kind": row.kind,
            "payload": row.payload,
            "hash": row.hash,
        }
        for row in db.scalars(query.order_by(EventRow.position))
    ]
