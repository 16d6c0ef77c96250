"""How good the end of a run is: its distance from the Pareto frontier and the Nash point.

Pure functions of a scenario, a finished run and the scenario's analysis
(:func:`accord.analysis.analyze`). Distances are Euclidean, in utility space
(one axis per party, each on the party's own 0-1 scale), measured from the
run's result: the agreed package, or every party's reservation value when the
talks end without agreement, so a breakdown is measured by what it left on the
table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.result import Analysis, Package
from accord.analysis.summary import outcome_dict, package_dict
from accord.model.scenario import Scenario
from accord.protocols.engine import SimulationResult
from accord.protocols.tilt import Tilt

JSON = dict[str, Any]


@dataclass(frozen=True)
class Assessment:
    """Where one run ended, measured against the agreement space."""

    agreement: bool
    point: tuple[float, ...]
    """The result in utility space, in party order."""
    in_zopa: bool | None
    """Is the agreed package in the ZOPA? (``None`` without agreement)"""
    on_frontier: bool | None
    """Is the agreed package Pareto-optimal? (``None`` without agreement)"""
    distance_to_pareto: float | None
    """Smallest distance to a frontier point; 0 on the frontier (``None``: no feasible package)."""
    distance_to_nash: float | None
    """Distance to the Nash bargaining package (``None``: the ZOPA is empty)."""
    nash: Package | None
    zopa_size: int
    n_feasible: int
    ending: str
    """How the talks ended, in words (``"agreement"``, ``"the deadline passed"``, ...)."""
    verdict: str
    """One sentence for the analyst."""


def nearest_distance(point: Sequence[float], points: np.ndarray) -> float | None:
    """Smallest Euclidean distance from ``point`` to a row of ``points`` (``None`` if none)."""
    if points.shape[0] == 0:
        return None
    gaps = np.asarray(points, dtype=float) - np.asarray(point, dtype=float)[None, :]
    return float(np.sqrt((gaps**2).sum(axis=1)).min())


def distance(a: Sequence[float], b: Sequence[float]) -> float:
    """Euclidean distance between two points of utility space."""
    return math.dist(a, b)


def ending(result: SimulationResult, scenario: Scenario) -> str:
    """How the run ended, in a few words."""
    if result.agreement:
        return "agreement"
    last = result.events[-1] if result.events else None
    if last is None:
        return "no events"
    reason = last.payload.get("reason")
    if reason == "walk_away":
        party = str(last.payload.get("party", "a party"))
        return f"{_name(scenario, party)} walked away"
    if reason == "deadline":
        return "the deadline passed"
    return str(reason or last.kind).replace("_", " ")


def assess(scenario: Scenario, result: SimulationResult, analysis: Analysis) -> Assessment:
    """Measure a finished run against the scenario's analysis."""
    point = tuple(float(result.utilities[p]) for p in scenario.party_ids)
    frontier = analysis.frontier
    nash = analysis.solutions.nash
    in_zopa: bool | None = None
    on_frontier: bool | None = None
    if result.agreement and result.outcome is not None:
        _, masks = evaluate_outcomes(scenario, np.array([result.outcome]))
        in_zopa = int(masks[0]) == 0
        on_frontier = bool(np.isin(result.outcome, frontier.indices))
    to_pareto = 0.0 if on_frontier else nearest_distance(point, frontier.utilities)
    if nash is None:
        to_nash = None
    elif result.agreement and result.outcome == nash.index:
        to_nash = 0.0
    else:
        to_nash = distance(point, nash.utilities)
    how = ending(result, scenario)
    return Assessment(
        agreement=result.agreement,
        point=point,
        in_zopa=in_zopa,
        on_frontier=on_frontier,
        distance_to_pareto=to_pareto,
        distance_to_nash=to_nash,
        nash=nash,
        zopa_size=analysis.zopa_size,
        n_feasible=analysis.n_feasible,
        ending=how,
        verdict=_verdict(result, analysis, in_zopa, on_frontier, to_pareto, to_nash, how),
    )


