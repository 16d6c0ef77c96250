"""The exact two-party frontier of a linear-additive scenario, without a solver.

Utilities add up over issues, so the frontier follows from a dynamic program
over issues: after each issue keep only the non-dominated partial sums (sorted
by one party's units, a sweep keeps those where the other's strictly rises).
Red lines that link issues merge those issues into one (their joint options
that break no red line inside the group). All sums are integer units, so the
result is exact.

Each kept partial sum carries how many partial packages reach it (Python
integers: counts can pass 2**63). A prefix of a frontier package is itself
non-dominated among prefixes, so the counts at the end are exact: the number
of feasible packages with each frontier vector. Among the packages of a vector
the one kept is the first in outcome order when merged issues are adjacent.
"""

from __future__ import annotations

from itertools import product
from math import prod

import numpy as np

from accord.analysis.solve.units import IntegerUtility
from accord.model.scenario import Scenario

MAX_JOINT = 1_000_000
"""Most joint options of issues merged by red lines."""


def applies(scenario: Scenario) -> bool:
    """Two parties, no rectangles, no cap, and red lines whose issues can be merged."""
    if len(scenario.parties) != 2:
        return False
    prefs = [scenario.preferences[p] for p in scenario.party_ids]
    if any(p.rectangles or p.cap is not None for p in prefs):
        return False
    return all(prod(scenario.space.sizes[i] for i in g) <= MAX_JOINT for g in _groups(scenario))


def _lines(scenario: Scenario) -> list:  # type: ignore[type-arg]
    return [c.red_line for c in scenario.constraints if c.red_line is not None]


def _groups(scenario: Scenario) -> list[list[int]]:
    """Issue positions merged by the red lines that link them (union-find)."""
    n = len(scenario.issues)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    space = scenario.space
    for line in _lines(scenario):
        ids = set(line.condition.allowed) | (set(line.then.allowed) if line.then else set())
        positions = [space.issue_position(i) for i in ids]
        for p in positions[1:]:
            parent[root(p)] = root(positions[0])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def additive_frontier(
    scenario: Scenario, utilities: list[IntegerUtility]
) -> list[tuple[np.ndarray, tuple[int, int], int]]:
    """Every distinct frontier vector (units) with one package (option index per issue)
    and the number of feasible packages that have it, ordered by the package's index."""
    space = scenario.space
    lines = _lines(scenario)
    a_units = np.zeros(1, dtype=np.int64)
    b_units = np.zeros(1, dtype=np.int64)
    counts = np.ones(1, dtype=object)
    rank = np.zeros(1, dtype=np.int64)
    """Each kept point's package prefix, ranked in outcome order."""
    history: list[tuple[list[int], np.ndarray, np.ndarray, np.ndarray]] = []
    for group in sorted(_groups(scenario), key=min):
        joint = np.array(list(product(*(range(space.sizes[i]) for i in group))), dtype=np.int64)
        joint = joint.reshape(-1, len(group))
        digits = np.zeros((len(space.issues), joint.shape[0]), dtype=np.int64)
        digits[group] = joint.T
        ok = np.ones(joint.shape[0], dtype=bool)
        for line in lines:
            ids = set(line.condition.allowed) | (set(line.then.allowed) if line.then else set())
            if {space.issue_position(i) for i in ids} <= set(group):
                ok &= ~line.violated(space, digits)
        joint = joint[ok]
        if joint.shape[0] == 0:
            return []
        ga = np.zeros(joint.shape[0], dtype=np.int64)
        gb = np.zeros(joint.shape[0], dtype=np.int64)
        for j, i in enumerate(group):
            ga += utilities[0].tables[i][joint[:, j]]
            gb += utilities[1].tables[i][joint[:, j]]
        m = joint.shape[0]
        sa = (a_units[:, None] + ga[None, :]).ravel()
        sb = (b_units[:, None] + gb[None, :]).ravel()
        keep = _sweep(sa, sb)
        # every pair equal to a kept point adds its prefix's count; the kept package is
        # the pair of lowest (prefix rank, option)
        by_a = np.argsort(sa[keep])
        ka, kb = sa[keep][by_a], sb[keep][by_a]
        pos = np.minimum(np.searchsorted(ka, sa), ka.size - 1)
        hits = np.flatnonzero((ka[pos] == sa) & (kb[pos] == sb))
        target = by_a[pos[hits]]
        new_counts = np.zeros(keep.size, dtype=object)
        np.add.at(new_counts, target, counts[hits // m])
        order = np.lexsort((hits % m, rank[hits // m], target))
        first = np.ones(order.size, dtype=bool)
        first[1:] = target[order][1:] != target[order][:-1]
        best = np.empty(keep.size, dtype=np.int64)
        best[target[order][first]] = hits[order][first]
        keep = best
        parent = keep // m
        option = keep % m
        history.append((group, joint, parent, option))
        rank = np.argsort(np.lexsort((option, rank[parent]))).astype(np.int64)
        a_units, b_units, counts = sa[keep], sb[keep], new_counts
    out = []
    const = (utilities[0].constant, utilities[1].constant)
    for row in np.argsort(rank).tolist():
        package = np.zeros(len(space.issues), dtype=np.int64)
        r = row
        for group, joint, parent, option in reversed(history):
            package[group] = joint[option[r]]
            r = int(parent[r])
        units = (int(a_units[row]) + const[0], int(b_units[row]) + const[1])
        out.append((package, units, int(counts[row])))
    return out


def _sweep(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Positions of the non-dominated distinct points: by ``a`` descending (then ``b``
    descending), keep a point when its ``b`` beats every ``b`` before it."""
    order = np.lexsort((-b, -a))
    sb = b[order]
    best_before = np.maximum.accumulate(np.concatenate(([np.iinfo(np.int64).min], sb[:-1])))
    return order[sb > best_before]
