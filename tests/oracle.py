"""Brute-force reference implementations, written straight from the definitions.

Slow, obvious Python loops: the oracle the vectorised engine is tested against.
Utilities are computed exactly as fractions of the numbers in the scenario and
compared as ticks, ``round(u * 10**9)`` (the definition of equality in
``docs/analysis.md``); Nash products are Python integers and Kalai–Smorodinsky
shares fractions, so no comparison here carries float noise.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from accord.model.preferences import (
    Condition,
    DiscreteValues,
    PiecewiseLinear,
    Preferences,
    RedLine,
    RuleKind,
)
from accord.model.scenario import Scenario

TICKS_PER_UNIT = 10**9


def tick(u: float | Fraction) -> int:
    """A utility as a whole number of ticks (half ticks round to even, like ``rint``)."""
    return round(Fraction(u) * TICKS_PER_UNIT)


def dominates(q: Sequence[float], p: Sequence[float]) -> bool:
    """``q`` is at least as good for everyone and better for someone, on ticks."""
    tq, tp = [tick(a) for a in q], [tick(b) for b in p]
    return all(a >= b for a, b in zip(tq, tp, strict=True)) and any(
        a > b for a, b in zip(tq, tp, strict=True)
    )


def frontier(points: Sequence[Sequence[float]]) -> list[int]:
    """Indices of the points no other point dominates."""
    return [i for i, p in enumerate(points) if not any(dominates(q, p) for q in points)]


def _value(function: DiscreteValues | PiecewiseLinear, option: object) -> Fraction:
    if isinstance(function, DiscreteValues):
        return Fraction(function.by_option[option])  # type: ignore[index]
    x = Fraction(float(option))  # type: ignore[arg-type]
    anchors = [(Fraction(a), Fraction(b)) for a, b in function.anchors]
    if x <= anchors[0][0]:
        return anchors[0][1]
    if x >= anchors[-1][0]:
        return anchors[-1][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(anchors):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError("unreachable")


def _holds(condition: Condition, scenario: Scenario, digits: tuple[int, ...]) -> bool:
    ids = [issue.id for issue in scenario.issues]
    return all(digits[ids.index(i)] in allowed for i, allowed in condition.allowed.items())


def _broken(line: RedLine, scenario: Scenario, digits: tuple[int, ...]) -> bool:
    holds = _holds(line.condition, scenario, digits)
    if line.kind is RuleKind.REQUIRE:
        return not holds
    if line.kind is RuleKind.FORBID:
        return holds
    assert line.then is not None
    return holds and not _holds(line.then, scenario, digits)


@dataclass
class Reference:
    """Everything the analysis computes, by brute force."""

    utilities: list[tuple[float, ...]]
    """Exact utilities, rounded to floats."""
    ticks: list[tuple[int, ...]]
    violated: list[frozenset[str]]
    feasible: list[int]
    zopa: list[int]
    frontier: list[int]
    solutions: dict[str, int | None]
    relaxations: dict[frozenset[str], tuple[int, int]]
    """Minimal relaxation -> (relaxed ZOPA size, best outcome index)."""


def exact_utility(pref: Preferences, scenario: Scenario, digits: tuple[int, ...]) -> Fraction:
    """A party's utility of a package, exactly: weighted values, rectangles of both kinds
    (an EXCLUDES one pays where its condition fails), and the cap."""
    total = Fraction(0)
    for issue, d in zip(scenario.issues, digits, strict=True):
        w = pref.weights.get(issue.id, 0.0)
        if w:
            total += Fraction(w) * _value(pref.values[issue.id], issue.options[d])
    for rectangle in pref.rectangles:
        if _holds(rectangle.condition, scenario, digits) != rectangle.excludes:
            total += Fraction(rectangle.utility)
    return total if pref.cap is None else min(total, Fraction(pref.cap))


def reference(scenario: Scenario) -> Reference:
    """Analyse ``scenario`` from the definitions, one outcome at a time."""
    parties = scenario.party_ids
    prefs = [scenario.preferences[p] for p in parties]
    reservations = [p.reservation for p in prefs]
    floors = [tick(r) for r in reservations]
    utilities: list[tuple[float, ...]] = []
    ticks: list[tuple[int, ...]] = []
    violated: list[frozenset[str]] = []
    for digits in itertools.product(*(range(issue.size) for issue in scenario.issues)):
        u = [exact_utility(pref, scenario, digits) for pref in prefs]
        utilities.append(tuple(float(x) for x in u))
        ticks.append(tuple(tick(x) for x in u))
        broken = {
            f"{pid}.{line.id}"
            for pid, pref in zip(parties, prefs, strict=True)
            for line in pref.red_lines
            if _broken(line, scenario, digits)
        }
        broken |= {
            f"{pid}.reservation"
            for pid, t, f in zip(parties, ticks[-1], floors, strict=True)
            if t < f
        }
        violated.append(frozenset(broken))
    n = len(utilities)
    reservation_ids = {f"{pid}.reservation" for pid in parties}
    feasible = [i for i in range(n) if not (violated[i] - reservation_ids)]
    zopa = [i for i in range(n) if not violated[i]]
    front = [feasible[j] for j in _tick_frontier([ticks[i] for i in feasible])]
    zopa_front = [i for i in front if i in set(zopa)]
    solutions = _solutions(ticks, zopa_front, floors)
    relaxations = _relaxations(scenario, ticks, violated) if not zopa else {}
    return Reference(utilities, ticks, violated, feasible, zopa, front, solutions, relaxations)


def _tick_dominates(q: tuple[int, ...], p: tuple[int, ...]) -> bool:
    return all(a >= b for a, b in zip(q, p, strict=True)) and q != p


def _tick_frontier(points: list[tuple[int, ...]]) -> list[int]:
    return [i for i, p in enumerate(points) if not any(_tick_dominates(q, p) for q in points)]


def _argmax_first(candidates: list[int], score: dict[int, int | Fraction]) -> int | None:
    if not candidates:
        return None
    best = max(score[i] for i in candidates)
    return min(i for i in candidates if score[i] == best)


def _solutions(
    ticks: list[tuple[int, ...]], candidates: list[int], floors: list[int]
) -> dict[str, int | None]:
    def gain(i: int, p: int) -> int:
        return max(0, ticks[i][p] - floors[p])

    k = len(floors)
    nash: dict[int, int | Fraction] = {}
    ks: dict[int, int | Fraction] = {}
    egal: dict[int, int | Fraction] = {}
    util: dict[int, int | Fraction] = {}
    ideal = [max((ticks[i][p] for i in candidates), default=0) for p in range(k)]
    for i in candidates:
        nash[i] = math.prod(gain(i, p) for p in range(k))
        shares = [
            Fraction(gain(i, p), ideal[p] - floors[p]) if ideal[p] > floors[p] else Fraction(1)
            for p in range(k)
        ]
        ks[i] = min(shares)
        egal[i] = min(gain(i, p) for p in range(k))
        util[i] = sum(ticks[i])
    return {
        "nash": _argmax_first(candidates, nash),
        "kalai_smorodinsky": _argmax_first(candidates, ks),
        "egalitarian": _argmax_first(candidates, egal),
        "utilitarian": _argmax_first(candidates, util),
    }


def _relaxations(
    scenario: Scenario, ticks: list[tuple[int, ...]], violated: list[frozenset[str]]
) -> dict[frozenset[str], tuple[int, int]]:
    """Minimal relaxations by checking every subset of constraints."""
    ids = [c.id for c in scenario.constraints]

    def opened(subset: frozenset[str]) -> list[int]:
        return [i for i, v in enumerate(violated) if v <= subset]

    result = {}
    parties = scenario.party_ids
    for size in range(1, len(ids) + 1):
        for combo in itertools.combinations(ids, size):
            subset = frozenset(combo)
            members = opened(subset)
            if not members or any(opened(subset - {c}) for c in subset):
                continue
            floors = [
                0 if f"{p}.reservation" in subset else tick(scenario.preferences[p].reservation)
                for p in parties
            ]

            def key(i: int, floors: list[int] = floors) -> tuple[int, int, int]:
                gains = [max(0, t - f) for t, f in zip(ticks[i], floors, strict=True)]
                return (math.prod(gains), sum(ticks[i]), -i)

            result[subset] = (len(members), max(members, key=key))
    return result


def minimal_conflicts(scenario: Scenario, violated: list[frozenset[str]]) -> set[frozenset[str]]:
    """Minimal sets of constraints no outcome meets all of, by checking every subset."""
    ids = [c.id for c in scenario.constraints]

    def satisfiable(subset: frozenset[str]) -> bool:
        return any(not (v & subset) for v in violated)

    found: set[frozenset[str]] = set()
    for size in range(1, len(ids) + 1):
        for combo in itertools.combinations(ids, size):
            subset = frozenset(combo)
            if not satisfiable(subset) and all(satisfiable(subset - {c}) for c in subset):
                found.add(subset)
    return found
