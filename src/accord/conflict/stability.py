"""Individual and coalition stability of every state, vectorised over states and moves.

For decision maker ``i`` at state ``s`` (``u`` its payoff, ``H`` the others):

* **Nash (R)**: ``i`` has no unilateral improvement (UI) from ``s``.
* **GMR**: every UI ``s1`` can be sanctioned: some ``s2`` in ``R_H(s1)`` has
  ``u(s2) <= u(s)``, where ``R_H`` is what legal sequences of the others' unilateral moves
  reach (no one moving twice in a row).
* **SMR**: as GMR, and every ``s3`` that ``i`` can then move to from ``s2`` also has
  ``u(s3) <= u(s)``.
* **SEQ**: as GMR, with sanctions reached only by the others' unilateral improvements.

Each check is "the least value over a reachable set is at most ``u(s)``", computed for all
states at once by :func:`accord.conflict.moves.reach_min`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.conflict.model import Conflict, ConflictError
from accord.conflict.moves import Moves, reach_min, reachable_from, unilateral_moves
from accord.conflict.preferences import Payoff, payoffs
from accord.conflict.states import StateSpace, feasible_states

CONCEPTS: tuple[str, ...] = ("nash", "gmr", "smr", "seq")
"""The individual stability concepts, from the most demanding to the least (SEQ aside)."""
COALITION_CONCEPTS: tuple[str, ...] = ("cnash", "cseq")
MAX_COALITION_STATES = 5000
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class StabilityResult:
    """Stability of every feasible state.

    Attributes:
        space: the feasible states.
        dm_ids: decision makers, in file order.
        payoffs: each decision maker's payoff over the states (higher preferred).
        moves: each decision maker's unilateral moves.
        stable: ``stable[concept][d, s]`` is whether state ``s`` is stable for decision
            maker ``dm_ids[d]`` under ``concept``.
        coalitions: ``coalitions[members][concept][s]`` for each named coalition.
    """

    space: StateSpace
    dm_ids: tuple[str, ...]
    payoffs: dict[str, Payoff]
    moves: dict[str, Moves]
    stable: dict[str, NDArray[np.bool_]]
    coalitions: dict[tuple[str, ...], dict[str, Mask]] = field(default_factory=dict)

    def equilibria(self, concept: str) -> NDArray[np.int64]:
        """Indices of the states stable for every decision maker under ``concept``."""
        return np.flatnonzero(self.stable[concept].all(axis=0))

    def equilibrium_keys(self, concept: str) -> list[str]:
        """Keys of the equilibria under ``concept``."""
        return [self.space.keys[i] for i in self.equilibria(concept)]

    def stable_keys(self, dm: str, concept: str) -> list[str]:
        """Keys of the states stable for ``dm`` under ``concept``."""
        row = self.stable[concept][self.dm_ids.index(dm)]
        return [self.space.keys[i] for i in np.flatnonzero(row)]


def _all_sanctioned(ui: Moves, least: NDArray[np.int64], u: Payoff, n: int) -> Mask:
    """States all of whose UIs ``s -> s1`` have ``least[s1] <= u[s]``."""
    bad = least[ui.dst] > u[ui.src]
    return np.bincount(ui.src[bad], minlength=n) == 0


def individual_stability(
    space: StateSpace, dm_ids: tuple[str, ...], u: dict[str, Payoff], moves: dict[str, Moves]
) -> dict[str, NDArray[np.bool_]]:
    """``stable[concept][d, s]`` for the four individual concepts."""
    n = space.size
    improving = {dm: moves[dm].improving(u[dm]) for dm in dm_ids}
    out = {c: np.zeros((len(dm_ids), n), bool) for c in CONCEPTS}
    for d, dm in enumerate(dm_ids):
        ui = improving[dm]
        others = [moves[o] for o in dm_ids if o != dm]
        others_ui = [improving[o] for o in dm_ids if o != dm]
        out["nash"][d] = np.bincount(ui.src, minlength=n) == 0
        out["gmr"][d] = _all_sanctioned(ui, reach_min(u[dm], others), u[dm], n)
        # SMR: a sanction s2 counts only if i's best reply from s2 is still no better than s
        worst_case = u[dm].copy()
        own = moves[dm]
        np.maximum.at(worst_case, own.src, u[dm][own.dst])
        out["smr"][d] = _all_sanctioned(ui, reach_min(worst_case, others), u[dm], n)
        out["seq"][d] = _all_sanctioned(ui, reach_min(u[dm], others_ui), u[dm], n)
    return out


def coalition_stability(
    members: tuple[str, ...],
    space: StateSpace,
    dm_ids: tuple[str, ...],
    u: dict[str, Payoff],
    moves: dict[str, Moves],
) -> dict[str, Mask]:
    """Coalitional Nash and coalitional SEQ for the coalition ``members``.

    A coalitional improvement from ``s`` is a state reached by a legal sequence of the
    members' unilateral moves that every member strictly prefers to ``s``. ``cnash``: there
    is none. ``cseq``: each can be sanctioned by a legal sequence of unilateral improvements
    of the decision makers outside the coalition, ending in a state that at least one member
    likes no more than ``s``.
    """
    n = space.size
    if n > MAX_COALITION_STATES:
        raise ConflictError(
            "coalitions", f"coalition analysis supports at most {MAX_COALITION_STATES} states"
        )
    inside = [moves[m] for m in members]
    outside = [moves[o].improving(u[o]) for o in dm_ids if o not in members]
    least = {m: reach_min(u[m], outside) for m in members}
    cnash = np.ones(n, bool)
    cseq = np.ones(n, bool)
    for s in range(n):
        reach = reachable_from(s, n, inside)
        better = reach.copy()
        for m in members:
            better &= u[m] > u[m][s]
        targets = np.flatnonzero(better)
        if len(targets) == 0:
            continue
        cnash[s] = False
        sanctioned = np.zeros(len(targets), bool)
        for m in members:
            sanctioned |= least[m][targets] <= u[m][s]
        cseq[s] = bool(sanctioned.all())
    return {"cnash": cnash, "cseq": cseq}


def analyze_conflict(conflict: Conflict) -> StabilityResult:
    """Feasible states, moves, and stability under every concept (and named coalitions)."""
    space = feasible_states(conflict)
    u = payoffs(conflict, space)
    moves = unilateral_moves(conflict, space)
    dm_ids = conflict.dm_ids
    stable = individual_stability(space, dm_ids, u, moves)
    coalitions = {
        tuple(c): coalition_stability(tuple(c), space, dm_ids, u, moves)
        for c in conflict.coalitions
    }
    return StabilityResult(space, dm_ids, u, moves, stable, coalitions)
