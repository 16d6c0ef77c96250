"""The complete Pareto frontier of two parties by the epsilon-constraint method.

Each step maximises party 0's units given a floor on party 1's, then party 1's
given that best value of party 0 (two solves, or one with a lexicographic
weight when the numbers stay small); the next floor is one tick above. The
frontier is complete when a solve proves that no package reaches the floor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.solve.model import Model

MAX_LEXICOGRAPHIC = 2.0**40
"""Largest objective coefficient for the one-solve lexicographic weighting."""


@dataclass(frozen=True)
class FrontierPoint:
    """A frontier package: its option indices and each party's exact units."""

    digits: np.ndarray
    units: tuple[int, ...]


def two_party_frontier(model: Model, limit: int | None = None) -> tuple[list[FrontierPoint], bool]:
    """Frontier points ordered by party 1's utility, and whether the list is complete
    (it is unless ``limit`` points were reached first)."""
    u1 = model.utilities[1]
    c0, c1 = model.capped
    span = model.highs[1] - model.lows[1] + 1
    weight = float(span)
    one_solve = weight * max(abs(model.highs[0]), abs(model.lows[0]), 1) < MAX_LEXICOGRAPHIC
    points: list[FrontierPoint] = []
    floor: int | None = None
    ceiling: int | None = None
    while limit is None or len(points) < limit:
        if ceiling is not None and ceiling < model.lows[0]:
            return points, True
        # Party 0's units only fall along the frontier: every package with the last
        # point's units has party 1 below the new floor, so the next has fewer.
        model.floors([None, floor], [ceiling, None])
        if one_solve:
            found = model.maximize({c0: weight, c1: 1.0})
            if found is None:
                return points, True
        else:
            first = model.maximize({c0: 1.0})
            if first is None:
                return points, True
            model.floors([model.units(first.digits)[0], floor], [ceiling, None])
            found = model.maximize({c1: 1.0})
            assert found is not None
        units = tuple(model.units(found.digits))
        points.append(FrontierPoint(found.digits, units))
        floor = u1.above(units[1])
        ceiling = units[0] - 1
        if floor > model.highs[1]:
            return points, True
    return points, False
