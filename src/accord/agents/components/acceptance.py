"""Acceptance conditions (Baarslag, Hindriks & Jonker 2014, "Effective acceptance conditions").

Each condition answers one question: should the agent accept the opponent's
``offer`` now, given the outcome it would offer next (``planned``) and what it
has received so far? Utilities are the agent's own; ``t`` is relative time.

* ``AC_next(a, b)``: accept when ``a * u(offer) + b >= u(planned)``.
* ``AC_const(c)``: accept when ``u(offer) >= c``.
* ``AC_time(T)``: accept anything once ``t >= T``.
* ``AC_combi(T)``: ``AC_next(1, 0)``, or, once ``t >= T``, accept an offer at least
  as good as the best (``MAX^W``) or the average (``AVG^W``) received in the window
  ``[t - (1 - t), t]`` — the remaining time, looked back on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.memory import Memory

TOLERANCE = 1e-12


class Acceptance(ABC):
    """Decides whether to accept the offer on the table."""

    needs_plan: ClassVar[bool] = True
    """Must the bidding strategy plan its next offer before this condition judges?
    (Not when the condition itself moves the targets the plan depends on.)"""

    @abstractmethod
    def accepts(
        self,
        view: PartyView,
        state: NegotiationState,
        offer: int,
        planned: int | None,
        memory: Memory,
    ) -> bool:
        """Accept ``offer``? ``planned`` is the agent's next offer (``None``: none)."""


@dataclass(frozen=True)
class ACNext(Acceptance):
    """``a * u(offer) + b >= u(planned)``."""

    a: float = 1.0
    b: float = 0.0

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        if planned is None:
            return False
        worth = view.utilities
        return bool(self.a * worth[offer] + self.b >= worth[planned] - TOLERANCE)


@dataclass(frozen=True)
class ACConst(Acceptance):
    """``u(offer) >= c``."""

    c: float

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        return bool(view.utilities[offer] >= self.c - TOLERANCE)


@dataclass(frozen=True)
class ACTime(Acceptance):
    """Accept anything once ``t >= T``."""

    T: float

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        return state.relative_time >= self.T


@dataclass(frozen=True)
class ACCombi(Acceptance):
    """``AC_next``, or after ``T`` an offer as good as the window's max (or average)."""

    T: float = 0.98
    statistic: str = "max"
    """``"max"`` (``MAX^W``) or ``"avg"`` (``AVG^W``)."""

    def __post_init__(self) -> None:
        if self.statistic not in ("max", "avg"):
            raise ValueError("statistic must be 'max' or 'avg'")

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        if ACNext().accepts(view, state, offer, planned, memory):
            return True
        t = state.relative_time
        if t < self.T:
            return False
        window = memory.received_between(t - (1.0 - t), t)
        if window.size == 0:
            return False
        worth = view.utilities[window]
        alpha = float(np.max(worth) if self.statistic == "max" else np.mean(worth))
        return bool(view.utilities[offer] >= alpha - TOLERANCE)


@dataclass(frozen=True)
class AnyOf(Acceptance):
    """Accept when any of the conditions accepts."""

    conditions: tuple[Acceptance, ...]

    def accepts(
        self, view: PartyView, state: NegotiationState, offer: int, planned: int | None,
        memory: Memory,
    ) -> bool:
        return any(c.accepts(view, state, offer, planned, memory) for c in self.conditions)
