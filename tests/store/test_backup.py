"""Backup and restore: sessions move between SQLite and PostgreSQL with their chains intact.

The round trip goes SQLite -> file -> PostgreSQL -> file -> SQLite when
``ACCORD_TEST_POSTGRES_URL`` is set (SQLite -> SQLite otherwise); every table
must come back row for row and the restored database must pass ``accord audit
--all``.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from accord.cli.app import app
from accord.store.database import open_store
from accord.store.tables import Base
from accord.web.app import create_app
from store.test_audit import build_session

from live import WALKER, Clock, bearer, new_session, plant, postgres_database


def _contents(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as connection:
        return {
            table.name: [
                json.loads(json.dumps(dict(r), sort_keys=True))
                for r in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in Base.metadata.sorted_tables
        }


def _several_sessions(url: str) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    clock = Clock()
    store = open_store(url, clock=clock)
    client = TestClient(create_app(store, WALKER))
    ids = []
    for _ in range(2):
        made = build_session(client, clock)
        ids += [made["id"], made["other"]]
    # A session where only one party has spoken.
    lone = new_session(client)
    body = {"preferences": plant()["preferences"]["union"]}
    put = client.put(
        f"/api/sessions/{lone['id']}/preferences",
        json=body,
        headers=bearer(lone["party_tokens"]["union"]),
    )
    assert put.is_success
    ids.append(lone["id"])
    contents = _contents(store.engine)
    store.engine.dispose()
    return contents, ids


@pytest.fixture
def pg_or_sqlite(tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database when one is configured, else a second SQLite file."""
    url = os.environ.get("ACCORD_TEST_POSTGRES_URL")
    if not url:
        yield str(tmp_path / "middle.db")
        return
    with postgres_database() as db_url:
        yield db_url


def _audit_all(url: str) -> str:
    result = CliRunner().invoke(app, ["audit", "--all", "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_round_trip_both_ways(tmp_path: Path, pg_or_sqlite: str) -> None:
    source = str(tmp_path / "source.db")
    before, ids = _several_sessions(source)
    runner = CliRunner()
    first = tmp_path / "sessions.accord-backup"
    out = runner.invoke(app, ["backup", "--db", source, str(first)])
    assert out.exit_code == 0, out.output
    assert f"backed up {len(ids)} sessions" in out.output
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # it holds private preferences

    into = runner.invoke(app, ["restore", str(first), "--db", pg_or_sqlite])
    assert into.exit_code == 0, into.output
    assert f"{len(ids)} sessions audited: {len(ids)} intact, 0 tampered" in _audit_all(pg_or_sqlite)
    middle = open_store(pg_or_sqlite)
    assert _contents(middle.engine) == before

    # The restored database keeps working: new rows get fresh ids, chains keep growing.
    client = TestClient(create_app(middle))
    more = new_session(client)
    body = {"preferences": plant()["preferences"]["management"]}
    put = client.put(
        f"/api/sessions/{more['id']}/preferences",
        json=body,
        headers=bearer(more["party_tokens"]["management"]),
    )
    assert put.is_success, put.text
    middle.engine.dispose()

    second = tmp_path / "again.accord-backup"
    assert runner.invoke(app, ["backup", "--db", pg_or_sqlite, str(second)]).exit_code == 0
    back = str(tmp_path / "back.db")
    home = runner.invoke(app, ["restore", str(second), "--db", back])
    assert home.exit_code == 0, home.output
    assert f"{len(ids) + 1} sessions audited: {len(ids) + 1} intact" in _audit_all(back)
    returned = open_store(back)
    after = _contents(returned.engine)
    returned.engine.dispose()
    for name, rows in before.items():
        assert all(row in after[name] for row in rows), name


def _rewrite(path: Path, change: Any) -> None:
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    path.write_bytes(gzip.compress(("\n".join(change(lines)) + "\n").encode()))


def test_restore_refuses_damaged_tampered_and_non_empty(tmp_path: Path) -> None:
    source = str(tmp_path / "source.db")
    _several_sessions(source)
    runner = CliRunner()
    good = tmp_path / "good.backup"
    assert runner.invoke(app, ["backup", "--db", source, str(good)]).exit_code == 0

    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(good.read_bytes())
    _rewrite(truncated, lambda lines: lines[:-3])
    result = runner.invoke(app, ["restore", str(truncated), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "truncated" in result.output

    # An edited row with the checksum recomputed: the audit of the restore catches it.
    edited = tmp_path / "edited.backup"
    edited.write_bytes(good.read_bytes())

    def lower_reservation(lines: list[str]) -> list[str]:
        import hashlib

        body = [
            line.replace('"reservation":0.35', '"reservation":0.05')
            if line.startswith('{"r":') and '"t":"submissions"' in line
            else line
            for line in lines[:-1]
        ]
        assert body != lines[:-1]
        digest = hashlib.sha256("".join(line + "\n" for line in body).encode()).hexdigest()
        trailer = json.loads(lines[-1]) | {"sha256": digest}
        return [*body, json.dumps(trailer)]

    _rewrite(edited, lower_reservation)
    target = tmp_path / "b.db"
    result = runner.invoke(app, ["restore", str(edited), "--db", str(target)])
    assert result.exit_code == 2
    assert "do not pass the audit" in result.output and "submissions" in result.output
    empty = open_store(str(target))
    assert all(rows == [] for rows in _contents(empty.engine).values())  # nothing was kept
    empty.engine.dispose()

    assert runner.invoke(app, ["restore", str(good), "--db", source]).exit_code == 2
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"not a backup")
    result = runner.invoke(app, ["restore", str(garbage), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
