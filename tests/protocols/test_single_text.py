"""The single negotiating text, traced against plain parties and checked on the examples."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.base import Agent, NegotiationState, PartyView, Response
from accord.agents.registry import AGENTS
from accord.io import load_scenario
from accord.model.scenario import Scenario
from accord.protocols import drafting
from accord.protocols.base import Session
from accord.protocols.drafting import Drafter, HillClimb
from accord.protocols.engine import build_views, simulate
from accord.protocols.single_text import SingleText
from agents.scripted import price_scenario
from protocols.mediated import Plain, Spy, check_ending, dump, rows, zopa
from protocols.test_isolation import reachable, three_parties_with_red_lines

from strategies import scenarios

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STRATEGIES = ["hill-climb", "bisect"]


def test_a_text_everyone_accepts_is_agreed_at_once() -> None:
    result = simulate(
        price_scenario(),
        "single-text",
        dict.fromkeys(["seller", "buyer"], Plain),
        deadline=5,
        seed=0,
    )
    assert rows(result, votes=True) == [
        (1, "chair", "propose", 5),  # the middle of the price range
        (1, "seller", "accept", 5),
        (1, "buyer", "accept", 5),
        (1, "chair", "agreement", 5),
    ]
    assert [e.recipients for e in result.events] == [
        ("seller", "buyer"),
        ("chair",),
        ("chair",),
        ("seller", "buyer"),
    ]
    assert result.events[0].payload == {"outcome": 5, "package": {"price": 5.0}, "draft": 1}


def test_the_mediator_redrafts_for_a_holdout_from_votes() -> None:
    # The seller needs a price of 7 or more, the buyer 7 or less: only 7 will do.
    scenario = price_scenario(seller_reservation=0.7)
    result = simulate(
        scenario, "single-text", dict.fromkeys(["seller", "buyer"], Plain), deadline=3, seed=0
    )
    assert rows(result) == [
        (1, "chair", "propose", 5),
        (1, "seller", "reject", 5),
        (1, "buyer", "accept", 5),
        (2, "chair", "propose", 6),
        (2, "seller", "reject", 6),
        (2, "buyer", "accept", 6),
        (3, "chair", "propose", 7),
        (3, "seller", "accept", 7),
        (3, "buyer", "accept", 7),
        (3, "chair", "agreement", 7),
    ]
    drafts = [
        e.payload["draft"] for e in result.events if e.sender == "chair" and "draft" in e.payload
    ]
    assert drafts == [1, 2, 3]
    votes = [e for e in result.events if e.payload.get("vote")]
    assert votes, "the mediator asked which package the parties prefer"
    for question, reply in zip(votes[::2], votes[1::2], strict=True):
        assert (question.kind, reply.kind in ("accept", "reject")) == ("propose", True)
        assert question.sender == "chair" and question.recipients == (reply.sender,)
        assert reply.recipients == ("chair",) and reply.outcome == question.outcome
        assert "versus" in question.payload


def test_bisect_asks_for_positions_and_splits_the_difference() -> None:
    agents = {"seller": Plain, "buyer": Plain}
    result = simulate(
        price_scenario(), "single-text", agents, deadline=3, seed=0, mediator="bisect"
    )
    assert rows(result, votes=True) == [
        (1, "seller", "propose", 10),
        (1, "buyer", "propose", 0),
        (1, "chair", "propose", 5),
        (1, "seller", "accept", 5),
        (1, "buyer", "accept", 5),
        (1, "chair", "agreement", 5),
    ]
    assert result.events[0].recipients == ("chair",)


def test_a_party_without_a_position_walks_away() -> None:
    scenario = price_scenario(seller_reservation=1.5)  # nothing is good enough for the seller
    result = simulate(
        scenario,
        "single-text",
        {"seller": Plain, "buyer": Plain},
        deadline=3,
        seed=0,
        mediator="bisect",
    )
    assert rows(result) == [(1, "seller", "walk_away", None), (1, "chair", "breakdown", None)]
    assert result.events[-1].payload == {"reason": "walk_away", "party": "seller"}


def test_without_a_zopa_the_talks_break_down_at_the_deadline() -> None:
    scenario = price_scenario(seller_reservation=0.7, buyer_reservation=0.7)
    for mediator in STRATEGIES:
        result = simulate(
            scenario,
            "single-text",
            {"seller": Plain, "buyer": Plain},
            deadline=6,
            seed=1,
            mediator=mediator,
        )
        last = result.events[-1]
        assert (last.kind, last.round, last.time, last.payload) == (
            "breakdown",
            6,
            1.0,
            {"reason": "deadline"},
        )
        assert result.rounds == 6


class Studious(Plain):
    """Asks for time on the first text it sees, then answers plainly."""

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        if not any(m.kind == "grant_time" or m.kind == "refuse_time" for m in state.history):
            return Response.REQUEST_TIME
        return super().choose_response(state, offer)


def test_time_is_granted_and_the_party_answers_again() -> None:
    agents = {"seller": Studious, "buyer": Plain}
    result = simulate(
        price_scenario(), "single-text", agents, deadline=2, seed=0, extension_rounds=3
    )
    assert [(e.sender, str(e.kind), e.recipients) for e in result.events] == [
        ("chair", "propose", ("seller", "buyer")),
        ("seller", "request_time", ("chair",)),
        ("chair", "grant_time", ("seller", "buyer")),
        ("seller", "accept", ("chair",)),
        ("buyer", "accept", ("chair",)),
        ("chair", "agreement", ("seller", "buyer")),
    ]
    assert result.events[2].payload == {"requested_by": "seller", "rounds": 3, "deadline": 5}
    assert result.time_requests == 1


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown mediator strategy 'oracle'"):
        SingleText(mediator="oracle")
    with pytest.raises(ValueError, match="bias"):
        SingleText(bias=1.5)
    with pytest.raises(ValueError, match="probes"):
        SingleText(probes=0)
    with pytest.raises(ValueError, match="negative"):
        SingleText(max_extensions=-1)


# -- what the mediator can know


def test_a_mediator_strategy_is_built_from_the_space_a_generator_and_its_own_interests() -> None:
    parameters = list(inspect.signature(Drafter.__init__).parameters)
    assert parameters == ["self", "space", "rng", "own", "bias", "probes"]


def test_the_mediator_reaches_no_party_s_view(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Drafter] = []

    class Watched(HillClimb):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            built.append(self)

    monkeypatch.setitem(drafting.DRAFTERS, "hill-climb", Watched)  # type: ignore[index]
    scenario = three_parties_with_red_lines()
    result = simulate(
        scenario, "single-text", dict.fromkeys(scenario.party_ids, "linear"), deadline=8, seed=2
    )
    assert any(e.payload.get("vote") for e in result.events)  # it did ask questions
    (drafter,) = built
    views = build_views(scenario, 8)
    forbidden = {id(scenario), *(id(p) for p in scenario.preferences.values())}
    found = list(reachable(drafter))
    assert len(found) > 20
    for obj in found:
        assert id(obj) not in forbidden
        assert not isinstance(obj, Session | PartyView | Agent | Scenario)
        if isinstance(obj, np.ndarray) and obj.dtype == float:
            assert not any(np.array_equal(obj, v.utilities) for v in views.values())


def test_a_party_hears_no_other_party() -> None:
    scenario = three_parties_with_red_lines()
    for mediator in STRATEGIES:
        Spy.seen = {}
        simulate(
            scenario,
            "single-text",
            dict.fromkeys(scenario.party_ids, Spy),
            deadline=6,
            seed=0,
            mediator=mediator,
        )
        assert set(Spy.seen) == set(scenario.party_ids)
        for party, states in Spy.seen.items():
            senders = {m.sender for state in states for m in state.history}
            assert senders <= {party, "chair"}, (mediator, party, senders)


# -- properties

NAMES = st.sampled_from(sorted(AGENTS))


@settings(max_examples=25, deadline=None)
@given(scenarios(), st.data(), st.integers(0, 2**32 - 1))
def test_any_run_ends_in_agreement_inside_the_zopa_or_breakdown(
    scenario: Scenario, data: st.DataObject, seed: int
) -> None:
    agents = {p: data.draw(NAMES, label=p) for p in scenario.party_ids}
    options = {
        "mediator": data.draw(st.sampled_from(STRATEGIES), label="mediator"),
        "post_settlement": data.draw(st.booleans(), label="post_settlement"),
    }
    deadline = data.draw(st.integers(1, 12), label="deadline")
    result = simulate(scenario, "single-text", agents, deadline=deadline, seed=seed, **options)
    check_ending(result, scenario)
    # Granted requests for time (one by default, ten rounds each) move the deadline back.
    assert result.rounds <= deadline + 10 * min(result.time_requests, 1)
    again = simulate(scenario, "single-text", agents, deadline=deadline, seed=seed, **options)
    assert dump(again) == dump(result)


# -- the shipped examples


def line_ups(scenario: Scenario) -> Iterator[dict[str, str]]:
    """Every party Boulware, Linear or Conceder alike, and a mixed line-up."""
    parties = scenario.party_ids
    for name in ("boulware", "linear", "conceder"):
        yield dict.fromkeys(parties, name)
    mix = ("conceder", "boulware", "linear")
    yield {p: mix[i % 3] for i, p in enumerate(parties)}


@pytest.mark.parametrize("mediator", STRATEGIES)
@pytest.mark.parametrize("name", ["plant-contract.yaml", "river-basin.yaml"])
def test_default_agents_settle_the_examples_inside_the_zopa(name: str, mediator: str) -> None:
    scenario = load_scenario(EXAMPLES / name)
    deal = zopa(scenario)
    for agents in line_ups(scenario):
        result = simulate(scenario, "single-text", agents, deadline=100, seed=0, mediator=mediator)
        assert result.agreement and result.outcome in deal, agents


def test_cairo_never_settles_under_either_strategy() -> None:
    cairo = load_scenario(EXAMPLES / "cairo-talks.yaml")
    for mediator in STRATEGIES:
        for agents in (
            {"hamas": "conceder", "israel": "random"},
            {"hamas": "random", "israel": "linear"},
        ):
            result = simulate(
                cairo,
                "single-text",
                agents,
                deadline=30,
                seed=1,
                mediator=mediator,
                post_settlement=True,
            )
            assert not result.agreement and result.events[-1].kind == "breakdown"
