"""Events: every step of a negotiation, as the log records it.

A protocol yields one :class:`Event` per message. An event names who sent it
and who received it, so each party's view of the talks is exactly the events
routed to it. ``time`` is relative time (round over deadline), never a clock.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What an event is."""

    PROPOSE = "propose"
    """A party tables a package (or, in blind bidding, submits a sealed bid)."""
    ACCEPT = "accept"
    """A party accepts the package on the table."""
    REJECT = "reject"
    """A party rejects the package on the table."""
    REQUEST_TIME = "request_time"
    """A party asks for more time to study the package on the table."""
    GRANT_TIME = "grant_time"
    """The chair extends the deadline."""
    REFUSE_TIME = "refuse_time"
    """The chair refuses a request for time (no extensions left)."""
    FORWARD = "forward"
    """A mediator passes a package on to a party (mediated protocols)."""
    WALK_AWAY = "walk_away"
    """A party leaves the table."""
    AGREEMENT = "agreement"
    """The talks end in agreement on a package."""
    BREAKDOWN = "breakdown"
    """The talks end without agreement."""


@dataclass(frozen=True)
class Event:
    """One message of the talks.

    ``payload`` is JSON-ready: offers carry both the outcome index
    (``"outcome"``) and the readable package (``"package"``: issue id to option).
    Treat it as read-only; agents never receive events, only
    :class:`accord.agents.base.Message` copies.
    """

    round: int
    """Round in which the event happened (rounds count from 1)."""
    time: float
    """Relative time ``round / deadline`` in ``[0, 1]``."""
    sender: str
    """A party id, or the chair (the mediator's seat) for announcements."""
    recipients: tuple[str, ...]
    """Who receives the message; nobody else learns of it."""
    kind: str
    """One of :class:`Kind`."""
    payload: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Protocols already pass a Kind and a tuple: skip the no-op conversions.
        if type(self.kind) is not Kind:
            object.__setattr__(self, "kind", Kind(self.kind))
        if type(self.recipients) is not tuple:
            object.__setattr__(self, "recipients", tuple(self.recipients))

    @property
    def outcome(self) -> int | None:
        """The outcome index the event is about, if any."""
        value = self.payload.get("outcome")
        return None if value is None else int(value)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dictionary (a deep copy)."""
        return {
            "round": self.round,
            "time": self.time,
            "sender": self.sender,
            "recipients": list(self.recipients),
            "kind": str(self.kind),
            "payload": copy.deepcopy(dict(self.payload)),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Rebuild an event written by :meth:`to_dict`."""
        return cls(
            round=int(data["round"]),
            time=float(data["time"]),
            sender=str(data["sender"]),
            recipients=tuple(str(r) for r in data["recipients"]),
            kind=str(data["kind"]),
            payload=copy.deepcopy(dict(data.get("payload", {}))),
        )
