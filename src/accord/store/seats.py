"""Agent seats: a party or the mediator played by an Accord agent.

A session may be opened with ``seats: {union: {agent: boulware}}``. An agent
acts through the same repository functions as the routes, right after each
write to the session (and when it opens), until none has anything left to do;
there is no background thread. What an agent knows is what its role may see:

* a **party agent** reads the session through :func:`accord.store.views.session_view`
  with its own party's credential (the public scenario, every proposal, its own
  answers and submission, and whatever the mediator released to it) and builds
  its utilities from its own submitted preferences alone. It answers the
  proposal on the table with its strategy (``boulware``, ``conceder``, ...):
  accept, reject, or ask once for more time. Its preferences are given in the
  seat or taken from the scenario's ``preferences.<party>``, and submitted
  like a person's.
* a **mediator agent** (``copilot``) tables, once every party has submitted
  preferences for the current version, the copilot's best package not yet
  tabled (built from the parties' answers only, see
  :mod:`accord.store.copilot_view`); it grants each request for more time and
  declares a breakdown after ``rounds`` rounds without agreement.

Agents are rebuilt for every move from the session's state, with a generator
seeded from the seat's ``seed``, the round and the move: the same session and
the same seeds always give the same moves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from accord.store import repository as repo
from accord.store.repository import (
    BROKEN_DOWN,
    MEDIATOR,
    OPEN,
    PARTY,
    Conflict,
    Credential,
    Invalid,
)
from accord.store.tables import ProposalRow, SessionRow

MEDIATOR_AGENTS = ("copilot",)
"""Strategies a mediator seat can be played by."""
MAX_MOVES = 10_000
"""A bound on the moves agents make after one write (each round takes a few)."""


def party_agents() -> list[str]:
    """Names of the built-in agents a party seat can be played by."""
    from accord.agents.registry import AGENTS

    return sorted(AGENTS)


def check_seats(scenario: dict[str, Any], seats: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Validate the seats of a new session; returns them as stored, and the agents' preferences.

    Only built-in agents may sit (never code named by the request). A party
    agent's preferences must be valid for the scenario: given in the seat, or
    the scenario's own for that party.
    """
    parsed = repo.parse_scenario_data(scenario, "scenario")
    stored: dict[str, Any] = {}
    for role, seat in seats.items():
        name = str(seat["agent"])
        where = f"seats.{role}.agent"
        if role == MEDIATOR:
            if name not in MEDIATOR_AGENTS:
                raise Invalid(
                    f"{where}: no mediator agent {name!r}; the mediator seat can be played by "
                    f"{', '.join(MEDIATOR_AGENTS)}"
                )
            if seat.get("preferences") is not None:
                raise Invalid("seats.mediator.preferences: a mediator agent has no preferences")
        elif role in parsed.party_ids:
            if name not in party_agents():
                raise Invalid(
                    f"{where}: no agent {name!r}; a party seat can be played by "
                    f"{', '.join(party_agents())}"
                )
            given = seat.get("preferences")
            preferences = given if given is not None else scenario["preferences"][role]
            repo.parse_scenario_data(
                repo.scenario_with(scenario, {role: preferences}), f"seats.{role}.preferences"
            )
        else:
            raise Invalid(
                f"seats: no role {role!r} in this session; the roles are mediator, "
                f"{', '.join(parsed.party_ids)}"
            )
        stored[role] = {
            "agent": name,
            "rounds": int(seat.get("rounds", 20)),
            "seed": int(seat.get("seed", 0)),
            "own": seat.get("preferences"),
        }
    return stored


