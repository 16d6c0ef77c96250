"""``accord corpus``: a progress bar while domains are analysed, then a summary table
and the rows as CSV and/or JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from accord.cli.progress import progress_bar
from accord.io.corpus import CorpusRow, analyze_domain, find_domains

CSV_FIELDS = [
    "domain",
    "format",
    "status",
    "issues",
    "outcomes",
    "parties",
    "zopa_size",
    "pareto_size",
    "pareto_vectors",
    "nash",
    "load_seconds",
    "analysis_seconds",
    "method",
    "pareto_complete",
    "audit_shipped",
    "audit_optimal",
    "audit_worst_margin",
    "audit_missing",
    "note",
]


def run_corpus(
    folder: Path,
    *,
    csv_path: Path | None,
    json_path: Path | None,
    max_outcomes: int,
    audit_pareto: bool = False,
    cap: bool = True,
    solver: bool = True,
) -> list[CorpusRow]:
    """Analyse every domain under ``folder``; print the summary; write the requested files."""
    out = Console()
    domains = find_domains(folder)
    rows: list[CorpusRow] = []
    with progress_bar() as bar:
        task = bar.add_task("Analysing domains", total=len(domains))
        for path, _ in domains:
            bar.update(task, description=f"Analysing {path.name}")
            rows.append(
                analyze_domain(
                    path,
                    folder,
                    max_outcomes=max_outcomes,
                    audit_pareto=audit_pareto,
                    cap=cap,
                    solver=solver,
                )
            )
            bar.advance(task)
    out.print(summary_table(rows))
    if audit_pareto:
        out.print(audit_table(rows))
    if csv_path is not None:
        write_csv(rows, csv_path)
        out.print(f"Rows written to {csv_path}")
    if json_path is not None:
        json_path.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
        out.print(f"Rows written to {json_path}")
    return rows


def write_csv(rows: list[CorpusRow], path: Path) -> None:
    """One line per domain; Nash utilities joined with ``;``."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for row in rows:
            data = {k: v for k, v in row.as_dict().items() if k in CSV_FIELDS}
            if row.nash is not None:
                data["nash"] = ";".join(f"{u:.6f}" for u in row.nash)
            writer.writerow(data)


def summary_table(rows: list[CorpusRow]) -> Table:
    """The rows as a Rich table with totals in the caption."""
    table = Table(title="Corpus", title_justify="left")
    table.add_column("Domain", min_width=24, overflow="fold")
    for name in ("Parties", "Issues", "Outcomes", "ZOPA", "Pareto"):
        table.add_column(name, justify="right")
    table.add_column("Nash utilities", overflow="fold")
    table.add_column("Method")
    table.add_column("Time", justify="right")
    for row in rows:
        if row.status != "ok":
            table.add_row(
                row.domain,
                _n(row.parties),
                _n(row.issues),
                _n(row.outcomes),
                "",
                "",
                f"[yellow]{row.status}[/yellow]",
                "",
                "",
            )
            continue
        nash = " ".join(f"{u:.2f}" for u in row.nash) if row.nash else "no ZOPA"
        seconds = (row.load_seconds or 0.0) + (row.analysis_seconds or 0.0)
        table.add_row(
            row.domain,
            _n(row.parties),
            _n(row.issues),
            _n(row.outcomes),
            _n(row.zopa_size) if row.method != "solver" else ("yes" if row.nash else "none"),
            _frontier_cell(row),
            nash,
            row.method,
            f"{seconds:.3f} s",
        )
    ok = [r for r in rows if r.status == "ok"]
    total = sum((r.load_seconds or 0) + (r.analysis_seconds or 0) for r in ok)
    table.caption = (
        f"{len(rows)} domains: {len(ok)} analysed in {total:.2f} s, "
        f"{sum(r.status == 'too large' for r in rows)} too large, "
        f"{sum(r.status.startswith('error') for r in rows)} with errors"
        + (
            f"; {sum(bool(r.note) for r in rows)} read without GENIUS's utility cap"
            if any(r.note for r in rows)
            else ""
        )
    )
    return table


def audit_table(rows: list[CorpusRow]) -> Table:
    """Shipped ``pareto.xml`` files against the exact frontier."""
    table = Table(title="Shipped Pareto frontiers (pareto.xml) against the exact frontier")
    table.add_column("Domain", min_width=24, overflow="fold")
    for name in ("Shipped", "Optimal", "Beaten by (max)", "Missing", "Exact frontier"):
        table.add_column(name, justify="right")
    for row in rows:
        if row.audit_shipped is None:
            continue
        table.add_row(
            row.domain,
            _n(row.audit_shipped),
            _n(row.audit_optimal),
            f"{row.audit_worst_margin or 0.0:.4f}",
            _n(row.audit_missing),
            _n(row.pareto_vectors),
        )
    return table


def _frontier_cell(row: CorpusRow) -> str:
    """Frontier packages; when the solver could not count them, the distinct vectors."""
    if row.pareto_size is None and row.pareto_vectors is not None:
        text = f"? ({row.pareto_vectors:,} vectors)"
    else:
        text = _n(row.pareto_size)
    return text + ("" if row.pareto_complete is not False else " (sample)")


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"
