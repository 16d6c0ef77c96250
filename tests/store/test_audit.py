"""The audit catches an edited, deleted, inserted or reordered row in every table.

A session with every kind of state (submissions and a resubmission, proposals,
answers, a request for time and its grant, a release, a reissued link) is
built through the API once per database. Each tampering runs inside a
transaction that is rolled back afterwards, and the audit reads through the
same connection, so every case starts from the untouched session. The cases
are generated from the audit's registry, so a table added to the registry is
tampered with too. PostgreSQL runs when ``ACCORD_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, Table, and_, inspect, select, text, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from accord.cli.app import app
from accord.store.audit import BINDINGS, AuditReport, audit_session, unbound_tables
from accord.store.database import Store, open_store
from accord.store.tables import Base
from accord.web.app import create_app

from live import WALKER, Clock, bearer, new_session, plant, postgres_database

TEXTS = plant()["proposals"]
TABLES = [*BINDINGS, "events"]
CHANGES = ("update", "delete", "insert", "reorder")


def build_session(client: TestClient, clock: Clock) -> dict[str, Any]:
    """A session holding a row of every kind, and a second, untouched one."""
    made = new_session(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    tokens = made["party_tokens"]
    for party, token in tokens.items():
        body = {"preferences": plant()["preferences"][party]}
        assert client.put(
            f"/api/sessions/{sid}/preferences", json=body, headers=bearer(token)
        ).is_success
    lower = copy.deepcopy(plant()["preferences"]["union"])
    lower["reservation"] = 0.35
    again = client.put(
        f"/api/sessions/{sid}/preferences",
        json={"preferences": lower},
        headers=bearer(tokens["union"]),
    )
    assert again.is_success
    due = (clock.now.replace(microsecond=0)).isoformat()
    ids = []

    def propose(number: int) -> str:
        body = {"outcome": TEXTS[number]["outcome"], "respond_by": due}
        made_proposal = client.post(f"/api/sessions/{sid}/proposals", json=body, headers=med)
        assert made_proposal.status_code == 201, made_proposal.text
        ids.append(made_proposal.json()["id"])
        return f"/api/sessions/{sid}/proposals/{ids[-1]}"

    # Round 1: a request for time, granted, then the answers.
    first = propose(0)
    ask = client.post(
        f"{first}/responses", json={"response": "request_time"}, headers=bearer(tokens["union"])
    )
    assert ask.status_code == 201
    grant = client.post(f"{first}/time", json={"grant": True, "extra_seconds": 600}, headers=med)
    assert grant.is_success, grant.text
    for party, answer in (("union", "accept"), ("management", "reject")):
        body = {"response": answer, "reason": f"{party} says {answer}"}
        assert client.post(
            f"{first}/responses", json=body, headers=bearer(tokens[party])
        ).is_success
    # Round 2: one answer; round 3 on a revised scenario (a second version), resubmitted.
    second = propose(1)
    assert client.post(
        f"{second}/responses", json={"response": "accept"}, headers=bearer(tokens["union"])
    ).is_success
    revised = plant()
    revised["description"] = "Revised after the second round."
    revision = client.put(f"/api/sessions/{sid}/scenario", json={"scenario": revised}, headers=med)
    assert revision.is_success, revision.text
    for party, token in tokens.items():
        body = {"preferences": plant()["preferences"][party]}
        assert client.put(
            f"/api/sessions/{sid}/preferences", json=body, headers=bearer(token)
        ).is_success
    propose(2)
    release = {"party": "union", "what": "responses"}
    assert client.post(f"/api/sessions/{sid}/releases", json=release, headers=med).is_success
    link = client.post(f"/api/sessions/{sid}/parties/management/link", headers=med)
    assert link.status_code == 201
    other = new_session(client)
    return {"id": sid, "other": other["id"], "proposals": ids, "mediator": made["mediator_token"]}


def _report(connection: Connection, sid: str) -> AuditReport:
    with Session(bind=connection) as db:
        return audit_session(db=db, session_id=sid)


def _session_filter(table: Table, sid: str) -> Any:
    if "session_id" in table.c:
        return table.c.session_id == sid
    if table.name == "sessions":
        return table.c.id == sid
    proposals = Base.metadata.tables["proposals"]
    return table.c.proposal_id.in_(select(proposals.c.id).where(proposals.c.session_id == sid))


def _rows(connection: Connection, table: Table, sid: str) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    query = select(table).where(_session_filter(table, sid)).order_by(*order)
    return [dict(r) for r in connection.execute(query).mappings()]


def _where(table: Table, row: dict[str, Any]) -> Any:
    return and_(*(c == row[c.name] for c in table.primary_key.columns))


def _changed(value: Any, column: Any) -> Any:
    """A plausible, different value for a column."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, float):
        return value / 7
    if isinstance(value, dict):
        return {**value, "tampered": 1}
    if isinstance(value, list):
        return [*value, "tampered"]
    if isinstance(value, str):
        return value[:-1] + ("0" if value[-1:] != "0" else "1")
    # A NULL becomes a value of the column's type.
    return 1 if column.type.python_type is int else "granted"


