"""Deterministic random additive scenarios for the benchmarks.

A :class:`ScenarioSpec` is plain numbers: issue sizes, per-party weights and
per-party value tables. It can be turned into an Accord
:class:`~accord.model.scenario.Scenario` or into NegMAS issues and utility
functions that describe exactly the same preferences (same issue order, same
outcome order, same weights, same value tables, reservation 0, no red lines).

NegMAS is imported lazily so that this module works without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

ISSUE_SIZE = 10
"""Preferred number of options per issue."""


def prime_factors(n: int) -> list[int]:
    """Prime factors of ``n`` (with repetition), smallest first."""
    factors: list[int] = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors


def issue_sizes(n_outcomes: int, preferred: int = ISSUE_SIZE) -> tuple[int, ...]:
    """Issue sizes whose product is exactly ``n_outcomes``.

    Powers of ten give issues of ten options each (``10**7`` is seven issues of
    ten). Other sizes pack their prime factors, largest first, into issues of at
    most ``max(preferred, largest prime factor)`` options.
    """
    if n_outcomes < 2:
        raise ValueError("a scenario needs at least two outcomes")
    factors = sorted(prime_factors(n_outcomes), reverse=True)
    cap = max(preferred, factors[0])
    sizes: list[int] = []
    for f in factors:
        for i, size in enumerate(sizes):
            if size * f <= cap:
                sizes[i] = size * f
                break
        else:
            sizes.append(f)
    sizes.sort(reverse=True)
    assert prod(sizes) == n_outcomes
    return tuple(sizes)


@dataclass(frozen=True)
class ScenarioSpec:
    """A random additive scenario, as numbers only."""

    n_parties: int
    sizes: tuple[int, ...]
    """Options per issue."""
    weights: NDArray[np.float64]
    """Shape ``(n_parties, n_issues)``; each row sums to 1."""
    values: tuple[NDArray[np.float64], ...]
    """Per issue, shape ``(n_parties, size)``: option values in ``[0, 1]``."""
    seed: int

    @property
    def n_outcomes(self) -> int:
        """Number of outcomes (product of the issue sizes)."""
        return prod(self.sizes)

    @property
    def party_ids(self) -> tuple[str, ...]:
        """Party ids ``p0, p1, ...``."""
        return tuple(f"p{k}" for k in range(self.n_parties))

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """Issue ids ``i0, i1, ...``."""
        return tuple(f"i{j}" for j in range(len(self.sizes)))

    def options(self, issue: int) -> tuple[str, ...]:
        """Option labels ``v0, v1, ...`` of issue number ``issue``."""
        return tuple(f"v{o}" for o in range(self.sizes[issue]))

    def describe(self) -> str:
        """Issue sizes as text, e.g. ``7×10`` or ``2×5×3``."""
        if len(set(self.sizes)) == 1:
            return f"{len(self.sizes)}×{self.sizes[0]}"
        return "×".join(str(s) for s in self.sizes)


def make_spec(n_outcomes: int, n_parties: int, seed: int) -> ScenarioSpec:
    """The random scenario for ``(n_outcomes, n_parties, seed)``.

    Deterministic: the random stream is seeded with all three numbers, so every
    case gets its own scenario and re-running reproduces it exactly. Weights are
    uniform draws normalised to sum 1; option values are uniform in ``[0, 1]``.
    """
    if n_parties < 2:
        raise ValueError("a negotiation needs at least two parties")
    rng = np.random.default_rng([seed, n_outcomes, n_parties])
    sizes = issue_sizes(n_outcomes)
    raw = rng.uniform(0.05, 1.0, size=(n_parties, len(sizes)))
    weights = raw / raw.sum(axis=1, keepdims=True)
    values = tuple(rng.uniform(0.0, 1.0, size=(n_parties, s)) for s in sizes)
    return ScenarioSpec(n_parties, sizes, weights, values, seed)


def to_accord(spec: ScenarioSpec) -> Scenario:
    """The Accord scenario described by ``spec``."""
    from accord.model.issues import Issue
    from accord.model.preferences import DiscreteValues, Preferences
    from accord.model.scenario import Actor, Scenario

    issues = tuple(
        Issue(id=iid, name=iid, options=spec.options(j)) for j, iid in enumerate(spec.issue_ids)
    )
    preferences = {}
    for k, pid in enumerate(spec.party_ids):
        weights = {iid: float(spec.weights[k, j]) for j, iid in enumerate(spec.issue_ids)}
        values = {
            iid: DiscreteValues(
                {o: float(v) for o, v in zip(spec.options(j), spec.values[j][k], strict=True)}
            )
            for j, iid in enumerate(spec.issue_ids)
        }
        preferences[pid] = Preferences(weights=weights, values=values, reservation=0.0)
    return Scenario(
        name=f"random-{spec.n_outcomes}-{spec.n_parties}-{spec.seed}",
        parties=tuple(Actor(pid, pid) for pid in spec.party_ids),
        issues=issues,
        preferences=preferences,
    )


def to_negmas(spec: ScenarioSpec) -> tuple[list[Any], list[Any]]:
    """NegMAS issues and linear-additive utility functions equivalent to ``spec``.

    Issues are categorical with the same option labels and order, so NegMAS
    enumerates outcomes in the same order as Accord (first issue most
    significant). Each ufun has reserved value 0.
    """
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction

    issues = [make_issue(list(spec.options(j)), name=iid) for j, iid in enumerate(spec.issue_ids)]
    ufuns = []
    for k, pid in enumerate(spec.party_ids):
        values = {
            iid: {o: float(v) for o, v in zip(spec.options(j), spec.values[j][k], strict=True)}
            for j, iid in enumerate(spec.issue_ids)
        }
        weights = {iid: float(spec.weights[k, j]) for j, iid in enumerate(spec.issue_ids)}
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values, weights=weights, issues=issues, reserved_value=0.0, name=pid
            )
        )
    return issues, ufuns
