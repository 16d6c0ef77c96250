"""Plain-data views of an analysis: packages as ``{issue: option}``, JSON-ready dicts.

Shared by every edge that shows results (the CLI's report and ``--json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.exact import ticks
from accord.analysis.result import Analysis, Frontier, Package
from accord.model.issues import Option
from accord.model.scenario import Proposal, Scenario

JSON = dict[str, Any]
SIGNIFICANT_DIGITS = 12
"""Utilities in JSON are rounded to this many significant digits (float noise hidden)."""


def shown(utility: float) -> float:
    """A utility rounded to :data:`SIGNIFICANT_DIGITS` significant digits."""
    return float(f"{utility:.{SIGNIFICANT_DIGITS}g}")


@dataclass(frozen=True)
class FrontierPoint:
    """One distinct utility vector of the frontier (equal on ticks), with one package."""

    package: Package
    """The package of lowest outcome index with this vector."""
    count: int
    """How many frontier packages share the vector."""
    in_zopa: bool


def distinct_frontier(frontier: Frontier) -> list[FrontierPoint]:
    """Each distinct frontier utility vector once, in order of its first package's index."""
    if len(frontier) == 0:
        return []
    t = ticks(frontier.utilities)
    order = np.lexsort((frontier.indices, *t.T[::-1]))
    ordered = t[order]
    new = np.ones(order.size, dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, order.size))
    firsts = order[starts]
    by_index = np.argsort(frontier.indices[firsts], kind="stable")
    return [
        FrontierPoint(
            Package(int(frontier.indices[row]), tuple(float(u) for u in frontier.utilities[row])),
            int(count),
            bool(frontier.in_zopa[row]),
        )
        for row, count in zip(firsts[by_index].tolist(), counts[by_index].tolist(), strict=True)
    ]


def plain(option: Option) -> str | int | float:
    """An option as JSON shows it: whole numbers without a fractional part."""
    if isinstance(option, float) and option.is_integer():
        return int(option)
    return option


def outcome_dict(scenario: Scenario, index: int) -> dict[str, str | int | float]:
    """``{issue id: option}`` for outcome ``index``."""
    return {k: plain(v) for k, v in scenario.space.outcome(index).items()}


def package_dict(scenario: Scenario, package: Package | None) -> JSON | None:
    """``{outcome, utilities}`` for a package, or ``None``."""
    if package is None:
        return None
    return {
        "outcome": outcome_dict(scenario, package.index),
        "utilities": dict(zip(scenario.party_ids, map(shown, package.utilities), strict=True)),
    }


def analysis_dict(scenario: Scenario, result: Analysis, max_relax: int | None = 3) -> JSON:
    """The analysis as JSON-ready data (the ``accord analyze --json`` document).

    Relaxations larger than ``max_relax`` constraints are left out (``None``: keep all).
    ``pareto`` lists each distinct frontier utility vector once, with one package
    and the ``count`` of frontier packages that share it; utilities are rounded to
    :data:`SIGNIFICANT_DIGITS` significant digits.
    """
    pareto = [
        {**(package_dict(scenario, point.package) or {}), "count": point.count}
        for point in distinct_frontier(result.frontier)
    ]
    return {
        "scenario": scenario.name,
        "parties": list(scenario.party_ids),
        "n_outcomes": result.n_outcomes,
        "n_feasible": result.n_feasible,
        "zopa_size": result.zopa_size,
        "pareto_size": len(result.frontier),
        "pareto": pareto,
        "solutions": {name: package_dict(scenario, p) for name, p in result.solutions.items()},
        "diagnosis": {
            "agreement_possible": result.agreement_possible,
            "relaxations": [
                {
                    "relax": list(r.relax),
                    "zopa_size": r.zopa_size,
                    "best": package_dict(scenario, r.best),
                }
                for r in result.relaxations
                if max_relax is None or len(r.relax) <= max_relax
            ],
        },
    }


@dataclass(frozen=True)
class ProposalCheck:
    """How a tabled proposal fares: utilities and the constraints it breaks."""

    proposal: Proposal
    utilities: tuple[float, ...]
    broken: tuple[str, ...]
    """Constraint ids (red lines and reservations) the proposal violates."""


def check_proposals(scenario: Scenario) -> list[ProposalCheck]:
    """Evaluate every proposal of the scenario against every party's constraints."""
    if not scenario.proposals:
        return []
    indices = np.array([scenario.space.index_of(p.outcome) for p in scenario.proposals])
    utilities, masks = evaluate_outcomes(scenario, indices)
    ids = [c.id for c in scenario.constraints]
    return [
        ProposalCheck(
            proposal,
            tuple(float(u) for u in row),
            tuple(ids[b] for b in range(len(ids)) if (int(mask) >> b) & 1),
        )
        for proposal, row, mask in zip(scenario.proposals, utilities, masks, strict=True)
    ]
