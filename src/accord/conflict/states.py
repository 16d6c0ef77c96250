"""Feasible states as integer bit vectors: bit ``j`` is option ``j`` (in file order)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from accord.conflict.model import Conflict, ConflictError, state_key

Codes = NDArray[np.int64]


@dataclass(frozen=True)
class StateSpace:
    """The feasible states of a conflict, sorted by code.

    Attributes:
        options: option names; bit ``j`` of a code is option ``j``.
        codes: the feasible states' codes, ascending.
    """

    options: tuple[str, ...]
    codes: Codes

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Each state's key (its "yes" options sorted and joined by ``,``)."""
        return tuple(key_of(self.options, int(c)) for c in self.codes)

    @property
    def size(self) -> int:
        """Number of feasible states."""
        return len(self.codes)

    def bit(self, option: str) -> int:
        """The bit mask of ``option``."""
        return 1 << self.options.index(option)

    def mask(self, options: tuple[str, ...] | list[str]) -> int:
        """The bit mask of several options."""
        out = 0
        for option in options:
            out |= self.bit(option)
        return out

    def index_of(self, codes: Codes) -> NDArray[np.int64]:
        """Positions of ``codes`` among the feasible states (-1 where infeasible)."""
        pos = np.searchsorted(self.codes, codes)
        pos = np.minimum(pos, max(self.size - 1, 0))
        found = self.codes[pos] == codes if self.size else np.zeros(len(codes), bool)
        return np.where(found, pos, -1).astype(np.int64)

    def index_of_key(self, key: str) -> int:
        """Position of the state named ``key`` (-1 if it is not feasible or unknown)."""
        names = [part for part in key.split(",") if part] if key else []
        if any(name not in self.options for name in names):
            return -1
        return int(self.index_of(np.array([self.mask(names)], np.int64))[0])

    def yes(self, code: int) -> tuple[str, ...]:
        """The options taken in the state ``code``, in file order."""
        return tuple(o for j, o in enumerate(self.options) if code >> j & 1)


def popcount(values: Codes) -> NDArray[np.int64]:
    """Number of set bits of each value."""
    out = np.zeros(len(values), np.int64)
    rest = values.copy()
    while np.any(rest):
        out += rest & 1
        rest >>= 1
    return out


def key_of(options: tuple[str, ...], code: int) -> str:
    """The key of the state ``code``."""
    return state_key([o for j, o in enumerate(options) if code >> j & 1])


def feasible_states(conflict: Conflict) -> StateSpace:
    """Every combination of options that no feasibility rule removes."""
    options = conflict.options
    codes = np.arange(1 << len(options), dtype=np.int64)
    keep = np.ones(len(codes), bool)
    index = {o: j for j, o in enumerate(options)}

    def mask(names: tuple[str, ...]) -> int:
        return sum(1 << index[n] for n in set(names))

    for rule in conflict.rules:
        m = mask(rule.options)
        if rule.kind == "mutually_exclusive":
            keep &= popcount(codes & m) <= 1
        elif rule.kind == "at_least_one":
            keep &= (codes & m) != 0
        elif rule.kind == "requires":
            need = mask(rule.needs)
            keep &= ((codes & m) == 0) | ((codes & need) == need)
        elif rule.kind == "never":
            keep &= (codes & m) == 0
        else:
            for state in rule.states:
                keep &= codes != mask(state)
    codes = codes[keep]
    if len(codes) == 0:
        raise ConflictError("infeasible", "the rules remove every state")
    return StateSpace(options, codes)
