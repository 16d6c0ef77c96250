"""Repository functions for live sessions: every write validates, stores and logs an event.

All functions are keyword-only and take the database session as ``db``; the
caller commits. Problems are raised as :class:`NotFound`, :class:`Conflict` or
:class:`Invalid`, which the web layer turns into 404, 409 and 422.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import secrets
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from accord.model.scenario import Scenario
from accord.store.chain import append_event, canonical
from accord.store.tables import (
    CredentialRow,
    ProposalRow,
    ResponseRow,
    ScenarioVersionRow,
    SessionRow,
    SubmissionRow,
)

MEDIATOR = "mediator"
PARTY = "party"
FINAL = ("accept", "reject")

OPEN, AGREED, BROKEN_DOWN, CLOSED = "open", "agreed", "broken_down", "closed"
STATUSES = (OPEN, AGREED, BROKEN_DOWN, CLOSED)
"""A session is ``open`` until every party accepts a proposal (``agreed``), the mediator
declares a breakdown (``broken_down``) or closes it (``closed``)."""


class NotFound(LookupError):
    """The session or proposal does not exist."""


class Conflict(RuntimeError):
    """The request is valid but not allowed in the session's current state."""


class Invalid(ValueError):
    """The submitted data is unusable (the message says why, in one paragraph)."""


@dataclass(frozen=True)
class Credential:
    """Who a bearer token belongs to."""

    session_id: str
    role: str
    party_id: str | None = None

    @property
    def actor(self) -> str:
        """``"mediator"`` or ``"party:<id>"`` as written in the event log."""
        return MEDIATOR if self.role == MEDIATOR else f"party:{self.party_id}"


@dataclass(frozen=True)
class Created:
    """A new session and the tokens to hand out (shown once, stored only hashed)."""

    id: str
    mediator_token: str
    party_tokens: dict[str, str]


def hash_token(token: str) -> str:
    """The sha256 of a token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def scenario_digest(scenario: dict[str, Any]) -> str:
    """The sha256 of a scenario's canonical JSON, as bound into the chain."""
    return hashlib.sha256(canonical(scenario)).hexdigest()


def stamp(moment: datetime) -> str:
    """A time as stored: ISO 8601."""
    return moment.isoformat()


PARSED_CACHE = 256
"""Parsed scenarios kept in memory, by the digest of their data."""
_parsed: OrderedDict[str, Scenario] = OrderedDict()
_parsed_lock = threading.Lock()


