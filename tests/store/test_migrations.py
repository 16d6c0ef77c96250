"""Migration 0002 keeps existing sessions: submissions become version 1, proposals get rounds."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, text

from accord.store.chain import verify_chain
from accord.store.database import MIGRATIONS, make_engine, open_store
from accord.store.repository import get_session
from accord.store.tables import Base
from accord.web.app import create_app

from live import Clock, bearer, new_session, plant


def _alembic(engine: Engine, how: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, how)(config, revision)


def test_down_to_0001_and_up_again_keeps_the_talks(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    clock = Clock()
    store = open_store(str(db), clock=clock)
    client = TestClient(create_app(store))
    made = new_session(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    for party, token in made["party_tokens"].items():
        body = {"preferences": plant()["preferences"][party]}
        client.put(f"/api/sessions/{sid}/preferences", json=body, headers=bearer(token))
    for proposal in plant()["proposals"][:2]:
        clock.advance(60)
        body = {"outcome": proposal["outcome"]}
        assert client.post(f"/api/sessions/{sid}/proposals", json=body, headers=med).is_success
    before = client.get(f"/api/sessions/{sid}/events", headers=med).json()
    store.engine.dispose()

    engine = make_engine(f"sqlite:///{db}")
    _alembic(engine, "downgrade", "0001")
    with engine.connect() as connection:
        assert "scenario_versions" not in inspect(connection).get_table_names()
        columns = {c["name"] for c in inspect(connection).get_columns("submissions")}
        assert "version" not in columns
        assert connection.execute(text("SELECT COUNT(*) FROM submissions")).scalar() == 2
    _alembic(engine, "upgrade", "head")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()

    store = open_store(str(db))
    client = TestClient(create_app(store))
    view = client.get(f"/api/sessions/{sid}", headers=med).json()
    assert (view["status"], view["version"], view["round"]) == ("open", 1, 2)
    assert [p["round"] for p in view["proposals"]] == [1, 2]
    assert view["submissions"] == {
        p: client.get(f"/api/sessions/{sid}", headers=med).json()["submissions"][p]
        for p in ("union", "management")
    }
    assert view["waiting_for"] == {}
    assert client.get(f"/api/sessions/{sid}/analysis", headers=med).status_code == 200
    assert client.get(f"/api/sessions/{sid}/events", headers=med).json() == before
    with store.sessions() as session:
        assert verify_chain(db=session, session=get_session(db=session, session_id=sid)).intact
    exported = client.get(f"/api/sessions/{sid}/export", headers=med).json()
    assert [v["version"] for v in exported["versions"]] == [1]
    store.engine.dispose()