def _verdict(
    result: SimulationResult,
    analysis: Analysis,
    in_zopa: bool | None,
    on_frontier: bool | None,
    to_pareto: float | None,
    to_nash: float | None,
    how: str,
) -> str:
    nash = analysis.solutions.nash
    if result.agreement:
        if not in_zopa:
            return "Agreement outside the ZOPA: it breaks a red line or a walk-away point."
        if nash is not None and result.outcome == nash.index:
            return "Agreement on the Nash bargaining package: Pareto-efficient and fair."
        away = "" if to_nash is None else f", {to_nash:.3f} from the Nash point"
        if on_frontier:
            return f"Agreement on the Pareto frontier{away}."
        return (
            f"Agreement inside the ZOPA but {to_pareto or 0.0:.3f} short of the Pareto "
            f"frontier{away}: another package was better for some party and worse for none."
        )
    if analysis.zopa_size == 0:
        if analysis.n_feasible == 0:
            why = "no package meets every party's red lines"
        else:
            why = "every package within the red lines leaves some party below its walk-away point"
        return f"No agreement ({how}), and none was possible: {why}."
    short = "" if to_nash is None else f"; the Nash package was {to_nash:.3f} away"
    return f"No agreement ({how}) although {analysis.zopa_size:,} packages were in the ZOPA{short}."


def _setup_dict(
    scenario: Scenario,
    protocol: str,
    protocol_options: Mapping[str, Any],
    agents: Mapping[str, str],
    deadline: int,
    seed: int,
) -> JSON:
    """The set-up shared by the one-run and many-run documents, in document order."""
    return {
        "scenario": scenario.name,
        "protocol": protocol,
        "protocol_options": dict(protocol_options),
        "agents": {p: agents[p] for p in scenario.party_ids},
        "deadline": deadline,
        "seed": seed,
    }


def simulation_dict(
    scenario: Scenario,
    result: SimulationResult,
    assessment: Assessment,
    *,
    protocol: str,
    protocol_options: Mapping[str, Any],
    agents: Mapping[str, str],
    deadline: int,
    seed: int,
) -> JSON:
    """One run as JSON-ready data (the ``accord simulate --json`` document)."""
    return {
        **_setup_dict(scenario, protocol, protocol_options, agents, deadline, seed),
        "agreement": result.agreement,
        "outcome": None if result.outcome is None else outcome_dict(scenario, result.outcome),
        "utilities": {p: float(result.utilities[p]) for p in scenario.party_ids},
        "discounted_utilities": {
            p: float(result.discounted.get(p, result.utilities[p])) for p in scenario.party_ids
        },
        "rounds": result.rounds,
        "time_requests": result.time_requests,
        "ending": assessment.ending,
        "in_zopa": assessment.in_zopa,
        "on_frontier": assessment.on_frontier,
        "distance_to_pareto": assessment.distance_to_pareto,
        "distance_to_nash": assessment.distance_to_nash,
        "nash": package_dict(scenario, assessment.nash),
        "verdict": assessment.verdict,
        "events": [event.to_dict() for event in result.events],
    }


@dataclass(frozen=True)
class Aggregate:
    """Many runs of the same set-up with consecutive seeds, summed up."""

    runs: int
    agreements: int
    mean_utilities: Mapping[str, float]
    """Mean over every run (a run without agreement counts the reservation value)."""
    mean_rounds: float
    mean_time_requests: float
    mean_distance_to_pareto: float | None
    mean_distance_to_nash: float | None
    seconds: float
    """Wall-clock time the runs took (the only figure that varies between calls)."""

    @property
    def agreement_rate(self) -> float:
        """Share of runs that ended in agreement."""
        return self.agreements / self.runs if self.runs else 0.0

    @property
    def per_second(self) -> float:
        """Negotiations run per second of wall-clock time."""
        return self.runs / max(self.seconds, 1e-9)


