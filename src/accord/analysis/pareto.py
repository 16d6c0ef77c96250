"""Pareto frontier of a set of utility vectors, for any number of parties.

``q`` dominates ``p`` when ``q >= p`` in every coordinate and ``q > p`` in at
least one, comparing utilities as ticks (see :mod:`accord.analysis.exact`): two
utilities that round to the same tick are equal. Equal points do not dominate
each other, so duplicates of a frontier point are all on the frontier. Every
comparison below is made on ``int64`` ticks, so it is exact.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.exact import ticks

_BLOCK = 512
_CELLS = 1 << 20
_BINS = 256
"""Bins per axis of the grid filter for three parties."""


def frontier_mask(points: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of ``points`` (shape ``(n, k)``) that no other row dominates."""
    points = ticks(points)
    n, k = points.shape
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    if k == 3 and n >= 64:
        alive = np.flatnonzero(~_dominated_on_grid(points))
    else:
        alive = np.flatnonzero(~_dominated_by_anchors(points))
    sub = points[alive]
    if k == 1:
        keep[alive] = sub[:, 0] == sub[:, 0].max()
    elif k == 2:
        keep[alive] = _frontier_2d(sub)
    else:
        unique, inverse = _unique_rows(sub)
        keep[alive] = _frontier_nd(unique)[inverse]
    return keep


