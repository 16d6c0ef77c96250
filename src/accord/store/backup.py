"""Backup and restore of a whole session database, portable between SQLite and PostgreSQL.

A backup is gzip-compressed JSON Lines: a header (format, schema revision,
tables, each session's head hash), one line per row of every table in
foreign-key order, and a trailer with the row count and the sha256 of every
line before it, so a truncated or damaged file is refused. Rows are copied
as they are, ids and hashes included, so the chains survive the move; a
restore goes into an empty database, in one transaction, and is kept only if
every restored session passes the audit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from accord.store.tables import Base, SessionRow

FORMAT = "accord-backup"
VERSION = 1
BATCH = 500


class BackupError(ValueError):
    """The backup file or the target database cannot be used (the message says why)."""


@dataclass
class Summary:
    """What a backup or restore moved."""

    sessions: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Rows over every table."""
        return sum(self.rows.values())


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:
            return None
    return str(value) if value is not None else None


def _line(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def backup(
    engine: Engine, path: Path, *, progress: Callable[[str, int], None] | None = None
) -> Summary:
    """Write every table of the database at ``engine`` to ``path`` (created mode 0600)."""
    summary = Summary()
    digest = hashlib.sha256()
    tables = list(Base.metadata.sorted_tables)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with (
        os.fdopen(descriptor, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb") as out,
        Session(engine) as db,
    ):
        heads = {row.id: row.head_hash for row in db.scalars(select(SessionRow))}
        summary.sessions = len(heads)

        def write(document: dict[str, Any]) -> None:
            line = _line(document)
            digest.update(line + b"\n")
            out.write(line + b"\n")

        write(
            {
                "format": FORMAT,
                "version": VERSION,
                "schema": _revision(engine),
                "tables": [t.name for t in tables],
                "heads": heads,
            }
        )
        for table in tables:
            order = list(table.primary_key.columns)
            query = select(table).order_by(*order).execution_options(yield_per=BATCH)
            count = 0
            for row in db.execute(query).mappings():
                write({"t": table.name, "r": dict(row)})
                count += 1
                if progress is not None:
                    progress(table.name, count)
            summary.rows[table.name] = count
        trailer = {"end": True, "rows": summary.total, "sha256": digest.hexdigest()}
        out.write(_line(trailer) + b"\n")
    return summary


def _read(path: Path) -> Iterator[dict[str, Any]]:
    """The lines of a backup, checked against the trailer; :class:`BackupError` if bad."""
    digest = hashlib.sha256()
    rows = 0
    ended = False
    try:
        with gzip.open(path, "rb") as source:
            for number, line in enumerate(source, start=1):
                if ended:
                    raise BackupError(f"{path}: line {number}: data after the end of the backup")
                try:
                    document = json.loads(line)
                except ValueError:
                    raise BackupError(f"{path}: line {number}: not a JSON line") from None
                if not isinstance(document, dict):
                    raise BackupError(f"{path}: line {number}: not a JSON object")
                if document.get("end") is True:
                    if document.get("sha256") != digest.hexdigest() or document.get("rows") != rows:
                        raise BackupError(f"{path}: the backup is damaged (its checksum differs)")
                    ended = True
                    continue
                if number == 1:
                    if document.get("format") != FORMAT or document.get("version") != VERSION:
                        raise BackupError(f"{path}: not an Accord backup (version {VERSION})")
                elif "t" in document:
                    rows += 1
                digest.update(line.rstrip(b"\n") + b"\n")
                yield document
    except (OSError, EOFError) as error:
        raise BackupError(f"{path}: cannot read the backup ({error})") from None
    if not ended:
        raise BackupError(f"{path}: the backup is truncated (no end marker)")


def _reset_sequences(db: Session) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                sequence = db.execute(
                    text("SELECT pg_get_serial_sequence(:t, :c)"),
                    {"t": table.name, "c": column.name},
                ).scalar()
                if sequence:
                    top = db.execute(select(func.max(column))).scalar()
                    db.execute(
                        text("SELECT setval(:s, :v, :called)"),
                        {"s": sequence, "v": top or 1, "called": top is not None},
                    )


def restore(
    engine: Engine, path: Path, *, progress: Callable[[str, int], None] | None = None
) -> Summary:
    """Load the backup at ``path`` into the empty, migrated database at ``engine``.

    Everything is inserted in one transaction, which is committed only if every
    restored session passes the audit; otherwise :class:`BackupError` lists why.
    """
    from accord.store.audit import audit_session

    summary = Summary()
    lines = _read(path)
    header = next(lines, None)
    if header is None:
        raise BackupError(f"{path}: the backup is empty")
    known = Base.metadata.tables
    unknown = [name for name in header.get("tables", []) if name not in known]
    if unknown:
        raise BackupError(f"{path}: table {unknown[0]!r} is not in this version's schema")
    with Session(engine) as db, db.begin():
        for table in Base.metadata.sorted_tables:
            if db.execute(select(func.count()).select_from(table)).scalar():
                raise BackupError(f"the target database is not empty (table {table.name!r})")
        batch: list[dict[str, Any]] = []
        current: str | None = None

        def flush() -> None:
            if batch and current is not None:
                db.execute(known[current].insert(), batch)
                batch.clear()

        for document in lines:
            name, row = str(document.get("t")), document.get("r")
            if name not in known or not isinstance(row, dict):
                raise BackupError(f"{path}: a row of unknown table {name!r}")
            if name != current:
                flush()
                current = name
            columns = known[name].columns
            extra = [k for k in row if k not in columns]
            if extra:
                raise BackupError(f"{path}: table {name!r} has no column {extra[0]!r}")
            batch.append(row)
            summary.rows[name] = summary.rows.get(name, 0) + 1
            if progress is not None:
                progress(name, summary.rows[name])
            if len(batch) >= BATCH:
                flush()
        flush()
        db.flush()
        _reset_sequences(db)
        heads = header.get("heads") or {}
        summary.sessions = len(heads)
        for sid, head in heads.items():
            report = audit_session(db=db, session_id=sid)
            if report.head != head:
                summary.problems.append(f"session {sid}: head {report.head} is not {head}")
            summary.problems.extend(f"session {sid}: {finding}" for finding in report.findings)
        if summary.problems:
            shown = "; ".join(summary.problems[:5])
            raise BackupError(f"{path}: the restored sessions do not pass the audit: {shown}")
    return summary
