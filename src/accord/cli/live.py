"""``accord serve`` and the live-session store behind the live commands."""

from __future__ import annotations

from typing import Any

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


def serve_api(
    db: str,
    host: str,
    port: int,
    *,
    archive_after_days: float | None = 30,
    rate: float = 50,
    links_expire_after_days: float | None = None,
) -> None:
    """Serve the live-session JSON API until interrupted."""
    store = open_store(db)
    from datetime import timedelta

    import uvicorn

    from accord.web.app import create_app
    from accord.web.security import Limits, keep_tokens_out_of_logs

    # Open event streams never end by themselves: on shutdown, give the other requests
    # a few seconds to finish, then close the streams (browsers reconnect on their own).
    after = None if archive_after_days is None else timedelta(days=archive_after_days)
    keep_tokens_out_of_logs()
    lifetime = None if links_expire_after_days is None else timedelta(days=links_expire_after_days)
    limits = Limits(
        rate=rate,
        burst=max(1, round(4 * rate)),
        archive_after=after,
        links_expire_after=lifetime,
    )
    app = create_app(store, limits)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
    )