def parse_scenario_data(data: Any, source: str) -> Scenario:
    """Validate scenario data with the file loader's checks; :class:`Invalid` if bad.

    Every read and write of a session needs its scenario, and parsing one takes
    milliseconds: valid scenarios are kept by the SHA-256 of their canonical JSON
    (the parsed scenario does not depend on ``source``, which only labels errors).
    """
    try:
        key = hashlib.sha256(
            json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
    except (TypeError, ValueError):
        return _parse(data, source)
    with _parsed_lock:
        found = _parsed.get(key)
        if found is not None:
            _parsed.move_to_end(key)
            return found
    scenario = _parse(data, source)
    with _parsed_lock:
        _parsed[key] = scenario
        while len(_parsed) > PARSED_CACHE:
            _parsed.popitem(last=False)
    return scenario


def _parse(data: Any, source: str) -> Scenario:
    from accord.analysis import DEFAULT_MAX_OUTCOMES
    from accord.io import ScenarioError, parse_scenario

    try:
        scenario = parse_scenario(data, source)
    except ScenarioError as error:
        raise Invalid(str(error)) from None
    if scenario.space.size > DEFAULT_MAX_OUTCOMES:
        raise Invalid(
            f"{source}: issues: the outcome space has {scenario.space.size:,} outcomes, "
            f"above the limit of {DEFAULT_MAX_OUTCOMES:,}"
        )
    return scenario


def create_session(
    *,
    db: Session,
    scenario: dict[str, Any],
    now: datetime,
    seats: dict[str, Any] | None = None,
) -> Created:
    """Validate ``scenario`` and open a session with one token per role.

    ``seats`` (already checked by :func:`accord.store.seats.check_seats`) names the
    roles played by agents; they are stored with the session.
    """
    parsed = parse_scenario_data(scenario, "scenario")
    row = SessionRow(
        id=uuid.uuid4().hex,
        created_at=stamp(now),
        scenario=scenario,
        status=OPEN,
        version=1,
        seats=seats or None,
    )
    row.event_count, row.head_hash = 0, ""
    db.add(row)
    db.flush()
    db.add(
        ScenarioVersionRow(
            session_id=row.id, version=1, scenario=scenario, created_at=row.created_at
        )
    )
    mediator_token = secrets.token_urlsafe(32)
    issued: list[tuple[str, str | None, str]] = [(MEDIATOR, None, mediator_token)]
    issued += [(PARTY, party, secrets.token_urlsafe(32)) for party in parsed.party_ids]
    for role, party, token in issued:
        db.add(
            CredentialRow(
                token_hash=hash_token(token), session_id=row.id, role=role, party_id=party
            )
        )
    digest = scenario_digest(scenario)
    append_event(
        db=db,
        session=row,
        at=stamp(now),
        actor=MEDIATOR,
        kind="session_created",
        visible_to="*",
        payload={
            "scenario": parsed.name,
            "parties": list(parsed.party_ids),
            "scenario_sha256": digest,
            "agents": {role: seat["agent"] for role, seat in sorted((seats or {}).items())},
        },
    )
    # The scenario (which may hold preferences) and the links' digests, bound to the chain
    # where only the mediator can read them.
    append_event(
        db=db,
        session=row,
        at=stamp(now),
        actor=MEDIATOR,
        kind="session_recorded",
        visible_to=MEDIATOR,
        payload={
            "scenario": copy.deepcopy(scenario),
            "scenario_sha256": digest,
            "seats": copy.deepcopy(seats) if seats else None,
            "credentials": [
                {"role": role, "party": party, "token_sha256": hash_token(token)}
                for role, party, token in issued
            ],
        },
    )
    party_tokens = {party: token for _, party, token in issued if party is not None}
    return Created(row.id, mediator_token, party_tokens)


def authenticate(*, db: Session, token: str) -> Credential | None:
    """The credential a bearer token stands for, or ``None``."""
    digest = hash_token(token)
    row = db.get(CredentialRow, digest)
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return Credential(row.session_id, row.role, row.party_id)


def get_session(*, db: Session, session_id: str, lock: bool = False) -> SessionRow:
    """The session ``session_id`` (locked for update when ``lock``); :class:`NotFound`."""
    query = select(SessionRow).where(SessionRow.id == session_id)
    if lock:
        if db.get_bind().dialect.name == "sqlite":
            # SQLite ignores FOR UPDATE: take its write lock before reading the head of the
            # chain, or two concurrent writers both append at the same position.
            same = SessionRow.event_count
            db.execute(
                update(SessionRow).where(SessionRow.id == session_id).values(event_count=same)
            )
        query = query.with_for_update().execution_options(populate_existing=True)
    row = db.scalars(query).first()
    if row is None:
        raise NotFound(f"no session {session_id!r}")
    return row


def require_open(session: SessionRow) -> None:
    """Raise :class:`Conflict` saying why, unless ``session`` still takes changes."""
    if session.status == AGREED:
        raise Conflict("the session has ended in agreement; it takes no more changes")
    if session.status == BROKEN_DOWN:
        raise Conflict("the mediator declared a breakdown; the session takes no more changes")
    if session.status == CLOSED:
        raise Conflict("the mediator closed the session; it takes no more changes")


def get_proposal(*, db: Session, session_id: str, proposal_id: str) -> ProposalRow:
    """Proposal ``proposal_id`` of the session; :class:`NotFound`."""
    row = db.get(ProposalRow, proposal_id)
    if row is None or row.session_id != session_id:
        raise NotFound(f"no proposal {proposal_id!r} in this session")
    return row


def submission_rows(*, db: Session, session_id: str) -> list[SubmissionRow]:
    """Every submission of the session, each party's for each version it submitted for."""
    query = select(SubmissionRow).where(SubmissionRow.session_id == session_id)
    return list(db.scalars(query.order_by(SubmissionRow.party_id, SubmissionRow.version)))


def submissions(
    *, db: Session, session_id: str, version: int | None = None
) -> dict[str, dict[str, Any]]:
    """Preferences by party id submitted for ``version`` (default: the current version)."""
    if version is None:
        version = get_session(db=db, session_id=session_id).version
    rows = db.scalars(
        select(SubmissionRow).where(
            SubmissionRow.session_id == session_id, SubmissionRow.version == version
        )
    )
    return {r.party_id: r.preferences for r in rows}


def latest_versions(*, db: Session, session_id: str) -> dict[str, int]:
    """For each party that submitted, the scenario version of its latest submission."""
    rows = db.execute(
        select(SubmissionRow.party_id, func.max(SubmissionRow.version))
        .where(SubmissionRow.session_id == session_id)
        .group_by(SubmissionRow.party_id)
    )
    return {party: int(version) for party, version in rows}


def scenario_versions(*, db: Session, session_id: str) -> list[ScenarioVersionRow]:
    """Every version of the session's scenario, oldest first."""
    query = select(ScenarioVersionRow).where(ScenarioVersionRow.session_id == session_id)
    return list(db.scalars(query.order_by(ScenarioVersionRow.version)))


def scenario_with(base: dict[str, Any], preferences: dict[str, Any]) -> dict[str, Any]:
    """The scenario data with some parties' preferences replaced."""
    data = copy.deepcopy(base)
    merged = dict(data.get("preferences") or {})
    merged.update(copy.deepcopy(preferences))
    data["preferences"] = merged
    return data


def submit_preferences(
    *, db: Session, session_id: str, party_id: str, preferences: dict[str, Any], now: datetime
) -> None:
    """Store a party's private preferences after validating them like a scenario file."""
    # Validate before taking the session's lock (it takes milliseconds), and again
    # under the lock only if the mediator revised the scenario meanwhile.
    seen = get_session(db=db, session_id=session_id)
    require_open(seen)
    checked = seen.version
    parse_scenario_data(scenario_with(seen.scenario, {party_id: preferences}), "preferences")
    session = get_session(db=db, session_id=session_id, lock=True)
    require_open(session)
    if session.version != checked:
        parse_scenario_data(scenario_with(session.scenario, {party_id: preferences}), "preferences")
    row = db.get(SubmissionRow, (session_id, party_id, session.version))
    if row is None:
        db.add(
            SubmissionRow(
                session_id=session_id,
                party_id=party_id,
                version=session.version,
                preferences=preferences,
                submitted_at=stamp(now),
            )
        )
    else:
        row.preferences, row.submitted_at = preferences, stamp(now)
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=f"party:{party_id}",
        kind="preferences_submitted",
        visible_to=party_id,
        payload={"party": party_id, "preferences": preferences, "version": session.version},
    )


