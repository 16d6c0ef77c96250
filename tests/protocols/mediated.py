"""Test helpers for the mediated protocols: plain parties, readable rows, the ZOPA, spies,
and a price-and-venue scenario."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from accord.agents.base import Agent, AgentFactory, NegotiationState, PartyView, Response
from accord.model.issues import Issue
from accord.model.preferences import DiscreteValues, Preferences
from accord.model.scenario import Actor, Scenario
from accord.protocols.engine import SimulationResult, build_views
from accord.protocols.events import Event, Kind

Row = tuple[int, str, str, int | None]


class Plain(Agent):
    """Tables its scripted offers in turn (then its best acceptable package); accepts
    anything acceptable; votes by its own utility (the base class's ``prefer``)."""

    name = "plain"

    def __init__(
        self, view: PartyView, rng: np.random.Generator, offers: Sequence[int] = ()
    ) -> None:
        super().__init__(view, rng)
        self.offers = tuple(offers)

    @classmethod
    def offering(cls, *offers: int) -> AgentFactory:
        """A factory for parties that table ``offers`` in turn."""
        return lambda view, rng: cls(view, rng, offers)

    def choose_offer(self, state: NegotiationState) -> int | None:
        made = len(state.offers(by=self.view.party))
        if made < len(self.offers):
            return self.offers[made]
        acceptable = np.flatnonzero(self.view.acceptable)
        if not acceptable.size:
            return None
        return int(acceptable[np.argmax(self.view.utilities[acceptable])])

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        return Response.ACCEPT if self.view.is_acceptable(offer) else Response.REJECT


class Firm(Plain):
    """Accepts only what is worth as much to it as its own last offer (nothing before one)."""

    name = "firm"

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        mine = state.offers(by=self.view.party)
        worth = self.view.utilities
        if mine and worth[offer] >= worth[mine[-1]] and self.view.is_acceptable(offer):
            return Response.ACCEPT
        return Response.REJECT


class Spy(Plain):
    """A plain party that keeps every state it was shown, per party."""

    seen: ClassVar[dict[str, list[NegotiationState]]] = {}

    def choose_offer(self, state: NegotiationState) -> int | None:
        Spy.seen.setdefault(self.view.party, []).append(state)
        return super().choose_offer(state)

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        Spy.seen.setdefault(self.view.party, []).append(state)
        return super().choose_response(state, offer)

    def prefer(self, state: NegotiationState, a: int, b: int) -> int:
        Spy.seen.setdefault(self.view.party, []).append(state)
        return super().prefer(state, a, b)


def is_vote(event: Event) -> bool:
    """A question put to one party, or its answer (votes and post-settlement proposals)."""
    return bool(event.payload.get("vote") or event.payload.get("post_settlement")) and (
        event.kind != Kind.AGREEMENT
    )


def rows(result: SimulationResult, votes: bool = False) -> list[Row]:
    """The run as ``(round, sender, kind, outcome)`` rows, votes left out unless asked for."""
    return [
        (e.round, e.sender, str(e.kind), e.outcome)
        for e in result.events
        if votes or not is_vote(e)
    ]


def zopa(scenario: Scenario) -> set[int]:
    """Outcomes acceptable to every party (from each party's own view)."""
    views = build_views(scenario, 1).values()
    return set(np.flatnonzero(np.logical_and.reduce([v.acceptable for v in views])).tolist())


def dump(result: SimulationResult) -> str:
    """The events as JSON text, to compare runs byte for byte."""
    return json.dumps([e.to_dict() for e in result.events])


def check_ending(result: SimulationResult, scenario: Scenario) -> None:
    """One terminal event, last; an agreement only inside every party's acceptable set."""
    kinds = [e.kind for e in result.events]
    assert kinds[-1] in (Kind.AGREEMENT, Kind.BREAKDOWN)
    assert sum(k in (Kind.AGREEMENT, Kind.BREAKDOWN) for k in kinds) == 1
    assert all(0 < e.time <= 1 for e in result.events)
    if result.agreement:
        assert result.outcome in zopa(scenario)


def price_and_venue(buyer_cares: float = 1.0, seller_cares: float = 1.0) -> Scenario:
    """A price from 0 to 10 (opposed interests) and a venue both would rather have 'there'."""
    price = Issue("price", "Price", tuple(float(x) for x in range(11)), numeric=True)
    venue = Issue("venue", "Venue", ("here", "there"))
    rising = {float(x): x / 10 for x in range(11)}
    falling = {x: 1 - v for x, v in rising.items()}

    def prefs(values: dict[float, float], cares: float) -> Preferences:
        return Preferences(
            weights={"price": 0.75, "venue": 0.25},
            values={
                "price": DiscreteValues(values),  # type: ignore[arg-type]
                "venue": DiscreteValues({"here": 0.0, "there": cares}),
            },
            reservation=0.3,
        )

    parties = (Actor("seller", "Seller"), Actor("buyer", "Buyer"))
    preferences = {"seller": prefs(rising, seller_cares), "buyer": prefs(falling, buyer_cares)}
    return Scenario("price and venue", parties, (price, venue), preferences)
