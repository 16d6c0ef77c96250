"""Test helpers: a scripted opponent, a price scenario, and readable traces of a run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from accord.agents.base import Agent, AgentFactory, NegotiationState, PartyView, Response
from accord.model.issues import Issue
from accord.model.preferences import DiscreteValues, Preferences
from accord.model.scenario import Actor, Scenario
from accord.protocols.engine import AgentSpec, simulate
from accord.protocols.events import Kind

RESPONSES = (Kind.ACCEPT, Kind.REJECT, Kind.REQUEST_TIME)


class ScriptedAgent(Agent):
    """Plays a fixed script: its n-th proposal is ``offers[n]``, its n-th answer ``responses[n]``.

    Past the end of a script it repeats its last offer and rejects. It reads
    its place in the script from the state, so it keeps no memory of its own.
    """

    name = "scripted"

    def __init__(
        self,
        view: PartyView,
        rng: np.random.Generator,
        offers: Sequence[int | None] = (),
        responses: Sequence[Response] = (),
    ) -> None:
        super().__init__(view, rng)
        self.offers = tuple(offers)
        self.responses = tuple(responses)

    @classmethod
    def script(
        cls, offers: Sequence[int | None] = (), responses: Sequence[str] = ()
    ) -> AgentFactory:
        """A factory for :func:`simulate`."""
        answers = tuple(Response(r) for r in responses)
        return lambda view, rng: cls(view, rng, offers, answers)

    def choose_offer(self, state: NegotiationState) -> int | None:
        made = len(state.offers(by=self.view.party))
        return self.offers[min(made, len(self.offers) - 1)] if self.offers else None

    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        given = sum(m.sender == self.view.party and m.kind in RESPONSES for m in state.history)
        return self.responses[given] if given < len(self.responses) else Response.REJECT


def price_scenario(
    size: int = 11,
    seller_reservation: float = 0.3,
    buyer_reservation: float = 0.3,
    parties: Sequence[str] = ("seller", "buyer"),
) -> Scenario:
    """A price from 0 to ``size - 1``: worth ``p / (size-1)`` to the seller, the rest to the buyer.

    Any further party (``"broker"``) gets a flat utility of one half and no reservation.
    """
    price = Issue("price", "Price", tuple(float(x) for x in range(size)), numeric=True)
    rising = {float(x): x / (size - 1) for x in range(size)}
    table = {
        "seller": (rising, seller_reservation),
        "buyer": ({x: 1 - v for x, v in rising.items()}, buyer_reservation),
    }
    prefs = {}
    for party in parties:
        values, reservation = table.get(party, (dict.fromkeys(rising, 0.5), 0.0))
        prefs[party] = Preferences({"price": 1.0}, {"price": DiscreteValues(values)}, reservation)
    actors = tuple(Actor(p, p.title()) for p in parties)
    return Scenario("price", actors, (price,), prefs)


def versus(
    scenario: Scenario,
    agents: Mapping[str, AgentSpec],
    *,
    deadline: int = 10,
    seed: int = 0,
    protocol: str = "alternating",
    **options: Any,
) -> list[tuple[int, str, str, int | None]]:
    """The run as ``(round, sender, kind, outcome)`` rows, easy to write out in a test."""
    result = simulate(scenario, protocol, agents, deadline=deadline, seed=seed, **options)
    return [(e.round, e.sender, str(e.kind), e.outcome) for e in result.events]


def fruit_scenario(discount: float = 1.0) -> Scenario:
    """Two issues, three options each: ``fruit`` (apple, pear, plum) and ``size`` (s, m, l).

    The seller weighs fruit 0.6 (values 1, 0.3, 0.1) and size 0.4 (0.1, 0.6, 1);
    the buyer weighs fruit 0.25 (0.1, 0.6, 1) and size 0.75 (1, 0.3, 0.1).
    Outcome ``3 * fruit + size``: 0 is (apple, s), 8 is (plum, l).
    """
    fruit = Issue("fruit", "Fruit", ("apple", "pear", "plum"))
    size = Issue("size", "Size", ("s", "m", "l"))

    def prefs(wf: float, fv: tuple[float, ...], sv: tuple[float, ...]) -> Preferences:
        return Preferences(
            {"fruit": wf, "size": round(1 - wf, 10)},
            {
                "fruit": DiscreteValues(dict(zip(fruit.options, fv, strict=True))),
                "size": DiscreteValues(dict(zip(size.options, sv, strict=True))),
            },
            0.0,
            discount=discount,
        )

    preferences = {
        "seller": prefs(0.6, (1.0, 0.3, 0.1), (0.1, 0.6, 1.0)),
        "buyer": prefs(0.25, (0.1, 0.6, 1.0), (1.0, 0.3, 0.1)),
    }
    actors = (Actor("seller", "Seller"), Actor("buyer", "Buyer"))
    return Scenario("fruit", actors, (fruit, size), preferences)
