"""Import and export of GENIUS negotiation domains (the XML format of the ANAC competitions).

>>> from accord.io.genius import read_genius, read_genius_files, write_genius

:func:`read_genius` reads a folder holding one domain file (root element
``negotiation_template``) and one utility-space file per party (root element
``utility_space``); :func:`read_genius_files` takes the files explicitly.
:func:`write_genius` writes a scenario back as GENIUS files and returns
warnings for what the format cannot hold. Utilities follow GENIUS's own
definitions (its ``genius.core`` Java sources): see ``docs/genius.md``.

Reading raises nothing but :class:`~accord.io.errors.ScenarioError`. This module
also holds what the reader and the writer share: safe XML parsing, the names of
files and parties, and box arithmetic (hyper-rectangles over option indices, the
largest sum of boxes that share a point, and the cells of the space where such
a sum exceeds a limit, since GENIUS caps every utility at 1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree as ET
from xml.parsers import expat

import numpy as np

from accord.io.errors import ScenarioError
from accord.model.scenario import Scenario

__all__ = ["read_genius", "read_genius_files", "write_genius"]

TOL = 1e-12
"""Utilities closer than this are the same (float noise)."""
MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest XML file read."""
SEARCH_NODES = 6_000
"""Most regions examined when looking for the cells where GENIUS's cap at 1 binds."""
MAX_CELLS = 5_000
"""Most cells (and so correction rectangles) that represent GENIUS's cap for one profile."""
MAX_ENUMERATED = 1_000_000
"""Largest (sub)space enumerated outcome by outcome to find where the cap binds."""


def read_genius(path: Path | str, *, real_steps: int = 11, cap: bool = True) -> Scenario:
    """Read a GENIUS scenario from a folder, or from a domain file and its folder's profiles.

    Every ``.xml`` file of the folder is examined: the one domain file, every
    utility-space file (one party each), and nothing else (files that are not
    XML, such as the ``pareto.xml`` point lists of ANAC 2014, are skipped; XML
    that does not parse is an error). Real-valued issues become grids of
    ``real_steps`` evenly spaced points including both bounds.

    ``cap`` applies GENIUS's cap of every utility at 1 (current GENIUS does;
    the releases used up to ANAC 2014 did not cap hyper-rectangle utilities).
    Where the cap binds, it is represented exactly by correction rectangles,
    or the profile is refused when that would take too many.
    """
    from accord.io.genius_read import read_path

    return read_path(Path(path), real_steps=real_steps, cap=cap)


def read_genius_files(
    domain: Path | str,
    profiles: Sequence[Path | str],
    *,
    real_steps: int = 11,
    cap: bool = True,
) -> Scenario:
    """Read a GENIUS scenario from a domain file and the given utility-space files."""
    from accord.io.genius_read import read_files

    return read_files(
        Path(domain), [Path(p) for p in profiles], real_steps=real_steps, cap=cap, name=None
    )


def write_genius(scenario: Scenario, directory: Path | str) -> list[str]:
    """Write ``scenario`` as GENIUS files in ``directory``; return what could not be kept.

    Writes ``<name>-domain.xml`` and one ``<name>-<party id>.xml`` per party.
    Read back with GENIUS's semantics, every outcome keeps its utility for every
    party (up to float printing), and so does every reservation value. Red lines,
    mediators, sources, proposals, history and evidence are dropped, each with a
    warning. Raises :class:`~accord.io.errors.ScenarioError` when a utility
    cannot be written exactly (GENIUS caps utilities at 1).
    """
    from accord.io.genius_write import write_scenario

    return write_scenario(scenario, Path(directory))


# --- Files and names ----------------------------------------------------------------------


class _Refused(Exception):
    """A DOCTYPE or ENTITY declaration met while parsing."""