def _fresh_key(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    copied = dict(row)
    for column in table.primary_key.columns:
        if column.autoincrement is True or (
            column.type.python_type is int and column.autoincrement == "auto"
        ):
            copied.pop(column.name)
        elif column.name == "session_id":
            continue
        elif column.type.python_type is int:
            copied[column.name] = int(row[column.name]) + 1_000  # e.g. a version never made
        else:
            copied[column.name] = uuid.uuid4().hex
    if table.name == "events":
        copied["position"] = 10_000
    return copied


def tamper(connection: Connection, name: str, change: str, sid: str) -> str:
    """Apply one change to table ``name``'s rows of session ``sid``; returns what was done."""
    table = Base.metadata.tables[name]
    rows = _rows(connection, table, sid)
    assert rows, f"the session has no {name} rows to tamper with"
    keys = {c.name for c in table.primary_key.columns}
    referenced = {
        fk.column.table.name for t in Base.metadata.tables.values() for fk in t.foreign_keys
    }
    if change == "update":
        row = rows[-1]
        columns = [c for c in table.columns if c.name not in keys and not c.foreign_keys]
        column = columns[len(rows) % len(columns)]
        new = _changed(row[column.name], column)
        connection.execute(update(table).where(_where(table, row)).values({column.name: new}))
        return f"{column.name} of {row}"
    if change == "delete":
        if name in referenced:
            # Delete a row others point at, as someone with the database's keys could.
            _loosen_foreign_keys(connection, table)
            rows = [r for r in rows if _pointed_at(connection, table, r)] or rows
        connection.execute(table.delete().where(_where(table, rows[-1])))
        return f"deleted {rows[-1]}"
    if change == "insert":
        if name == "sessions":
            connection.execute(update(table).where(_where(table, rows[0])).values(event_count=99))
            return "sessions cannot get a second row for the same id; event_count changed"
        connection.execute(table.insert().values(_fresh_key(table, rows[-1])))
        return f"inserted a copy of {rows[-1]}"
    assert change == "reorder"
    if len(rows) < 2:
        # One row (sessions): reordering means its events' order.
        return tamper(connection, "events", "reorder", sid)
    a, b = rows[0], rows[-1]
    if name == "events":
        # Swap two events' positions.
        parked = -1
        connection.execute(update(table).where(_where(table, a)).values(position=parked))
        connection.execute(update(table).where(_where(table, b)).values(position=a["position"]))
        connection.execute(
            update(table).where(table.c.id == a["id"]).values(position=b["position"])
        )
        return "swapped two events"
    movable = [c.name for c in table.columns if c.name not in keys and a[c.name] != b[c.name]]
    connection.execute(update(table).where(_where(table, a)).values({c: b[c] for c in movable}))
    connection.execute(update(table).where(_where(table, b)).values({c: a[c] for c in movable}))
    return f"swapped {movable} of two rows"


def _loosen_foreign_keys(connection: Connection, table: Table) -> None:
    """Stop enforcing the foreign keys to ``table`` until the transaction ends."""
    if connection.dialect.name == "sqlite":
        # The pragma lasts until the transaction ends, so start one with a write first.
        connection.execute(text("UPDATE sessions SET event_count = event_count WHERE 0 = 1"))
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        return
    found = inspect(connection)
    for other in Base.metadata.tables.values():
        for fk in found.get_foreign_keys(other.name):
            if fk["referred_table"] == table.name and fk["name"]:
                connection.execute(
                    text(f'ALTER TABLE "{other.name}" DROP CONSTRAINT "{fk["name"]}"')
                )


def _pointed_at(connection: Connection, table: Table, row: dict[str, Any]) -> bool:
    for other in Base.metadata.tables.values():
        for fk in other.foreign_keys:
            if fk.column.table is table:
                query = select(fk.parent).where(fk.parent == row[fk.column.name]).limit(1)
                if connection.execute(query).first() is not None:
                    return True
    return False


# SQLite (always) and PostgreSQL (when configured): one built database per module.


@pytest.fixture(scope="module")
def sqlite_built(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Engine, dict[str, Any], str]]:
    path = tmp_path_factory.mktemp("audit") / "audit.db"
    clock = Clock()
    store = open_store(str(path), clock=clock)
    built = build_session(TestClient(create_app(store, WALKER)), clock)
    yield store.engine, built, str(path)
    store.engine.dispose()


@pytest.fixture(scope="module")
def postgres_built() -> Iterator[tuple[Engine, dict[str, Any], str]]:
    with postgres_database() as db_url:
        clock = Clock()
        store = open_store(db_url, clock=clock)
        try:
            built = build_session(TestClient(create_app(store, WALKER)), clock)
            yield store.engine, built, db_url
        finally:
            store.engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def built(request: pytest.FixtureRequest) -> tuple[Engine, dict[str, Any], str]:
    value: tuple[Engine, dict[str, Any], str] = request.getfixturevalue(f"{request.param}_built")
    return value


def test_every_state_table_is_bound_to_the_chain() -> None:
    assert unbound_tables() == set()


