"""Raiffa's post-settlement round: never worse for anyone, adopted only with everyone's consent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.registry import AGENTS
from accord.io import load_scenario
from accord.model.preferences import Preferences
from accord.model.scenario import Scenario
from accord.protocols.engine import simulate
from accord.protocols.events import Kind
from accord.protocols.post_settlement import POST_SETTLEMENT_LIMIT
from protocols.mediated import Plain, dump, price_and_venue, rows, zopa

from strategies import scenarios

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROTOCOLS = [("single-text", {}), ("single-text", {"mediator": "bisect"}), ("shuttle", {})]


def test_the_mediator_finds_the_improvement_the_parties_missed() -> None:
    scenario = price_and_venue()
    agents = {"seller": Plain, "buyer": Plain}
    plain = simulate(scenario, "single-text", agents, deadline=3, seed=0)
    improved = simulate(scenario, "single-text", agents, deadline=3, seed=0, post_settlement=True)
    assert plain.package == {"price": 5.0, "venue": "here"}  # both accept the first text
    assert improved.package == {"price": 5.0, "venue": "there"}
    assert improved.events[-1].payload == {
        "outcome": improved.outcome,
        "package": {"price": 5.0, "venue": "there"},
        "post_settlement": True,
        "improved_from": plain.outcome,
    }
    assert all(improved.utilities[p] > plain.utilities[p] for p in scenario.party_ids)
    settlement = [e for e in improved.events if e.payload.get("post_settlement")]
    assert {str(e.kind) for e in settlement} <= {"propose", "accept", "reject", "agreement"}
    assert rows(improved)[-1] == (1, "chair", "agreement", improved.outcome)


def test_indifference_counts_as_consent() -> None:
    # The seller does not care where they meet; the buyer would rather go 'there'.
    scenario = price_and_venue(seller_cares=0.0)
    agents = {"seller": Plain, "buyer": Plain}
    result = simulate(scenario, "single-text", agents, deadline=3, seed=0, post_settlement=True)
    assert result.package == {"price": 5.0, "venue": "there"}
    asked = [
        e for e in result.events if e.payload.get("post_settlement") and e.outcome == result.outcome
    ]
    assert [(e.sender, str(e.kind)) for e in asked if e.kind != Kind.AGREEMENT] == [
        ("chair", "propose"),
        ("seller", "accept"),
        ("chair", "propose"),
        ("buyer", "accept"),
    ]


def test_nothing_is_adopted_without_everyone_s_consent() -> None:
    # With a single price issue every change hurts one side: the agreement stands.
    scenario = price_and_venue()
    one_issue = Scenario(
        "price",
        scenario.parties,
        scenario.issues[:1],
        {
            p: Preferences({"price": 1.0}, {"price": prefs.values["price"]}, 0.3)
            for p, prefs in scenario.preferences.items()
        },
    )
    for protocol, options in PROTOCOLS:
        agents = {"seller": "linear", "buyer": "linear"}
        plain = simulate(one_issue, protocol, agents, deadline=10, seed=0, **options)
        improved = simulate(
            one_issue, protocol, agents, deadline=10, seed=0, post_settlement=True, **options
        )
        assert plain.agreement and improved.outcome == plain.outcome


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.data(), st.integers(0, 2**32 - 1))
def test_never_worse_for_anyone_and_the_same_talks_before_it(
    scenario: Scenario, data: st.DataObject, seed: int
) -> None:
    protocol, options = data.draw(st.sampled_from(PROTOCOLS), label="protocol")
    agents = {p: data.draw(st.sampled_from(sorted(AGENTS)), label=p) for p in scenario.party_ids}
    deadline = data.draw(st.integers(1, 10), label="deadline")
    plain = simulate(scenario, protocol, agents, deadline=deadline, seed=seed, **options)
    improved = simulate(
        scenario, protocol, agents, deadline=deadline, seed=seed, post_settlement=True, **options
    )
    assert improved.agreement == plain.agreement
    if not plain.agreement:
        assert dump(improved) == dump(plain)
        return
    first = next(i for i, e in enumerate(improved.events) if e.payload.get("post_settlement"))
    assert [e.to_dict() for e in improved.events[:first]] == [
        e.to_dict() for e in plain.events[:-1]
    ]
    assert all(e.payload.get("post_settlement") for e in improved.events[first:])
    assert improved.events[-1].payload["improved_from"] == plain.outcome
    assert improved.outcome in zopa(scenario)
    for party in scenario.party_ids:
        assert improved.utilities[party] >= plain.utilities[party] - 1e-12
    proposed = Counter(
        (e.recipients, e.outcome) for e in improved.events[first:] if e.kind == Kind.PROPOSE
    )
    assert max(proposed.values(), default=1) == 1  # nobody is asked about a package twice
    assert len({outcome for _, outcome in proposed}) <= POST_SETTLEMENT_LIMIT


@pytest.mark.parametrize(("protocol", "options"), PROTOCOLS)
def test_on_the_plant_contract_no_party_loses(protocol: str, options: dict[str, str]) -> None:
    scenario = load_scenario(EXAMPLES / "plant-contract.yaml")
    agents = {"union": "linear", "management": "conceder"}
    plain = simulate(scenario, protocol, agents, deadline=100, seed=0, **options)
    improved = simulate(
        scenario, protocol, agents, deadline=100, seed=0, post_settlement=True, **options
    )
    assert plain.agreement and improved.outcome in zopa(scenario)
    gains = [improved.utilities[p] - plain.utilities[p] for p in scenario.party_ids]
    assert min(gains) >= 0
    if options:  # bisect splits the difference, and leaves value on the table
        assert max(gains) > 0
