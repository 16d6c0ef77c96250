"""Shuttle diplomacy, traced against plain parties and checked on the examples."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.base import AgentFactory
from accord.agents.registry import AGENTS
from accord.io import load_scenario
from accord.model.scenario import Actor, Scenario
from accord.protocols.engine import SimulationResult, simulate, stream
from accord.protocols.events import Kind
from accord.protocols.shuttle import Shuttle
from agents.scripted import price_scenario
from protocols.mediated import Firm, Plain, Spy, check_ending, dump, rows, zopa
from protocols.test_isolation import three_parties_with_red_lines

from strategies import scenarios

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def firm(*offers: int) -> AgentFactory:
    return lambda view, rng: Firm(view, rng, offers)


def no_party_addresses_another(result: SimulationResult, parties: tuple[str, ...]) -> None:
    for event in result.events:
        if event.sender in parties:
            assert not set(event.recipients) & set(parties), event


@pytest.fixture(scope="module")
def cairo() -> Scenario:
    return load_scenario(EXAMPLES / "cairo-talks.yaml")


def test_offers_are_carried_by_the_mediator() -> None:
    agents = {"seller": firm(8, 6), "buyer": Plain.offering(2)}
    result = simulate(price_scenario(), "shuttle", agents, deadline=4, seed=0, bridging=False)
    assert [(e.round, e.sender, e.recipients, str(e.kind), e.outcome) for e in result.events] == [
        (1, "seller", ("chair",), "propose", 8),
        (1, "chair", ("buyer",), "forward", 8),
        (1, "buyer", ("chair",), "reject", 8),
        (1, "buyer", ("chair",), "propose", 2),
        (2, "chair", ("seller",), "forward", 2),
        (2, "seller", ("chair",), "reject", 2),
        (2, "seller", ("chair",), "propose", 6),
        (2, "chair", ("buyer",), "forward", 6),
        (2, "buyer", ("chair",), "accept", 6),
        (2, "chair", ("seller", "buyer"), "agreement", 6),
    ]
    assert result.events[1].payload == {"outcome": 8, "package": {"price": 8.0}, "by": "seller"}


def test_a_bridge_is_tabled_once_the_offers_cross() -> None:
    agents = {"seller": firm(8, 4), "buyer": firm(2, 6)}
    result = simulate(price_scenario(), "shuttle", agents, deadline=4, seed=0)
    assert rows(result) == [
        (1, "seller", "propose", 8),
        (1, "chair", "forward", 8),
        (1, "buyer", "reject", 8),
        (1, "buyer", "propose", 2),
        (2, "chair", "forward", 2),
        (2, "seller", "reject", 2),
        (2, "seller", "propose", 4),
        (2, "chair", "forward", 4),
        (2, "buyer", "reject", 4),
        (2, "buyer", "propose", 6),
        # Each likes 5 at least as well as its own last offer: the mediator bridges.
        (2, "chair", "propose", 5),
        (2, "seller", "accept", 5),
        (2, "buyer", "accept", 5),
        (2, "chair", "agreement", 5),
    ]
    bridge = next(e for e in result.events if e.payload.get("bridge"))
    assert bridge.recipients == ("seller", "buyer")
    votes = [e for e in result.events if e.payload.get("vote")]
    assert {e.payload["versus"] for e in votes if e.kind == Kind.PROPOSE and e.round == 2} == {4, 6}


def test_two_mediators_relay_to_each_other(cairo: Scenario) -> None:
    agents = {"hamas": "boulware", "israel": "boulware"}
    result = simulate(cairo, "shuttle", agents, deadline=2, seed=0)
    assert [
        (e.sender, e.recipients, str(e.kind)) for e in result.events if not e.payload.get("vote")
    ] == [
        ("hamas", ("egypt",), "propose"),
        ("egypt", ("qatar",), "forward"),
        ("qatar", ("israel",), "forward"),
        ("israel", ("qatar",), "reject"),
        ("israel", ("qatar",), "propose"),
        ("qatar", ("egypt",), "forward"),
        ("egypt", ("hamas",), "forward"),
        ("hamas", ("egypt",), "reject"),
        ("hamas", ("egypt",), "propose"),
        ("egypt", ("qatar",), "forward"),
        ("qatar", ("israel",), "forward"),
        ("israel", ("qatar",), "reject"),
        ("israel", ("qatar",), "propose"),
        ("qatar", ("egypt",), "forward"),
        ("egypt", ("hamas", "israel"), "breakdown"),
    ]
    for event in result.events:
        if event.payload.get("vote") and event.kind == Kind.PROPOSE:
            assert event.sender == {"hamas": "egypt", "israel": "qatar"}[event.recipients[0]]


def test_an_assignment_puts_both_parties_with_one_mediator(cairo: Scenario) -> None:
    agents = {"hamas": "boulware", "israel": "boulware"}
    result = simulate(
        cairo,
        "shuttle",
        agents,
        deadline=3,
        seed=0,
        assignment={"hamas": "qatar", "israel": "qatar"},
    )
    assert {e.sender for e in result.events} <= {"hamas", "israel", "qatar", "egypt"}
    assert all(e.sender != "egypt" for e in result.events[:-1])  # egypt only chairs the end
    assert not any("qatar" in e.recipients and e.sender == "qatar" for e in result.events)


def test_a_bad_assignment_is_refused_before_the_talks(cairo: Scenario) -> None:
    agents = {"hamas": "boulware", "israel": "boulware"}
    for assignment in ({"hamas": "egypt"}, {"hamas": "egypt", "israel": "usa"}):
        with pytest.raises(ValueError, match="assignment"):
            stream(cairo, "shuttle", agents, deadline=3, seed=0, assignment=assignment)


def test_walking_away_goes_to_the_party_s_mediator() -> None:
    scenario = price_scenario(buyer_reservation=1.5)
    result = simulate(scenario, "shuttle", {"seller": Plain, "buyer": Plain}, deadline=3, seed=0)
    assert [(e.sender, e.recipients, str(e.kind)) for e in result.events][-2:] == [
        ("buyer", ("chair",), "walk_away"),
        ("chair", ("seller", "buyer"), "breakdown"),
    ]


def test_a_lone_party_agrees_with_itself() -> None:
    scenario = price_scenario(parties=("seller",))
    assert rows(simulate(scenario, "shuttle", {"seller": Plain}, deadline=2, seed=0)) == [
        (1, "seller", "propose", 10),
        (1, "chair", "agreement", 10),
    ]


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="bias"):
        Shuttle(bias=-0.1)
    with pytest.raises(ValueError, match="probes"):
        Shuttle(probes=0)
    with pytest.raises(ValueError, match="negative"):
        Shuttle(extension_rounds=-1)


def test_a_party_hears_only_its_own_mediator() -> None:
    base = three_parties_with_red_lines()
    mediators = (Actor("m1", "First"), Actor("m2", "Second"))
    scenario = replace(base, mediators=mediators)
    carrier = {"seller": "m1", "broker": "m2", "buyer": "m1"}
    Spy.seen = {}
    result = simulate(
        scenario, "shuttle", dict.fromkeys(scenario.party_ids, Spy), deadline=6, seed=0
    )
    no_party_addresses_another(result, scenario.party_ids)
    for party, states in Spy.seen.items():
        for message in (m for state in states for m in state.history):
            assert message.sender in (party, carrier[party], "m1"), (party, message)
            if message.kind in ("accept", "reject") and message.sender != party:
                raise AssertionError(f"{party} heard another party's answer: {message}")


# -- properties

NAMES = st.sampled_from(sorted(AGENTS))


@settings(max_examples=25, deadline=None)
@given(scenarios(), st.data(), st.integers(0, 2**32 - 1))
def test_any_run_ends_in_agreement_inside_the_zopa_or_breakdown(
    scenario: Scenario, data: st.DataObject, seed: int
) -> None:
    mediators = data.draw(st.integers(0, 2), label="mediators")
    scenario = replace(scenario, mediators=tuple(Actor(f"m{i}", f"M{i}") for i in range(mediators)))
    agents = {p: data.draw(NAMES, label=p) for p in scenario.party_ids}
    options = {"post_settlement": data.draw(st.booleans(), label="post_settlement")}
    deadline = data.draw(st.integers(1, 12), label="deadline")
    result = simulate(scenario, "shuttle", agents, deadline=deadline, seed=seed, **options)
    check_ending(result, scenario)
    no_party_addresses_another(result, scenario.party_ids)
    again = simulate(scenario, "shuttle", agents, deadline=deadline, seed=seed, **options)
    assert dump(again) == dump(result)


# -- the shipped examples


@pytest.mark.parametrize("name", ["plant-contract.yaml", "river-basin.yaml"])
def test_default_agents_settle_the_examples_inside_the_zopa(name: str) -> None:
    scenario = load_scenario(EXAMPLES / name)
    deal = zopa(scenario)
    parties = scenario.party_ids
    mix = ("conceder", "boulware", "linear")
    line_ups = [dict.fromkeys(parties, n) for n in ("boulware", "linear", "conceder")]
    line_ups.append({p: mix[i % 3] for i, p in enumerate(parties)})
    for agents in line_ups:
        result = simulate(scenario, "shuttle", agents, deadline=100, seed=0)
        assert result.agreement and result.outcome in deal, agents
        no_party_addresses_another(result, parties)


def test_cairo_never_settles_with_bridges_or_without(cairo: Scenario) -> None:
    for bridging in (True, False):
        agents = {"hamas": "conceder", "israel": "random"}
        result = simulate(cairo, "shuttle", agents, deadline=30, seed=1, bridging=bridging)
        assert not result.agreement and result.events[-1].kind == "breakdown"
