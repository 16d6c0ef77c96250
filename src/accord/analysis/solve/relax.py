"""Minimal relaxations by integer programming: minimal correction sets.

Every constraint (red line or reservation) gets an indicator that drops it.
Minimising the number dropped finds a smallest relaxation; a row then forbids
every superset of it, and the next solve finds the next one. Sets come out by
increasing size, so each is minimal, and the list is complete when a solve is
infeasible (or stops at ``max_size``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.solve.model import Model

MAX_RELAXATIONS = 200
"""Most relaxations listed."""


@dataclass(frozen=True)
class FoundRelaxation:
    """Constraint positions dropped, and a package that the relaxed ZOPA admits."""

    dropped: tuple[int, ...]
    digits: np.ndarray
    units: tuple[int, ...]


def minimal_relaxations(model: Model, max_size: int) -> tuple[list[FoundRelaxation], bool]:
    """All minimal relaxations of at most ``max_size`` constraints, and whether the
    search proved the list complete (no relaxation of that size remains)."""
    cols = model.relax_cols
    objective = {c: -1.0 for c in cols}
    found: list[FoundRelaxation] = []
    model.add_row({c: 1.0 for c in cols}, -model.inf, float(max_size))
    while len(found) < MAX_RELAXATIONS:
        solved = model.maximize(objective)
        if solved is None:
            return found, True
        values = np.asarray(model.h.getSolution().col_value)
        dropped = tuple(b for b, c in enumerate(cols) if values[c] > 0.5)
        found.append(FoundRelaxation(dropped, solved.digits, tuple(model.units(solved.digits))))
        model.add_row({cols[b]: 1.0 for b in dropped}, -model.inf, len(dropped) - 1.0)
    return found, False
