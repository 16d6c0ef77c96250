"""Run a protocol with agents over a scenario: the event stream and its summary.

The engine builds one :class:`~accord.agents.base.PartyView` per party (its own
utilities, red lines and reservation value, nothing about anyone else), gives
each agent a child of the run's seed, and lets the protocol play. The same
seed gives the same events, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.agents import registry as agent_registry
from accord.agents.base import Agent, AgentFactory, PartyView
from accord.analysis.analyze import SpaceTooLarge
from accord.analysis.evaluate import compile_scenario
from accord.model.issues import Option
from accord.model.scenario import Scenario
from accord.protocols import registry as protocol_registry
from accord.protocols.base import Protocol, Session, chair_of
from accord.protocols.events import Event, Kind

MAX_OUTCOMES = 2_000_000
"""Largest outcome space simulated unless the caller allows more (views hold
every outcome's utility in memory)."""

AgentSpec = str | AgentFactory
"""An agent name for :func:`accord.agents.registry.resolve`, or a factory."""


@dataclass(frozen=True)
class SimulationResult:
    """What happened in one run, and how it ended."""

    events: tuple[Event, ...]
    agreement: bool
    outcome: int | None
    """Agreed outcome index (``None`` without agreement)."""
    package: Mapping[str, Option] | None
    """Agreed package ``{issue id: option}`` (``None`` without agreement)."""
    utilities: Mapping[str, float]
    """Each party's utility of the agreement, or its reservation value without one."""
    rounds: int
    """Rounds played."""
    time_requests: int
    """How many times a party asked for more time."""
    discounted: Mapping[str, float] = field(default_factory=dict)
    """``utilities`` discounted to when the talks ended: ``u * discount ** t``, with ``t``
    the relative time of the last event (as in GENIUS; equal to ``utilities`` when no
    party discounts)."""


def build_views(
    scenario: Scenario, deadline: int, on_table: np.ndarray | None = None
) -> dict[str, PartyView]:
    """One private view per party: its own utilities, red-line mask and reservation."""
    evaluator = compile_scenario(scenario)
    utilities, masks = evaluator.at(np.arange(scenario.space.size, dtype=np.int64))
    views = {}
    for column, party in enumerate(scenario.party_ids):
        own = sum(
            1 << bit
            for bit, c in enumerate(scenario.constraints)
            if c.party == party and c.red_line is not None
        )
        feasible = (masks & np.uint64(own)) == 0
        views[party] = PartyView(
            party=party,
            space=scenario.space,
            preferences=scenario.preferences[party],
            utilities=utilities[:, column],
            feasible=feasible,
            deadline=deadline,
            on_table=on_table,
        )
    return views


def stream(
    scenario: Scenario,
    protocol: str,
    agents: Mapping[str, AgentSpec],
    *,
    deadline: int,
    seed: int,
    max_outcomes: int = MAX_OUTCOMES,
    time_limit: float | None = None,
    timer: Callable[[], float] | None = None,
    **protocol_options: Any,
) -> Iterator[Event]:
    """The events of one run, yielded as they happen.

    Everything is checked and built before the first event: unknown names,
    missing agents and bad options raise here, not mid-stream.
    """
    rules, session = _set_up(
        scenario,
        protocol,
        agents,
        deadline,
        seed,
        max_outcomes,
        protocol_options,
        time_limit,
        timer,
    )
    return rules.run(session)


def _wall_clock(
    time_limit: float | None, timer: Callable[[], float] | None
) -> Callable[[], bool] | None:
    """A check that ``time_limit`` seconds of ``timer`` have passed since now.

    A wall-clock limit makes runs depend on the machine's speed, so the same
    seed no longer promises the same log; the deadline in rounds still applies.
    """
    if time_limit is None:
        return None
    if timer is None:
        raise ValueError("a wall-clock time_limit needs a timer (e.g. time.monotonic)")
    if time_limit <= 0:
        raise ValueError("time_limit must be positive")
    start = timer()
    return lambda: timer() - start >= time_limit


def _set_up(
    scenario: Scenario,
    protocol: str,
    agents: Mapping[str, AgentSpec],
    deadline: int,
    seed: int,
    max_outcomes: int,
    protocol_options: Mapping[str, Any],
    time_limit: float | None,
    timer: Callable[[], float] | None,
) -> tuple[Protocol, Session]:
    """Check the request and build the rules and the chair's seat (see :func:`stream`)."""
    out_of_time = _wall_clock(time_limit, timer)
    if deadline < 1:
        raise ValueError("the deadline must be at least one round")
    if set(agents) != set(scenario.party_ids):
        raise ValueError(
            f"need exactly one agent per party {list(scenario.party_ids)}, got {sorted(agents)}"
        )
    if scenario.space.size > max_outcomes:
        raise SpaceTooLarge(scenario.space.size, max_outcomes)
    rules = protocol_registry.resolve(protocol, **protocol_options)
    views = build_views(scenario, deadline, rules.on_table(scenario))
    seeds = np.random.SeedSequence(seed).spawn(len(scenario.party_ids) + 1)
    players: dict[str, Agent] = {}
    for party, child in zip(scenario.party_ids, seeds, strict=False):
        spec = agents[party]
        factory = agent_registry.resolve(spec) if isinstance(spec, str) else spec
        players[party] = factory(views[party], np.random.default_rng(child))
    session = Session(
        scenario,
        players,
        views,
        deadline,
        chair_of(scenario),
        np.random.default_rng(seeds[-1]),
        out_of_time,
    )
    return rules, session


def summarize(
    scenario: Scenario,
    events: tuple[Event, ...],
    views: Mapping[str, PartyView] | None = None,
) -> SimulationResult:
    """The result of a finished run from its events.

    ``views``, the run's own (:func:`build_views`), saves evaluating the
    scenario again for the agreement's utilities; the numbers are the same.
    """
    last = events[-1] if events else None
    outcome = last.outcome if last is not None and last.kind == Kind.AGREEMENT else None
    if outcome is None:
        utilities = {p: scenario.preferences[p].reservation for p in scenario.party_ids}
        package = None
    else:
        if views is not None and 0 <= outcome < scenario.space.size:
            utilities = {p: float(views[p].utilities[outcome]) for p in scenario.party_ids}
        else:
            values, _ = compile_scenario(scenario).at(np.array([outcome], dtype=np.int64))
            utilities = {p: float(values[0, i]) for i, p in enumerate(scenario.party_ids)}
        package = scenario.space.outcome(outcome)
    ended = last.time if last is not None else 0.0
    discounted = {p: u * scenario.preferences[p].discount ** ended for p, u in utilities.items()}
    return SimulationResult(
        events=events,
        agreement=outcome is not None,
        outcome=outcome,
        package=package,
        utilities=utilities,
        rounds=max((e.round for e in events), default=0),
        time_requests=sum(e.kind == Kind.REQUEST_TIME for e in events),
        discounted=discounted,
    )


def simulate(
    scenario: Scenario,
    protocol: str,
    agents: Mapping[str, AgentSpec],
    *,
    deadline: int,
    seed: int,
    max_outcomes: int = MAX_OUTCOMES,
    time_limit: float | None = None,
    timer: Callable[[], float] | None = None,
    **protocol_options: Any,
) -> SimulationResult:
    """Run ``protocol`` to the end and summarise it (see :func:`stream`)."""
    rules, session = _set_up(
        scenario,
        protocol,
        agents,
        deadline,
        seed,
        max_outcomes,
        protocol_options,
        time_limit,
        timer,
    )
    return summarize(scenario, tuple(rules.run(session)), session.views)
