"""Box arithmetic shared by the GENIUS reader and writer.

Hyper-rectangles over option indices, the largest sum of boxes that share a
point, and the cells of the space where such a sum exceeds a limit (GENIUS caps
every utility at 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TOL = 1e-12
"""Utilities closer than this are the same (float noise)."""
SEARCH_NODES = 6_000
"""Most regions examined when looking for the cells where GENIUS's cap at 1 binds."""
MAX_CELLS = 5_000
"""Most cells (and so correction rectangles) that represent GENIUS's cap for one profile."""
MAX_ENUMERATED = 1_000_000
"""Largest (sub)space enumerated outcome by outcome to find where the cap binds."""


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
