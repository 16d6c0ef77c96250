"""What a component-built agent remembers of the talks: the offers it received and sent.

The engine hands an agent the whole history every turn; :class:`Memory` reads
only the messages that are new since the last turn, so that an opponent model
sees each offer exactly once, with the relative time it arrived at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accord.agents.base import NegotiationState
from accord.protocols.events import Kind


@dataclass
class Memory:
    """Offers received (with sender and time) and sent, oldest first."""

    party: str
    received: list[int] = field(default_factory=list)
    """Outcome indices the others proposed."""
    senders: list[str] = field(default_factory=list)
    """Who proposed each received offer."""
    times: list[float] = field(default_factory=list)
    """Relative time (``round / deadline``) of each received offer."""
    sent: list[int] = field(default_factory=list)
    """Outcome indices this party proposed."""
    seen: int = 0
    """Messages of the history read so far."""

    def observe(self, state: NegotiationState) -> list[tuple[int, str, float]]:
        """Read the new messages; return the new offers as ``(outcome, sender, time)``."""
        fresh = []
        for message in state.history[self.seen :]:
            if message.kind != Kind.PROPOSE or message.outcome is None:
                continue
            if message.sender == self.party:
                self.sent.append(message.outcome)
                continue
            time = min(message.round / state.deadline, 1.0)
            self.received.append(message.outcome)
            self.senders.append(message.sender)
            self.times.append(time)
            fresh.append((message.outcome, message.sender, time))
        self.seen = len(state.history)
        return fresh

    @property
    def last(self) -> int | None:
        """The latest offer received, if any."""
        return self.received[-1] if self.received else None

    def received_between(self, start: float, stop: float) -> np.ndarray:
        """Offers received at relative times in ``[start, stop]`` (give or take 1e-9)."""
        times = np.asarray(self.times, dtype=float)
        mask = (times >= start - 1e-9) & (times <= stop + 1e-9)
        return np.asarray(self.received, dtype=np.int64)[mask]
