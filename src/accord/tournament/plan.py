"""Expand a tournament into its runs: every scenario, protocol and assignment of agents
to roles, repeated, each with a stable id and a seed of its own.

Pure planning: no files, no clocks. A run's id is a hash of its canonical settings
(scenario and its content digest, protocol and options, the agent in each role with its
parameters, deadline, repetition) and of the tournament seed, so the same run has the
same id in every plan that contains it; that is what lets an interrupted tournament
resume. A run's seed comes from the tournament seed and the same settings through
:class:`numpy.random.SeedSequence`, so adding an agent or a scenario to a tournament
changes no seed of the runs it already had.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

ID_LENGTH = 20
"""Hex digits kept of a run's SHA-256 (80 bits: no collision in any real tournament)."""


def canonical(value: Any) -> str:
    """``value`` as compact JSON with sorted keys: the same settings give the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


@dataclass(frozen=True)
class Player:
    """An agent as a tournament enters it: a registry name, its parameters and a label."""

    name: str
    """Name for :func:`accord.agents.registry.resolve`."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """Keyword arguments of the agent's constructor (JSON values)."""
    label: str = ""
    """Name in results and rankings; the registry name when empty."""

    @property
    def title(self) -> str:
        """The label, or the registry name."""
        return self.label or self.name

    def settings(self) -> list[Any]:
        """What identifies the agent in a run id (the label is for display only)."""
        return [self.name, dict(self.params)]

    def __hash__(self) -> int:
        return hash((canonical(self.settings()), self.label))


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario of the tournament: its label, its parties (the roles) in order, and a
    digest of its content so that a changed file is not mistaken for a finished run."""

    label: str
    parties: tuple[str, ...]
    digest: str = ""


@dataclass(frozen=True)
class ProtocolEntry:
    """A protocol of the tournament and its options."""

    name: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def options_text(self) -> str:
        """The options as canonical JSON (``{}`` without options)."""
        return canonical(dict(self.options))

    def __hash__(self) -> int:
        return hash((self.name, self.options_text))


@dataclass(frozen=True)
class TournamentSpec:
    """Everything that decides which runs a tournament holds and how each is seeded."""

    scenarios: tuple[ScenarioEntry, ...]
    protocols: tuple[ProtocolEntry, ...]
    players: tuple[Player, ...]
    repetitions: int
    seed: int
    deadline: int
    self_play: bool = True
    """May an agent meet itself (take more than one role in the same run)?"""


@dataclass(frozen=True)
class Run:
    """One negotiation of the tournament, self-contained for a worker."""

    run_id: str
    scenario: str
    """Label of the scenario (see :class:`ScenarioEntry`)."""
    digest: str
    """Digest of the scenario's content."""
    parties: tuple[str, ...]
    protocol: ProtocolEntry
    players: tuple[Player, ...]
    """The agent in each role, in the scenario's party order."""
    repetition: int
    seed: int
    """The engine's seed for this run (below 2**63, so it fits a signed 64-bit column)."""
    deadline: int

    @property
    def agents(self) -> dict[str, Player]:
        """``{party: player}``."""
        return dict(zip(self.parties, self.players, strict=True))


def assignments(
    players: Sequence[Player], roles: int, self_play: bool
) -> Iterator[tuple[int, ...]]:
    """Every assignment of players to ``roles`` roles (indices into ``players``), in order.

    Both (all) role orders are included; without self-play no player takes two roles.
    """
    for combo in itertools.product(range(len(players)), repeat=roles):
        if self_play or len(set(combo)) == roles:
            yield combo


def run_settings(
    scenario: ScenarioEntry,
    protocol: ProtocolEntry,
    players: Sequence[Player],
    deadline: int,
    repetition: int,
) -> str:
    """The canonical text of a run's settings, without the tournament seed."""
    return canonical(
        {
            "scenario": [scenario.label, scenario.digest],
            "protocol": [protocol.name, dict(protocol.options)],
            "agents": [p.settings() for p in players],
            "deadline": deadline,
            "repetition": repetition,
        }
    )


def derive_seed(tournament_seed: int, settings: str) -> int:
    """The run's seed: a :class:`~numpy.random.SeedSequence` of the tournament seed,
    keyed by the digest of the run's settings (independent of where it sits in the plan)."""
    digest = hashlib.sha256(settings.encode()).digest()
    key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    state = np.random.SeedSequence(tournament_seed, spawn_key=key).generate_state(1, np.uint64)
    return int(state[0]) & (2**63 - 1)


def run_id(tournament_seed: int, settings: str) -> str:
    """The stable id of a run: a hash of its settings and the tournament seed."""
    text = f"{settings}|seed={tournament_seed}"
    return hashlib.sha256(text.encode()).hexdigest()[:ID_LENGTH]


def plan(spec: TournamentSpec) -> tuple[Run, ...]:
    """Every run of the tournament, scenario by scenario, then protocol, assignment and
    repetition (the order results are written in)."""
    runs: list[Run] = []
    for scenario in spec.scenarios:
        for protocol in spec.protocols:
            for combo in assignments(spec.players, len(scenario.parties), spec.self_play):
                chosen = tuple(spec.players[i] for i in combo)
                for repetition in range(spec.repetitions):
                    settings = run_settings(scenario, protocol, chosen, spec.deadline, repetition)
                    runs.append(
                        Run(
                            run_id=run_id(spec.seed, settings),
                            scenario=scenario.label,
                            digest=scenario.digest,
                            parties=scenario.parties,
                            protocol=protocol,
                            players=chosen,
                            repetition=repetition,
                            seed=derive_seed(spec.seed, settings),
                            deadline=spec.deadline,
                        )
                    )
    return tuple(runs)


@dataclass(frozen=True)
class Chunk:
    """Runs sent to a worker together (all on one scenario), with a stable id."""

    chunk_id: str
    scenario: str
    runs: tuple[Run, ...]


def chunks(runs: Sequence[Run], size: int) -> tuple[Chunk, ...]:
    """Consecutive runs in groups of at most ``size``, never mixing two scenarios."""
    if size < 1:
        raise ValueError("the chunk size must be at least 1")
    out: list[Chunk] = []
    for scenario, group in itertools.groupby(runs, key=lambda r: r.scenario):
        members = list(group)
        for start in range(0, len(members), size):
            part = tuple(members[start : start + size])
            ident = hashlib.sha256("".join(r.run_id for r in part).encode()).hexdigest()[:16]
            out.append(Chunk(ident, scenario, part))
    return tuple(out)


def chunk_size(pending: int, workers: int, largest: int = 100) -> int:
    """A chunk size that gives each worker several chunks (for balance and progress)
    while keeping chunks large enough that the per-task cost of the engine is small."""
    if pending <= 0:
        return 1
    return max(1, min(largest, -(-pending // (8 * max(1, workers)))))
