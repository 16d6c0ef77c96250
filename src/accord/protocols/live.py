"""A live session's talks as events, and their replay by the session's rules.

In a live session people (or agent seats) decide; nothing can re-run their
decisions. What can be checked is that a record of them follows the rules: a
replay takes the *moves* of a log (the mediator's proposals, each party's
answers, the mediator's decisions on time and a declared breakdown) and derives
every event from them again: round numbers, relative times, who receives what,
each outcome's index from its package, and the agreement the moment every party
has accepted the proposal on the table. A log whose derived events differ (an
agreement nobody reached, an answer to a replaced proposal, a changed package)
does not replay.

Events of a live log (``protocol: live`` in the header): ``propose`` from the
chair to every party (``round`` counts proposals, ``time`` is ``round /
deadline``); ``accept``, ``reject`` or ``request_time`` from a party to the
chair; ``grant_time`` or ``refuse_time`` from the chair to one party;
``agreement`` to every party; ``breakdown`` (``reason`` as declared).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from accord.model.scenario import Scenario
from accord.protocols.events import Event, Kind

PROTOCOL = "live"
"""The protocol name a live session's log header gives."""

ANSWERS = (Kind.ACCEPT, Kind.REJECT, Kind.REQUEST_TIME)


class LiveLogError(ValueError):
    """A move the rules of a live session do not allow (one paragraph)."""


class LiveTalks:
    """The state of a live session's talks, and the events each move gives."""

    def __init__(self, scenario: Scenario, chair: str, deadline: int) -> None:
        self.scenario = scenario
        self.chair = chair
        self.parties = scenario.party_ids
        self.deadline = max(1, deadline)
        self.round = 0
        self.table: int | None = None
        self.answered: dict[str, str] = {}
        self.waiting: set[str] = set()
        self.ended = False

    def _event(self, sender: str, to: Iterable[str], kind: Kind, **payload: Any) -> Event:
        time = min(self.round / self.deadline, 1.0)
        return Event(self.round, time, sender, tuple(to), kind, payload)

    def _open(self, what: str) -> None:
        if self.ended:
            raise LiveLogError(f"{what} after the talks ended")

    def propose(self, package: Mapping[str, Any]) -> Event:
        """The mediator tables ``package``: the next round."""
        self._open("a proposal")
        try:
            outcome = self.scenario.space.index_of(package)
        except (KeyError, ValueError, TypeError):
            raise LiveLogError(
                f"a proposal of a package not in the scenario: {dict(package)}"
            ) from None
        self.round += 1
        self.table, self.answered, self.waiting = outcome, {}, set()
        package = self.scenario.space.outcome(outcome)
        return self._event(self.chair, self.parties, Kind.PROPOSE, outcome=outcome, package=package)

    def answer(self, party: str, kind: Kind, reason: str = "") -> list[Event]:
        """A party's answer to the proposal on the table (and the agreement it may complete)."""
        self._open("an answer")
        if party not in self.parties:
            raise LiveLogError(f"an answer from {party!r}, who is not a party")
        if self.table is None:
            raise LiveLogError(f"an answer from {party} before any proposal")
        if party in self.answered:
            raise LiveLogError(
                f"a second answer from {party} to the proposal of round {self.round}"
            )
        if kind is Kind.REQUEST_TIME and party in self.waiting:
            raise LiveLogError(f"a second waiting request for time from {party}")
        extra = {"reason": reason} if reason else {}
        events = [self._event(party, (self.chair,), kind, outcome=self.table, **extra)]
        if kind is Kind.REQUEST_TIME:
            self.waiting.add(party)
            return events
        self.answered[party] = str(kind)
        if all(self.answered.get(p) == Kind.ACCEPT for p in self.parties):
            self.ended = True
            package = self.scenario.space.outcome(self.table)
            events.append(
                self._event(
                    self.chair, self.parties, Kind.AGREEMENT, outcome=self.table, package=package
                )
            )
        return events

    def decide_time(self, party: str, grant: bool, extra_seconds: int) -> Event:
        """The mediator grants or refuses ``party``'s waiting request for time."""
        self._open("a decision on time")
        if party not in self.waiting:
            raise LiveLogError(f"a decision on time for {party}, who was not waiting for one")
        self.waiting.discard(party)
        kind = Kind.GRANT_TIME if grant else Kind.REFUSE_TIME
        return self._event(
            self.chair, (party,), kind, outcome=self.table, extra_seconds=extra_seconds
        )

    def breakdown(self, reason: str) -> Event:
        """The mediator ends the talks without agreement."""
        self._open("a breakdown")
        self.ended = True
        return self._event(self.chair, self.parties, Kind.BREAKDOWN, reason=reason)


def replay_live(
    scenario: Scenario, chair: str, deadline: int, logged: Iterable[Event]
) -> list[Event]:
    """The events the moves of ``logged`` give under the rules (raises :class:`LiveLogError`).

    Derived events in the log (agreements) are not moves: the replay makes its
    own, so a comparison with the log shows any that differ.
    """
    talks = LiveTalks(scenario, chair, deadline)
    events: list[Event] = []
    for event in logged:
        kind = Kind(event.kind)
        if kind is Kind.PROPOSE:
            events.append(talks.propose(dict(event.payload.get("package") or {})))
        elif kind in ANSWERS:
            events.extend(talks.answer(event.sender, kind, str(event.payload.get("reason", ""))))
        elif kind in (Kind.GRANT_TIME, Kind.REFUSE_TIME):
            party = event.recipients[0] if event.recipients else ""
            extra = int(event.payload.get("extra_seconds", 0))
            events.append(talks.decide_time(party, kind is Kind.GRANT_TIME, extra))
        elif kind is Kind.BREAKDOWN:
            events.append(talks.breakdown(str(event.payload.get("reason", ""))))
        elif kind is not Kind.AGREEMENT:
            raise LiveLogError(f"a {kind} event, which live sessions do not have")
    return events
