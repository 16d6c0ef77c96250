"""The audit of a session: re-derive every table from the hash chain and compare.

The chain proves the order and content of the events; the state tables are
what the pages, the API and the analysis read. Each state table has a
:class:`Binding` in :data:`BINDINGS` saying how its rows of one session follow
from the session's events, so an edited, inserted, deleted or reordered row in
any table contradicts the chain. A new table plugs in with one
:func:`register` call; ``tests/store/test_audit.py`` fails for a table that
has none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from accord.store.chain import canonical, verify_chain
from accord.store.repository import scenario_digest
from accord.store.tables import (
    Base,
    CredentialRow,
    EventRow,
    ProposalRow,
    ResponseRow,
    ScenarioVersionRow,
    SessionRow,
    SubmissionRow,
)


@dataclass(frozen=True)
class Expected:
    """A row as the chain says it must be, and the event that last set it."""

    key: tuple[Any, ...]
    values: dict[str, Any]
    position: int


@dataclass(frozen=True)
class Binding:
    """How one table's rows of a session are derived from the session's events.

    ``rows(session_id)`` selects the table's rows of the session (in their stored
    order); ``derive(events)`` gives the rows the chain implies. With ``ordered``
    the rows are matched by their order, not their key (for keys the chain does
    not record, such as autoincrement ids).
    """

    table: str
    key: tuple[str, ...]
    rows: Callable[[str], Select[Any]]
    derive: Callable[[list[EventRow]], list[Expected]]
    ordered: bool = False


@dataclass(frozen=True)
class Finding:
    """One contradiction between a table and the chain."""

    table: str
    row: str
    problem: str
    position: int | None = None
    """The event the row contradicts (``None``: no event accounts for it)."""

    def __str__(self) -> str:
        where = "" if self.position is None else f" (event {self.position})"
        return f"{self.table} {self.row}: {self.problem}{where}"


@dataclass
class AuditReport:
    """The audit of one session."""

    session: str
    events: int
    head: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Whether the chain checks out and every table agrees with it."""
        return not self.findings


BINDINGS: dict[str, Binding] = {}
"""Every state table's binding to the chain, by table name."""

UNBOUND = {EventRow.__tablename__}
"""Tables that need no binding (the chain itself)."""


def register(binding: Binding) -> Binding:
    """Add (or replace) a table's binding."""
    BINDINGS[binding.table] = binding
    return binding


def _same(a: Any, b: Any) -> bool:
    return canonical({"v": a}) == canonical({"v": b})


def _show(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _first_difference(path: str, stored: Any, chained: Any) -> tuple[str, Any, Any]:
    """The innermost place where two JSON values differ, for a readable report."""
    if isinstance(stored, dict) and isinstance(chained, dict):
        for key in sorted(set(stored) | set(chained), key=str):
            if key not in stored or key not in chained or not _same(stored[key], chained[key]):
                if key in stored and key in chained:
                    return _first_difference(f"{path}.{key}", stored[key], chained[key])
                return f"{path}.{key}", stored.get(key, "(absent)"), chained.get(key, "(absent)")
    if isinstance(stored, list) and isinstance(chained, list) and len(stored) == len(chained):
        for index, (a, b) in enumerate(zip(stored, chained, strict=True)):
            if not _same(a, b):
                return _first_difference(f"{path}[{index}]", a, b)
    return path, stored, chained


def _compare(
    binding: Binding, actual: list[dict[str, Any]], expected: list[Expected]
) -> list[Finding]:
    found: list[Finding] = []

    def label(key: tuple[Any, ...]) -> str:
        return ", ".join(f"{k}={v}" for k, v in zip(binding.key, key, strict=True))

    def differ(row: dict[str, Any], want: Expected) -> None:
        for column, value in want.values.items():
            if not _same(row.get(column), value):
                key = tuple(row.get(k) for k in binding.key)
                where, stored, chained = _first_difference(column, row.get(column), value)
                problem = f"{where} is {_show(stored)}, the chain says {_show(chained)}"
                found.append(Finding(binding.table, label(key), problem, want.position))

    if binding.ordered:
        for row, want in zip(actual, expected, strict=False):
            differ(row, want)
        for row in actual[len(expected) :]:
            key = tuple(row.get(k) for k in binding.key)
            found.append(Finding(binding.table, label(key), "no event records this row"))
        for number, want in enumerate(expected[len(actual) :], start=len(actual) + 1):
            found.append(Finding(binding.table, f"#{number}", "row is missing", want.position))
        return found
    wanted = {want.key: want for want in expected}
    seen = set()
    for row in actual:
        key = tuple(row.get(k) for k in binding.key)
        seen.add(key)
        match = wanted.get(key)
        if match is None:
            found.append(Finding(binding.table, label(key), "no event records this row"))
        else:
            differ(row, match)
    for key, want in wanted.items():
        if key not in seen:
            found.append(Finding(binding.table, label(key), "row is missing", want.position))
    return found


def audit_session(*, db: Session, session_id: str) -> AuditReport:
    """Check the chain of ``session_id``, then every bound table against it."""
    session = db.get(SessionRow, session_id)
    if session is None:
        count = db.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.session_id == session_id)
        )
        if not count:
            raise LookupError(f"no session {session_id!r}")
        report = AuditReport(session_id, count, "")
        report.findings.append(Finding("sessions", f"id={session_id}", "row is missing", 0))
        return report
    chain = verify_chain(db=db, session=session)
    report = AuditReport(session_id, chain.events, session.head_hash)
    if not chain.intact:
        at = chain.broken_at
        problem = f"chain broken at event {at}: {chain.problem}"
        report.findings.append(Finding("events", f"position={at}", problem))
        return report
    events = list(
        db.scalars(
            select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.position)
        )
    )
    report.findings.extend(_scenario_findings(events))
    for binding in BINDINGS.values():
        actual = [dict(row) for row in db.execute(binding.rows(session_id)).mappings()]
        report.findings.extend(_compare(binding, actual, binding.derive(events)))
    return report


