"""Counting violation masks over the outcome space without sorting every chunk.

Up to :data:`DENSE_CONSTRAINTS` constraints, each mask is its own bin of a
dense ``bincount``. With more, the distinct masks seen so far are kept sorted
(there are few: far fewer than outcomes); each chunk is located among them by
binary search, and only masks never seen before are sorted and merged in.
"""

from __future__ import annotations

import numpy as np

DENSE_CONSTRAINTS = 20
"""Up to this many constraints, masks are tallied with a dense ``bincount``."""


def locate(sorted_values: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``values`` in ``sorted_values`` and whether each is there."""
    if sorted_values.size == 0:
        return np.zeros(values.size, dtype=np.int64), np.zeros(values.size, dtype=bool)
    position = np.searchsorted(sorted_values, values)
    clipped = np.minimum(position, sorted_values.size - 1)
    return clipped, sorted_values[clipped] == values


class MaskTally:
    """Counts of each distinct violation mask seen so far."""

    def __init__(self, n_constraints: int) -> None:
        self.dense = n_constraints <= DENSE_CONSTRAINTS
        self.bins = np.zeros(1 << n_constraints if self.dense else 0, dtype=np.int64)
        self.known = np.empty(0, dtype=np.uint64)
        """Distinct masks seen (sparse mode), sorted; ``counts`` aligned with it."""
        self.counts = np.empty(0, dtype=np.int64)

    def add(self, masks: np.ndarray) -> None:
        """Count the masks of one chunk."""
        if self.dense:
            self.bins += np.bincount(masks.astype(np.int64), minlength=self.bins.size)
            return
        position, found = locate(self.known, masks)
        if not found.all():
            merged = np.union1d(self.known, masks[~found])
            counts = np.zeros(merged.size, dtype=np.int64)
            counts[np.searchsorted(merged, self.known)] = self.counts
            self.known, self.counts = merged, counts
            position = np.searchsorted(self.known, masks)
        self.counts += np.bincount(position, minlength=self.known.size)

    def masks(self) -> np.ndarray:
        """The distinct masks seen, in increasing order."""
        if self.dense:
            return np.flatnonzero(self.bins).astype(np.uint64)
        return self.known[self.counts > 0]

    def count(self, mask: int) -> int:
        """How many outcomes had exactly this mask."""
        if self.dense:
            return int(self.bins[mask])
        position, found = locate(self.known, np.array([mask], dtype=np.uint64))
        return int(self.counts[position[0]]) if found[0] else 0

    def member(self, masks: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        """Boolean: is each of ``masks`` one of ``chosen``?"""
        if self.dense:
            table = np.zeros(self.bins.size, dtype=bool)
            table[chosen.astype(np.int64)] = True
            return table[masks.astype(np.int64)]
        return locate(np.sort(chosen), masks)[1]
