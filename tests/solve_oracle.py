"""Brute-force frontier counts, written from the definitions: every package, its exact
utilities as fractions (weights times values, rectangles of both kinds, the cap),
the feasible ones (no red line broken), their frontier on ticks, and how many
packages share each frontier vector."""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

from accord.model.preferences import Preferences
from accord.model.scenario import Scenario

from oracle import _broken, _holds, _tick_frontier, _value, tick


def _utility(pref: Preferences, scenario: Scenario, digits: tuple[int, ...]) -> Fraction:
    total = Fraction(0)
    for issue, d in zip(scenario.issues, digits, strict=True):
        w = pref.weights.get(issue.id, 0.0)
        if w:
            total += Fraction(w) * _value(pref.values[issue.id], issue.options[d])
    for rectangle in pref.rectangles:
        if _holds(rectangle.condition, scenario, digits) != rectangle.excludes:
            total += Fraction(rectangle.utility)
    return total if pref.cap is None else min(total, Fraction(pref.cap))


def package_ticks(scenario: Scenario) -> dict[tuple[int, ...], tuple[int, ...]]:
    """Each feasible package (option indices) with its utilities in ticks."""
    prefs = [scenario.preferences[p] for p in scenario.party_ids]
    out = {}
    for digits in itertools.product(*(range(issue.size) for issue in scenario.issues)):
        if any(_broken(line, scenario, digits) for p in prefs for line in p.red_lines):
            continue
        out[digits] = tuple(tick(_utility(p, scenario, digits)) for p in prefs)
    return out


def frontier_counts(scenario: Scenario) -> dict[tuple[int, ...], int]:
    """Each frontier vector (ticks) of the feasible packages with how many have it."""
    counts = Counter(package_ticks(scenario).values())
    vectors = list(counts)
    return {vectors[i]: counts[vectors[i]] for i in _tick_frontier(vectors)}


def vector_counts(scenario: Scenario) -> Counter[tuple[int, ...]]:
    """How many feasible packages have each utility vector (ticks)."""
    return Counter(package_ticks(scenario).values())
