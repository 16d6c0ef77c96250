"""Engines, durable SQLite settings and migrations run from code at start-up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_URL = "sqlite:///accord.db"
"""A file in the working folder."""


def database_url(value: str) -> str:
    """A SQLAlchemy URL; a plain file name becomes a SQLite URL."""
    return value if "://" in value else f"sqlite:///{value}"


def _durable_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL and ``synchronous=FULL``.

    With those settings a write that was committed (and so acknowledged)
    survives the process being killed.
    """
    if url.startswith("sqlite"):
        # No cap on connections (they are cheap for a file): a request holds one from its
        # authentication to its answer, and a capped pool smaller than the server's thread
        # pool starves under load (connection timeouts, then 500s).
        in_memory = make_url(url).database in (None, "", ":memory:")
        pool: dict[str, Any] = {} if in_memory else {"pool_size": 40, "max_overflow": -1}
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)
        event.listen(engine, "connect", _durable_sqlite)
        return engine
    # Room for every request the server runs at once (its thread pool holds 40), so that
    # none waits for a connection under load.
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=30)


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (``alembic upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


@dataclass
class Store:
    """A migrated database and the clock that stamps what is written to it."""

    engine: Engine
    clock: Callable[[], datetime] = utc_now
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A database session that is committed on success and rolled back on error."""
        with self.sessions() as db, db.begin():
            yield db


def open_store(url: str, *, clock: Callable[[], datetime] = utc_now) -> Store:
    """Open the database at ``url``, running migrations first."""
    engine = make_engine(database_url(url))
    migrate(engine)
    return Store(engine, clock)
