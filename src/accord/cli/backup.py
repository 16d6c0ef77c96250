"""``accord backup`` and ``accord restore``: move a session database, chains intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord.cli.common import fail
from accord.cli.live import open_store

if TYPE_CHECKING:
    from rich.progress import Progress


def _bar_callback(bar: Progress) -> Callable[[str, int], None]:
    from rich.progress import TaskID

    tasks: dict[str, TaskID] = {}

    def update(table: str, done: int) -> None:
        if table not in tasks:
            tasks[table] = bar.add_task(table, total=None)
        bar.update(tasks[table], completed=done)

    return update


def backup_db(db: str, file: Path) -> None:
    """Write every session of ``db`` to ``file``."""
    from accord.cli.progress import progress_bar
    from accord.store.backup import backup

    store = open_store(db)
    try:
        with progress_bar() as bar:
            summary = backup(store.engine, file, progress=_bar_callback(bar))
    except OSError as error:
        fail(f"{file}: cannot write the backup ({error.strerror or error})")
    finally:
        store.engine.dispose()
    typer.echo(f"backed up {summary.sessions} sessions ({summary.total} rows) to {file}")


def restore_db(file: Path, db: str) -> None:
    """Load ``file`` into the empty database ``db``; exit 2 if it cannot, naming why."""
    from accord.cli.progress import progress_bar
    from accord.store.backup import BackupError, restore

    if not file.is_file():
        fail(f"{file}: no such backup file")
    store = open_store(db)
    try:
        with progress_bar() as bar:
            summary = restore(store.engine, file, progress=_bar_callback(bar))
    except BackupError as error:
        fail(str(error))
    finally:
        store.engine.dispose()
    typer.echo(
        f"restored {summary.sessions} sessions ({summary.total} rows); "
        "every session passes the audit"
    )