def make_proposal(
    *,
    db: Session,
    session_id: str,
    outcome: dict[str, Any],
    respond_by: datetime | None,
    now: datetime,
) -> str:
    """Table a single text for every party, opening the next round; returns its id.

    Options are read as written (see :mod:`accord.store.outcomes`); the proposal
    before it can no longer be answered.
    """
    from accord.analysis.summary import outcome_dict
    from accord.store.outcomes import OutcomeError, outcome_index

    session = get_session(db=db, session_id=session_id, lock=True)
    require_open(session)
    scenario = parse_scenario_data(session.scenario, "scenario")
    try:
        index = outcome_index(scenario, outcome)
    except OutcomeError as error:
        raise Invalid(f"outcome: {error}") from None
    normal = outcome_dict(scenario, index)
    row = ProposalRow(
        id=uuid.uuid4().hex,
        session_id=session_id,
        outcome=normal,
        respond_by=stamp(respond_by) if respond_by else None,
        created_at=stamp(now),
        round=current_round(db=db, session_id=session_id) + 1,
        version=session.version,
    )
    db.add(row)
    db.flush()
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="proposal_made",
        visible_to="*",
        payload={
            "proposal": row.id,
            "outcome": normal,
            "respond_by": row.respond_by,
            "round": row.round,
            "version": row.version,
        },
    )
    return row.id


def current_round(*, db: Session, session_id: str) -> int:
    """The round of the latest proposal (0 before the first)."""
    found = db.scalar(
        select(func.max(ProposalRow.round)).where(ProposalRow.session_id == session_id)
    )
    return int(found or 0)


def latest_proposal(*, db: Session, session_id: str) -> ProposalRow | None:
    """The proposal of the current round, if any."""
    query = select(ProposalRow).where(ProposalRow.session_id == session_id)
    return db.scalars(query.order_by(ProposalRow.round.desc()).limit(1)).first()