def session_ids(db: Session) -> list[str]:
    """Every session id in the database, oldest first, then any only the events name."""
    query = select(SessionRow.id).order_by(SessionRow.created_at, SessionRow.id)
    ids = list(db.scalars(query))
    known = set(ids)
    logged = db.scalars(select(EventRow.session_id).distinct().order_by(EventRow.session_id))
    return ids + [sid for sid in logged if sid not in known]


def contains_head(*, db: Session, session_id: str, head: str) -> bool:
    """Whether ``head`` (kept from earlier) is the hash of one of the session's events."""
    query = select(EventRow.position).where(
        EventRow.session_id == session_id, EventRow.hash == head
    )
    return db.scalars(query).first() is not None


# The bindings of the tables of live sessions.


def _of(events: Iterable[EventRow], *kinds: str) -> Iterator[EventRow]:
    return (e for e in events if e.kind in kinds)


def _derive_session(events: list[EventRow]) -> list[Expected]:
    if not events:
        return []
    created = events[0]
    recorded = next(_of(events, "session_recorded"), None)
    values: dict[str, Any] = {
        "created_at": created.at,
        "event_count": len(events),
        "head_hash": events[-1].hash,
        "status": "open",
        "version": 1,
        "agreement": None,
    }
    position = created.position
    if recorded is not None:
        values["scenario"] = recorded.payload.get("scenario")
        values["seats"] = recorded.payload.get("seats")
        position = recorded.position
    for event in _of(events, "scenario_recorded", "agreement", "session_closed", "breakdown"):
        payload = event.payload
        if event.kind == "scenario_recorded":
            values["scenario"], values["version"] = payload.get("scenario"), payload.get("version")
        elif event.kind == "agreement":
            values["status"], values["agreement"] = "agreed", payload.get("proposal")
        elif event.kind == "breakdown":
            values["status"] = "broken_down"
        else:
            values["status"] = "closed"
        position = event.position
    return [Expected((created.session_id,), values, position)]


def _derive_versions(events: list[EventRow]) -> list[Expected]:
    rows: list[Expected] = []
    for event in _of(events, "session_recorded", "scenario_recorded"):
        version = 1 if event.kind == "session_recorded" else event.payload.get("version")
        values = {"scenario": event.payload.get("scenario"), "created_at": event.at}
        rows.append(Expected((event.session_id, version), values, event.position))
    return rows


def _version_rows(session_id: str) -> Select[Any]:
    table = ScenarioVersionRow.__table__
    return select(table).where(table.c.session_id == session_id)


def _session_rows(session_id: str) -> Select[Any]:
    table = SessionRow.__table__
    return select(table).where(table.c.id == session_id)


def _scenario_findings(events: list[EventRow]) -> list[Finding]:
    """Each scenario must be recorded in the chain and hash to the digest announced for it."""
    if not events:
        return []
    created = events[0]
    row = f"id={created.session_id}"
    recorded = next(_of(events, "session_recorded"), None)
    if created.kind != "session_created":
        return [Finding("events", "position=0", "the log does not start with session_created", 0)]
    if recorded is None:
        return [Finding("sessions", row, "the scenario is not recorded in the chain", 0)]
    found: list[Finding] = []
    announced = created.payload.get("scenario_sha256")
    digest = scenario_digest(recorded.payload.get("scenario") or {})
    if announced != digest or recorded.payload.get("scenario_sha256") != digest:
        problem = "the recorded scenario does not hash to the digest announced at creation"
        found.append(Finding("sessions", row, problem, recorded.position))
    revised = {e.payload.get("version"): e for e in _of(events, "scenario_revised")}
    for event in _of(events, "scenario_recorded"):
        version = event.payload.get("version")
        digest = scenario_digest(event.payload.get("scenario") or {})
        announcement = revised.get(version)
        if (
            announcement is None
            or announcement.payload.get("scenario_sha256") != digest
            or event.payload.get("scenario_sha256") != digest
        ):
            problem = f"scenario version {version} does not hash to the digest announced for it"
            found.append(Finding("scenario_versions", row, problem, event.position))
    return found


