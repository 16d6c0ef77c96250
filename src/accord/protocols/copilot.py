"""The copilot as a mediator: it learns each party's preferences from its answers and tables
the package most likely to be accepted by all (``--option mediator=copilot``).

Like the other mediators it sees only the outcome space, the parties' ids, the
clock (round and deadline) and what the parties tell it: accept, reject, a
request for more time, votes between two packages and, in the shuttle, the
counter-offers they table. Its prior is the scenario's ``beliefs:`` section
when there is one (the mediator's own beliefs about each party, which are
its to hold) and otherwise uninformed (:func:`prior_for`). See
:mod:`accord.learning` for the model and the proposal rule.

Each round it puts :data:`VOTES` votes to each party (the pairs of packages its
posterior is least sure about), then tables the package with the highest
chance that every party accepts it; its forecast (each party's probability of
accepting) goes into the ``propose`` event's payload as ``forecast`` (and the
chance that all accept as ``forecast_all``). Parties never see a payload: an
agent only receives who did what about which package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from accord.learning.beliefs import BeliefsPrior
from accord.learning.copilot import Copilot
from accord.learning.likelihood import Answer, Said
from accord.learning.particles import Prior, UninformedPrior
from accord.model.issues import OutcomeSpace
from accord.model.scenario import Scenario
from accord.protocols.base import Session
from accord.protocols.counsel import DEFAULT_PROBES, Plan
from accord.protocols.drafting import Drafter, vote

VOTES = 8
"""Votes the copilot puts to each party per round (at most the round's ``probes``)."""


def prior_for(scenario: Scenario) -> Prior:
    """The mediator's prior about the parties: its ``beliefs:``, else uninformed.

    Only the beliefs (the mediator's own) go into the prior, never the parties' preferences.
    """
    if scenario.beliefs:
        return BeliefsPrior(scenario.space, dict(scenario.beliefs))
    return UninformedPrior(scenario.space)


def public_time(round_: int, deadline: int) -> float:
    """Relative time of a round, as every party reckons it."""
    return min(round_, deadline) / deadline


class CopilotDrafter(Drafter):
    """A single-text mediator that tables the package most likely to be accepted by all."""

    name = "copilot"

    def __init__(
        self,
        space: OutcomeSpace,
        rng: np.random.Generator,
        own: np.ndarray | None = None,
        *,
        bias: float = 0.0,
        probes: int = DEFAULT_PROBES,
        parties: Sequence[str] = (),
        prior: Prior | None = None,
    ) -> None:
        super().__init__(space, rng, own, bias=bias, probes=probes)
        seed = np.random.SeedSequence(int(rng.integers(2**62)))
        self.model = Copilot(space, parties, prior or UninformedPrior(space), seed)
        self.votes = max(0, min(VOTES, probes // max(1, len(parties))))

    @classmethod
    def build(
        cls, session: Session, own: np.ndarray | None, *, bias: float, probes: int
    ) -> Drafter:
        """The copilot for a run (see :meth:`of`)."""
        return cls.of(session, own, bias=bias, probes=probes)

    @classmethod
    def of(
        cls, session: Session, own: np.ndarray | None = None, *, bias: float = 0.0, probes: int
    ) -> CopilotDrafter:
        """The copilot for a run: the space, the parties' ids and the mediator's prior."""
        scenario = session.scenario
        return cls(
            scenario.space,
            session.rng,
            own,
            bias=bias,
            probes=probes,
            parties=session.parties,
            prior=prior_for(scenario),
        )

    def now(self, ahead: int = 0) -> float:
        """Relative time of the current round (or ``ahead`` rounds later)."""
        if self.clock is None:
            return 0.0
        return public_time(self.clock.round + ahead, self.clock.deadline)

    def observe(self, party: str, outcome: int, response: str, time: float) -> None:
        """An answer, or a position tabled by the party, updates that party's posterior."""
        said = {"accept": Said.ACCEPT, "reject": Said.REJECT, "request_time": Said.TIME}
        self.model.hear(party, Answer(said.get(response, Said.COUNTER), int(outcome), time))

    def forecast(self, outcome: int) -> Mapping[str, Any]:
        """Each party's probability of accepting ``outcome`` now, and of all accepting."""
        forecast = self.model.forecast(outcome, self.now())
        return {
            "forecast": {p: round(v, 4) for p, v in forecast.items()},
            "forecast_all": round(float(np.prod(list(forecast.values()))), 4),
        }

    def first_draft(self, positions: Mapping[str, int]) -> int:
        """The best package under the prior (and any positions heard)."""
        return self.next_text(self.now())

    def next_text(self, time: float, fallback: int | None = None) -> int:
        """The package to table at ``time``."""
        found = self.model.suggest(time)
        if found:
            self.model.tabled.append(found[0].outcome)
            return found[0].outcome
        return fallback if fallback is not None else 0

    def concessions(self, draft: int, holdouts: Sequence[str]) -> list[int]:
        """None: the copilot does not concede by moves (see :meth:`redraft`)."""
        return []

    def opening(self, positions: Mapping[str, int]) -> Plan[int]:
        """Votes first (the copilot knows nothing yet), then the first text."""
        yield from self.ask(self.now())
        return self.first_draft(positions)

    def redraft(self, draft: int, verdicts: Mapping[str, bool], rounds_left: int) -> Plan[int]:
        """Votes where the model is least sure, then the text most likely to be accepted next."""
        yield from self.ask(self.now(1))
        return self.next_text(self.now(1), draft)

    def bridge(self, fallback: int | None = None) -> Plan[int]:
        """Shuttle: votes where the model is least sure, then the bridge most likely to be
        accepted now (the parties answer it in the same round)."""
        yield from self.ask(self.now())
        return self.next_text(self.now(), fallback)

    def ask(self, ahead: float) -> Plan[None]:
        """Put :attr:`votes` votes to each party, each the one its posterior is least sure of
        given the answers so far (among a shortlist drawn for the text tabled at ``ahead``)."""
        if self.votes <= 0:
            return
        time = self.now()
        shortlist = self.model.shortlist(ahead)
        asked: dict[str, list[tuple[int, int]]] = {p: [] for p in self.model.parties}
        for _ in range(self.votes):
            for party in self.model.parties:
                question = self.model.question(party, shortlist, asked[party])
                if question is None:
                    continue
                a, b = question.candidate, question.versus
                asked[party].append((a, b))
                prefers = yield from vote(party, a, b)
                winner, loser = (a, b) if prefers else (b, a)
                self.model.hear(party, Answer(Said.PREFER, winner, time, versus=loser))