def load_xml(path: Path) -> ET.Element | None:
    """The root element of an XML file, or ``None`` when the file is not XML at all.

    Files over :data:`MAX_FILE_BYTES` and documents with a DOCTYPE (hence
    possible entity declarations) are refused; nothing external is ever fetched.
    """
    source = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(source, "", f"the file is larger than {MAX_FILE_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise ScenarioError(
            source, "", f"cannot read the file: {error.strerror or error}"
        ) from None
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<") and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()

    def refuse(*_: object) -> NoReturn:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ScenarioError(
            source, "", "DOCTYPE and ENTITY declarations are refused (GENIUS files have none)"
        ) from None
    except expat.ExpatError as error:
        raise ScenarioError(
            source,
            "",
            f"not well-formed XML: {expat.ErrorString(error.code)} "
            f"(line {error.lineno}, column {error.offset})",
        ) from None
    return builder.close()


def scenario_name(domain: Path) -> str:
    """The name of a domain file without a trailing ``domain``."""
    parts = _tokens(domain.stem)
    if len(parts) > 1 and parts[-1].lower() == "domain":
        parts = parts[:-1]
    return " ".join(parts) or domain.stem


def _tokens(stem: str) -> list[str]:
    return [t for t in re.split(r"[\s_.\-]+", stem) if t]


def slug(text: str) -> str:
    """``text`` in lower case with runs of other characters turned into ``-``."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")[:60].strip("-")


def unique(ids: list[str], fallback: str) -> list[str]:
    """``ids`` made distinct (``x``, ``x-2``, ...), empty ones replaced by ``<fallback>-<n>``."""
    out: list[str] = []
    for n, ident in enumerate(ids, start=1):
        base = ident or f"{fallback}-{n}"
        candidate, k = base, 2
        while candidate in out:
            candidate, k = f"{base}-{k}", k + 1
        out.append(candidate)
    return out


def party_names(domain: Path, profiles: Sequence[Path]) -> list[tuple[str, str]]:
    """``(id, name)`` of each profile: its file name without what it shares with the others.

    The domain's stem (with or without a trailing ``domain``) is stripped when
    every profile starts with it; then the words all profiles share at the start
    and at the end. A remainder that is only a number keeps the word before it.
    """
    stems = [_tokens(p.stem) for p in profiles]
    dom = _tokens(domain.stem)
    for prefix in (dom, dom[:-1] if dom and dom[-1].lower() == "domain" else []):
        n = len(prefix)
        if n and all(s[:n] == prefix and len(s) > n for s in stems):
            stems = [s[n:] for s in stems]
            break
    dropped = ""
    if len(stems) > 1:
        while all(len(s) > 1 for s in stems) and len({s[0] for s in stems}) == 1:
            dropped = stems[0][0]
            stems = [s[1:] for s in stems]
        while all(len(s) > 1 for s in stems) and len({s[-1] for s in stems}) == 1:
            stems = [s[:-1] for s in stems]
    stems = [[dropped, *s] if dropped and len(s) == 1 and s[0].isdigit() else s for s in stems]
    names = [" ".join(s) for s in stems]
    ids = unique([slug("-".join(s)) for s in stems], "party")
    return list(zip(ids, names, strict=True))


def file_names(scenario: Scenario) -> tuple[str, dict[str, str]]:
    """The domain file name and each party's profile file name for ``scenario``."""
    stem = ""
    for word in (w for w in re.split(r"[^\w]+", scenario.name, flags=re.ASCII) if w):
        if stem and len(stem) + len(word) >= 40:
            break
        stem = f"{stem}-{word}" if stem else word
    stem = stem or "scenario"
    files: dict[str, str] = {}
    for pid in scenario.party_ids:
        safe = re.sub(r"[^\w-]+", "-", pid, flags=re.ASCII).strip("-") or "party"
        base = f"{stem}-{safe}"
        name, n = f"{base}.xml", 2
        while name in files.values() or name == f"{stem}-domain.xml":
            name, n = f"{base}-{n}.xml", n + 1
        files[pid] = name
    return f"{stem}-domain.xml", files


