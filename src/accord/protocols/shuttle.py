"""Shuttle diplomacy: the parties never meet; mediators carry offers and bridge them.

Every party deals with one mediator only, the one assigned to it, and never
addresses another party. Parties take turns in scenario order, one turn each
per round. At its turn a party hears from its mediator the package on the
table (a ``forward`` event naming who tabled it, ``"by"``) and accepts it,
rejects it or asks for time; a party that rejects tables a counter-offer with
its mediator, who relays it to the mediators of the other parties (a
mediator-to-mediator ``forward``), and it becomes the package on the table.
The talks end in agreement when every party has accepted the package on the
table (the party that tabled it counts as accepting it).

**Bridging.** After every party's turn, once every party has made an offer,
one mediator (taking turns round by round) looks for a bridging package: a
package every party likes at least as well as its own last offer. Since a
party's own offer is acceptable to it, such a package is acceptable to all.
The search starts from the package that splits the difference between the
last offers issue by issue (the option nearest their mean; closest to all of
them by option distance) and moves by votes (see
:meth:`~accord.protocols.counsel.Counsel.cross`). If it finds one, the
mediator tables it to its own parties and passes it to the other mediators,
who carry it to theirs; every party answers at once.

**Several mediators** (Egypt and Qatar in Cairo) share the work: by default
the parties are assigned to the scenario's mediators round-robin (the first
party to the first mediator, and so on); the ``assignment`` option maps each
party to a mediator instead. Without mediators in the scenario, the chair
mediates alone. A mediator with preferences of its own considers the bridges
it likes best first, and ``bias`` pulls its starting point toward its ideal.
With ``post_settlement=True`` the first party's mediator runs the
post-settlement round, each question going through the party's own mediator.

**The copilot** (``mediator="copilot"``, :mod:`accord.protocols.copilot`): the
mediators share one model of the parties, learned from every answer and
counter-offer they hear, and the bridge is the package it finds most likely to
be accepted by all, tabled with its forecast in the payload (``forecast``,
``forecast_all``). Before each bridge the lead mediator puts to every party the
votes its model is least sure of (as in the single text), since answers to
offers alone say little while every party is still holding out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from accord.model.scenario import Scenario
from accord.protocols.base import Protocol, Session, Transcript, chair_of, start_clock, walk_out
from accord.protocols.copilot import CopilotDrafter
from accord.protocols.counsel import Counsel
from accord.protocols.events import Event, Kind
from accord.protocols.mediation import answer, check_options, consult, mediator_utilities
from accord.protocols.post_settlement import settle


@dataclass(frozen=True)
class Shuttle(Protocol):
    """Offers carried between parties by mediators, with bridging packages of their own."""

    name = "shuttle"

    assignment: Mapping[str, str] | None = None
    """The mediator of each party (by id); default: round-robin over the mediators."""
    mediator: str = "counsel"
    """How bridges are found: ``"counsel"`` (searched by votes) or ``"copilot"``."""
    bridging: bool = True
    """Do the mediators look for bridging packages?"""
    bias: float = 0.0
    """How far, from 0 to 1, a mediator with preferences pulls its bridges toward its ideal."""
    probes: int = 20
    """New questions the bridging mediator may put to the parties each round."""
    post_settlement: bool = False
    """Look for Pareto improvements after an agreement."""
    max_extensions: int = 1
    """How many requests for time the mediators grant."""
    extension_rounds: int = 10
    """Rounds each granted request adds to the deadline."""

    def __post_init__(self) -> None:
        if self.mediator not in ("counsel", CopilotDrafter.name):
            raise ValueError(
                f"unknown mediator strategy {self.mediator!r} (known: counsel, copilot)"
            )
        check_options(self.bias, self.probes, self.max_extensions, self.extension_rounds)

    def carriers(self, scenario: Scenario) -> dict[str, str]:
        """Each party's mediator (``ValueError`` for an assignment that does not fit)."""
        mediators = [m.id for m in scenario.mediators] or [chair_of(scenario)]
        parties = scenario.party_ids
        if self.assignment is None:
            return {p: mediators[i % len(mediators)] for i, p in enumerate(parties)}
        missing = [p for p in parties if p not in self.assignment]
        unknown = [p for p in self.assignment if p not in parties]
        strangers = sorted({m for m in self.assignment.values() if m not in mediators})
        if missing or unknown or strangers:
            raise ValueError(
                f"the assignment must map every party {list(parties)} to one of the mediators "
                f"{mediators}; missing: {missing}, unknown parties: {unknown}, "
                f"unknown mediators: {strangers}"
            )
        return {p: self.assignment[p] for p in parties}

    def on_table(self, scenario: Scenario) -> np.ndarray | None:
        """Every outcome may be offered; checks the assignment before the talks open."""
        self.carriers(scenario)
        return None

    def run(self, session: Session) -> Iterator[Event]:
        """Turns through the mediators, a bridge after each round; until all accept."""
        parties, chair, scenario = session.parties, session.chair, session.scenario
        clock, log = start_clock(session, self.max_extensions, self.extension_rounds)
        carrier = self.carriers(scenario)
        active = list(dict.fromkeys(carrier[p] for p in parties))
        counsels = {
            m: Counsel(
                scenario.space,
                session.rng,
                mediator_utilities(scenario, m),
                bias=self.bias,
                probes=self.probes,
            )
            for m in active
        }
        copilot = None
        if self.mediator == CopilotDrafter.name:
            copilot = CopilotDrafter.of(session, probes=self.probes)
            copilot.clock = clock
        heard = copilot.observe if copilot is not None else None
        table: int | None = None
        by = ""
        accepted: list[str] = []
        last: dict[str, int] = {}

        def settled(outcome: int) -> Iterator[Event]:
            counsel = counsels[carrier[parties[0]]] if self.post_settlement else None
            return settle(session, log, outcome, counsel, carrier)

        while not clock.expired:
            for party in parties:
                mediator = carrier[party]
                if table is not None and party in accepted:
                    continue
                if table is not None:
                    yield log.add(Kind.FORWARD, mediator, (party,), **session.offer(table, by=by))
                    if (yield from answer(session, log, party, table, mediator, heard)):
                        accepted.append(party)
                        if len(accepted) == len(parties):
                            yield from settled(table)
                            return
                        continue
                counter = session.propose(party, log.state(party))
                if counter is None:
                    yield from walk_out(log, chair, party, parties, (mediator,))
                    return
                table, by, accepted, last[party] = counter, party, [party], counter
                if copilot is not None:
                    copilot.observe(party, counter, "counter", clock.time)
                yield log.add(Kind.PROPOSE, party, (mediator,), **session.offer(counter))
                others = [m for m in active if m != mediator]
                for other in others:
                    yield log.add(
                        Kind.FORWARD, mediator, (other,), **session.offer(counter, by=party)
                    )
                if len(parties) == 1:
                    yield from settled(counter)
                    return
            if self.bridging and len(last) == len(parties) > 1:
                lead = active[(clock.round - 1) % len(active)]
                expect: Mapping[str, object] = {}
                if copilot is None:
                    counsel = counsels[lead]
                    counsel.fresh()
                    start = counsel.start([last[p] for p in parties])
                    search = counsel.settle_on(start, {p: last[p] for p in parties})
                    bridge = yield from consult(session, log, search, carrier, vote=True)
                else:
                    bridge = yield from consult(
                        session, log, copilot.bridge(table), carrier, vote=True
                    )
                    expect = copilot.forecast(bridge) or {}
                if bridge is not None:
                    yield from self.table(session, log, lead, bridge, carrier, active, expect)
                    table, by, accepted = bridge, lead, []
                    for party in parties:
                        if (yield from answer(session, log, party, bridge, carrier[party], heard)):
                            accepted.append(party)
                    if len(accepted) == len(parties):
                        yield from settled(bridge)
                        return
            clock.round += 1
        yield log.add(Kind.BREAKDOWN, chair, parties, reason="deadline")

    @staticmethod
    def table(
        session: Session,
        log: Transcript,
        lead: str,
        bridge: int,
        carrier: Mapping[str, str],
        active: list[str],
        expect: Mapping[str, object] | None = None,
    ) -> Iterator[Event]:
        """The lead mediator tables a bridge to its parties and passes it to the other mediators.

        ``expect``: what the mediator forecasts for the bridge, added to the payloads.
        """
        own = tuple(p for p in session.parties if carrier[p] == lead)
        offer = session.offer(bridge, bridge=True, **(expect or {}))
        if own:
            yield log.add(Kind.PROPOSE, lead, own, **offer)
        for other in active:
            if other == lead:
                continue
            yield log.add(Kind.FORWARD, lead, (other,), **offer)
            theirs = tuple(p for p in session.parties if carrier[p] == other)
            yield log.add(
                Kind.FORWARD,
                other,
                theirs,
                **session.offer(bridge, bridge=True, by=lead, **(expect or {})),
            )
