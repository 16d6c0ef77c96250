"""Which options of each issue some package reaching a target can use, proven by HiGHS.

Counting packages per frontier vector over issues keeps one bit per rectangle that
is partly decided; on the 30- and 50-issue ANAC 2014 domains over a hundred
rectangles overlap and the states run into the millions. Yet a package with a
frontier vector is nearly the best for both parties, and most options never
appear in one: an option that no feasible package whose capped units reach some
target (``C_p >= t_p`` for every party ``p``) uses cannot be in a counted package,
so removing it changes no count. Rectangles then often lose an issue (its range
holds every remaining option) or die (it holds none), and few stay open.

The options are found by integer programs on the scenario's model, with one
binary per target choosing which target the package reaches: each solve asks for
a package using as many options not yet seen as possible, and every option it
uses (with the options that act exactly like it) is marked usable; the last
solve proves that no further option can be used. Between solves, packages one
option away from a reaching package are scored exactly (no solver): those that
still reach a target mark their option too, and are explored in turn, which
saves most solves. Options the solver's model drops as dominated are allowed
again: they can still tie with a frontier vector.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.solve.model import Model, SolverFailed
from accord.analysis.solve.units import IntegerUtility
from accord.model.scenario import Scenario


def option_classes(scenario: Scenario, utilities: Sequence[IntegerUtility]) -> list[list[int]]:
    """Per issue, a class label per option: options with the same units for every party
    and the same side of every rectangle and red-line condition share a label."""
    space = scenario.space
    out: list[list[int]] = []
    for position, size in enumerate(space.sizes):
        columns = [u.tables[position] for u in utilities]
        for u in utilities:
            for bounds, _ in u.boxes:
                for i, allowed in bounds:
                    if i == position:
                        columns.append(np.isin(np.arange(size), allowed).astype(np.int64))
        for constraint in scenario.constraints:
            line = constraint.red_line
            if line is None:
                continue
            for cond in (line.condition, line.then):
                if cond is None:
                    continue
                for issue_id, options in cond.allowed.items():
                    if space.issue_position(issue_id) == position:
                        inside = np.isin(np.arange(size), sorted(options))
                        columns.append(inside.astype(np.int64))
        rows = np.column_stack(columns)
        _, labels = np.unique(rows, axis=0, return_inverse=True)
        out.append([int(x) for x in labels.ravel()])
    return out


def usable_options(
    scenario: Scenario,
    utilities: Sequence[IntegerUtility],
    targets: Sequence[tuple[int, ...]],
    *,
    seeds: Sequence[np.ndarray] = (),
    time_limit: float = 60.0,
) -> list[list[int]]:
    """Per issue, the options (ascending) that some feasible package whose capped units
    reach one of ``targets`` uses; ``seeds`` are packages that may reach one (those that
    do mark their options without a solve). Raises
    :class:`~accord.analysis.solve.model.SolverFailed` when a solve gives no proof."""
    sizes = scenario.space.sizes
    if not targets:
        return [[] for _ in sizes]
    model = Model(scenario, utilities, time_limit=time_limit)
    model.allow_dominated()
    k = len(utilities)
    choose = model.columns(len(targets), 0.0, 1.0, integer=True)
    model.add_row({choose + j: 1.0 for j in range(len(targets))}, 1.0, 1.0)
    for p in range(k):
        row = {model.capped[p]: 1.0}
        for j, target in enumerate(targets):
            row[choose + j] = -float(target[p])
        model.add_row(row, 0.0, model.inf)  # C_p >= the chosen target's units
    classes = [np.array(c) for c in option_classes(scenario, utilities)]
    seen = [np.zeros(size, dtype=bool) for size in sizes]
    goal = np.array(targets, dtype=np.int64).reshape(len(targets), k)

    def mark(digits: np.ndarray) -> None:
        """Mark the options of a reaching package and of its reaching neighbours."""
        queue = [np.asarray(digits, dtype=np.int64)]
        for position, d in enumerate(queue[0].tolist()):
            seen[position] |= classes[position] == classes[position][d]
        while queue:
            package = queue.pop()
            moves = [  # one option of each class not yet seen, issue by issue
                (position, int(option))
                for position in range(len(sizes))
                for option in _firsts(classes[position], ~seen[position])
            ]
            if not moves:
                return
            tried = np.repeat(package[None, :], len(moves), axis=0)
            for row, (position, option) in enumerate(moves):
                tried[row, position] = option
            for row in np.flatnonzero(_reaching(scenario, utilities, goal, tried)).tolist():
                position = moves[row][0]
                option = int(tried[row, position])
                if not seen[position][option]:
                    seen[position] |= classes[position] == classes[position][option]
                    queue.append(tried[row])

    for digits in seeds:
        package = np.asarray(digits, dtype=np.int64)
        if _reaching(scenario, utilities, goal, package[None, :])[0]:
            mark(package)
    while True:
        objective = {
            model.offsets[position] + o: 1.0
            for position in range(len(sizes))
            for o in np.flatnonzero(~seen[position]).tolist()
        }
        if not objective:
            break
        found = model.maximize(objective)
        if found is None:  # no package reaches any target: nothing is usable
            if any(s.any() for s in seen):  # yet one was seen to reach one
                raise SolverFailed("the solver contradicted a package it was given")
            return [[] for _ in sizes]
        mark(found.digits)
        if found.objective < 0.5:
            if found.bound >= 0.5:
                raise SolverFailed("the solver stopped without a proof")
            break  # proven: no package reaching a target uses a new option
    return [np.flatnonzero(s).tolist() for s in seen]


def _firsts(labels: np.ndarray, among: np.ndarray) -> np.ndarray:
    """The first option of each class label, among the options marked in ``among``."""
    options = np.flatnonzero(among)
    _, first = np.unique(labels[options], return_index=True)
    return options[first]


def _reaching(
    scenario: Scenario, utilities: Sequence[IntegerUtility], goal: np.ndarray, packages: np.ndarray
) -> np.ndarray:
    """Which packages (rows of option indices) break no red line and have capped units at
    least some row of ``goal`` for every party, scored exactly in integers."""
    capped = np.column_stack([u.units_of(packages) for u in utilities])
    out: np.ndarray = np.any(np.all(capped[:, None, :] >= goal[None, :, :], axis=2), axis=1)
    for constraint in scenario.constraints:
        if constraint.red_line is not None:
            out &= ~constraint.red_line.violated(scenario.space, packages.T)
    return out
