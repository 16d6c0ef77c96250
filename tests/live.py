"""Helpers for the live-session tests: a hand-moved clock, the scenario, tokens."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from starlette.routing import Route

from accord.web.security import Limits

ROOT = Path(__file__).resolve().parents[1]
PLANT = yaml.safe_load((ROOT / "examples" / "plant-contract.yaml").read_text(encoding="utf-8"))


WALKER = Limits(failures=100_000, rate=100_000.0, burst=100_000)
"""Limits for a test client: the tests walk every route with bad tokens from one address,
faster than any person; the slow-down and the rate limits have tests of their own."""


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def plant() -> dict[str, Any]:
    """The plant-contract scenario as JSON data."""
    return copy.deepcopy(PLANT)


def revised_plant() -> dict[str, Any]:
    """The plant contract with an option added to the term and a new issue (training)."""
    scenario = plant()
    term = next(i for i in scenario["issues"] if i["id"] == "term")
    term["options"].append("four_years")
    scenario["issues"].append({"id": "training", "options": ["none", "paid_course"]})
    for party, worth in (("union", (0.0, 1.0)), ("management", (1.0, 0.3))):
        prefs = scenario["preferences"][party]
        prefs["weights"]["training"] = 1
        prefs["values"]["training"] = {"none": worth[0], "paid_course": worth[1]}
        prefs["values"]["term"]["four_years"] = 0.2 if party == "union" else 1.0
    for proposal in scenario["proposals"]:
        proposal["outcome"]["training"] = "none"
    return scenario


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_session(client: TestClient) -> dict[str, Any]:
    """Open a session on the plant-contract scenario; returns its id and tokens."""
    response = client.post("/api/sessions", json={"scenario": plant()})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


POSTGRES_URL = "ACCORD_TEST_POSTGRES_URL"
"""The variable naming a PostgreSQL server for the tests (see scripts/postgres-test-server.sh)."""


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped afterwards.

    Skips the test when ``ACCORD_TEST_POSTGRES_URL`` is not set or the server is
    unreachable.
    """
    import os
    import uuid

    import pytest
    from sqlalchemy import create_engine, make_url, text

    url = os.environ.get(POSTGRES_URL)
    if not url:
        pytest.skip(f"{POSTGRES_URL} is not set (see scripts/postgres-test-server.sh)")
    try:
        server = create_engine(url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text("SELECT 1"))
    except ImportError as error:
        pytest.skip(f"no PostgreSQL driver: {error}")
    except Exception as error:
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable: {type(error).__name__}")
    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def flat_routes(routes: Any) -> list[Route]:
    """Every route of an application, with those of included routers flattened in."""
    found: list[Route] = []
    for route in routes:
        if isinstance(route, Route):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(flat_routes(route.original_router.routes))
    return found