def aggregate(
    scenario: Scenario,
    results: Iterable[tuple[SimulationResult, Assessment]],
    seconds: float,
) -> Aggregate:
    """Sum up finished runs and their assessments."""
    pairs = list(results)
    n = len(pairs)

    def mean(values: Sequence[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return sum(known) / len(known) if n and len(known) == n else None

    return Aggregate(
        runs=n,
        agreements=sum(r.agreement for r, _ in pairs),
        mean_utilities={
            p: (sum(float(r.utilities[p]) for r, _ in pairs) / n if n else 0.0)
            for p in scenario.party_ids
        },
        mean_rounds=sum(r.rounds for r, _ in pairs) / n if n else 0.0,
        mean_time_requests=sum(r.time_requests for r, _ in pairs) / n if n else 0.0,
        mean_distance_to_pareto=mean([a.distance_to_pareto for _, a in pairs]),
        mean_distance_to_nash=mean([a.distance_to_nash for _, a in pairs]),
        seconds=seconds,
    )


def aggregate_dict(
    scenario: Scenario,
    summary: Aggregate,
    *,
    protocol: str,
    protocol_options: Mapping[str, Any],
    agents: Mapping[str, str],
    deadline: int,
    seed: int,
) -> JSON:
    """Many runs as JSON-ready data (the ``accord simulate --repeat N --json`` document)."""
    return {
        **_setup_dict(scenario, protocol, protocol_options, agents, deadline, seed),
        "runs": summary.runs,
        "agreements": summary.agreements,
        "agreement_rate": summary.agreement_rate,
        "mean_utilities": dict(summary.mean_utilities),
        "mean_rounds": summary.mean_rounds,
        "mean_time_requests": summary.mean_time_requests,
        "mean_distance_to_pareto": summary.mean_distance_to_pareto,
        "mean_distance_to_nash": summary.mean_distance_to_nash,
        "seconds": summary.seconds,
        "per_second": summary.per_second,
    }


def _name(scenario: Scenario, actor: str) -> str:
    for who in (*scenario.parties, *scenario.mediators):
        if who.id == actor:
            return who.name
    return actor


def tilt_dict(tilt: Tilt) -> JSON:
    """A mediator tilt as JSON-ready data: each interested mediator's utility of the
    agreement with neutral and with interested mediators, and the Nash distances."""
    return {
        "mediators": {
            m: {
                "neutral": tilt.neutral.mediator_utilities.get(m),
                "interested": tilt.biased.mediator_utilities.get(m),
                "gain": tilt.gain(m),
            }
            for m in tilt.biased.mediator_utilities
        },
        "distance_to_nash": {
            "neutral": tilt.neutral.nash_distance,
            "interested": tilt.biased.nash_distance,
        },
        "neutral_agreement": tilt.neutral.result.agreement,
    }


def tilt_text(scenario: Scenario, tilt: Tilt) -> str:
    """One line per interested mediator, and how the result moved from the Nash point."""
    names = {m.id: m.name for m in scenario.mediators}
    lines = ["Mediator tilt (the same seed, with neutral mediators instead):"]
    for mediator, after in tilt.biased.mediator_utilities.items():
        before = tilt.neutral.mediator_utilities.get(mediator)
        if before is None or after is None:
            lines.append(f"  {names.get(mediator, mediator)}: not comparable (no agreement)")
            continue
        lines.append(
            f"  {names.get(mediator, mediator)} gets {after:.3f} instead of {before:.3f} "
            f"({after - before:+.3f})"
        )
    shift = tilt.nash_shift
    if shift is not None:
        lines.append(
            f"  distance from the Nash point: {tilt.biased.nash_distance:.3f} instead of "
            f"{tilt.neutral.nash_distance:.3f}"
        )
    return "\n".join(lines)
