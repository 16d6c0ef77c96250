"""The scenario: who negotiates, through whom, over what, and what each wants.

A :class:`Scenario` is plain validated data. Loading it from a file is the job
of :mod:`accord.io`; analysing it is the job of :mod:`accord.analysis`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from accord.model.issues import Issue, Option, OutcomeSpace
from accord.model.preferences import Evidence, Preferences, RedLine
from accord.model.uncertainty import UncertainPreferences, certain


@dataclass(frozen=True)
class Actor:
    """A party or a mediator."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Source:
    """A document the scenario is built from (a report, a transcript)."""

    id: str
    title: str
    says: str = ""
    url: str = ""


@dataclass(frozen=True)
class Proposal:
    """A package tabled during the talks, such as a mediators' framework."""

    id: str
    by: tuple[str, ...]
    outcome: Mapping[str, Option]
    name: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Event:
    """Something that happened in the talks (a rejection, a request for time)."""

    actor: str
    action: str
    proposal: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Constraint:
    """One hard constraint of the analysis: a red line or a reservation value.

    Its ``id`` is ``party.redline_id`` or ``party.reservation``.
    """

    id: str
    party: str
    red_line: RedLine | None = None
    """``None`` for a reservation constraint."""


@dataclass(frozen=True)
class Scenario:
    """A negotiation written down: parties, mediators, issues, preferences."""

    name: str
    parties: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    preferences: Mapping[str, Preferences]
    mediators: tuple[Actor, ...] = ()
    description: str = ""
    sources: tuple[Source, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    history: tuple[Event, ...] = field(default=())
    mediator_preferences: Mapping[str, Preferences] = field(default_factory=dict)
    """Preferences of mediators that have interests of their own, by mediator id.

    Only mediated protocols use them (to tilt the mediator's texts); the
    analysis, which is about the parties, ignores them. A mediator's
    preferences have no red lines and no reservation value.
    """
    uncertainty: Mapping[str, UncertainPreferences] = field(default_factory=dict)
    """The parties whose ``preferences:`` entry gives ranges or probabilities, by party id.

    ``preferences[p]`` is then ``uncertainty[p].point`` (midpoints and means,
    every red line kept): the profile that analysis and simulations use.
    """
    beliefs: Mapping[str, UncertainPreferences] = field(default_factory=dict)
    """What a mediator believes about each party (the ``beliefs:`` section), by party id.

    Separate from the parties' true preferences; only ``accord robust`` uses it.
    """

    @cached_property
    def space(self) -> OutcomeSpace:
        """The outcome space spanned by the issues."""
        return OutcomeSpace(self.issues)

    @property
    def party_ids(self) -> tuple[str, ...]:
        """Party ids in scenario order."""
        return tuple(p.id for p in self.parties)

    @cached_property
    def constraints(self) -> tuple[Constraint, ...]:
        """Every hard constraint, in a fixed order: all red lines, then reservations.

        Red lines come party by party in file order; then one reservation
        constraint per party. A constraint's position is its bit in a violation mask.
        """
        lines = [
            Constraint(f"{pid}.{line.id}", pid, line)
            for pid in self.party_ids
            for line in self.preferences[pid].red_lines
        ]
        reservations = [Constraint(f"{pid}.reservation", pid) for pid in self.party_ids]
        return tuple(lines + reservations)

    def uncertain_preferences(self, party: str, *, use_beliefs: bool) -> UncertainPreferences:
        """A party's preferences as uncertain preferences.

        With ``use_beliefs``, the mediator's beliefs about the party if the
        scenario has them; otherwise (or for a party the beliefs leave out) the
        party's own preferences with whatever uncertainty they carry.
        """
        if use_beliefs and party in self.beliefs:
            return self.beliefs[party]
        if party in self.uncertainty:
            return self.uncertainty[party]
        return certain(self.preferences[party])
