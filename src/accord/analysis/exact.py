"""Equality of utilities: utilities are compared as whole numbers of ticks of 1e-9.

Utilities are sums of products of decimal weights and values, so two packages
with the same true utility can differ in the last bits of a float (0.15238095238095234
against 0.15238095238095237). Every comparison the analysis makes — dominance,
reservation checks, ties between solutions, relaxations — is made on
``ticks(u) = round(u * 10**9)`` instead: two utilities are equal when they round
to the same tick. Float noise (about 1e-16 on the 0–1 scale) moves a value across
a tick boundary only when the true value lies within that noise of a half tick,
which needs a true utility with ten or more decimals ending in 5.

Ticks are clipped to ``±2**53`` (utilities beyond about ±9 million compare equal
to that bound), so that tick values, their sums over up to 64 parties and their
conversion to floats stay exact.
"""

from __future__ import annotations

import numpy as np

SCALE = 10**9
"""Ticks per unit of utility."""
LIMIT = 2**53
"""Largest tick magnitude; larger utilities are clipped to it."""


def ticks(utilities: np.ndarray | float) -> np.ndarray:
    """Utilities as ``int64`` ticks of ``1 / SCALE`` (rounded to the nearest tick)."""
    bound = LIMIT / SCALE
    scaled = np.rint(np.clip(np.asarray(utilities, dtype=float), -bound, bound) * SCALE)
    return np.clip(scaled, -LIMIT, LIMIT).astype(np.int64)


def from_ticks(values: np.ndarray) -> np.ndarray:
    """Ticks back to float utilities (the nearest float to each exact tick value)."""
    return np.asarray(values, dtype=np.int64) / SCALE