def answerable(*, session: SessionRow, proposal: ProposalRow, latest: ProposalRow | None) -> None:
    """Raise :class:`Conflict` unless ``proposal`` is the one on the table."""
    if latest is not None and latest.id != proposal.id:
        raise Conflict(
            f"this proposal (round {proposal.round}) was replaced by the proposal of "
            f"round {latest.round}; answer that one"
        )
    if proposal.version != session.version:
        raise Conflict(
            f"this proposal was made on version {proposal.version} of the scenario, which the "
            f"mediator has since revised (now version {session.version}); wait for a new proposal"
        )


def party_responses(*, db: Session, proposal_id: str, party_id: str | None) -> list[ResponseRow]:
    """Responses to a proposal, of one party or (``None``) of all, oldest first."""
    query = select(ResponseRow).where(ResponseRow.proposal_id == proposal_id)
    if party_id is not None:
        query = query.where(ResponseRow.party_id == party_id)
    return list(db.scalars(query.order_by(ResponseRow.id)))


def deadline(proposal: ProposalRow, responses: list[ResponseRow]) -> datetime | None:
    """A party's deadline: ``respond_by`` plus the extra time granted to it."""
    if proposal.respond_by is None:
        return None
    extra = sum(r.extra_seconds for r in responses if r.decision == "granted")
    return datetime.fromisoformat(proposal.respond_by) + timedelta(seconds=extra)


def respond(
    *,
    db: Session,
    session_id: str,
    proposal_id: str,
    party_id: str,
    response: str,
    reason: str,
    now: datetime,
) -> None:
    """Record a party's accept, reject or request for more time.

    When the last party accepts, the session is agreed on the proposal: an
    ``agreement`` event closes the talks.
    """
    session = get_session(db=db, session_id=session_id, lock=True)
    proposal = get_proposal(db=db, session_id=session_id, proposal_id=proposal_id)
    require_open(session)
    answerable(
        session=session, proposal=proposal, latest=latest_proposal(db=db, session_id=session_id)
    )
    mine = party_responses(db=db, proposal_id=proposal_id, party_id=party_id)
    if any(r.response in FINAL for r in mine):
        raise Conflict("this party has already answered the proposal")
    if response == "request_time" and any(r.decision is None for r in mine):
        raise Conflict("a request for more time is already waiting for the mediator")
    due = deadline(proposal, mine)
    if due is not None and now > due:
        raise Conflict(f"the time to respond ran out at {stamp(due)}")
    db.add(
        ResponseRow(
            proposal_id=proposal_id,
            party_id=party_id,
            response=response,
            reason=reason,
            created_at=stamp(now),
            decision=None if response == "request_time" else "final",
            extra_seconds=0,
        )
    )
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=f"party:{party_id}",
        kind="response",
        visible_to=party_id,
        payload={
            "proposal": proposal_id,
            "party": party_id,
            "response": response,
            "reason": reason,
        },
    )
    if response == "accept":
        db.flush()
        _agree_if_unanimous(db=db, session=session, proposal=proposal, now=now)


def _agree_if_unanimous(
    *, db: Session, session: SessionRow, proposal: ProposalRow, now: datetime
) -> None:
    parties = parse_scenario_data(session.scenario, "scenario").party_ids
    accepted = {
        r.party_id
        for r in party_responses(db=db, proposal_id=proposal.id, party_id=None)
        if r.response == "accept"
    }
    if not set(parties) <= accepted:
        return
    session.status, session.agreement = AGREED, proposal.id
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="agreement",
        visible_to="*",
        payload={"proposal": proposal.id, "outcome": proposal.outcome, "round": proposal.round},
    )


def decide_time(
    *,
    db: Session,
    session_id: str,
    proposal_id: str,
    grant: bool,
    extra_seconds: int,
    party_id: str | None,
    now: datetime,
) -> list[str]:
    """Grant or refuse the waiting requests for time (of one party, or all); returns the parties."""
    session = get_session(db=db, session_id=session_id, lock=True)
    require_open(session)
    get_proposal(db=db, session_id=session_id, proposal_id=proposal_id)
    waiting = [
        r
        for r in party_responses(db=db, proposal_id=proposal_id, party_id=party_id)
        if r.response == "request_time" and r.decision is None
    ]
    if not waiting:
        raise Conflict("no request for more time is waiting on this proposal")
    for request in waiting:
        request.decision = "granted" if grant else "refused"
        request.extra_seconds = extra_seconds if grant else 0
        append_event(
            db=db,
            session=session,
            at=stamp(now),
            actor=MEDIATOR,
            kind="time_granted" if grant else "time_refused",
            visible_to=request.party_id,
            payload={
                "proposal": proposal_id,
                "party": request.party_id,
                "extra_seconds": request.extra_seconds,
            },
        )
    return [r.party_id for r in waiting]


