"""Why there is no deal: minimal sets of constraints whose removal opens a ZOPA.

Each outcome has a violation mask, one bit per constraint it breaks. Removing a
set ``S`` of constraints admits exactly the outcomes whose mask lies inside
``S``; so the minimal relaxations are the distinct non-zero masks that contain
no other occurring mask.
"""

from __future__ import annotations

import numpy as np

_CELLS = 1 << 22


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of set bits of each ``uint64`` mask."""
    return np.bitwise_count(masks.astype(np.uint64)).astype(np.int64)


def minimal_masks(masks: np.ndarray) -> np.ndarray:
    """The masks of ``masks`` (distinct, non-zero) with no other one as a subset.

    Returned sorted by number of bits, then by value.
    """
    masks = np.unique(np.asarray(masks, dtype=np.uint64))
    masks = masks[masks != 0]
    if masks.size == 0:
        return masks
    order = np.lexsort((masks, popcount(masks)))
    masks = masks[order]
    sizes = popcount(masks)
    kept = np.empty(0, dtype=np.uint64)
    for size in np.unique(sizes):
        level = masks[sizes == size]
        if kept.size:
            level = level[~_contains_any(level, kept)]
        kept = np.concatenate([kept, level])
    return kept


def _contains_any(masks: np.ndarray, subsets: np.ndarray) -> np.ndarray:
    """Does each mask contain (as a superset) any of ``subsets``?"""
    out = np.zeros(masks.size, dtype=bool)
    step = max(1, _CELLS // max(1, subsets.size))
    for lo in range(0, masks.size, step):
        block = masks[lo : lo + step, None]
        out[lo : lo + step] = ((block & subsets[None, :]) == subsets[None, :]).any(axis=1)
    return out


def bits(mask: int, n_bits: int) -> list[int]:
    """Positions of the set bits of ``mask``."""
    return [b for b in range(n_bits) if (mask >> b) & 1]


def conflicts(relaxations: list[int], limit: int = 2000) -> list[int] | None:
    """Minimal sets of constraints that cannot all hold at once (as bitmasks).

    A set of constraints can be met together exactly when some minimal
    relaxation avoids all of them; so the minimal conflicts are the minimal
    hitting sets of the minimal relaxations (Berge's transversal algorithm).
    The family is small (one set per relaxation, not per outcome). Returns
    ``None`` if more than ``limit`` partial hitting sets build up.
    """
    hitting = [0]
    for relaxation in relaxations:
        grown: set[int] = set()
        for h in hitting:
            if h & relaxation:
                grown.add(h)
                continue
            remaining = relaxation
            while remaining:
                low = remaining & -remaining
                grown.add(h | low)
                remaining ^= low
        hitting = _minimal_sets(grown)
        if len(hitting) > limit:
            return None
    return sorted(hitting, key=lambda m: (m.bit_count(), m))


def _minimal_sets(sets: set[int]) -> list[int]:
    """The members of ``sets`` that contain no other member."""
    kept: list[int] = []
    for candidate in sorted(sets, key=int.bit_count):
        if not any(k & candidate == k for k in kept):
            kept.append(candidate)
    return kept
