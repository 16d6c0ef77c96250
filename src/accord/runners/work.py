"""The work of one chunk of a tournament, as a worker process does it: run each
negotiation, measure it, and return one flat row per negotiation.

A row holds plain values only (text, numbers, booleans, ``None``), one set of role
columns per role (``party_i``, ``agent_i``, ``utility_i``, ``discounted_i``,
``model_tau_i``, ``model_pearson_i`` for ``i`` from 1), so the results table has no
list columns. Everything but ``time`` depends only on the run's settings and seed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.tournament.plan import Chunk, Player, Run

if TYPE_CHECKING:
    from accord.agents.base import Agent, PartyView
    from accord.analysis.result import Analysis
    from accord.model.scenario import Scenario

Row = dict[str, Any]

_ANALYSES: dict[tuple[str, str], Analysis] = {}
"""Each scenario's analysis, computed once per worker process."""

_SCENARIOS: dict[str, Scenario] = {}
"""Scenarios a process pool installed in this worker (see :func:`install`)."""


@dataclass(frozen=True)
class WorkSettings:
    """How a worker runs every negotiation of a tournament."""

    roles: int
    """Role columns in a row (the most parties of any scenario in the tournament)."""
    time_limit: float | None = None
    """Wall-clock seconds a negotiation may take before it ends as a timeout."""
    max_outcomes: int = 2_000_000


def install(scenarios: Mapping[str, Scenario]) -> None:
    """Make the tournament's scenarios known to this worker (a pool's initializer)."""
    _SCENARIOS.clear()
    _SCENARIOS.update(scenarios)


def run_installed(chunk: Chunk, settings: WorkSettings) -> list[Row]:
    """:func:`run_chunk` on a scenario :func:`install` gave this worker."""
    return run_chunk(chunk, _SCENARIOS[chunk.scenario], settings)


def analysis_of(scenario: Scenario, run: Run, max_outcomes: int) -> Analysis:
    """The scenario's analysis (cached by label and content digest)."""
    from accord.analysis import analyze

    key = (run.scenario, run.digest)
    if key not in _ANALYSES:
        _ANALYSES[key] = analyze(scenario, max_outcomes=max_outcomes)
    return _ANALYSES[key]


def run_chunk(
    chunk: Chunk,
    scenario: Scenario,
    settings: WorkSettings,
    timer: Callable[[], float] = time.monotonic,
) -> list[Row]:
    """One row per run of ``chunk``, in the chunk's order."""
    if not chunk.runs:
        return []
    analysis = analysis_of(scenario, chunk.runs[0], settings.max_outcomes)
    return [run_one(run, scenario, analysis, settings, timer) for run in chunk.runs]


def _factory(player: Player, party: str, built: dict[str, Agent]) -> Callable[..., Agent]:
    """A factory for the engine that builds the player's agent with its parameters and
    keeps it, so its opponent model can be asked once the talks are over."""
    from accord.agents.registry import resolve

    cls = resolve(player.name)
    params = dict(player.params)

    def make(view: PartyView, rng: np.random.Generator) -> Agent:
        agent = cls(view, rng, **params)
        built[party] = agent
        return agent

    return make


def run_one(
    run: Run,
    scenario: Scenario,
    analysis: Analysis,
    settings: WorkSettings,
    timer: Callable[[], float] = time.monotonic,
) -> Row:
    """Run one negotiation and describe it as a row (an exception becomes the row's
    ``error``; a negotiation cut short by the time limit is marked ``timeout``)."""
    from accord.protocols.engine import simulate
    from accord.protocols.summary import assess, ending

    built: dict[str, Agent] = {}
    started = time.perf_counter()
    clock_start = timer()
    try:
        agents = {p: _factory(run.agents[p], p, built) for p in run.parties}
        result = simulate(
            scenario,
            run.protocol.name,
            agents,
            deadline=run.deadline,
            seed=run.seed,
            max_outcomes=settings.max_outcomes,
            time_limit=settings.time_limit,
            timer=timer if settings.time_limit is not None else None,
            **dict(run.protocol.options),
        )
    except Exception as error:  # a faulty agent must not stop the tournament
        row = _base_row(run, settings)
        for i, party in enumerate(run.parties, start=1):
            reservation = float(scenario.preferences[party].reservation)
            row[f"utility_{i}"] = row[f"discounted_{i}"] = reservation
        message = " ".join(str(error).split())[:500]
        row.update(ending="error", error=f"{type(error).__name__}: {message}")
        row["welfare"] = float(sum(row[f"utility_{i}"] for i in range(1, len(run.parties) + 1)))
        row["time"] = time.perf_counter() - started
        return row
    timed_out = (
        settings.time_limit is not None
        and not result.agreement
        and timer() - clock_start >= settings.time_limit
    )
    assessment = assess(scenario, result, analysis)
    row = _base_row(run, settings)
    row.update(
        agreement=result.agreement,
        timeout=bool(timed_out),
        outcome=result.outcome,
        rounds=result.rounds,
        ending="timeout" if timed_out else ending(result, scenario),
        distance_pareto=assessment.distance_to_pareto,
        distance_nash=assessment.distance_to_nash,
        welfare=float(sum(result.utilities[p] for p in run.parties)),
    )
    for i, party in enumerate(run.parties, start=1):
        row[f"utility_{i}"] = float(result.utilities[party])
        row[f"discounted_{i}"] = float(result.discounted.get(party, result.utilities[party]))
    _judge_models(run, built, np.random.default_rng([run.seed, 1]), row)
    row["time"] = time.perf_counter() - started
    return row


def _judge_models(run: Run, built: Mapping[str, Agent], rng: np.random.Generator, row: Row) -> None:
    """Kendall tau and Pearson of each agent's opponent model: against the opponent's
    utilities in bilateral runs, against the other parties' mean in multilateral ones."""
    from accord.tournament.opponent import model_quality

    if set(built) != set(run.parties):
        return
    for i, party in enumerate(run.parties, start=1):
        others = [p for p in run.parties if p != party]
        if len(others) == 1:
            opponent: str | None = others[0]
            truth = built[others[0]].view.utilities
        else:
            opponent = None
            truth = np.mean([built[p].view.utilities for p in others], axis=0)
        tau, r = model_quality(built[party], truth, rng, opponent)
        row[f"model_tau_{i}"] = None if np.isnan(tau) else tau
        row[f"model_pearson_{i}"] = None if np.isnan(r) else r


def _base_row(run: Run, settings: WorkSettings) -> Row:
    """The settings part of a row, with every outcome column empty."""
    row: Row = {
        "run_id": run.run_id,
        "scenario": run.scenario,
        "protocol": run.protocol.name,
        "protocol_options": run.protocol.options_text,
        "n_parties": len(run.parties),
        "repetition": run.repetition,
        "seed": run.seed,
        "deadline": run.deadline,
        "agreement": False,
        "timeout": False,
        "error": None,
        "outcome": None,
        "rounds": 0,
        "ending": None,
        "distance_pareto": None,
        "distance_nash": None,
        "welfare": None,
        "time": None,
    }
    for i in range(1, settings.roles + 1):
        present = i <= len(run.parties)
        row[f"party_{i}"] = run.parties[i - 1] if present else None
        row[f"agent_{i}"] = run.players[i - 1].title if present else None
        for name in ("utility", "discounted", "model_tau", "model_pearson"):
            row[f"{name}_{i}"] = None
    return row
