"""Stacked alternating offers (SAOP), for any number of parties.

Parties act in scenario order, one turn each per round. The first party opens
with a proposal. An offer stands until every other party has accepted it in
turn; a party that does not accept rejects it and tables its own counter-offer,
which then needs everyone else's acceptance. At its turn a party may also ask
for more time to study the offer or walk away. The chair grants a bounded
number of extensions, each moving the deadline back, and the requester keeps
the floor; once they are used up a request is refused and counts as a
rejection. If the deadline passes, the talks break down.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from accord.agents.base import Response
from accord.protocols.base import Protocol, Session, start_clock, time_request, walk_out
from accord.protocols.events import Event, Kind


@dataclass(frozen=True)
class AlternatingOffers(Protocol):
    """Stacked alternating offers with a deadline in rounds."""

    name = "alternating"

    max_extensions: int = 1
    """How many requests for time the chair grants."""
    extension_rounds: int = 10
    """Rounds each granted request adds to the deadline."""

    def __post_init__(self) -> None:
        if self.max_extensions < 0 or self.extension_rounds < 0:
            raise ValueError("max_extensions and extension_rounds must not be negative")

    def run(self, session: Session) -> Iterator[Event]:
        """Play the talks out, one turn at a time."""
        parties = session.parties
        chair = session.chair
        clock, log = start_clock(session, self.max_extensions, self.extension_rounds)
        others = {p: tuple(q for q in parties if q != p) for p in parties}
        offer: int | None = None
        accepted: set[str] = set()
        turn = step = 0
        while True:
            clock.round = step // len(parties) + 1
            if clock.expired:
                yield log.add(Kind.BREAKDOWN, chair, parties, reason="deadline")
                return
            party = parties[turn]
            step += 1
            if offer is not None:
                response = session.respond(party, log.state(party), offer)
                if response is Response.ACCEPT:
                    yield log.add(Kind.ACCEPT, party, others[party], **session.offer(offer))
                    accepted.add(party)
                    if len(accepted) == len(parties):
                        yield log.add(Kind.AGREEMENT, chair, parties, **session.offer(offer))
                        return
                    turn = (turn + 1) % len(parties)
                    continue
                if response is Response.REQUEST_TIME:
                    request = time_request(log, chair, party, parties, **session.offer(offer))
                    if (yield from request):
                        continue  # the requester keeps the floor
                yield log.add(Kind.REJECT, party, others[party], **session.offer(offer))
            counter = session.propose(party, log.state(party))
            if counter is None:
                yield from walk_out(log, chair, party, parties, others[party])
                return
            offer, accepted = counter, {party}
            yield log.add(Kind.PROPOSE, party, others[party], **session.offer(offer))
            if len(accepted) == len(parties):
                yield log.add(Kind.AGREEMENT, chair, parties, **session.offer(offer))
                return
            turn = (turn + 1) % len(parties)
