"""Expanding a tournament into runs: counts, roles, self-play, stable ids and seeds."""

from __future__ import annotations

import itertools
import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.tournament.plan import (
    Player,
    ProtocolEntry,
    ScenarioEntry,
    TournamentSpec,
    chunk_size,
    chunks,
    plan,
)

BILATERAL = ScenarioEntry("a.yaml", ("buyer", "seller"), "d1")
TRILATERAL = ScenarioEntry("b.yaml", ("x", "y", "z"), "d2")
PLAYERS = (Player("boulware"), Player("conceder"), Player("linear", label="linear"))


def spec(**changes: object) -> TournamentSpec:
    base: dict[str, object] = {
        "scenarios": (BILATERAL,),
        "protocols": (ProtocolEntry("alternating"),),
        "players": PLAYERS,
        "repetitions": 2,
        "seed": 7,
        "deadline": 50,
        "self_play": True,
    }
    base.update(changes)
    return TournamentSpec(**base)  # type: ignore[arg-type]


def expected_count(s: TournamentSpec) -> int:
    """The number of runs, from the definition (an independent count)."""
    a = len(s.players)
    total = 0
    for scenario in s.scenarios:
        k = len(scenario.parties)
        per_roles = a**k if s.self_play else math.perm(a, k)
        total += per_roles * len(s.protocols) * s.repetitions
    return total


def test_both_role_assignments_and_every_repetition() -> None:
    runs = plan(spec(self_play=False))
    pairs = Counter(tuple(p.title for p in r.players) for r in runs)
    assert set(pairs) == {
        (a, b)
        for a in ("boulware", "conceder", "linear")
        for b in ("boulware", "conceder", "linear")
        if a != b
    }
    assert set(pairs.values()) == {2}
    assert ("boulware", "conceder") in pairs and ("conceder", "boulware") in pairs


def test_self_play_adds_each_agent_against_itself() -> None:
    with_self = {tuple(p.title for p in r.players) for r in plan(spec(self_play=True))}
    without = {tuple(p.title for p in r.players) for r in plan(spec(self_play=False))}
    assert with_self - without == {
        ("boulware", "boulware"),
        ("conceder", "conceder"),
        ("linear", "linear"),
    }


@settings(deadline=None, max_examples=40)
@given(
    n_players=st.integers(1, 4),
    n_protocols=st.integers(1, 2),
    repetitions=st.integers(1, 3),
    self_play=st.booleans(),
    multilateral=st.booleans(),
)
def test_count_matches_the_definition(
    n_players: int, n_protocols: int, repetitions: int, self_play: bool, multilateral: bool
) -> None:
    players = tuple(Player(f"agent{i}") for i in range(n_players))
    protocols = tuple(ProtocolEntry("alternating", {"n": i}) for i in range(n_protocols))
    scenarios = (BILATERAL, TRILATERAL) if multilateral else (BILATERAL,)
    s = spec(
        players=players,
        protocols=protocols,
        repetitions=repetitions,
        self_play=self_play,
        scenarios=scenarios,
    )
    runs = plan(s)
    assert len(runs) == expected_count(s)
    assert len({r.run_id for r in runs}) == len(runs)
    for run in runs:
        assert len(run.players) == len(run.parties)
        if not self_play:
            assert len(set(run.players)) == len(run.players)
    # brute force: every (scenario, protocol, assignment, repetition) appears exactly once
    seen = Counter(
        (r.scenario, r.protocol.options_text, tuple(p.name for p in r.players), r.repetition)
        for r in runs
    )
    assert set(seen.values()) <= {1}


def test_ids_and_seeds_are_stable_and_independent_of_the_plan_around_them() -> None:
    first = {r.run_id: r.seed for r in plan(spec())}
    again = {r.run_id: r.seed for r in plan(spec())}
    assert first == again
    bigger = {
        r.run_id: r.seed
        for r in plan(
            spec(players=(*PLAYERS, Player("hardliner")), scenarios=(TRILATERAL, BILATERAL))
        )
    }
    assert first.items() <= bigger.items()


def test_a_different_seed_or_setting_makes_different_runs() -> None:
    base = plan(spec())
    assert not {r.run_id for r in base} & {r.run_id for r in plan(spec(seed=8))}
    assert not {r.seed for r in base} & {r.seed for r in plan(spec(seed=8))}
    assert not {r.run_id for r in base} & {r.run_id for r in plan(spec(deadline=51))}
    changed = ScenarioEntry("a.yaml", ("buyer", "seller"), "other digest")
    assert not {r.run_id for r in base} & {r.run_id for r in plan(spec(scenarios=(changed,)))}
    params = (Player("boulware", {"e": 0.1}), *PLAYERS[1:])
    assert {r.run_id for r in base} != {r.run_id for r in plan(spec(players=params))}


def test_a_label_is_for_display_and_does_not_change_the_run() -> None:
    relabelled = (Player("boulware", label="B"), *PLAYERS[1:])
    assert [r.run_id for r in plan(spec())] == [r.run_id for r in plan(spec(players=relabelled))]


def test_seeds_fit_a_signed_64_bit_column_and_repetitions_differ() -> None:
    runs = plan(spec(repetitions=5))
    assert all(0 <= r.seed < 2**63 for r in runs)
    for _, group in itertools.groupby(runs, key=lambda r: r.players):
        assert len({r.seed for r in group}) == 5


@settings(deadline=None, max_examples=30)
@given(size=st.integers(1, 20), multilateral=st.booleans())
def test_chunks_keep_order_and_never_mix_scenarios(size: int, multilateral: bool) -> None:
    scenarios = (BILATERAL, TRILATERAL) if multilateral else (BILATERAL,)
    runs = plan(spec(scenarios=scenarios))
    parts = chunks(runs, size)
    assert [r for c in parts for r in c.runs] == list(runs)
    for c in parts:
        assert 1 <= len(c.runs) <= size
        assert {r.scenario for r in c.runs} == {c.scenario}
    assert len({c.chunk_id for c in parts}) == len(parts)


def test_chunk_size_gives_every_worker_several_chunks() -> None:
    assert chunk_size(10_000, 2) == 100
    assert chunk_size(160, 2) == 10
    assert chunk_size(3, 4) == 1
    assert chunk_size(0, 2) == 1
