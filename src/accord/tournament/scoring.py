"""Rank the agents of a finished tournament, with bootstrap confidence intervals.

Input is the results table as columns (``agent_1``, ``utility_1``, ... one set per role;
see ``docs/tournaments.md``), as numpy arrays: text columns hold ``None`` where a role
does not exist, number columns ``NaN`` where a value is missing. Every negotiation
scores once for each role, so an agent meeting itself scores twice.

The bootstrap resamples an agent's scores with replacement (``resamples`` times) and
takes the percentile interval of the resampled means. Each agent draws from its own
generator, seeded by the tournament seed and the agent's name, so its interval does
not depend on which other agents took part.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

Metric = Literal["utility", "discounted", "agreement", "nash_distance"]
"""What an agent is ranked by: the utility it got, discounted or not, its agreement
rate, or the distance of its negotiations' results to the Nash point (lower is better)."""

NoAgreement = Literal["reservation", "zero"]
"""What a negotiation without agreement scores: the party's reservation value
(GENIUS's bilateral convention), or 0 (GENIUS's multilateral logger, some ANAC years)."""

_BATCH = 2_000_000
"""Largest number of resampled indices drawn at once (memory bound)."""


@dataclass(frozen=True)
class Scoring:
    """How a tournament is scored."""

    metric: Metric = "utility"
    no_agreement: NoAgreement = "reservation"
    confidence: float = 0.95
    resamples: int = 1000


@dataclass(frozen=True)
class Standing:
    """One agent's line of the ranking (means over its negotiations, one per role)."""

    agent: str
    score: float
    """Mean of the ranking metric."""
    ci: tuple[float, float]
    """Bootstrap percentile interval of the mean at the scoring confidence."""
    negotiations: int
    agreement_rate: float
    utility: float
    """Mean utility (no agreement scored as :attr:`Scoring.no_agreement` says)."""
    utility_ci: tuple[float, float]
    discounted: float
    discounted_ci: tuple[float, float]
    nash_distance: float
    """Mean distance of the result to the Nash point (``nan`` if never defined)."""
    model_tau: float
    """Mean Kendall tau of the agent's opponent model (``nan`` without a model)."""
    model_pearson: float


@dataclass(frozen=True)
class Ranking:
    """Agents best first under :attr:`Scoring.metric`."""

    runs: int
    scoring: Scoring
    standings: tuple[Standing, ...]


def roles(columns: Mapping[str, np.ndarray]) -> int:
    """How many role columns (``agent_1``, ``agent_2``, ...) the table has."""
    found = [int(m.group(1)) for k in columns if (m := re.fullmatch(r"agent_(\d+)", k))]
    return max(found, default=0)