def test_untouched_sessions_pass(built: tuple[Engine, dict[str, Any], str]) -> None:
    engine, made, url = built
    with engine.connect() as connection:
        for sid in (made["id"], made["other"]):
            report = _report(connection, sid)
            assert report.intact, [str(f) for f in report.findings]
    result = CliRunner().invoke(app, ["audit", "--all", "--db", url])
    assert result.exit_code == 0, result.output
    assert "2 sessions audited: 2 intact, 0 tampered" in result.output


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("name", TABLES)
def test_every_change_to_every_table_is_caught(
    built: tuple[Engine, dict[str, Any], str], name: str, change: str
) -> None:
    engine, made, _ = built
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            done = tamper(connection, name, change, made["id"])
            report = _report(connection, made["id"])
            assert not report.intact, f"{name} {change}: {done} was not caught"
            tables = {f.table for f in report.findings}
            if change != "reorder" or name != "sessions":
                expected = {name, "events"} if name == "sessions" else {name}
                assert tables & expected, (done, [str(f) for f in report.findings])
            assert _report(connection, made["other"]).intact
        finally:
            transaction.rollback()


def test_every_column_edit_is_caught(built: tuple[Engine, dict[str, Any], str]) -> None:
    """Each column of each bound table, edited alone, contradicts the chain."""
    engine, made, _ = built
    missed = []
    with engine.connect() as connection:
        for name, binding in BINDINGS.items():
            table = Base.metadata.tables[name]
            row = _rows(connection, table, made["id"])[-1]
            connection.rollback()
            for column in table.columns:
                if column.name in binding.key and not binding.ordered:
                    continue  # a changed key is a deleted row plus an inserted one (see above)
                if column.foreign_keys or (binding.ordered and column.primary_key):
                    continue
                transaction = connection.begin()
                try:
                    new = _changed(row[column.name], column)
                    connection.execute(
                        update(table).where(_where(table, row)).values({column.name: new})
                    )
                    if _report(connection, made["id"]).intact:
                        missed.append(f"{name}.{column.name}")
                finally:
                    transaction.rollback()
    assert missed == []


def test_lowered_reservation_is_reported_with_table_row_and_event(
    built: tuple[Engine, dict[str, Any], str],
) -> None:
    engine, made, _ = built
    table = Base.metadata.tables["submissions"]
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            row = next(r for r in _rows(connection, table, made["id"]) if r["party_id"] == "union")
            assert row["preferences"]["reservation"] == 0.35
            edited = {**row["preferences"], "reservation": 0.05}
            connection.execute(update(table).where(_where(table, row)).values(preferences=edited))
            report = _report(connection, made["id"])
        finally:
            transaction.rollback()
    [finding] = report.findings
    assert finding.table == "submissions"
    assert "party_id=union" in finding.row
    assert finding.problem == "preferences.reservation is 0.05, the chain says 0.35"
    assert finding.position is not None
    with engine.connect() as connection, Session(bind=connection) as db:
        from accord.store.tables import EventRow

        event = db.scalars(
            select(EventRow).where(
                EventRow.session_id == made["id"], EventRow.position == finding.position
            )
        ).one()
    assert event.kind == "preferences_submitted"
    assert event.payload["preferences"]["reservation"] == 0.35


def test_cli_exit_codes_head_and_kept_head(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    clock = Clock()
    store: Store = open_store(str(db), clock=clock)
    made = build_session(TestClient(create_app(store)), clock)
    runner = CliRunner()
    head = runner.invoke(app, ["audit", made["id"], "--head", "--db", str(db)])
    assert head.exit_code == 0, head.output
    kept = head.output.strip()
    assert len(kept) == 64 and int(kept, 16) >= 0
    # The session grows; the kept head is still in its chain.
    client = TestClient(create_app(store))
    closed = client.post(
        f"/api/sessions/{made['id']}/close",
        json={"reason": "done"},
        headers=bearer(made["mediator"]),
    )
    assert closed.is_success
    later = runner.invoke(app, ["audit", made["id"], "--expect-head", kept, "--db", str(db)])
    assert later.exit_code == 0, later.output
    forged = runner.invoke(app, ["audit", made["id"], "--expect-head", "f" * 64, "--db", str(db)])
    assert forged.exit_code == 1
    assert "rewritten" in forged.output

    with store.engine.begin() as connection:
        table = Base.metadata.tables["submissions"]
        connection.execute(
            update(table)
            .where(table.c.session_id == made["id"], table.c.party_id == "union")
            .values(submitted_at="2020-01-01T00:00:00+00:00")
        )
    tampered = runner.invoke(app, ["audit", made["id"], "--db", str(db)])
    assert tampered.exit_code == 1
    assert "TAMPERED" in tampered.output and "submissions" in tampered.output
    every = runner.invoke(app, ["audit", "--all", "--head", "--db", str(db)])
    assert every.exit_code == 1
    assert "2 sessions audited: 1 intact, 1 tampered" in every.output
    assert made["other"] in every.output
    assert runner.invoke(app, ["audit", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["audit", "nope", "--db", str(db)]).exit_code == 2
    store.engine.dispose()
