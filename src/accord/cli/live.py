"""``accord serve`` and ``accord audit``: the live-session store behind them."""

from __future__ import annotations

from typing import Any

import typer

from accord.cli.common import fail

SHUTDOWN_GRACE_SECONDS = 3
"""How long ``accord serve`` waits for open requests when asked to stop."""


def open_store(db: str) -> Any:
    """Open (and migrate) the session store; exit 2 if the web extra is missing or it fails."""
    try:
        from sqlalchemy.exc import SQLAlchemyError

        from accord.store.database import open_store as open_database
    except ImportError:
        fail("live sessions need the web extra: pip install 'accord[web]'")
    try:
        return open_database(db)
    except (SQLAlchemyError, OSError) as error:
        fail(f"--db {db}: cannot open the database ({error})")


def serve_api(db: str, host: str, port: int) -> None:
    """Serve the live-session JSON API until interrupted."""
    store = open_store(db)
    import uvicorn

    from accord.web.app import create_app

    # Open event streams never end by themselves: on shutdown, give the other requests
    # a few seconds to finish, then close the streams (browsers reconnect on their own).
    uvicorn.run(
        create_app(store),
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
    )


def audit_session(session: str, db: str) -> None:
    """Check one session's hash chain; exit 1 naming the first broken entry."""
    from accord.store.chain import verify_chain
    from accord.store.repository import NotFound, get_session

    store = open_store(db)
    with store.sessions() as connection:
        try:
            row = get_session(db=connection, session_id=session)
        except NotFound:
            fail(f"--db {db}: no session {session!r}")
        report = verify_chain(db=connection, session=row)
    if not report.intact:
        typer.echo(f"chain broken at event {report.broken_at}: {report.problem}")
        raise typer.Exit(1)
    typer.echo(f"chain intact: {report.events} events")
