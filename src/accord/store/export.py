"""A live session as files: scenarios for ``accord analyze``, logs for ``accord replay``.

The export holds, for the current version of the scenario (and for each
earlier version under ``versions``):

* ``scenario``: the scenario file's data (write it as ``.json``, or as YAML)
  with each party's preferences as it submitted them for that version (the
  scenario's own where a party did not submit), so ``accord analyze`` reads the
  agreement space the parties actually stated;
* ``log``: the talks on that version as an event log in JSON Lines (header
  ``protocol: live``), which ``accord replay log --scenario file`` checks move
  by move against the rules of a live session (see :mod:`accord.protocols.live`).

Besides: every submission with its version and time, and the session's
hash-chained event log exactly as stored (``accord audit`` checks the chain in
the database itself).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store import repository as repo
from accord.store.tables import EventRow

ENDING_EVENTS = ("breakdown", "session_closed")


def export_session(*, db: Session, session_id: str) -> dict[str, Any]:
    """The session's scenarios, submissions, live logs and event chain (mediator only)."""
    session = repo.get_session(db=db, session_id=session_id)
    events = list(
        db.scalars(
            select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.position)
        )
    )
    rows = repo.submission_rows(db=db, session_id=session_id)
    seats = session.seats or {}
    versions = []
    for version in repo.scenario_versions(db=db, session_id=session_id):
        mine = {r.party_id: r.preferences for r in rows if r.version == version.version}
        data = repo.scenario_with(version.scenario, mine)
        segment = _segment(events, version.version)
        log = live_log(data, segment, seats, session_id=session_id, version=version.version)
        versions.append({"version": version.version, "scenario": data, "log": log})
    current = versions[-1]
    return {
        "session": session.id,
        "status": session.status,
        "version": session.version,
        "scenario": current["scenario"],
        "log": current["log"],
        "versions": versions,
        "submissions": [
            {
                "party": r.party_id,
                "version": r.version,
                "submitted_at": r.submitted_at,
                "preferences": r.preferences,
            }
            for r in rows
        ],
        "events": [
            {
                "position": e.position,
                "at": e.at,
                "actor": e.actor,
                "kind": e.kind,
                "visible_to": e.visible_to,
                "payload": e.payload,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in events
        ],
    }


def _segment(events: list[EventRow], version: int) -> list[EventRow]:
    """The events of the talks on one version: from its opening to the next revision."""
    current, found = 1, []
    for event in events:
        if event.kind == "scenario_revised":
            current = int(event.payload["version"])
            continue
        if current == version:
            found.append(event)
    return found


def live_log(
    data: dict[str, Any],
    events: list[EventRow],
    seats: dict[str, Any],
    *,
    session_id: str,
    version: int,
) -> str:
    """The talks in ``events`` as an event log (JSON Lines) for ``accord replay``."""
    from accord.io.events import LogHeader, format_log
    from accord.protocols.base import chair_of
    from accord.protocols.events import Kind
    from accord.protocols.live import PROTOCOL, LiveTalks

    scenario = repo.parse_scenario_data(data, "scenario")
    rounds = sum(1 for e in events if e.kind == "proposal_made")
    talks = LiveTalks(scenario, chair_of(scenario), rounds)
    out = []
    answers = {"accept": Kind.ACCEPT, "reject": Kind.REJECT, "request_time": Kind.REQUEST_TIME}
    for event in events:
        payload = event.payload
        if event.kind == "proposal_made":
            out.append(talks.propose(payload["outcome"]))
        elif event.kind == "response":
            kind = answers[payload["response"]]
            out.extend(talks.answer(payload["party"], kind, payload.get("reason", "")))
        elif event.kind in ("time_granted", "time_refused"):
            extra = int(payload.get("extra_seconds", 0))
            grant = event.kind == "time_granted"
            out.append(talks.decide_time(payload["party"], grant, extra))
        elif event.kind in ENDING_EVENTS and not talks.ended:
            why = payload.get("reason") or ""
            said = "declared by the mediator" if event.kind == "breakdown" else "session closed"
            out.append(talks.breakdown(f"{said}: {why}" if why else said))
    agents = {p: seats.get(p, {}).get("agent", "human") for p in scenario.party_ids}
    header = LogHeader.for_run(
        scenario,
        PROTOCOL,
        agents,
        deadline=max(1, rounds),
        seed=0,
        protocol_options={
            "mediator": seats.get(repo.MEDIATOR, {}).get("agent", "human"),
            "session": session_id,
            "version": version,
        },
    )
    return format_log(header, out)