def dominated_by(points: np.ndarray, dominators: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of ``points`` dominated by some row of ``dominators``."""
    return _dominated_by(ticks(points), ticks(dominators))


def _dominated_by(points: np.ndarray, dominators: np.ndarray) -> np.ndarray:
    """:func:`dominated_by` on ticks."""
    n, k = points.shape
    out = np.zeros(n, dtype=bool)
    for start in range(0, dominators.shape[0], _BLOCK):
        block = dominators[start : start + _BLOCK].T
        step = max(1, _CELLS // block.shape[1])
        for lo in range(0, n, step):
            pts = points[lo : lo + step].T
            geq = block[0][None, :] >= pts[0][:, None]
            gt = block[0][None, :] > pts[0][:, None]
            for j in range(1, k):
                geq &= block[j][None, :] >= pts[j][:, None]
                gt |= block[j][None, :] > pts[j][:, None]
            out[lo : lo + step] |= (geq & gt).any(axis=1)
    return out


def _dominated_by_anchors(points: np.ndarray) -> np.ndarray:
    """Cheap exact pre-filter: drop points dominated by maximisers of weighted sums.

    The maximiser of the plain sum usually dominates most of the space; the
    survivors are then filtered again by maximisers of skewed sums.
    """
    n, k = points.shape
    dominated = np.zeros(n, dtype=bool)
    if n < 64:
        return dominated
    columns = [points[:, j] for j in range(k)]
    total = points.sum(axis=1)
    _mark_dominated(columns, points[int(np.argmax(total))], dominated)
    alive = np.flatnonzero(~dominated)
    sub = points[alive]
    # Any point may serve as an anchor: the choice only decides how much is pruned.
    directions = np.vstack([np.eye(k) * 3.0 + 1.0, np.eye(k) + 3.0])
    anchors = sub[np.unique(np.argmax(directions @ sub.T.astype(float), axis=1))]
    sub_dominated = np.zeros(alive.size, dtype=bool)
    sub_columns = [sub[:, j] for j in range(k)]
    for anchor in anchors:
        _mark_dominated(sub_columns, anchor, sub_dominated)
    dominated[alive] = sub_dominated
    return dominated


def _dominated_on_grid(points: np.ndarray) -> np.ndarray:
    """Cheap exact pre-filter for three parties: points strictly beaten in every coordinate.

    The first two coordinates are cut into bins (a higher bin means a strictly
    higher value); a table holds the largest third coordinate in each cell, and
    its suffix maximum over the cells strictly above and to the right says
    whether some point beats a point strictly everywhere.
    """
    cells = [_bin(points[:, j]) for j in (0, 1)]
    table = np.full((_BINS + 1, _BINS + 1), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(table, (cells[0] + 1, cells[1] + 1), points[:, 2])
    # best[a, b] = max of table[a', b'] over a' > a - 1 and b' > b - 1 (shifted by one)
    best = np.maximum.accumulate(np.maximum.accumulate(table[::-1], axis=0)[:, ::-1], axis=1)
    best = best[::-1, ::-1]
    above = np.full((_BINS + 2, _BINS + 2), np.iinfo(np.int64).min, dtype=np.int64)
    above[: _BINS + 1, : _BINS + 1] = best
    return above[cells[0] + 2, cells[1] + 2] > points[:, 2]


def _bin(column: np.ndarray) -> np.ndarray:
    """Bin of each value in ``0 .. _BINS-1``, non-decreasing in the value."""
    low, high = int(column.min()), int(column.max())
    if high == low:
        return np.zeros(column.size, dtype=np.int64)
    # exact integer arithmetic; differences stay below 2**54 and _BINS is small
    scaled = (column - low).astype(np.float64) * (_BINS / (high - low + 1))
    return np.minimum(scaled.astype(np.int64), _BINS - 1)


def _mark_dominated(columns: list[np.ndarray], anchor: np.ndarray, out: np.ndarray) -> None:
    """Set ``out`` where the point given by ``columns`` is dominated by ``anchor``."""
    leq = columns[0] <= anchor[0]
    less = columns[0] < anchor[0]
    for j in range(1, len(columns)):
        leq &= columns[j] <= anchor[j]
        less |= columns[j] < anchor[j]
    out |= leq & less


def _unique_rows(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows and, for each row, the position of its distinct row.

    One ``lexsort`` over the integer columns (much faster than ``np.unique(axis=0)``,
    which sorts rows as opaque byte strings).
    """
    order = np.lexsort(points.T[::-1])
    ordered = points[order]
    new = np.ones(order.size, dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(order.size, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def _frontier_2d(points: np.ndarray) -> np.ndarray:
    """Sweep in decreasing lexicographic order; a point is dominated iff an earlier distinct
    point reaches its second utility."""
    order = np.lexsort((-points[:, 1], -points[:, 0]))
    u0, u1 = points[order, 0], points[order, 1]
    new_group = np.ones(u0.size, dtype=bool)
    new_group[1:] = (u0[1:] != u0[:-1]) | (u1[1:] != u1[:-1])
    group_start = np.flatnonzero(new_group)[np.cumsum(new_group) - 1]
    best_before = np.empty(u1.size, dtype=np.int64)
    best_before[0] = np.iinfo(np.int64).min
    best_before[1:] = np.maximum.accumulate(u1)[:-1]
    keep_sorted = best_before[group_start] < u1
    keep = np.empty(u0.size, dtype=bool)
    keep[order] = keep_sorted
    return keep


def _frontier_nd(unique: np.ndarray) -> np.ndarray:
    """Frontier of distinct points in k >= 3 dimensions.

    Points are visited in decreasing (sum, u0, u1, ...) order, so any dominator
    of a point comes before it; each block is checked against the frontier found
    so far and against itself, and the survivors prune everything after them.
    """
    n, k = unique.shape
    keys = [unique[:, j] for j in range(k - 1, -1, -1)] + [unique.sum(axis=1)]
    order = np.lexsort(tuple(-key for key in keys))
    remaining = order
    found: list[np.ndarray] = []
    size = 32
    while remaining.size:
        block, remaining = remaining[:size], remaining[size:]
        size = min(2 * size, _BLOCK)
        pts = unique[block]
        survivors = block[~_dominated_by(pts, pts)]
        if survivors.size:
            found.append(survivors)
            if remaining.size:
                remaining = remaining[~_dominated_by(unique[remaining], unique[survivors])]
    keep = np.zeros(n, dtype=bool)
    if found:
        keep[np.concatenate(found)] = True
    return keep
