"""Migrations build the schema from empty; the event chain catches tampering."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from typer.testing import CliRunner

from accord.cli.app import app
from accord.store.database import make_engine, migrate, open_store
from accord.store.tables import Base
from accord.web.app import create_app

from live import bearer, new_session, plant


def test_migrations_create_the_schema_from_empty(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(engine)
    migrate(engine)  # running again is a no-op
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    assert (mode, sync) == ("wal", 2)
    engine.dispose()


def _session_with_events(db: Path) -> str:
    store = open_store(str(db))
    client = TestClient(create_app(store))
    made = new_session(client)
    for party, token in made["party_tokens"].items():
        body = {"preferences": plant()["preferences"][party]}
        put = client.put(
            f"/api/sessions/{made['id']}/preferences", json=body, headers=bearer(token)
        )
        assert put.status_code == 200
    store.engine.dispose()
    return str(made["id"])


def test_audit_intact_then_tampered(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    sid = _session_with_events(db)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", sid, "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip() == "intact: 4 events, every table agrees with the chain"

    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE events SET payload = replace(payload, '0.5', '0.9') WHERE position = 2"
        )
    broken = runner.invoke(app, ["audit", sid, "--db", str(db)])
    assert broken.exit_code == 1
    assert "chain broken at event 2" in broken.output


def test_audit_catches_a_deleted_tail(tmp_path: Path) -> None:
    db = tmp_path / "tail.db"
    sid = _session_with_events(db)
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM events WHERE position = 3")
    result = CliRunner().invoke(app, ["audit", sid, "--db", str(db)])
    assert result.exit_code == 1
    assert "event 3" in result.output


def test_audit_unknown_session(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["audit", "nope", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