def long_form(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One entry per (negotiation, role) that exists: ``agent``, ``utility``,
    ``discounted``, ``agreement``, ``nash_distance``, ``model_tau``, ``model_pearson``."""
    parts: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "agent",
            "utility",
            "discounted",
            "agreement",
            "nash_distance",
            "model_tau",
            "model_pearson",
        )
    }
    agreement = np.asarray(columns["agreement"], dtype=bool)
    nash = np.asarray(columns["distance_nash"], dtype=float)
    for i in range(1, roles(columns) + 1):
        agents = np.asarray(columns[f"agent_{i}"], dtype=object)
        present = np.array([a is not None for a in agents], dtype=bool)
        parts["agent"].append(agents[present])
        parts["agreement"].append(agreement[present])
        parts["nash_distance"].append(nash[present])
        for name, column in (
            ("utility", f"utility_{i}"),
            ("discounted", f"discounted_{i}"),
            ("model_tau", f"model_tau_{i}"),
            ("model_pearson", f"model_pearson_{i}"),
        ):
            parts[name].append(np.asarray(columns[column], dtype=float)[present])
    empty = {"agent": object, "agreement": bool}
    return {
        k: np.concatenate(v) if v else np.array([], dtype=empty.get(k, float))
        for k, v in parts.items()
    }


def metric_values(
    table: Mapping[str, np.ndarray], metric: Metric, no_agreement: NoAgreement
) -> np.ndarray:
    """The score of each (negotiation, role) under ``metric`` (``nan`` where undefined)."""
    agreement = table["agreement"]
    if metric == "agreement":
        return agreement.astype(float)
    if metric == "nash_distance":
        return table["nash_distance"].astype(float)
    values = table[metric].astype(float)
    if no_agreement == "zero":
        values = np.where(agreement, values, 0.0)
    return values


def agent_rng(seed: int, agent: str) -> np.random.Generator:
    """The bootstrap generator of one agent: the tournament seed keyed by the name."""
    digest = hashlib.sha256(agent.encode()).digest()
    key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def bootstrap_ci(
    values: np.ndarray, rng: np.random.Generator, resamples: int, confidence: float
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (``nan`` values ignored)."""
    data = values[~np.isnan(values)]
    n = data.size
    if n == 0:
        return (float("nan"), float("nan"))
    if n == 1 or resamples < 1:
        mean = float(data.mean())
        return (mean, mean)
    means = np.empty(resamples)
    batch = max(1, _BATCH // n)
    for start in range(0, resamples, batch):
        stop = min(resamples, start + batch)
        picks = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = data[picks].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return (float(low), float(high))


def _mean(values: np.ndarray) -> float:
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else float("nan")


def rank(columns: Mapping[str, np.ndarray], scoring: Scoring, seed: int) -> Ranking:
    """The ranking of every agent in the table, best first (ties by name)."""
    table = long_form(columns)
    runs = len(columns["agreement"])
    names = sorted({str(a) for a in table["agent"]})
    standings = []
    for name in names:
        mine = table["agent"] == name
        rows = {k: v[mine] for k, v in table.items()}
        rng = agent_rng(seed, name)

        def interval(values: np.ndarray, rng: np.random.Generator = rng) -> tuple[float, float]:
            return bootstrap_ci(values, rng, scoring.resamples, scoring.confidence)

        score = metric_values(rows, scoring.metric, scoring.no_agreement)
        utility = metric_values(rows, "utility", scoring.no_agreement)
        discounted = metric_values(rows, "discounted", scoring.no_agreement)
        standings.append(
            Standing(
                agent=name,
                score=_mean(score),
                ci=interval(score),
                negotiations=int(mine.sum()),
                agreement_rate=float(rows["agreement"].mean()),
                utility=_mean(utility),
                utility_ci=interval(utility),
                discounted=_mean(discounted),
                discounted_ci=interval(discounted),
                nash_distance=_mean(rows["nash_distance"]),
                model_tau=_mean(rows["model_tau"]),
                model_pearson=_mean(rows["model_pearson"]),
            )
        )
    sign = 1.0 if scoring.metric == "nash_distance" else -1.0

    def order(s: Standing) -> tuple[float, str]:
        return (np.inf if np.isnan(s.score) else sign * s.score, s.agent)

    return Ranking(runs=runs, scoring=scoring, standings=tuple(sorted(standings, key=order)))


def ranking_dict(ranking: Ranking) -> dict[str, object]:
    """The ``accord tournament --json`` document: ``{"runs", "ranking": [...]}``."""

    def number(x: float) -> float | None:
        return None if np.isnan(x) else x

    return {
        "runs": ranking.runs,
        "metric": ranking.scoring.metric,
        "no_agreement": ranking.scoring.no_agreement,
        "ranking": [
            {
                "agent": s.agent,
                "score": number(s.score),
                "ci": [number(s.ci[0]), number(s.ci[1])],
                "agreement_rate": s.agreement_rate,
                "negotiations": s.negotiations,
                "utility": number(s.utility),
                "discounted": number(s.discounted),
                "nash_distance": number(s.nash_distance),
                "model_tau": number(s.model_tau),
                "model_pearson": number(s.model_pearson),
            }
            for s in ranking.standings
        ],
    }
