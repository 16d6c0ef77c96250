"""``accord audit``: check sessions against their hash chains, one or all."""

from __future__ import annotations

import typer

from accord.cli.common import fail
from accord.cli.live import open_store


def _print_report(report: object, *, prefix: str = "") -> None:
    from accord.store.audit import AuditReport

    assert isinstance(report, AuditReport)
    if report.intact:
        typer.echo(f"{prefix}intact: {report.events} events, every table agrees with the chain")
        return
    typer.echo(f"{prefix}TAMPERED: {len(report.findings)} contradiction(s) with the chain")
    for finding in report.findings:
        typer.echo(f"{prefix}  {finding}")


def audit_one(session: str, db: str, *, head: bool, expect_head: str | None) -> None:
    """Audit one session; exit 1 if the chain or any table contradicts it."""
    from accord.store.audit import audit_session, contains_head

    store = open_store(db)
    with store.sessions() as connection:
        try:
            report = audit_session(db=connection, session_id=session)
        except LookupError:
            fail(f"--db {db}: no session {session!r}")
        kept = (
            contains_head(db=connection, session_id=session, head=expect_head)
            if expect_head
            else True
        )
    store.engine.dispose()
    if head:
        typer.echo(report.head)
        if not report.intact:
            _print_report(report)
    else:
        _print_report(report)
    if not kept:
        typer.echo(f"the kept head {expect_head} is not in the chain: the log was rewritten")
    if not report.intact or not kept:
        raise typer.Exit(1)


def audit_all(db: str, *, head: bool) -> None:
    """Audit every session of the database with a progress bar; exit 1 if any is tampered."""
    from accord.cli.progress import progress_bar
    from accord.store.audit import audit_session, session_ids

    store = open_store(db)
    tampered = 0
    with store.sessions() as connection:
        ids = session_ids(connection)
        reports = []
        with progress_bar() as bar:
            task = bar.add_task("Auditing", total=len(ids))
            for sid in ids:
                reports.append(audit_session(db=connection, session_id=sid))
                bar.advance(task)
    store.engine.dispose()
    for report in reports:
        if head:
            typer.echo(f"{report.session} {report.head}")
        if not report.intact:
            tampered += 1
            typer.echo(f"session {report.session}:")
            _print_report(report, prefix="  ")
    typer.echo(
        f"{len(reports)} sessions audited: {len(reports) - tampered} intact, {tampered} tampered"
    )
    if tampered:
        raise typer.Exit(1)
