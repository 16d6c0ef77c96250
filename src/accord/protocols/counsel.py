"""A mediator's mind: the questions it asks, the answers it keeps, and how it searches.

A mediator never sees the parties' utilities. It learns what they want only
from what they say: accepting or rejecting a text, and *votes*, which of two
packages a party prefers (:meth:`~accord.protocols.base.Session.prefer`). A
:class:`Counsel` is built from the outcome space, a random generator and, for
a mediator with interests of its own, its own utilities. Its searches are
generators: they *yield* a :class:`Ballot` for every question and receive
the party's answer back, and the protocol
(:func:`accord.protocols.mediation.consult`) puts each question to the
party. Nothing of a party's view is ever handed to it, so it cannot reach it.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from accord.model.issues import OutcomeSpace
from accord.protocols.moves import Moves

T = TypeVar("T")

DEFAULT_PROBES = 60
"""New questions a mediator may put to the parties in one round."""


@dataclass(frozen=True)
class Ballot:
    """One question to one party: do you prefer ``candidate`` to ``versus``?"""

    party: str
    candidate: int
    versus: int
    weak: bool = False
    """Does indifference count as a yes? (Otherwise the candidate must be strictly better.)"""


Plan = Generator[Ballot, bool, T]
"""A mediator's search: yields questions, receives the answers, returns its finding."""


