"""Status-quo analysis: where can the conflict go from today's state by unilateral
improvements, and through which moves does it reach each equilibrium?

A path is a legal sequence of unilateral improvements (no decision maker moving twice in
a row, since two moves of one mover are one move); the breadth-first sweep over
(state, last mover) finds a shortest path to every reachable state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.conflict.stability import CONCEPTS, StabilityResult


@dataclass(frozen=True)
class Step:
    """One move on a path: ``dm`` moves the conflict from state ``source`` to ``target``."""

    dm: str
    source: str
    target: str


@dataclass(frozen=True)
class StatusQuoResult:
    """What the status quo can evolve into.

    Attributes:
        status_quo: the status quo's key.
        reachable: keys of the states reachable by unilateral improvements.
        paths: for every equilibrium under some concept (the status quo included, with an
            empty path), a shortest path of improvements to it, or ``None`` if unreachable.
        equilibria: per concept, the equilibria (keys).
    """

    status_quo: str
    reachable: tuple[str, ...]
    paths: dict[str, tuple[Step, ...] | None]
    equilibria: dict[str, tuple[str, ...]]


def status_quo_analysis(result: StabilityResult, status_quo: int) -> StatusQuoResult:
    """Shortest improvement paths from state index ``status_quo`` to every equilibrium."""
    space = result.space
    n = space.size
    dms = result.dm_ids
    improving = [result.moves[dm].improving(result.payoffs[dm]) for dm in dms]
    count = len(dms)
    # frontier[k, s]: s reached at this depth with k the last mover (row `count`: nobody)
    frontier = np.zeros((count + 1, n), bool)
    frontier[count, status_quo] = True
    depth = np.full((count, n), -1, np.int64)
    back_mover = np.full((count, n), -1, np.int64)
    back_state = np.full((count, n), -1, np.int64)
    level = 0
    while frontier.any():
        level += 1
        new = np.zeros((count + 1, n), bool)
        for j, moves in enumerate(improving):
            rows = [k for k in range(count + 1) if k != j]
            allowed = np.any(frontier[rows], axis=0)
            edge = np.flatnonzero(allowed[moves.src] & (depth[j, moves.dst] < 0))
            if len(edge) == 0:
                continue
            dst, first = np.unique(moves.dst[edge], return_index=True)
            src = moves.src[edge[first]]
            previous = np.array(rows)[np.argmax(frontier[rows][:, src], axis=0)]
            depth[j, dst] = level
            back_mover[j, dst] = np.where(previous == count, -1, previous)
            back_state[j, dst] = src
            new[j, dst] = True
        frontier = new
    seen = depth >= 0
    reach = seen.any(axis=0)
    equilibria = {c: tuple(result.equilibrium_keys(c)) for c in CONCEPTS}
    targets = sorted({k for keys in equilibria.values() for k in keys})
    paths: dict[str, tuple[Step, ...] | None] = {}
    for key in targets:
        index = space.keys.index(key)
        if index == status_quo:
            paths[key] = ()
            continue
        movers = np.flatnonzero(seen[:, index])
        if len(movers) == 0:
            paths[key] = None
            continue
        mover = int(movers[np.argmin(depth[movers, index])])
        state = index
        steps: list[Step] = []
        while mover >= 0:
            previous = int(back_state[mover, state])
            steps.append(Step(dms[mover], space.keys[previous], space.keys[state]))
            mover, state = int(back_mover[mover, state]), previous
        paths[key] = tuple(reversed(steps))
    reachable = tuple(space.keys[i] for i in np.flatnonzero(reach))
    return StatusQuoResult(space.keys[status_quo], reachable, paths, equilibria)
