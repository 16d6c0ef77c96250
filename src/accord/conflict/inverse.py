"""Inverse analysis: the smallest changes of each decision maker's ordering that would make
a desired state an equilibrium (Nash or SEQ).

A change is measured by the states a decision maker would have to come to like no more than
the desired state ``s`` ("demotions"), every other comparison kept. For Nash, every unilateral
improvement from ``s`` must be demoted. For SEQ, an improvement ``s1`` is harmless if the
others' improvements already lead from ``s1`` to a state no better than ``s``; otherwise
``s1`` itself or a state the others' improvements reach from it must be demoted. Choosing the
fewest demotions is a hitting-set problem, solved exactly for up to 16 candidate states and
greedily beyond (the result says which).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from accord.conflict.moves import reach_min, reachable_from
from accord.conflict.stability import StabilityResult

INVERSE_CONCEPTS = ("nash", "seq")
EXACT_LIMIT = 16


@dataclass(frozen=True)
class InverseResult:
    """Per decision maker, the states it would have to like no more than ``state``.

    ``exact[dm]`` is False where the smallest set was approximated greedily. ``after`` says
    whether ``state`` is an equilibrium once every decision maker's change is made.
    """

    state: str
    concept: str
    demote: dict[str, tuple[str, ...]]
    exact: dict[str, bool]


def _hitting_set(sets: list[set[int]]) -> tuple[list[int], bool]:
    candidates = sorted(set().union(*sets)) if sets else []
    if len(candidates) <= EXACT_LIMIT:
        for size in range(len(candidates) + 1):
            for chosen in combinations(candidates, size):
                picked = set(chosen)
                if all(s & picked for s in sets):
                    return sorted(picked), True
    chosen_list: list[int] = []
    remaining = list(sets)
    while remaining:
        best = max(candidates, key=lambda c: (sum(c in s for s in remaining), -c))
        chosen_list.append(best)
        remaining = [s for s in remaining if best not in s]
    return sorted(chosen_list), False


def inverse(result: StabilityResult, state: int, concept: str) -> InverseResult:
    """The fewest demotions, per decision maker, making ``state`` stable under ``concept``."""
    if concept not in INVERSE_CONCEPTS:
        raise ValueError(f"inverse analysis supports {', '.join(INVERSE_CONCEPTS)}")
    space = result.space
    n = space.size
    demote: dict[str, tuple[str, ...]] = {}
    exact: dict[str, bool] = {}
    improving = {dm: result.moves[dm].improving(result.payoffs[dm]) for dm in result.dm_ids}
    for dm in result.dm_ids:
        u = result.payoffs[dm]
        ui = improving[dm]
        targets = ui.dst[ui.src == state]
        if concept == "nash" or len(targets) == 0:
            demote[dm] = tuple(space.keys[t] for t in targets)
            exact[dm] = True
            continue
        others = [improving[o] for o in result.dm_ids if o != dm]
        least = reach_min(u, others)
        sets: list[set[int]] = []
        for s1 in targets:
            if least[s1] <= u[state]:
                continue
            reach = reachable_from(int(s1), n, others)
            sets.append({int(s1), *(int(x) for x in np.flatnonzero(reach))})
        chosen, is_exact = _hitting_set(sets)
        demote[dm] = tuple(space.keys[c] for c in chosen)
        exact[dm] = is_exact
    return InverseResult(space.keys[state], concept, demote, exact)
