"""Property-based tests of every operation in ``/openapi.json`` (schemathesis, in-process).

They run on SQLite, and on PostgreSQL too when ``ACCORD_TEST_POSTGRES_URL`` is set
(as ``.ci/run`` does as root).

Each operation is called with generated data, on a real session (its id put in
the path, half the time a real proposal's id too) and with a real token of a
drawn role; no answer may be a 5xx, and every answer must match the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accord.store.database import Store, make_engine, open_store
from accord.web.app import create_app

from live import WALKER, bearer, new_session, plant, postgres_database

EXAMPLES = 60
"""Examples per operation: enough to find shallow bugs, fast enough for every run."""

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in create_app(Store(make_engine("sqlite://"))).openapi()["paths"].items()
    for method in item
)


@dataclass
class World:
    """An app on a temporary store, one session with submissions and a proposal.

    Operations that end or revise a session run on a second session, so that the
    others keep exercising an open one.
    """

    store: Store
    app: FastAPI
    schema: Any
    session_id: str
    proposal_id: str
    tokens: dict[str, str]
    spare_session_id: str
    spare_tokens: dict[str, str]


ENDING = ("/close", "/breakdown", "/scenario")
"""Paths of the operations that end or revise a session."""


@contextmanager
def _database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path_factory.mktemp("schemathesis") / "sessions.db")
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with _database(request.param, tmp_path_factory) as url:
        store = open_store(url)
        app = create_app(store, WALKER)
        client = TestClient(app)
        made = new_session(client)
        sid = made["id"]
        for party, token in made["party_tokens"].items():
            body = {"preferences": plant()["preferences"][party]}
            put = client.put(f"/api/sessions/{sid}/preferences", json=body, headers=bearer(token))
            assert put.status_code == 200, put.text
        proposal = client.post(
            f"/api/sessions/{sid}/proposals",
            json={"outcome": plant()["proposals"][2]["outcome"]},
            headers=bearer(made["mediator_token"]),
        )
        assert proposal.status_code == 201, proposal.text
        spare = new_session(client)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        tokens = {"mediator": made["mediator_token"], **made["party_tokens"]}
        spare_tokens = {"mediator": spare["mediator_token"], **spare["party_tokens"]}
        yield World(
            store, app, schema, sid, proposal.json()["id"], tokens, spare["id"], spare_tokens
        )
        store.engine.dispose()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[" ".join(o) for o in OPERATIONS])
def test_operation_conforms(world: World, method: str, path: str) -> None:
    operation = world.schema[path][method]
    roles = [*sorted(world.tokens), "none"]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), role=st.sampled_from(roles), real=st.booleans())
    def check(case: Any, role: str, real: bool) -> None:
        parameters = case.path_parameters or {}
        spare = path.endswith(ENDING)
        tokens = world.spare_tokens if spare else world.tokens
        if "session_id" in parameters:
            parameters["session_id"] = world.spare_session_id if spare else world.session_id
        if "proposal_id" in parameters and real:
            parameters["proposal_id"] = world.proposal_id
        headers = bearer(tokens[role]) if role in tokens else {}
        if path.endswith("/stream"):
            # A stream follows the session until the client leaves: take what there is.
            case.query = {**(case.query or {}), "once": "true"}
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
