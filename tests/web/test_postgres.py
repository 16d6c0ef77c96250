"""The live-session API on a real PostgreSQL server (skipped when none is configured).

Set ``ACCORD_TEST_POSTGRES_URL`` (for example
``postgresql+psycopg://accord:accord@127.0.0.1:5432/accord_test``; see
``scripts/postgres-test-server.sh``). The role must be allowed to create
databases: every test gets a fresh, empty database, migrated from nothing, and
drops it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from accord.cli.app import app
from accord.store.database import Store, make_engine, migrate, open_store
from accord.store.tables import Base
from accord.web.app import create_app
from web import (
    test_bad_input,
    test_export,
    test_flow,
    test_options,
    test_rounds,
    test_seats,
    test_security,
    test_session_state,
    test_stream,
    test_visibility,
)

from live import WALKER, Clock, bearer, new_session, plant, postgres_database


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a fresh, empty database, dropped afterwards."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def pg_store(pg_url: str, clock: Clock) -> Iterator[Store]:
    opened = open_store(pg_url, clock=clock)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def pg_client(pg_store: Store) -> TestClient:
    return TestClient(create_app(pg_store, WALKER))


def test_migrations_create_the_schema_from_empty(pg_url: str) -> None:
    engine = make_engine(pg_url)
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == []
    migrate(engine)
    migrate(engine)  # running again is a no-op
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert connection.dialect.name == "postgresql"
    engine.dispose()


# The SQLite tests of the API, run unchanged against PostgreSQL.


def test_full_flow(pg_client: TestClient) -> None:
    test_flow.test_full_flow(pg_client)


def test_deadline_and_granted_time(pg_client: TestClient, clock: Clock) -> None:
    test_flow.test_deadline_and_granted_time(pg_client, clock)


def test_bad_writes_change_nothing(pg_client: TestClient) -> None:
    test_bad_input.test_bad_writes_change_nothing(pg_client)


def test_every_route_with_every_token(pg_client: TestClient) -> None:
    test_visibility.test_every_route_with_every_token(pg_client)


def test_party_sees_own_things(pg_client: TestClient) -> None:
    test_visibility.test_party_sees_own_things(pg_client)


def test_stream_shows_each_role_exactly_its_events(pg_client: TestClient) -> None:
    test_visibility.test_stream_shows_each_role_exactly_its_events(pg_client)


def test_stream_after_a_release_sends_what_it_shows(pg_client: TestClient) -> None:
    test_visibility.test_stream_after_a_release_sends_what_it_shows(pg_client)


def test_a_write_reaches_an_open_stream(pg_client: TestClient, pg_store: Store) -> None:
    test_stream.test_a_write_reaches_an_open_stream(pg_client, pg_store)


def test_every_route_refuses_bad_tokens_alike(pg_client: TestClient) -> None:
    test_security.test_every_route_refuses_bad_tokens_alike(pg_client)


def test_oversized_and_malformed_bodies_on_every_write(pg_client: TestClient) -> None:
    test_security.test_oversized_and_malformed_bodies_on_every_write(pg_client)


def test_reissued_link_works_at_once_and_is_in_the_chain(pg_client: TestClient) -> None:
    test_security.test_reissued_link_works_at_once_and_is_in_the_chain(pg_client)


def test_an_agent_seat_sees_only_what_its_party_may_see(
    pg_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_visibility.test_an_agent_seat_sees_only_what_its_party_may_see(pg_client, monkeypatch)


def test_options_as_written(pg_client: TestClient) -> None:
    made = pg_client.post("/api/sessions", json={"scenario": test_options._vacation_scenario()})
    session = made.json()
    test_options.test_either_form_of_a_label(pg_client, session, "3.5", 22.0)
    test_options.test_errors_name_the_issue_and_its_options(
        pg_client, session, {"vacation": 21}, "its options are 20, 22, 25, 28"
    )


def test_session_states(pg_client: TestClient) -> None:
    test_session_state.test_open_then_agreed(pg_client)
    test_session_state.test_an_agreed_session_takes_no_more_changes_but_can_be_closed(pg_client)
    test_session_state.test_ending_an_open_session(
        pg_client,
        "breakdown",
        "broken_down",
        "the mediator declared a breakdown; the session takes no more changes",
    )


def test_rounds_and_versions(pg_client: TestClient) -> None:
    test_rounds.test_rounds_of_proposals(pg_client)
    test_rounds.test_a_revision_keeps_submissions_with_their_version(pg_client)


def test_agent_seats(pg_client: TestClient) -> None:
    test_seats.test_a_human_mediator_brings_two_agents_to_agreement(pg_client)
    test_seats.test_a_trainee_against_an_agent_and_the_copilot(pg_client)


def test_export_read_by_analyze_and_replay(
    pg_client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    test_export.test_analyze_and_replay_read_the_export(pg_client, clock, tmp_path)


def _session_with_events(client: TestClient) -> str:
    made = new_session(client)
    for party, token in made["party_tokens"].items():
        body = {"preferences": plant()["preferences"][party]}
        url = f"/api/sessions/{made['id']}/preferences"
        assert client.put(url, json=body, headers=bearer(token)).status_code == 200
    return str(made["id"])


def test_audit_intact_then_tampered(pg_url: str, pg_client: TestClient) -> None:
    sid = _session_with_events(pg_client)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", sid, "--db", pg_url])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip() == "intact: 4 events, every table agrees with the chain"

    engine = create_engine(pg_url)
    with engine.begin() as connection:
        changed = connection.execute(
            text(
                "UPDATE events SET payload = replace(payload::text, '0.5', '0.9')::json "
                "WHERE session_id = :sid AND position = 2"
            ),
            {"sid": sid},
        )
        assert changed.rowcount == 1
    broken = runner.invoke(app, ["audit", sid, "--db", pg_url])
    assert broken.exit_code == 1, broken.output
    assert "chain broken at event 2" in broken.output

    with engine.begin() as connection:
        connection.execute(
            text("DELETE FROM events WHERE session_id = :sid AND position = 3"), {"sid": sid}
        )
    tail = runner.invoke(app, ["audit", sid, "--db", pg_url])
    assert tail.exit_code == 1
    assert "event 2" in tail.output
    engine.dispose()


def test_audit_catches_a_deleted_tail(pg_url: str, pg_client: TestClient) -> None:
    sid = _session_with_events(pg_client)
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(
            text("DELETE FROM events WHERE session_id = :sid AND position = 3"), {"sid": sid}
        )
    engine.dispose()
    result = CliRunner().invoke(app, ["audit", sid, "--db", pg_url])
    assert result.exit_code == 1
    assert "event 3" in result.output


def test_audit_unknown_session(pg_url: str) -> None:
    result = CliRunner().invoke(app, ["audit", "nope", "--db", pg_url])
    assert result.exit_code == 2


def test_nul_characters_are_refused_not_500(pg_client: TestClient) -> None:
    """PostgreSQL text cannot hold NUL: such input must be a 4xx, never a 500."""
    made = new_session(pg_client)
    sid, med = made["id"], bearer(made["mediator_token"])
    union = bearer(made["party_tokens"]["union"])
    pid = pg_client.post(
        f"/api/sessions/{sid}/proposals",
        json={"outcome": plant()["proposals"][2]["outcome"]},
        headers=med,
    ).json()["id"]
    cases = [
        ("GET", f"/api/sessions/{sid}/proposals/a%00b/responses", None, union),
        ("POST", f"/api/sessions/{sid}/proposals/a%00b/responses", {"response": "accept"}, union),
        ("POST", f"/api/sessions/{sid}/proposals/a%00b/time", {"grant": True}, med),
        (
            "POST",
            f"/api/sessions/{sid}/proposals/{pid}/responses",
            {"response": "reject", "reason": "no\x00way"},
            union,
        ),
        (
            "POST",
            f"/api/sessions/{sid}/proposals/{pid}/time",
            {"grant": True, "party": "\x00"},
            med,
        ),
    ]
    scenario = plant()
    scenario["name"] = "nul\x00name"
    for method, url, body, headers in cases:
        response = pg_client.request(method, url, json=body, headers=headers)
        assert response.status_code < 500, (url, body, response.text)
    created = pg_client.post("/api/sessions", json={"scenario": scenario})
    assert created.status_code < 500, created.text
