"""Unilateral moves as arrays of (from, to) state indices, one set per decision maker,
and reachability by legal sequences of moves (no mover twice in a row) as array sweeps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.conflict.model import Conflict
from accord.conflict.states import StateSpace

Index = NDArray[np.int64]


@dataclass(frozen=True)
class Moves:
    """One decision maker's unilateral moves: ``src[e] -> dst[e]`` for every edge ``e``."""

    src: Index
    dst: Index

    def improving(self, payoff: NDArray[np.int64]) -> Moves:
        """The unilateral improvements: moves to a state the mover strictly prefers."""
        keep = payoff[self.dst] > payoff[self.src]
        return Moves(self.src[keep], self.dst[keep])

    def __len__(self) -> int:
        return len(self.src)


def _submasks(mask: int) -> list[int]:
    out: list[int] = []
    sub = mask
    while sub:
        out.append(sub)
        sub = (sub - 1) & mask
    return out


def unilateral_moves(conflict: Conflict, space: StateSpace) -> dict[str, Moves]:
    """For each decision maker, the moves that change only its own options, lead to a
    feasible state and break no irreversibility."""
    yes_no = space.mask(
        [i.option for i in conflict.irreversible if i.direction == "yes_to_no_forbidden"]
    )
    no_yes = space.mask(
        [i.option for i in conflict.irreversible if i.direction == "no_to_yes_forbidden"]
    )
    out: dict[str, Moves] = {}
    n = space.size
    everyone = np.arange(n, dtype=np.int64)
    for dm in conflict.decision_makers:
        srcs: list[Index] = []
        dsts: list[Index] = []
        for flip in _submasks(space.mask(dm.options)):
            target = space.codes ^ flip
            turned_off = space.codes & flip
            turned_on = target & flip
            ok = ((turned_off & yes_no) == 0) & ((turned_on & no_yes) == 0)
            dst = space.index_of(target)
            ok &= dst >= 0
            srcs.append(everyone[ok])
            dsts.append(dst[ok])
        src = np.concatenate(srcs) if srcs else np.zeros(0, np.int64)
        dst = np.concatenate(dsts) if dsts else np.zeros(0, np.int64)
        order = np.lexsort((dst, src))
        out[dm.id] = Moves(src[order], dst[order])
    return out


def reach_min(values: NDArray[np.int64], movers: list[Moves]) -> NDArray[np.int64]:
    """For each state ``x``, the least of ``values`` over the states reachable from ``x`` by
    a legal sequence (length >= 1) of the ``movers``' moves, no mover twice in a row.

    States from which nothing is reachable get the largest int64. The sweep keeps, per
    mover ``k``, the best value reachable when the next move may not be ``k``'s, and
    relaxes every edge until nothing changes (at most one sweep per path length).
    """
    top = np.iinfo(np.int64).max
    n = len(values)
    count = len(movers)
    # best[j][x]: least value over sequences from x whose first move is j's
    best = [np.full(n, top, np.int64) for _ in range(count)]
    while True:
        changed = False
        # after[k][y]: least value over sequences from y whose first mover is not k
        if count > 1:
            stacked = np.stack(best)
            order = np.argsort(stacked, axis=0, kind="stable")
            low = np.take_along_axis(stacked, order[:1], axis=0)[0]
            second = np.take_along_axis(stacked, order[1:2], axis=0)[0]
            after = [np.where(order[0] == k, second, low) for k in range(count)]
        else:
            after = [np.full(n, top, np.int64)]
        for j, moves in enumerate(movers):
            if not len(moves):
                continue
            candidate = np.minimum(values[moves.dst], after[j][moves.dst])
            new = best[j].copy()
            np.minimum.at(new, moves.src, candidate)
            if not np.array_equal(new, best[j]):
                best[j] = new
                changed = True
        if not changed:
            break
    return np.min(np.stack(best), axis=0) if count else np.full(n, top, np.int64)


def reachable_from(start: int, n: int, movers: list[Moves]) -> NDArray[np.bool_]:
    """Which states a legal sequence (length >= 1) of the ``movers``' moves reaches from
    ``start`` (no mover twice in a row): a breadth-first sweep over (state, last mover)."""
    count = len(movers)
    # frontier[k]: states reached with k as the last mover
    seen = np.zeros((count, n), bool)
    frontier = np.zeros((count + 1, n), bool)
    frontier[count, start] = True  # nobody has moved yet
    while frontier.any():
        new = np.zeros((count + 1, n), bool)
        for j, moves in enumerate(movers):
            allowed = np.any(frontier[[k for k in range(count + 1) if k != j]], axis=0)
            step = moves.dst[allowed[moves.src]]
            fresh = np.zeros(n, bool)
            fresh[step] = True
            fresh &= ~seen[j]
            seen[j] |= fresh
            new[j] = fresh
        frontier = new
    out: NDArray[np.bool_] = np.any(seen, axis=0)
    return out
