"""Mediators with interests of their own, and how far they tilt the outcome."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from accord.agents.base import AgentFactory
from accord.io import load_scenario
from accord.model.preferences import DiscreteValues, Preferences
from accord.model.scenario import Actor, Scenario
from accord.protocols.tilt import mediator_tilt
from protocols.mediated import Firm, Plain, price_and_venue, zopa

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def firm(*offers: int) -> AgentFactory:
    return lambda view, rng: Firm(view, rng, offers)


def interested_plant() -> tuple[Scenario, Scenario]:
    """The plant contract, and the same with a state that wants a long, protected contract."""
    scenario = load_scenario(EXAMPLES / "plant-contract.yaml")
    term = DiscreteValues({"one_year": 0.0, "two_years": 0.3, "three_years": 1.0})
    jobs = DiscreteValues(
        {"none": 0.0, "consultation_before_layoffs": 0.5, "no_compulsory_redundancies": 1.0}
    )
    state = Preferences({"term": 0.5, "job_security": 0.5}, {"term": term, "job_security": jobs})
    return scenario, replace(scenario, mediator_preferences={"state": state})


@pytest.fixture(scope="module")
def venue_talks() -> Scenario:
    """Neither party cares where they meet; the UN, mediating, wants them to meet 'there'."""
    base = price_and_venue(buyer_cares=0.0, seller_cares=0.0)
    un = Preferences({"venue": 1.0}, {"venue": DiscreteValues({"here": 0.0, "there": 1.0})})
    return replace(base, mediators=(Actor("un", "UN"),), mediator_preferences={"un": un})


def test_among_texts_the_parties_like_alike_the_mediator_picks_its_favourite(
    venue_talks: Scenario,
) -> None:
    tilt = mediator_tilt(
        venue_talks, "single-text", {"seller": Plain, "buyer": Plain}, deadline=4, seed=0
    )
    assert tilt.neutral.result.package == {"price": 5.0, "venue": "here"}
    assert tilt.biased.result.package == {"price": 5.0, "venue": "there"}
    assert tilt.gain("un") == 1.0
    assert tilt.nash_shift == 0.0  # the parties are as well off either way


def test_a_bridging_mediator_picks_its_favourite_bridge(venue_talks: Scenario) -> None:
    # Offers cross in the second round (prices 8/4 against 2/6, venue 'here' = even index).
    agents = {"seller": firm(16, 8), "buyer": firm(4, 12)}
    tilt = mediator_tilt(venue_talks, "shuttle", agents, deadline=4, seed=0)
    assert tilt.neutral.result.package == {"price": 5.0, "venue": "here"}
    assert tilt.biased.result.package == {"price": 5.0, "venue": "there"}
    assert tilt.gain("un") == 1.0


def test_a_biased_state_mediator_tilts_the_plant_contract() -> None:
    """The state wants a long contract with strong job protection; with ``bias`` it starts
    its text from there. Same seed, same agents: the state gains, the Nash distance moves."""
    scenario, biased = interested_plant()
    agents = dict.fromkeys(scenario.party_ids, "boulware")
    tilt = mediator_tilt(biased, "single-text", agents, deadline=100, seed=0, bias=0.5)
    deal = zopa(scenario)
    assert tilt.neutral.result.outcome in deal and tilt.biased.result.outcome in deal
    gain = tilt.gain("state")
    assert gain is not None and gain > 0.2
    assert tilt.neutral.nash_distance is not None and tilt.biased.nash_distance is not None
    assert tilt.nash_shift is not None and tilt.nash_shift != 0.0
    assert tilt.biased.mediator_utilities["state"] == pytest.approx(
        tilt.neutral.mediator_utilities["state"] + gain  # type: ignore[operator]
    )


def test_a_neutral_scenario_has_nothing_to_tilt() -> None:
    scenario = load_scenario(EXAMPLES / "plant-contract.yaml")
    with pytest.raises(ValueError, match="no mediator"):
        mediator_tilt(
            scenario, "single-text", {"union": "linear", "management": "linear"}, deadline=5, seed=0
        )


def test_without_agreement_there_is_no_tilt_to_measure(venue_talks: Scenario) -> None:
    strict = replace(
        venue_talks,
        preferences={
            p: replace(prefs, reservation=0.9) for p, prefs in venue_talks.preferences.items()
        },
    )
    tilt = mediator_tilt(
        strict, "single-text", {"seller": Plain, "buyer": Plain}, deadline=3, seed=0
    )
    assert tilt.gain("un") is None and tilt.nash_shift is None
    assert tilt.biased.mediator_utilities == {"un": None}


def test_an_interested_bridging_mediator_need_not_cost_the_parties() -> None:
    """Under shuttle diplomacy the state bridges its way to its ideal terms, and the
    agreement lands nearer the Nash point than the neutral mediator's."""
    scenario, biased = interested_plant()
    agents = dict.fromkeys(scenario.party_ids, "boulware")
    tilt = mediator_tilt(biased, "shuttle", agents, deadline=100, seed=0)
    assert tilt.neutral.mediator_utilities["state"] == pytest.approx(0.5)
    assert tilt.biased.mediator_utilities["state"] == pytest.approx(1.0)
    assert tilt.nash_shift is not None and tilt.nash_shift < 0
    assert all(tilt.biased.result.utilities[p] > tilt.neutral.result.utilities[p] for p in agents)
