"""What the mediated protocols share: putting a mediator's questions to the parties.

The mediator's strategy (:class:`~accord.protocols.counsel.Counsel`) asks its
questions by yielding ballots; :func:`consult` puts each to the party, through
the party's own mediator, and logs it as two events: the mediator proposes
the candidate to that party alone (payload ``versus``: the package it is
weighed against), and the party accepts (it prefers the candidate) or rejects
it, to its mediator alone. :func:`answer` takes a party's verdict on the text
on the table, and :func:`mediator_utilities` gives a mediator with interests
of its own its utility of every outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import replace
from typing import Any, TypeVar

import numpy as np

from accord.agents.base import Response
from accord.analysis.evaluate import compile_scenario
from accord.model.scenario import Actor, Scenario
from accord.protocols.base import Session, Transcript, time_request
from accord.protocols.counsel import Plan
from accord.protocols.events import Event, Kind

T = TypeVar("T")


def mediator_utilities(scenario: Scenario, mediator: str) -> np.ndarray | None:
    """The mediator's own utility of every outcome, or ``None`` if it has no preferences."""
    prefs = scenario.mediator_preferences.get(mediator)
    if prefs is None:
        return None
    alone = Scenario(
        scenario.name,
        (Actor(mediator, mediator),),
        scenario.issues,
        {mediator: replace(prefs, red_lines=(), reservation=0.0)},
    )
    values, _ = compile_scenario(alone).at(np.arange(scenario.space.size, dtype=np.int64))
    return values[:, 0]


def check_options(bias: float, probes: int, max_extensions: int, extension_rounds: int) -> None:
    """Raise :class:`ValueError` when a mediated protocol's shared option is out of range."""
    if not 0.0 <= bias <= 1.0:
        raise ValueError("bias must be between 0 and 1")
    if probes < 1:
        raise ValueError("probes must be at least 1")
    if max_extensions < 0 or extension_rounds < 0:
        raise ValueError("max_extensions and extension_rounds must not be negative")


def consult(
    session: Session,
    log: Transcript,
    plan: Plan[T],
    carriers: Mapping[str, str],
    *,
    guard: bool = False,
    **flags: Any,
) -> Generator[Event, None, T]:
    """Put a strategy's questions to the parties, each through its own mediator.

    Yields two events per question and returns what the strategy found. A
    strict question is ``prefer(versus, candidate)`` (a tie keeps ``versus``); a
    weak one is ``prefer(candidate, versus)`` (a tie takes the candidate). With
    ``guard``, as for an acceptance, a yes to a package outside the party's
    limits counts as no (for votes that settle a package without a formal
    acceptance).
    """
    try:
        ballot = next(plan)
        while True:
            party, carrier, candidate = ballot.party, carriers[ballot.party], ballot.candidate
            question = session.offer(candidate, versus=int(ballot.versus), **flags)
            yield log.add(Kind.PROPOSE, carrier, (party,), **question)
            state = log.state(party)
            if ballot.weak:
                chosen = session.prefer(party, state, candidate, ballot.versus)
                yes = chosen == candidate and (not guard or session.acceptable(party, candidate))
            else:
                yes = session.prefer(party, state, ballot.versus, candidate) == candidate
            reply = Kind.ACCEPT if yes else Kind.REJECT
            yield log.add(reply, party, (carrier,), **session.offer(candidate, **flags))
            ballot = plan.send(yes)
    except StopIteration as done:
        found: T = done.value
        return found


Heard = Callable[[str, int, str, float], None]
"""Told of each answer as the mediator hears it: ``(party, outcome, response, time)``."""


def answer(
    session: Session,
    log: Transcript,
    party: str,
    outcome: int,
    carrier: str,
    heard: Heard | None = None,
) -> Generator[Event, None, bool]:
    """The party's answer to the text on the table, given to its mediator: accepted?

    A party may ask for more time; while time is granted it is asked again,
    and a refused request counts as a rejection. ``heard``, if given, is told
    of every answer (requests for time included) as the mediator hears it.
    """
    while True:
        response = session.respond(party, log.state(party), outcome)
        if heard is not None:
            heard(party, outcome, str(response), log.clock.time)
        if response is Response.REQUEST_TIME:
            request = time_request(log, carrier, party, session.parties, **session.offer(outcome))
            if (yield from request):
                continue
            response = Response.REJECT
        kind = Kind.ACCEPT if response is Response.ACCEPT else Kind.REJECT
        yield log.add(kind, party, (carrier,), **session.offer(outcome))
        return response is Response.ACCEPT
