"""The ``pareto.xml`` files GENIUS ships beside some domains, and their audit.

GENIUS reads a domain's Pareto frontier from that file instead of computing it.
The file is one utility pair per line (party order as the domain's profiles).
An audit compares each shipped point with the exact frontier: a point is
*optimal* when the frontier holds it (within the file's printed precision), and
otherwise *beaten* by the largest margin by which one frontier package is
better for every party.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

PRECISION = 1e-6
"""The files print about eight significant digits."""


def read_pareto(path: Path) -> np.ndarray | None:
    """Shipped frontier points, shape ``(n, k)``; ``None`` if there is no readable file."""
    if not path.is_file():
        return None
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            rows.append([float(x) for x in line.replace(";", ",").split(",")])
        except ValueError:
            return None
    if not rows or len({len(r) for r in rows}) != 1:
        return None
    return np.array(rows)


@dataclass(frozen=True)
class Audit:
    """How a shipped frontier compares with the exact one."""

    shipped: int
    optimal: int
    """Shipped points that are on the exact frontier."""
    worst_margin: float
    """Largest margin by which a frontier package beats a shipped point for every party
    (0 when all are optimal)."""
    missing: int
    """Exact frontier points the file leaves out."""


def audit(shipped: np.ndarray, frontier: np.ndarray) -> Audit:
    """Compare shipped points (n, k) with the exact frontier utilities (m, k)."""
    if frontier.size == 0:
        return Audit(len(shipped), 0, 0.0, 0)
    diff = frontier[None, :, :] - shipped[:, None, :]
    same = np.all(np.abs(diff) <= PRECISION, axis=2)
    on = same.any(axis=1)
    margins = diff.min(axis=2).max(axis=1)
    worst = float(np.max(np.where(on, 0.0, np.maximum(margins, 0.0)), initial=0.0))
    return Audit(len(shipped), int(on.sum()), worst, int((~same.any(axis=0)).sum()))
