"""What an agent may know and do.

An agent is built from a :class:`PartyView` — its own party's side of the
scenario and nothing else — and a seeded random generator. At each turn it
receives a frozen :class:`NegotiationState` holding only the messages routed to
its party. The base :class:`Agent` guards every move: whatever a strategy
chooses, an agent never proposes or accepts a package that breaks its own red
lines or falls below its reservation value.
"""

from __future__ import annotations

import operator
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, final, runtime_checkable

import numpy as np

from accord.analysis.evaluate import RESERVATION_TOLERANCE
from accord.model.issues import OutcomeSpace
from accord.model.preferences import Preferences
from accord.protocols.events import Kind


class Response(StrEnum):
    """An agent's answer to the package on the table."""

    ACCEPT = "accept"
    REJECT = "reject"
    REQUEST_TIME = "request_time"
    """Ask for more time to study the package; the chair may grant or refuse it."""


@dataclass(frozen=True)
class Message:
    """One event as a party saw it: who did what, about which outcome."""

    round: int
    sender: str
    kind: str
    """An event kind (:class:`accord.protocols.events.Kind`)."""
    outcome: int | None = None
    """The outcome index the message is about, if any."""


@dataclass(frozen=True)
class NegotiationState:
    """The talks as one party sees them at its turn."""

    round: int
    """Current round, counting from 1."""
    relative_time: float
    """``round / deadline``: 1 in the last round, when the talks can still end in a deal."""
    deadline: int
    """Last round, including any extensions granted so far."""
    history: tuple[Message, ...] = ()
    """Messages this party sent or received, oldest first."""

    def offers(self, *, by: str | None = None, excluding: str | None = None) -> tuple[int, ...]:
        """Outcomes proposed so far, oldest first, optionally by or excluding one sender."""
        return tuple(
            m.outcome
            for m in self.history
            if m.kind == Kind.PROPOSE
            and m.outcome is not None
            and (by is None or m.sender == by)
            and (excluding is None or m.sender != excluding)
        )


def _read_only(values: Any, dtype: type) -> np.ndarray:
    """A private read-only copy, so no caller can change what the agent relies on."""
    array: np.ndarray = np.array(values, dtype=dtype, copy=True)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class PartyView:
    """Everything one party knows: its own preferences, never anyone else's.

    The engine builds one view per party. Arrays are private read-only copies
    indexed by outcome index.
    """

    party: str
    space: OutcomeSpace
    """The issues and their options (no preferences)."""
    preferences: Preferences
    """This party's own preferences."""
    utilities: np.ndarray
    """This party's utility of every outcome, shape ``(space.size,)``."""
    feasible: np.ndarray
    """Boolean: does the outcome meet this party's own red lines?"""
    deadline: int
    """Deadline in rounds when the talks open."""
    on_table: np.ndarray | None = None
    """Boolean: may the outcome be proposed under this protocol? ``None``: all may."""
    acceptable: np.ndarray = field(init=False)
    """Boolean: on the table, within the red lines, at or above the reservation value."""

    def __post_init__(self) -> None:
        n = self.space.size
        utilities = _read_only(self.utilities, float)
        feasible = _read_only(self.feasible, bool)
        table = np.ones(n, bool) if self.on_table is None else self.on_table
        on_table = _read_only(table, bool)
        if not utilities.shape == feasible.shape == on_table.shape == (n,):
            raise ValueError(f"utilities and masks must have shape ({n},)")
        if self.deadline < 1:
            raise ValueError("the deadline must be at least one round")
        floor = self.reservation - RESERVATION_TOLERANCE
        acceptable = _read_only(feasible & on_table & (utilities >= floor), bool)
        object.__setattr__(self, "utilities", utilities)
        object.__setattr__(self, "feasible", feasible)
        object.__setattr__(self, "on_table", on_table)
        object.__setattr__(self, "acceptable", acceptable)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle through the constructor, so the copies come back read-only."""
        fields = (self.party, self.space, self.preferences, self.utilities, self.feasible)
        return (PartyView, (*fields, self.deadline, self.on_table))

    @property
    def reservation(self) -> float:
        """Utility of no agreement for this party."""
        return self.preferences.reservation

    def is_acceptable(self, outcome: int) -> bool:
        """Is ``outcome`` a valid index this party may propose or accept?"""
        return 0 <= outcome < self.acceptable.size and bool(self.acceptable[outcome])


class Agent(ABC):
    """A negotiation strategy for one party.

    Subclasses set :attr:`name` and :attr:`stochastic` and implement
    :meth:`choose_offer` and :meth:`choose_response`. Protocols call
    :meth:`propose` and :meth:`respond`, which the base class keeps within the
    party's own limits; they cannot be overridden.
    """

    name: ClassVar[str]
    """Registry name, e.g. ``"boulware"``."""
    stochastic: ClassVar[bool] = False
    """Does the strategy draw from its random generator?"""

    def __init__(self, view: PartyView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for guarded in ("propose", "respond"):
            if guarded in vars(cls):
                raise TypeError(
                    f"{cls.__name__} overrides {guarded}(); implement choose_offer() "
                    "and choose_response() instead"
                )

    @final
    def propose(self, state: NegotiationState) -> int | None:
        """The outcome to table, or ``None`` to walk away.

        A choice outside the party's acceptable set becomes a walk-away: the
        party leaves rather than offer what it may not accept.
        """
        choice = self.choose_offer(state)
        if choice is None:
            return None
        outcome = operator.index(choice)
        return outcome if self.view.is_acceptable(outcome) else None

    @final
    def respond(self, state: NegotiationState, offer: int) -> Response:
        """Accept, reject or ask for time; never accept an unacceptable package."""
        response = Response(self.choose_response(state, offer))
        if response is Response.ACCEPT and not self.view.is_acceptable(offer):
            return Response.REJECT
        return response

    def prefer(self, state: NegotiationState, a: int, b: int) -> int:
        """Which of two drafts this party prefers (``a`` on a tie).

        An acceptable draft beats an unacceptable one; then higher utility wins.
        """
        view = self.view
        key_a = (view.is_acceptable(a), float(view.utilities[a]))
        key_b = (view.is_acceptable(b), float(view.utilities[b]))
        return a if key_a >= key_b else b

    @abstractmethod
    def choose_offer(self, state: NegotiationState) -> int | None:
        """The strategy's offer (``None`` to walk away)."""

    @abstractmethod
    def choose_response(self, state: NegotiationState, offer: int) -> Response:
        """The strategy's answer to ``offer``."""


@runtime_checkable
class ModelsOpponent(Protocol):
    """An agent that keeps a model of its opponent's preferences.

    ``estimated_opponent_utilities(indices)`` returns, for each outcome index in
    ``indices`` (an integer array), the utility the agent's current model
    predicts the opponent gets from it, as floats in ``[0, 1]`` with the shape
    of ``indices``. It reflects everything the agent has seen so far and never
    changes the agent's state, so a tournament may call it at any time, for
    example after the talks to compare the model with the opponent's true
    utilities (Kendall tau, Pearson). In multilateral talks it estimates the
    average over the other parties unless ``opponent`` names one of them.
    Test with ``isinstance(agent, ModelsOpponent)``.
    """

    def estimated_opponent_utilities(
        self, indices: np.ndarray, opponent: str | None = None
    ) -> np.ndarray:
        """Predicted opponent utilities of the outcomes ``indices``."""
        ...


AgentFactory = Callable[[PartyView, np.random.Generator], Agent]
"""Anything that builds an agent from a view and a generator (an agent class is one)."""
