"""Brute-force frontier counts, written from the definitions: every package, its exact
utilities as fractions (weights times values, rectangles of both kinds, the cap),
the feasible ones (no red line broken), their frontier on ticks, and how many
packages share each frontier vector."""

from __future__ import annotations

import itertools
from collections import Counter

from accord.analysis.solve.units import IntegerUtility
from accord.model.scenario import Scenario

from oracle import _broken, _tick_frontier, exact_utility, tick


def package_ticks(scenario: Scenario) -> dict[tuple[int, ...], tuple[int, ...]]:
    """Each feasible package (option indices) with its utilities in ticks."""
    prefs = [scenario.preferences[p] for p in scenario.party_ids]
    out = {}
    for digits in itertools.product(*(range(issue.size) for issue in scenario.issues)):
        if any(_broken(line, scenario, digits) for p in prefs for line in p.red_lines):
            continue
        out[digits] = tuple(tick(exact_utility(p, scenario, digits)) for p in prefs)
    return out


def frontier_counts(scenario: Scenario) -> dict[tuple[int, ...], int]:
    """Each frontier vector (ticks) of the feasible packages with how many have it."""
    counts = Counter(package_ticks(scenario).values())
    vectors = list(counts)
    return {vectors[i]: counts[vectors[i]] for i in _tick_frontier(vectors)}


def vector_counts(scenario: Scenario) -> Counter[tuple[int, ...]]:
    """How many feasible packages have each utility vector (ticks)."""
    return Counter(package_ticks(scenario).values())


def reaching_options(scenario: Scenario, vectors: list[tuple[int, ...]]) -> list[list[int]]:
    """Per issue, the options some feasible package whose ticks reach (are at least, for
    every party) one of ``vectors`` uses."""
    used: list[set[int]] = [set() for _ in scenario.issues]
    for digits, have in package_ticks(scenario).items():
        if any(all(h >= w for h, w in zip(have, v, strict=True)) for v in vectors):
            for position, d in enumerate(digits):
                used[position].add(d)
    return [sorted(u) for u in used]


def counts_within(scenario: Scenario, options: list[list[int]]) -> Counter[tuple[int, ...]]:
    """How many feasible packages using only ``options`` (per issue) have each vector."""
    return Counter(
        v
        for digits, v in package_ticks(scenario).items()
        if all(d in o for d, o in zip(digits, options, strict=True))
    )


def units_of(us: list[IntegerUtility], vector: tuple[int, ...]) -> tuple[int, ...]:
    """The units of a tick vector (units are never finer than ticks when exact)."""
    out = []
    for u, t in zip(us, vector, strict=True):
        x = u.at_least(t)
        assert u.ticks(x) == t
        out.append(x)
    return tuple(out)
