"""Analyse every domain under a folder: GENIUS domains, GeniusWeb profile sets and
Accord scenario files, one row per domain."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from accord.io.errors import ScenarioError
from accord.io.formats import Format, detect, is_genius_domain_file, is_geniusweb_profile, load_any
from accord.model.scenario import Scenario

SCENARIO_SUFFIXES = {".yaml", ".yml", ".json"}


@dataclass
class CorpusRow:
    """What the analysis found on one domain."""

    domain: str
    """Path relative to the corpus root."""
    format: str
    status: str = "ok"
    """``ok``, ``too large`` (not enumerated) or ``error: ...``."""
    issues: int | None = None
    outcomes: int | None = None
    parties: int | None = None
    zopa_size: int | None = None
    pareto_size: int | None = None
    """Packages on the frontier (``None`` when the solver could not count them)."""
    pareto_vectors: int | None = None
    """Distinct utility vectors on the frontier."""
    nash: list[float] | None = None
    load_seconds: float | None = None
    analysis_seconds: float | None = None
    party_ids: list[str] = field(default_factory=list)
    note: str = ""
    """Anything worth knowing about how the domain was read."""
    method: str = ""
    """``enumerated`` or ``solver`` (certified integer programming)."""
    pareto_complete: bool | None = None
    """Is ``pareto_size`` the whole frontier (a solver's sample for 3+ parties is not)?"""
    audit_shipped: int | None = None
    """Points in the domain's shipped ``pareto.xml`` (with ``--audit-pareto``)."""
    audit_optimal: int | None = None
    """Of those, the points on the exact frontier."""
    audit_worst_margin: float | None = None
    """Largest margin by which the exact frontier beats a shipped point."""
    audit_missing: int | None = None
    """Exact frontier points the shipped file leaves out."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready row."""
        return asdict(self)


def find_domains(root: Path) -> list[tuple[Path, Format]]:
    """Every domain under ``root``, in sorted path order.

    A folder holding a GENIUS domain file or GeniusWeb profiles is one domain
    (its sub-folders are searched too); any other ``.yaml``/``.yml``/``.json`` file is
    taken as an Accord scenario.
    """
    found: list[tuple[Path, Format]] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        paths = sorted(here / f for f in files)
        if any(is_genius_domain_file(p) for p in paths):
            found.append((here, Format.GENIUS))
            continue
        if any(is_geniusweb_profile(p) for p in paths):
            found.append((here, Format.GENIUSWEB))
            continue
        found.extend((p, Format.ACCORD) for p in paths if p.suffix.lower() in SCENARIO_SUFFIXES)
    return found


def analyze_domain(
    path: Path,
    root: Path,
    *,
    max_outcomes: int,
    solver: bool = True,
    audit_pareto: bool = False,
    cap: bool = True,
) -> CorpusRow:
    """Import and analyse one domain; problems become the row's status, never exceptions.

    Spaces above ``max_outcomes`` go to the certified solver analysis when
    ``solver`` is set and HiGHS is installed, and are listed as too large otherwise.
    """
    from accord.analysis import analyze
    from accord.analysis.summary import distinct_frontier

    name = str(path.relative_to(root)) if path != root else path.name
    row = CorpusRow(domain=name, format=str(detect(path)) if path.exists() else "?")
    start = time.perf_counter()
    try:
        scenario = load_any(path, cap=cap)
    except ScenarioError as error:
        uncapped = _read_uncapped(path) if row.format == Format.GENIUS and cap else None
        if uncapped is None:
            row.status = f"error: {error}"
            return row
        # GENIUS caps utilities at 1; where that cap cannot be represented exactly the
        # strict reader refuses. The domain is still listed, read without the cap.
        scenario = uncapped
        row.note = "read without GENIUS's utility cap"
    row.load_seconds = time.perf_counter() - start
    row.issues = len(scenario.issues)
    row.outcomes = scenario.space.size
    row.parties = len(scenario.parties)
    row.party_ids = list(scenario.party_ids)
    start = time.perf_counter()
    if row.outcomes > max_outcomes:
        frontier = _solve(scenario, row) if solver else None
        if frontier is None:
            if row.status == "ok":
                row.status = "too large"
            return row
    else:
        result = analyze(scenario, max_outcomes=max_outcomes)
        row.method = "enumerated"
        row.zopa_size = result.zopa_size
        row.pareto_size = len(result.frontier)
        row.pareto_vectors = len(distinct_frontier(result.frontier))
        row.pareto_complete = True
        if result.solutions.nash is not None:
            row.nash = list(result.solutions.nash.utilities)
        frontier = result.frontier.utilities
    row.analysis_seconds = time.perf_counter() - start
    if audit_pareto and row.format == Format.GENIUS:
        _audit(path, frontier, row)
    return row


def _solve(scenario: Scenario, row: CorpusRow) -> Any:
    """Fill the row from the solver analysis; the frontier's utilities, or ``None``."""
    from accord.analysis.solve import SolverFailed, SolverMissing, solve_scenario

    try:
        result = solve_scenario(scenario)
    except SolverMissing:
        row.note = "install accord[solve] to analyse it with the solver"
        return None
    except SolverFailed as error:
        row.status = f"error: {error}"
        return None
    import numpy as np

    row.method = "solver"
    row.pareto_size = result.pareto_size
    row.pareto_vectors = len(result.frontier)
    row.pareto_complete = result.frontier_complete
    nash = result.solutions["nash"]
    if nash is not None:
        row.nash = list(nash.utilities)
    row.zopa_size = None
    return np.array([p.utilities for p in result.frontier]).reshape(-1, len(scenario.parties))


def _audit(path: Path, frontier: Any, row: CorpusRow) -> None:
    from accord.io.genius.pareto import audit, read_pareto

    folder = path if path.is_dir() else path.parent
    shipped = read_pareto(folder / "pareto.xml")
    if shipped is None or shipped.shape[1] != frontier.shape[1]:
        return
    found = audit(shipped, frontier)
    row.audit_shipped = found.shipped
    row.audit_optimal = found.optimal
    row.audit_worst_margin = found.worst_margin
    row.audit_missing = found.missing


def _read_uncapped(path: Path) -> Scenario | None:
    """A GENIUS domain read without the utility cap, or ``None`` if even that fails."""
    from accord.io.genius import read_genius

    try:
        return read_genius(path, cap=False)
    except ScenarioError:
        return None


def analyze_corpus(root: Path, *, max_outcomes: int, solver: bool = True) -> Iterator[CorpusRow]:
    """Analyse every domain under ``root``, yielding rows as they are done."""
    for path, _ in find_domains(root):
        yield analyze_domain(path, root, max_outcomes=max_outcomes, solver=solver)