class Counsel:
    """A mediator's mind: what it has asked, what it was told, and how it searches.

    ``own`` holds the mediator's own utility of every outcome when it has
    interests of its own: it then considers the packages it likes best first
    and may pull its texts toward its ideal (``bias``); otherwise it considers
    them in a seeded random order.
    """

    def __init__(
        self,
        space: OutcomeSpace,
        rng: np.random.Generator,
        own: np.ndarray | None = None,
        *,
        bias: float = 0.0,
        probes: int = DEFAULT_PROBES,
    ) -> None:
        self.moves = Moves(space)
        self.rng = rng
        self.own = None if own is None else np.array(own, dtype=float)
        self.bias = bias if own is not None else 0.0
        self.probes = probes
        self.left = probes
        self.answers: dict[tuple[str, int, int, bool], bool] = {}
        """Every answer received: the mediator never asks a party the same question twice."""

    def fresh(self) -> None:
        """A new round: the mediator may put :attr:`probes` new questions."""
        self.left = self.probes

    @property
    def exhausted(self) -> bool:
        """Has the mediator used up this round's questions?"""
        return self.left <= 0

    def ranked(self, candidates: list[int]) -> list[int]:
        """Candidates in the order the mediator considers them (its favourites first)."""
        shuffled = [candidates[i] for i in self.rng.permutation(len(candidates))]
        if self.own is not None:
            own = self.own
            shuffled.sort(key=lambda c: -own[c])
        return shuffled

    def neighbours(self, outcome: int) -> Iterator[int]:
        """One-issue moves first, then two-issue trades, each group in :meth:`ranked` order."""
        yield from self.ranked(self.moves.singles(outcome))
        yield from self.ranked(self.moves.pairs(outcome))

    def start(self, outcomes: Sequence[int], weights: Sequence[float] | None = None) -> int:
        """Split the difference between ``outcomes`` the mediator's way.

        Per issue, the option nearest the weighted mean; on a tie between two
        options, the one the mediator prefers (the lower one if it has no
        preferences). With ``bias``, the mediator's ideal package joins the
        blend with that weight.
        """
        shares = [float(w) for w in weights] if weights is not None else [1.0] * len(outcomes)
        points = list(outcomes)
        own = self.own
        if own is not None and self.bias > 0.0:
            total = sum(shares)
            shares = [(1.0 - self.bias) * w / total for w in shares] + [self.bias]
            points.append(int(np.argmax(own)))
        options = self.moves.middles(points, shares)
        digits = [choices[0] for choices in options]
        if own is not None:
            for i, choices in enumerate(options):
                worth = [own[self.moves.index([*digits[:i], d, *digits[i + 1 :]])] for d in choices]
                digits[i] = choices[int(np.argmax(worth))]
        return self.moves.index(digits)

    def prefers(self, party: str, candidate: int, versus: int, weak: bool = False) -> Plan[bool]:
        """Does ``party`` prefer ``candidate`` to ``versus``? (Asked at most once.)"""
        if candidate == versus:
            return weak
        key = (party, candidate, versus, weak)
        if key not in self.answers:
            self.left -= 1
            self.answers[key] = bool((yield Ballot(party, candidate, versus, weak)))
        return self.answers[key]

    def all_prefer(
        self, parties: Sequence[str], candidate: int, versus: Mapping[str, int], weak: bool = False
    ) -> Plan[bool]:
        """Does every party prefer ``candidate`` to its own ``versus`` package? Stops at a no."""
        for party in parties:
            if not (yield from self.prefers(party, candidate, versus[party], weak)):
                return False
        return True

    def climb(self, draft: int, parties: Sequence[str]) -> Plan[int]:
        """Adopt moves that every party strictly prefers, until none is left or time is up.

        A package already climbed through is not adopted again: with inconsistent
        answers (a party that slips) the votes could otherwise lead round a cycle of
        questions already answered, which cost nothing and never end.
        """
        visited = {draft}
        while not self.exhausted:
            for candidate in self.neighbours(draft):
                if self.exhausted:
                    break
                if candidate in visited:
                    continue
                if (yield from self.all_prefer(parties, candidate, dict.fromkeys(parties, draft))):
                    draft = candidate
                    visited.add(draft)
                    break
            else:
                break
        return draft

    def helpful(
        self, candidates: Sequence[int], holdouts: Sequence[str], draft: int
    ) -> Plan[list[int]]:
        """The candidates every holdout strictly prefers to ``draft``."""
        found = []
        for candidate in candidates:
            if self.exhausted:
                break
            if (yield from self.all_prefer(holdouts, candidate, dict.fromkeys(holdouts, draft))):
                found.append(candidate)
        return found

    def ranking(self, party: str, candidates: Sequence[int]) -> Plan[list[int]]:
        """The candidates from the party's least to most preferred (binary insertion by votes)."""
        ordered: list[int] = []
        for candidate in candidates:
            low, high = 0, len(ordered)
            while low < high:
                middle = (low + high) // 2
                if (yield from self.prefers(party, candidate, ordered[middle])):
                    low = middle + 1
                else:
                    high = middle
            ordered.insert(low, candidate)
        return ordered

    def least_harm(self, candidates: Sequence[int], others: Sequence[str]) -> Plan[int | None]:
        """The candidate whose worst place in the ``others``' rankings is best (first on ties)."""
        if not candidates:
            return None
        worst = dict.fromkeys(candidates, len(candidates))
        for party in others:
            ranking = yield from self.ranking(party, candidates)
            for place, candidate in enumerate(ranking):
                worst[candidate] = min(worst[candidate], place)
        return max(candidates, key=lambda c: worst[c])

    def favour(self, bridge: int, references: Mapping[str, int]) -> Plan[int]:
        """Move ``bridge`` toward packages the mediator likes better, keeping every party on board.

        A mediator without preferences of its own leaves the bridge as it is.
        Otherwise it takes moves it prefers that every party likes at least as
        well as its reference: among packages the parties accept alike, its favourite.
        """
        own = self.own
        if own is None:
            return bridge
        parties = list(references)
        while not self.exhausted:
            for candidate in self.neighbours(bridge):
                if own[candidate] <= own[bridge]:
                    continue
                if self.exhausted:
                    break
                if (yield from self.all_prefer(parties, candidate, references, weak=True)):
                    bridge = candidate
                    break
            else:
                break
        return bridge

    def cross(self, start: int, references: Mapping[str, int]) -> Plan[int | None]:
        """A package every party likes at least as well as its reference, or ``None``.

        A reference is a package the party is known to find acceptable (one it
        proposed or accepted), so the package found is acceptable to everyone.
        The search starts at ``start``; each move must be strictly better for
        the first party not yet satisfied, no worse for the others not yet
        satisfied, and keep every satisfied party satisfied.
        """
        parties = list(references)
        bridge = start
        visited = {start}  # never back to a package passed through (see :meth:`climb`)
        pending = []
        for party in parties:
            if not (yield from self.prefers(party, bridge, references[party], weak=True)):
                pending.append(party)
        while pending:
            holdout, rest = pending[0], pending[1:]
            met = [p for p in parties if p not in pending]
            for candidate in self.neighbours(bridge):
                if self.exhausted:
                    return None
                if candidate in visited:
                    continue
                if not (yield from self.prefers(holdout, candidate, bridge)):
                    continue
                here = dict.fromkeys(rest, bridge)
                if (yield from self.all_prefer(rest, candidate, here, weak=True)) and (
                    yield from self.all_prefer(met, candidate, references, weak=True)
                ):
                    bridge = candidate
                    visited.add(bridge)
                    break
            else:
                return None
            still = []
            for party in pending:
                if not (yield from self.prefers(party, bridge, references[party], weak=True)):
                    still.append(party)
            pending = still
        return bridge

    def settle_on(self, start: int, references: Mapping[str, int]) -> Plan[int | None]:
        """:meth:`cross`, then :meth:`favour` what it found."""
        found = yield from self.cross(start, references)
        if found is None:
            return None
        return (yield from self.favour(found, references))
