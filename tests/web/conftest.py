"""Fixtures: a TestClient on a fresh SQLite file with a hand-moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accord.store.database import Store, open_store
from accord.web.app import create_app

from live import WALKER, Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    opened = open_store(str(tmp_path / "sessions.db"), clock=clock)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(create_app(store, WALKER))
