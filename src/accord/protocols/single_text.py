"""The single negotiating text (Roger Fisher; the US mediators at Camp David, 1978).

The mediator holds one draft package. Each round it tables the draft to every
party, and each party answers the mediator alone: accept, reject, or ask for
time to study it. When every party accepts, the talks end in agreement on the
draft. Otherwise the mediator redrafts, asking parties on the way which of
two packages they prefer; nobody has to make a concession in public, and no
party hears another's answers. The talks break down at the deadline, or when
a party walks away (a party asked for its position that has none to give).

The mediator's strategy (:mod:`accord.protocols.drafting`) sees only the
outcome space, the answers and a random generator, never a party's
utilities. A mediator with preferences of its own
(:attr:`~accord.model.scenario.Scenario.mediator_preferences`) considers the
packages it likes best first, and ``bias`` pulls its drafts toward its ideal.

Events: the draft is proposed by the mediator (the chair) to all parties, with
its revision number (``"draft"``); answers go to the mediator; each vote is a
proposal to one party (``"vote": true``; ``"versus"``: the package it is
weighed against, the draft or a draft the party accepted before) and its
acceptance or rejection. With ``post_settlement=True`` an agreement is
followed by a post-settlement round (:mod:`accord.protocols.post_settlement`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from accord.protocols.base import Protocol, Session, start_clock, walk_out
from accord.protocols.copilot import CopilotDrafter
from accord.protocols.counsel import DEFAULT_PROBES
from accord.protocols.drafting import DRAFTERS, Drafter
from accord.protocols.events import Event, Kind
from accord.protocols.mediation import answer, check_options, consult, mediator_utilities
from accord.protocols.post_settlement import settle


def strategies() -> Mapping[str, type[Drafter]]:
    """The single-text mediator strategies by name: the vote-driven ones and the copilot."""
    return {**DRAFTERS, CopilotDrafter.name: CopilotDrafter}


@dataclass(frozen=True)
class SingleText(Protocol):
    """One text, redrafted by the mediator from the parties' answers until all accept it."""

    name = "single-text"

    mediator: str = "hill-climb"
    """The mediator's strategy: ``"hill-climb"``, ``"bisect"``, ``"random-flip"``, ``"copilot"``."""
    bias: float = 0.0
    """How far, from 0 to 1, a mediator with preferences pulls its first drafts toward its ideal."""
    probes: int = DEFAULT_PROBES
    """New questions the mediator may put to the parties each round."""
    post_settlement: bool = False
    """Look for Pareto improvements after an agreement."""
    max_extensions: int = 1
    """How many requests for time the mediator grants."""
    extension_rounds: int = 10
    """Rounds each granted request adds to the deadline."""

    def __post_init__(self) -> None:
        if self.mediator not in strategies():
            known = ", ".join(strategies())
            raise ValueError(f"unknown mediator strategy {self.mediator!r} (known: {known})")
        check_options(self.bias, self.probes, self.max_extensions, self.extension_rounds)

    def run(self, session: Session) -> Iterator[Event]:
        """Table, hear the answers, redraft; until all accept, a walk-out or the deadline."""
        parties, chair = session.parties, session.chair
        clock, log = start_clock(session, self.max_extensions, self.extension_rounds)
        everyone = dict.fromkeys(parties, chair)
        own = mediator_utilities(session.scenario, chair)
        drafter = strategies()[self.mediator].build(
            session, own, bias=self.bias, probes=self.probes
        )
        drafter.clock = clock
        positions = {}
        if drafter.asks_positions:
            for party in parties:
                position = session.propose(party, log.state(party))
                if position is None:
                    yield from walk_out(log, chair, party, parties, (chair,))
                    return
                positions[party] = position
                drafter.observe(party, position, "counter", clock.time)
                yield log.add(Kind.PROPOSE, party, (chair,), **session.offer(position))
        draft = yield from consult(session, log, drafter.opening(positions), everyone, vote=True)
        revision = 1
        while not clock.expired:
            expect = drafter.forecast(draft) or {}
            yield log.add(
                Kind.PROPOSE, chair, parties, **session.offer(draft, draft=revision, **expect)
            )
            verdicts = {}
            for party in parties:
                verdicts[party] = yield from answer(
                    session, log, party, draft, chair, heard=drafter.observe
                )
            if all(verdicts.values()):
                counsel = drafter.counsel if self.post_settlement else None
                yield from settle(session, log, draft, counsel, everyone)
                return
            plan = drafter.redraft(draft, verdicts, clock.deadline - clock.round)
            revised = yield from consult(session, log, plan, everyone, vote=True)
            if revised != draft:
                draft, revision = revised, revision + 1
            clock.round += 1
        yield log.add(Kind.BREAKDOWN, chair, parties, reason="deadline")