RELEASABLE = ("responses", "preferences")
"""What the mediator may release of a party to other parties."""


def release(
    *,
    db: Session,
    session_id: str,
    party_id: str,
    what: str,
    to: list[str] | None,
    now: datetime,
) -> str:
    """Let parties ``to`` (default: every other party) see ``party_id``'s ``what``; returns its id.

    The release is an event of the chain, seen by the mediator only; the role-filtered
    views derive from these events what each party may see of the others.
    """
    session = get_session(db=db, session_id=session_id, lock=True)
    require_open(session)
    parties = parse_scenario_data(session.scenario, "scenario").party_ids
    if what not in RELEASABLE:
        raise Invalid(f"what: must be one of {', '.join(RELEASABLE)}")
    if party_id not in parties:
        raise Invalid(f"party: no party {party_id!r} in this session")
    if to is None:
        recipients = [p for p in parties if p != party_id]
    else:
        unknown = sorted({p for p in to if p not in parties})
        if unknown:
            raise Invalid(f"to: no party {unknown[0]!r} in this session")
        recipients = [p for p in parties if p in to and p != party_id]
    if not recipients:
        raise Invalid("to: must name at least one party other than the released party")
    release_id = uuid.uuid4().hex
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="released",
        visible_to=MEDIATOR,
        payload={"release": release_id, "party": party_id, "what": what, "to": recipients},
    )
    return release_id


def end_session(*, db: Session, session_id: str, how: str, reason: str, now: datetime) -> str:
    """Close the session (``how="closed"``) or declare a breakdown (``"broken_down"``).

    A breakdown ends open talks only; closing also ends an agreed session (the
    agreement stands). Either is an event of the chain, seen by every party.
    Returns the new status.
    """
    session = get_session(db=db, session_id=session_id, lock=True)
    if how == BROKEN_DOWN or session.status != AGREED:
        require_open(session)
    session.status = how
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="session_closed" if how == CLOSED else "breakdown",
        visible_to="*",
        payload={
            "status": how,
            "reason": reason,
            "round": current_round(db=db, session_id=session_id),
        },
    )
    return how


def revise_scenario(
    *, db: Session, session_id: str, scenario: dict[str, Any], now: datetime
) -> int:
    """Replace the scenario by a revised version (same parties); returns the new version.

    Submissions stay with the version they were made for: each party submits
    again for the new version, and the analysis waits for them. The proposal on
    the table, made on the old version, can no longer be answered.
    """
    session = get_session(db=db, session_id=session_id, lock=True)
    require_open(session)
    old = parse_scenario_data(session.scenario, "scenario")
    new = parse_scenario_data(scenario, "scenario")
    if list(new.party_ids) != list(old.party_ids):
        raise Invalid(
            "scenario.parties: a revision keeps the session's parties "
            f"({', '.join(old.party_ids)}), in the same order"
        )
    before = {issue.id: issue for issue in old.issues}
    changes: dict[str, Any] = {
        "issues_added": [i.id for i in new.issues if i.id not in before],
        "issues_removed": [i for i in before if i not in {n.id for n in new.issues}],
        "options_added": {},
        "options_removed": {},
    }
    for issue in new.issues:
        if issue.id in before:
            was, now_options = before[issue.id].options, issue.options
            added = [str(o) for o in now_options if o not in was]
            removed = [str(o) for o in was if o not in now_options]
            if added:
                changes["options_added"][issue.id] = added
            if removed:
                changes["options_removed"][issue.id] = removed
    session.version += 1
    session.scenario = scenario
    db.add(
        ScenarioVersionRow(
            session_id=session_id, version=session.version, scenario=scenario, created_at=stamp(now)
        )
    )
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="scenario_revised",
        visible_to="*",
        payload={
            "version": session.version,
            "scenario_sha256": scenario_digest(scenario),
            **changes,
        },
    )
    # The revised scenario itself (which may hold preferences), bound to the chain where
    # only the mediator can read it, as at the session's creation.
    append_event(
        db=db,
        session=session,
        at=stamp(now),
        actor=MEDIATOR,
        kind="scenario_recorded",
        visible_to=MEDIATOR,
        payload={
            "version": session.version,
            "scenario": copy.deepcopy(scenario),
            "scenario_sha256": scenario_digest(scenario),
        },
    )
    return session.version
