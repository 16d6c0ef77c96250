"""What every protocol is built from: the chair's seat, the clock and the transcript.

A :class:`Protocol` is a set of rules with options; :meth:`Protocol.run` is a
generator that plays the talks out and yields each :class:`Event` as it
happens. The protocol sits in the chair's seat (:class:`Session`): unlike the
agents, it sees every party's view, and it refuses any acceptance or proposal
that breaks the party's own limits, whatever the agent's code says.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from accord.agents.base import Agent, Message, NegotiationState, PartyView, Response
from accord.model.issues import Option
from accord.model.scenario import Scenario
from accord.protocols.events import Event, Kind


def chair_of(scenario: Scenario) -> str:
    """The id announcements are sent under: the first mediator, else ``"chair"``."""
    chair = scenario.mediators[0].id if scenario.mediators else "chair"
    while chair in scenario.party_ids:
        chair = f"_{chair}"
    return chair


@dataclass(frozen=True, eq=False)
class Session:
    """The chair's seat: the agents, and every party's view, confidential data included.

    Protocols talk to agents only through :meth:`propose`, :meth:`respond` and
    :meth:`prefer`, which enforce each party's limits a second time.
    """

    scenario: Scenario
    agents: Mapping[str, Agent]
    views: Mapping[str, PartyView]
    deadline: int
    """Deadline in rounds when the talks open."""
    chair: str
    """Sender of announcements (grants of time, agreement, breakdown)."""
    rng: np.random.Generator
    """The protocol's own generator (for mediators that draw)."""
    out_of_time: Callable[[], bool] | None = None
    """Optional wall-clock limit: says when the time allowed has run out. The core
    never reads a clock itself; the caller passes this in."""
    _packages: dict[int, dict[str, Option]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Packages decoded so far, by outcome index (offers repeat, decoding costs)."""

    @property
    def parties(self) -> tuple[str, ...]:
        """Party ids in scenario order (the order of play)."""
        return self.scenario.party_ids

    def package(self, outcome: int) -> dict[str, Option]:
        """The readable package ``{issue id: option}`` of an outcome index (a new dict)."""
        package = self._packages.get(outcome)
        if package is None:
            package = self._packages[outcome] = self._decode(outcome)
        return dict(package)

    def _decode(self, outcome: int) -> dict[str, Option]:
        """:meth:`OutcomeSpace.outcome`, in plain Python for an index in range (no numpy)."""
        space = self.scenario.space
        if type(outcome) is not int or outcome < 0:
            return space.outcome(outcome)
        rest, picked = outcome, []
        for issue in reversed(space.issues):
            rest, digit = divmod(rest, issue.size)
            picked.append((issue.id, issue.options[digit]))
        if rest:  # past the end of the space: keep OutcomeSpace's own answer
            return space.outcome(outcome)
        return dict(reversed(picked))

    def offer(self, outcome: int, **extra: Any) -> dict[str, Any]:
        """An event payload naming an outcome both ways (index and package)."""
        return {"outcome": int(outcome), "package": self.package(outcome), **extra}

    def acceptable(self, party: str, outcome: int) -> bool:
        """May ``party`` propose or accept ``outcome``?"""
        return self.views[party].is_acceptable(outcome)

    def propose(self, party: str, state: NegotiationState) -> int | None:
        """The party's proposal; one outside its acceptable set counts as walking away."""
        outcome = self.agents[party].propose(state)
        if outcome is None or not self.acceptable(party, int(outcome)):
            return None
        return int(outcome)

    def respond(self, party: str, state: NegotiationState, offer: int) -> Response:
        """The party's response; accepting an unacceptable offer counts as rejecting it."""
        response = Response(self.agents[party].respond(state, offer))
        if response is Response.ACCEPT and not self.acceptable(party, offer):
            return Response.REJECT
        return response

    def prefer(self, party: str, state: NegotiationState, a: int, b: int) -> int:
        """Which of two drafts the party prefers (for single-text mediators)."""
        choice = int(self.agents[party].prefer(state, a, b))
        if choice not in (a, b):
            raise ValueError(f"{party} preferred {choice}, which is neither {a} nor {b}")
        return choice


@dataclass
class Clock:
    """Rounds, the deadline and the extensions granted so far (one per run)."""

    deadline: int
    max_extensions: int = 0
    extension_rounds: int = 0
    round: int = 1
    extensions: int = 0
    out_of_time: Callable[[], bool] | None = None
    """A wall-clock limit on top of the deadline in rounds (see :attr:`Session.out_of_time`)."""

    @property
    def expired(self) -> bool:
        """Is the current round past the deadline, or the time allowed used up?"""
        return self.round > self.deadline or (self.out_of_time is not None and self.out_of_time())

    @property
    def time(self) -> float:
        """Relative time ``round / deadline``, at most 1."""
        return min(self.round, self.deadline) / self.deadline

    def extend(self) -> bool:
        """Grant an extension if any is left; returns whether it was granted."""
        if self.extensions >= self.max_extensions or self.extension_rounds <= 0:
            return False
        self.extensions += 1
        self.deadline += self.extension_rounds
        return True


class Transcript:
    """Creates events at the clock's time and routes them to each party's history."""

    def __init__(self, parties: Sequence[str], clock: Clock) -> None:
        self.clock = clock
        self._seen: dict[str, list[Message]] = {p: [] for p in parties}

    def add(self, kind: Kind, sender: str, recipients: Sequence[str], **payload: Any) -> Event:
        """Record an event and return it, ready to be yielded."""
        clock = self.clock
        round_ = min(clock.round, clock.deadline)
        event = Event(round_, clock.time, sender, tuple(recipients), kind, payload)
        message = Message(round_, sender, str(kind), event.outcome)
        to = event.recipients
        for party, seen in self._seen.items():
            if party == sender or party in to:
                seen.append(message)
        return event

    def state(self, party: str) -> NegotiationState:
        """The talks as ``party`` sees them now."""
        clock = self.clock
        return NegotiationState(clock.round, clock.time, clock.deadline, tuple(self._seen[party]))


def start_clock(
    session: Session, max_extensions: int = 0, extension_rounds: int = 0
) -> tuple[Clock, Transcript]:
    """A fresh clock for one run, and the transcript that stamps events with its time."""
    clock = Clock(
        session.deadline, max_extensions, extension_rounds, out_of_time=session.out_of_time
    )
    return clock, Transcript(session.parties, clock)


def walk_out(
    log: Transcript, chair: str, party: str, parties: Sequence[str], told: Sequence[str]
) -> Iterator[Event]:
    """A party leaves the table (telling ``told``) and the chair announces the breakdown."""
    yield log.add(Kind.WALK_AWAY, party, told)
    yield log.add(Kind.BREAKDOWN, chair, parties, reason="walk_away", party=party)


def time_request(
    log: Transcript, chair: str, party: str, parties: Sequence[str], **payload: Any
) -> Generator[Event, None, bool]:
    """A party asks the chair for more time: yields the events, returns whether it was granted.

    Use as ``granted = yield from time_request(...)``. The chair grants while
    the clock has extensions left (announcing the new deadline to everyone)
    and otherwise refuses, to the requester alone.
    """
    yield log.add(Kind.REQUEST_TIME, party, (chair,), **payload)
    clock = log.clock
    if clock.extend():
        details = {"rounds": clock.extension_rounds, "deadline": clock.deadline}
        yield log.add(Kind.GRANT_TIME, chair, parties, requested_by=party, **details)
        return True
    yield log.add(Kind.REFUSE_TIME, chair, (party,), deadline=clock.deadline)
    return False


class Protocol(ABC):
    """The rules of the table. Subclasses are frozen dataclasses of their options."""

    name: ClassVar[str]
    """Registry name, e.g. ``"alternating"``."""

    def on_table(self, scenario: Scenario) -> np.ndarray | None:
        """Outcomes parties may propose under these rules (``None``: all of them).

        Called before the agents are built, so their views already exclude the rest.
        """
        return None

    @abstractmethod
    def run(self, session: Session) -> Iterator[Event]:
        """Play the talks out, yielding every event; the last is agreement or breakdown."""