ISSUING_KINDS = ("session_recorded", "link_reissued")
"""Event kinds that issue tokens (the creation of the session, a reissued link)."""


def derive_credentials(events: list[EventRow]) -> list[Expected]:
    """The credentials the chain says a session has: each live token's row, keyed by its
    sha256, with the position of the event that issued it (revoked tokens left out)."""
    rows: dict[str, Expected] = {}
    for event in _of(events, *ISSUING_KINDS):
        if event.kind == "session_recorded":
            for item in event.payload.get("credentials", []):
                values = {
                    "session_id": event.session_id,
                    "role": item["role"],
                    "party_id": item["party"],
                }
                rows[item["token_sha256"]] = Expected(
                    (item["token_sha256"],), values, event.position
                )
        else:
            for revoked in event.payload.get("revoked", []):
                rows.pop(revoked, None)
            new = event.payload["token_sha256"]
            values = {
                "session_id": event.session_id,
                "role": "party",
                "party_id": event.payload["party"],
            }
            rows[new] = Expected((new,), values, event.position)
    return list(rows.values())


def _credential_rows(session_id: str) -> Select[Any]:
    table = CredentialRow.__table__
    return select(table).where(table.c.session_id == session_id)


def _derive_submissions(events: list[EventRow]) -> list[Expected]:
    rows: dict[tuple[str, int], Expected] = {}
    for event in _of(events, "preferences_submitted"):
        party, version = event.payload["party"], event.payload.get("version", 1)
        values = {"preferences": event.payload["preferences"], "submitted_at": event.at}
        key = (event.session_id, party, version)
        rows[(party, version)] = Expected(key, values, event.position)
    return list(rows.values())


def _submission_rows(session_id: str) -> Select[Any]:
    table = SubmissionRow.__table__
    return select(table).where(table.c.session_id == session_id)


def _derive_proposals(events: list[EventRow]) -> list[Expected]:
    return [
        Expected(
            (event.payload["proposal"],),
            {
                "session_id": event.session_id,
                "outcome": event.payload["outcome"],
                "respond_by": event.payload.get("respond_by"),
                "created_at": event.at,
                "round": event.payload.get("round", 1),
                "version": event.payload.get("version", 1),
            },
            event.position,
        )
        for event in _of(events, "proposal_made")
    ]


def _proposal_rows(session_id: str) -> Select[Any]:
    table = ProposalRow.__table__
    return select(table).where(table.c.session_id == session_id)


def _derive_responses(events: list[EventRow]) -> list[Expected]:
    rows: list[Expected] = []
    for event in _of(events, "response", "time_granted", "time_refused"):
        payload = event.payload
        if event.kind == "response":
            values = {
                "proposal_id": payload["proposal"],
                "party_id": payload["party"],
                "response": payload["response"],
                "reason": payload.get("reason", ""),
                "created_at": event.at,
                "decision": None if payload["response"] == "request_time" else "final",
                "extra_seconds": 0,
            }
            rows.append(Expected((len(rows),), values, event.position))
            continue
        for index, row in enumerate(rows):
            v = row.values
            if (
                v["proposal_id"] == payload["proposal"]
                and v["party_id"] == payload["party"]
                and v["response"] == "request_time"
                and v["decision"] is None
            ):
                decided = {
                    **v,
                    "decision": "granted" if event.kind == "time_granted" else "refused",
                    "extra_seconds": payload.get("extra_seconds", 0),
                }
                rows[index] = Expected(row.key, decided, event.position)
    return rows


def _response_rows(session_id: str) -> Select[Any]:
    table = ResponseRow.__table__
    proposals = ProposalRow.__table__
    return (
        select(table)
        .join(proposals, proposals.c.id == table.c.proposal_id)
        .where(proposals.c.session_id == session_id)
        .order_by(table.c.id)
    )


register(Binding("sessions", ("id",), _session_rows, _derive_session))
register(Binding("credentials", ("token_hash",), _credential_rows, derive_credentials))
register(
    Binding(
        "submissions", ("session_id", "party_id", "version"), _submission_rows, _derive_submissions
    )
)
register(Binding("proposals", ("id",), _proposal_rows, _derive_proposals))
register(Binding("responses", ("id",), _response_rows, _derive_responses, ordered=True))
register(Binding("scenario_versions", ("session_id", "version"), _version_rows, _derive_versions))


def unbound_tables() -> set[str]:
    """State tables without a binding (must be empty)."""
    return set(Base.metadata.tables) - set(BINDINGS) - UNBOUND


__all__ = [
    "BINDINGS",
    "AuditReport",
    "Binding",
    "Expected",
    "Finding",
    "audit_session",
    "contains_head",
    "register",
    "scenario_digest",
    "session_ids",
    "unbound_tables",
]
