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
    nash: list[float] | None = None
    load_seconds: float | None = None
    analysis_seconds: float | None = None
    party_ids: list[str] = field(default_factory=list)
    note: str = ""
    """Anything worth knowing about how the domain was read."""

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


def analyze_domain(path: Path, root: Path, *, max_outcomes: int) -> CorpusRow:
    """Import and analyse one domain; problems become the row's status, never exceptions."""
    from accord.analysis import analyze

    name = str(path.relative_to(root)) if path != root else path.name
    row = CorpusRow(domain=name, format=str(detect(path)) if path.exists() else "?")
    start = time.perf_counter()
    try:
        scenario = load_any(path)
    except ScenarioError as error:
        uncapped = _read_uncapped(path) if row.format == Format.GENIUS else None
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
    if row.outcomes > max_outcomes:
        row.status = "too large"
        return row
    start = time.perf_counter()
    result = analyze(scenario, max_outcomes=max_outcomes)
    row.analysis_seconds = time.perf_counter() - start
    row.zopa_size = result.zopa_size
    row.pareto_size = len(result.frontier)
    if result.solutions.nash is not None:
        row.nash = list(result.solutions.nash.utilities)
    return row


def _read_uncapped(path: Path) -> Scenario | None:
    """A GENIUS domain read without the utility cap, or ``None`` if even that fails."""
    from accord.io.genius import read_genius

    try:
        return read_genius(path, cap=False)
    except ScenarioError:
        return None


def analyze_corpus(root: Path, *, max_outcomes: int) -> Iterator[CorpusRow]:
    """Analyse every domain under ``root``, yielding rows as they are done."""
    for path, _ in find_domains(root):
        yield analyze_domain(path, root, max_outcomes=max_outcomes)