def seat_preferences(
    scenario: dict[str, Any], seats: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The preferences each party agent submits when the session opens."""
    return {
        role: seat["preferences"]
        if seat.get("preferences") is not None
        else scenario["preferences"][role]
        for role, seat in seats.items()
        if role != MEDIATOR
    }


def seat_agents(*, db: Session, session_id: str, now: datetime) -> int:
    """Let every agent seat of the session act until none has anything to do; moves made.

    Each move is committed on its own. A move that a concurrent request made first
    (the agent's answer is already in) is refused by the repository as for a person;
    it is rolled back and the agents stop, the other request's agents carrying on.
    The write that set the agents off is committed before, whatever they do.
    """
    session = repo.get_session(db=db, session_id=session_id)
    if not session.seats:
        return 0
    moves = 0
    while moves < MAX_MOVES and session.status == OPEN:
        moved = False
        for role, seat in sorted((session.seats or {}).items()):
            try:
                if role == MEDIATOR:
                    done = _mediator_move(db=db, session=session, seat=seat, now=now)
                else:
                    done = _party_move(db=db, session=session, party=role, seat=seat, now=now)
            except (Conflict, Invalid):
                db.rollback()
                return moves
            if done:
                db.commit()
                moves += 1
                moved = True
            session = repo.get_session(db=db, session_id=session_id)
            if session.status != OPEN:
                break
        if not moved:
            break
    return moves


def resubmit_after_revision(*, db: Session, session_id: str, now: datetime) -> list[str]:
    """Party agents submit preferences for the revised scenario; returns those that did.

    A seat given its own preferences keeps them if they are still valid for the
    revised scenario; otherwise (and for a seat whose preferences came from the
    scenario) it takes the revised scenario's ``preferences.<party>``.
    """
    session = repo.get_session(db=db, session_id=session_id)
    done = []
    for role, seat in sorted((session.seats or {}).items()):
        if role == MEDIATOR:
            continue
        candidates = [seat.get("own"), (session.scenario.get("preferences") or {}).get(role)]
        for preferences in candidates:
            if preferences is None:
                continue
            try:
                repo.submit_preferences(
                    db=db, session_id=session_id, party_id=role, preferences=preferences, now=now
                )
            except Invalid:
                continue
            done.append(role)
            break
    return done


def party_inputs(*, db: Session, session: SessionRow, party: str) -> dict[str, Any]:
    """What a party agent reads: the session exactly as its party's token shows it."""
    from accord.store.views import session_view

    return session_view(db=db, session_id=session.id, who=Credential(session.id, PARTY, party))


def _party_move(
    *, db: Session, session: SessionRow, party: str, seat: dict[str, Any], now: datetime
) -> bool:
    latest = repo.latest_proposal(db=db, session_id=session.id)
    if latest is None or latest.version != session.version:
        return False
    mine = repo.party_responses(db=db, proposal_id=latest.id, party_id=party)
    if any(r.response in repo.FINAL for r in mine) or any(r.decision is None for r in mine):
        return False
    due = repo.deadline(latest, mine)
    if due is not None and now > due:
        return False
    seen = party_inputs(db=db, session=session, party=party)
    if seen.get("submission") is None:
        return False
    answer = _answer(seen, party, seat, latest, asked=len(mine))
    reason = f"{seat['agent']} agent"
    repo.respond(
        db=db,
        session_id=session.id,
        proposal_id=latest.id,
        party_id=party,
        response=answer,
        reason=reason,
        now=now,
    )
    return True


def _answer(
    seen: dict[str, Any], party: str, seat: dict[str, Any], latest: ProposalRow, asked: int
) -> str:
    """The agent's answer to the proposal on the table, from what its party sees only."""
    import numpy as np

    from accord.agents.base import Message, NegotiationState, Response
    from accord.agents.registry import AGENTS
    from accord.io.scenario.schema import to_label
    from accord.protocols.engine import build_views
    from accord.protocols.events import Kind
    from accord.store.outcomes import outcome_index

    public = dict(seen["scenario"])
    public["parties"] = [
        p
        for p in public.get("parties", [])
        if isinstance(p, dict) and to_label(p.get("id")) == party
    ]
    public["preferences"] = {party: seen["submission"]}
    own = repo.parse_scenario_data(public, "scenario")
    rounds = int(seat["rounds"])
    view = build_views(own, deadline=rounds)[party]
    history: list[Message] = []
    kinds = {"accept": Kind.ACCEPT, "reject": Kind.REJECT, "request_time": Kind.REQUEST_TIME}
    for proposal in seen["proposals"]:
        if proposal["version"] != latest.version:
            continue
        index = outcome_index(own, proposal["outcome"])
        history.append(Message(proposal["round"], MEDIATOR, Kind.PROPOSE, index))
        for response in proposal["responses"]:
            history.append(Message(proposal["round"], party, kinds[response["response"]], index))
    offer = outcome_index(own, latest.outcome)
    state = NegotiationState(
        round=min(latest.round, rounds),
        relative_time=min(latest.round / rounds, 1.0),
        deadline=rounds,
        history=tuple(history),
    )
    rng = np.random.default_rng([int(seat["seed"]), latest.round, asked])
    agent = AGENTS[seat["agent"]](view, rng)
    response = agent.respond(state, offer)
    if response is Response.REQUEST_TIME and asked:
        return "reject"
    return str(response.value)


def _mediator_move(
    *, db: Session, session: SessionRow, seat: dict[str, Any], now: datetime
) -> bool:
    from accord.store.views import waiting_for

    latest = repo.latest_proposal(db=db, session_id=session.id)
    if latest is not None and latest.version == session.version:
        answers = repo.party_responses(db=db, proposal_id=latest.id, party_id=None)
        waiting = [r for r in answers if r.response == "request_time" and r.decision is None]
        if waiting:
            repo.decide_time(
                db=db,
                session_id=session.id,
                proposal_id=latest.id,
                grant=True,
                extra_seconds=300 if latest.respond_by else 0,
                party_id=None,
                now=now,
            )
            return True
        parties = repo.parse_scenario_data(session.scenario, "scenario").party_ids
        final = {r.party_id for r in answers if r.response in repo.FINAL}
        if not set(parties) <= final:
            return False
    if waiting_for(db=db, session=session):
        return False
    if latest is not None and latest.round >= int(seat["rounds"]):
        repo.end_session(
            db=db,
            session_id=session.id,
            how=BROKEN_DOWN,
            reason=f"no agreement after {latest.round} rounds",
            now=now,
        )
        return True
    package = _next_package(db=db, session=session, seed=int(seat["seed"]))
    repo.make_proposal(db=db, session_id=session.id, outcome=package, respond_by=None, now=now)
    return True


def _next_package(*, db: Session, session: SessionRow, seed: int) -> dict[str, Any]:
    """The copilot's best suggestion not yet tabled on this version (else its best)."""
    from sqlalchemy import select

    from accord.store.copilot_view import copilot_view

    suggestions = copilot_view(db=db, session_id=session.id, seed=seed)["suggestions"]
    tabled = [
        row.outcome
        for row in db.scalars(
            select(ProposalRow).where(
                ProposalRow.session_id == session.id, ProposalRow.version == session.version
            )
        )
    ]
    for suggestion in suggestions:
        if suggestion["outcome"] not in tabled:
            return dict(suggestion["outcome"])
    return dict(suggestions[0]["outcome"])