# --- Boxes: hyper-rectangles over option indices --------------------------------------


@dataclass(frozen=True)
class Boxes:
    """Weighted boxes over a grid of option indices, as arrays.

    Box ``j`` holds the outcomes whose option index on issue ``i`` lies in
    ``lo[j, i] .. hi[j, i]`` for every issue, and is worth ``weight[j]``.
    """

    lo: np.ndarray
    hi: np.ndarray
    weight: np.ndarray

    @classmethod
    def of(
        cls, sizes: Sequence[int], boxes: Sequence[tuple[dict[int, tuple[int, int]], float]]
    ) -> Boxes:
        """Boxes from ``({issue position: (lo, hi)}, weight)`` pairs (unlisted issues: any)."""
        n, k = len(boxes), len(sizes)
        lo = np.zeros((n, k), dtype=np.int64)
        hi = np.tile(np.asarray(sizes, dtype=np.int64) - 1, (n, 1))
        weight = np.zeros(n)
        for j, (bounds, w) in enumerate(boxes):
            for i, (a, b) in bounds.items():
                lo[j, i], hi[j, i] = a, b
            weight[j] = w
        return cls(lo, hi, weight)


def max_overlap(
    lo: np.ndarray, hi: np.ndarray, weight: np.ndarray, budget: int = 50_000
) -> tuple[float, bool]:
    """An upper bound on the largest sum of positive weights of boxes sharing a point,
    and whether it is exact (it is unless the search runs out of ``budget``).

    Boxes share a point exactly
    when they overlap pairwise, so the answer is a heaviest clique of the
    overlap graph, found as a heaviest independent set of the (sparse) graph of
    disjoint pairs, component by component.
    """
    keep = weight > 0
    lo, hi, w = lo[keep], hi[keep], weight[keep]
    n = w.size
    if n == 0:
        return 0.0, True
    disjoint = (
        np.maximum(lo[:, None, :], lo[None, :, :]) > np.minimum(hi[:, None, :], hi[None, :, :])
    ).any(axis=2)
    neighbours = [sum(1 << int(u) for u in np.flatnonzero(row)) for row in disjoint]
    search = _Search(neighbours, [float(x) for x in w], budget)
    best = search.heaviest((1 << n) - 1)
    if search.steps > budget:
        return float(w.sum()), False
    return best, True


class _Search:
    """Heaviest independent set by branching on the busiest node, with memory (bitmask sets)."""

    def __init__(self, neighbours: list[int], weights: list[float], budget: int) -> None:
        self.neighbours, self.weights, self.budget = neighbours, weights, budget
        self.memo: dict[int, float] = {}
        self.steps = 0

    def total(self, mask: int) -> float:
        out = 0.0
        while mask:
            low = mask & -mask
            out += self.weights[low.bit_length() - 1]
            mask ^= low
        return out

    def components(self, mask: int) -> list[int]:
        out = []
        while mask:
            part = grow = mask & -mask
            while grow:
                reach = 0
                while grow:
                    low = grow & -grow
                    reach |= self.neighbours[low.bit_length() - 1]
                    grow ^= low
                grow = reach & mask & ~part
                part |= grow
            out.append(part)
            mask &= ~part
        return out

    def heaviest(self, mask: int) -> float:
        if mask in self.memo:
            return self.memo[mask]
        self.steps += 1
        parts = self.components(mask)
        if len(parts) > 1 or self.steps > self.budget:
            best = (
                sum(self.heaviest(p) for p in parts)
                if self.steps <= self.budget
                else self.total(mask)
            )
        else:
            busiest, degree, rest = -1, 0, mask
            while rest:
                low = rest & -rest
                v = low.bit_length() - 1
                d = (self.neighbours[v] & mask).bit_count()
                if d > degree:
                    busiest, degree = v, d
                rest ^= low
            if degree == 0:
                best = self.total(mask)
            else:
                without = mask & ~(1 << busiest)
                best = max(
                    self.heaviest(without),
                    self.weights[busiest] + self.heaviest(without & ~self.neighbours[busiest]),
                )
        self.memo[mask] = best
        return best


@dataclass(frozen=True)
class Cell:
    """A box of the outcome space on which a sum of boxes is constant."""

    lo: tuple[int, ...]
    hi: tuple[int, ...]
    total: float


def peak_cells(boxes: Boxes, sizes: Sequence[int], limit: float) -> list[Cell] | None:
    """Disjoint cells covering every outcome where the boxes' sum exceeds ``limit`` (+ TOL).

    The cells where the positive boxes alone exceed the limit come first; within
    each, the negative boxes decide. Returns ``None`` when that takes more than
    :data:`SEARCH_NODES` regions or :data:`MAX_CELLS` cells.
    """
    positive = boxes.weight > 0
    if positive.all():
        return cells_above(boxes, sizes, limit)
    top = Boxes(boxes.lo[positive], boxes.hi[positive], boxes.weight[positive])
    found = cells_above(top, sizes, limit)
    if found is None:
        return None
    out: list[Cell] = []
    for cell in found:
        inner = cells_above(boxes, sizes, limit, (np.array(cell.lo), np.array(cell.hi)))
        if inner is None or len(out) + len(inner) > MAX_CELLS:
            return None
        out += inner
    return out


def cells_above(
    boxes: Boxes,
    sizes: Sequence[int],
    limit: float,
    region: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Cell] | None:
    """Disjoint cells covering every outcome of ``region`` (default: all) where the boxes'
    sum exceeds ``limit`` (+ TOL).

    Splits the region along box edges, pruning parts whose largest possible sum
    stays within the limit. Returns ``None`` when more than :data:`SEARCH_NODES`
    regions or :data:`MAX_CELLS` cells would be needed.
    """
    k = len(sizes)
    start = region or (np.zeros(k, dtype=np.int64), np.asarray(sizes, dtype=np.int64) - 1)
    stack = [(start[0], start[1], np.arange(boxes.weight.size))]
    cells: list[Cell] = []
    nodes = 0
    while stack:
        rlo, rhi, active = stack.pop()
        nodes += 1
        if nodes > SEARCH_NODES or len(cells) > MAX_CELLS:
            return None
        lo, hi, w = boxes.lo[active], boxes.hi[active], boxes.weight[active]
        clo, chi = np.maximum(lo, rlo), np.minimum(hi, rhi)
        meets = (clo <= chi).all(axis=1)
        full = meets & (lo <= rlo).all(axis=1) & (hi >= rhi).all(axis=1)
        part = meets & ~full
        base = float(w[full].sum())
        if base + float(w[part & (w > 0)].sum()) <= limit + TOL:
            continue
        if not part.any():
            cells.append(Cell(tuple(rlo.tolist()), tuple(rhi.tolist()), base))
            continue
        if base + max_overlap(clo[part], chi[part], w[part])[0] <= limit + TOL:
            continue
        partial = np.flatnonzero(part)
        heavy = partial[w[partial] > 0]  # split on positive boxes first, the heaviest
        pick = (
            heavy[int(np.argmax(w[heavy]))] if heavy.size else partial[int(np.argmin(w[partial]))]
        )
        axis = int(np.flatnonzero((clo[pick] != rlo) | (chi[pick] != rhi))[0])
        cuts = [
            (rlo[axis], clo[pick, axis] - 1),
            (clo[pick, axis], chi[pick, axis]),
            (chi[pick, axis] + 1, rhi[axis]),
        ]
        survivors = active[meets]
        for a, b in cuts:
            if a <= b:
                nlo, nhi = rlo.copy(), rhi.copy()
                nlo[axis], nhi[axis] = a, b
                stack.append((nlo, nhi, survivors))
    return cells
