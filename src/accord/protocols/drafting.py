"""How a single-text mediator drafts: hill-climbing on votes, or bisecting between positions.

A :class:`Drafter` sees the outcome space, the parties' answers and its own
random generator (and its own utilities, if the mediator has interests of its
own); it never sees a party's utilities. After each round it gets every
party's verdict on the draft and returns the next draft, asking questions on
the way (see :mod:`accord.protocols.counsel`). Each redraft tries, in order:

1. **A certified draft.** Once every party has accepted some draft (not
   necessarily the same one), a package each party likes at least as well as
   the accepted draft it likes least, found by a vote-guided search; it is
   acceptable to all.
2. **Pareto moves.** Moves (one issue changed, or two at once as a trade)
   that every party strictly prefers, as many as the round's questions allow.
3. When some parties accept and others hold out: **a safe move**, one the
   holdouts prefer that leaves every accepting party at least as well off as
   a draft it accepted; then **the middle** between the draft and the drafts
   the holdouts accepted, if they all accepted one and prefer it.
4. **A concession** to the holdouts that may cost the others something,
   once the same holdouts (or some of them) have held out while others
   accepted for a share (:data:`PATIENCE`) of the rounds left: a holdout may
   yet come round. The others' votes pick the concession that hurts them
   least (see :meth:`~accord.protocols.counsel.Counsel.least_harm`). A
   concession that costs an acceptance is taken back. How to concede is what
   distinguishes the strategies.

A move that only a majority prefers is never adopted as such: it can push the
minority below its walk-away point for good (on the river basin, two states
outvoting the third broke the talks). Concessions go to the holdouts only,
and cost the parties that accepted as little as their votes can tell.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from accord.model.issues import OutcomeSpace
from accord.protocols.counsel import DEFAULT_PROBES, Ballot, Counsel, Plan

if TYPE_CHECKING:
    from accord.protocols.base import Clock, Session

PATIENCE = 0.5
"""Before conceding, the mediator waits until the same holdouts have held out, while
others accepted, for this share of the rounds left."""


class Drafter(ABC):
    """A single-text mediator's strategy: the first draft, then each redraft."""

    name: ClassVar[str]
    """Name used by the protocol's ``mediator`` option."""
    asks_positions: ClassVar[bool] = False
    """Does the mediator ask each party for its position before the first draft?"""

    def __init__(
        self,
        space: OutcomeSpace,
        rng: np.random.Generator,
        own: np.ndarray | None = None,
        *,
        bias: float = 0.0,
        probes: int = DEFAULT_PROBES,
    ) -> None:
        self.counsel = Counsel(space, rng, own, bias=bias, probes=probes)
        self.accepted: dict[str, int] = {}
        """For each party, the accepted draft it likes least: a bar it is known to clear."""
        self.stalled: list[str] = []
        """The holdouts of the last round in which some parties accepted and others did not."""
        self.waited = 0
        """Such rounds, one after another, in which these holdouts (or some of them) held out."""
        self.undo: tuple[int, int, tuple[str, ...]] | None = None
        """The last concession, the draft before it and the parties that had accepted that."""
        self.failed: set[int] = set()
        """Concessions that cost an acceptance (not tried again)."""
        self.positions: dict[str, int] = {}
        """Each party's opening position, once asked for (see :attr:`asks_positions`)."""
        self.clock: Clock | None = None
        """The talks' clock (round and deadline, which every party knows), set by the protocol."""

    @classmethod
    def build(
        cls, session: Session, own: np.ndarray | None, *, bias: float, probes: int
    ) -> Drafter:
        """The strategy for a run: built from the outcome space and the protocol's generator only.

        Strategies that need more public knowledge (the parties' ids, the
        mediator's beliefs) override this; none may keep ``session``.
        """
        return cls(session.scenario.space, session.rng, own, bias=bias, probes=probes)

    def observe(self, party: str, outcome: int, response: str, time: float) -> None:  # noqa: B027
        """Hear a party's answer to the text (``"accept"``, ``"reject"``, ``"request_time"``) or
        its position (``"counter"``). The vote-driven strategies keep only the verdicts."""

    def forecast(self, outcome: int) -> Mapping[str, Any] | None:
        """What the strategy expects of the text it tables, for the event payload (``None``)."""
        return None

    @abstractmethod
    def first_draft(self, positions: Mapping[str, int]) -> int:
        """The first text (``positions``: each party's opening, if asked for)."""

    def opening(self, positions: Mapping[str, int]) -> Plan[int]:
        """The first text, after any questions the strategy puts first (by default none)."""
        return self.first_draft(positions)
        yield  # a plan that asks nothing

    @abstractmethod
    def concessions(self, draft: int, holdouts: Sequence[str]) -> list[int]:
        """Moves from ``draft`` the strategy would consider conceding to the holdouts."""

    def redraft(self, draft: int, verdicts: Mapping[str, bool], rounds_left: int) -> Plan[int]:
        """The next text, from each party's verdict on ``draft`` (``True``: accepted).

        ``rounds_left`` is how many rounds the talks have left after this one.
        """
        counsel = self.counsel
        counsel.fresh()
        parties = list(verdicts)
        holdouts = [p for p in parties if not verdicts[p]]
        others = [p for p in parties if verdicts[p]]
        for party in others:
            yield from self.remember(party, draft)
        followed = self.follow_up(draft, others)
        if followed is not None:
            return followed
        if len(self.accepted) == len(parties):
            references = {p: self.accepted[p] for p in parties}
            certified = yield from counsel.settle_on(draft, references)
            if certified is not None and certified != draft:
                return certified
        better = yield from counsel.climb(draft, parties)
        if better != draft or not holdouts or not others:
            return better
        references = {p: self.accepted[p] for p in others}
        versus = dict.fromkeys(holdouts, draft)
        for candidate in counsel.neighbours(draft):
            if counsel.exhausted:
                return draft
            if (yield from counsel.all_prefer(holdouts, candidate, versus)) and (
                yield from counsel.all_prefer(others, candidate, references, weak=True)
            ):
                return candidate
        if all(p in self.accepted for p in holdouts):
            bars = [self.accepted[p] for p in holdouts]
            middle = counsel.moves.blend([draft, *bars], [len(bars), *[1] * len(bars)])
            if middle != draft and (yield from counsel.all_prefer(holdouts, middle, versus)):
                return middle
        self.waited = self.waited + 1 if set(holdouts) <= set(self.stalled) else 1
        self.stalled = holdouts
        if self.waited < max(1, math.ceil(PATIENCE * rounds_left)):
            return draft
        return (yield from self.concede(draft, holdouts, others))

    def remember(self, party: str, draft: int) -> Plan[None]:
        """Keep, for each party, the accepted draft it likes least (the lowest bar it cleared)."""
        known = self.accepted.get(party)
        if known is None or (
            known != draft and (yield from self.counsel.prefers(party, known, draft))
        ):
            self.accepted[party] = draft

    def follow_up(self, draft: int, others: Sequence[str]) -> int | None:
        """The draft before the last concession, if the concession cost an acceptance.

        The concession is not tried again, and the mediator waits anew before
        the next one.
        """
        undo, self.undo = self.undo, None
        if undo is None or undo[0] != draft or set(undo[2]) <= set(others):
            return None
        self.failed.add(draft)
        self.waited = 0
        return undo[1]

    def concede(self, draft: int, holdouts: Sequence[str], others: Sequence[str]) -> Plan[int]:
        """The concession the holdouts prefer that hurts the others least."""
        counsel = self.counsel
        untried = [c for c in self.concessions(draft, holdouts) if c not in self.failed]
        helpful = yield from counsel.helpful(untried, holdouts, draft)
        chosen = yield from counsel.least_harm(helpful, others)
        if chosen is None:
            return draft
        self.undo = (chosen, draft, tuple(others))
        return chosen


class HillClimb(Drafter):
    """Start from the middle option of every issue and climb on the parties' votes.

    A concession is any one-issue move.
    """

    name = "hill-climb"

    def first_draft(self, positions: Mapping[str, int]) -> int:
        """The middle option of every issue (see :meth:`Counsel.start`)."""
        return self.counsel.start(self.counsel.moves.extremes())

    def concessions(self, draft: int, holdouts: Sequence[str]) -> list[int]:
        """Every one-issue move."""
        return self.counsel.ranked(self.counsel.moves.singles(draft))


class Bisect(Drafter):
    """Split the difference between the parties' opening positions, then bisect.

    Each party states its position once. The first draft takes, issue by issue,
    the option nearest the mean of the positions (numbers on a numeric issue,
    option order on a discrete one). A concession moves one issue toward the
    holdouts' mean position: halfway on a numeric issue (bisecting the gap),
    one option on a discrete one.
    """

    name = "bisect"
    asks_positions = True

    def first_draft(self, positions: Mapping[str, int]) -> int:
        """The midpoint of the positions (pulled toward the mediator's ideal by ``bias``)."""
        self.positions = dict(positions)
        return self.counsel.start(list(self.positions.values()))

    def concessions(self, draft: int, holdouts: Sequence[str]) -> list[int]:
        """One move per issue toward the holdouts' mean position."""
        moves = self.counsel.moves
        digits = moves.digits(draft)
        wanted = [moves.digits(self.positions[p]) for p in holdouts if p in self.positions]
        found = []
        for i, scale in enumerate(moves.scales if wanted else ()):
            here = float(scale[digits[i]])
            goal = float(np.mean([scale[w[i]] for w in wanted]))
            if abs(goal - here) < 1e-12:
                continue
            half = int(np.argmin(np.abs(scale - (here + goal) / 2)))
            step = digits[i] + (1 if goal > here else -1)
            option = half if moves.space.issues[i].numeric and half != digits[i] else step
            found.append(draft + (option - digits[i]) * moves.strides[i])
        return self.counsel.ranked(found)


class RandomFlip(Drafter):
    """The single text of Klein, Faratin, Sayama & Bar-Yam (2003): random flips, voted on.

    The first text is a random package. Each round the mediator flips one
    issue of the text to a random other option and asks every party whether it
    prefers the flipped text; the flip is adopted if all do, and the mediator
    goes on flipping while the round's questions last. It never concedes.
    """

    name = "random-flip"

    def first_draft(self, positions: Mapping[str, int]) -> int:
        """A random package."""
        return int(self.counsel.rng.integers(self.counsel.moves.space.size))

    def concessions(self, draft: int, holdouts: Sequence[str]) -> list[int]:
        """None: the method only climbs."""
        return []

    def redraft(self, draft: int, verdicts: Mapping[str, bool], rounds_left: int) -> Plan[int]:
        """Random one-issue flips, each adopted when every party prefers it."""
        counsel = self.counsel
        counsel.fresh()
        parties = list(verdicts)
        for _ in range(counsel.probes):  # attempts, asked or already answered
            if counsel.exhausted:
                break
            singles = counsel.moves.singles(draft)
            if not singles:
                break
            flipped = int(singles[int(counsel.rng.integers(len(singles)))])
            here = dict.fromkeys(parties, draft)
            if (yield from counsel.all_prefer(parties, flipped, here)):
                draft = flipped
        return draft


def vote(party: str, candidate: int, versus: int) -> Plan[bool]:
    """Ask ``party`` whether it strictly prefers ``candidate`` to ``versus``."""
    return bool((yield Ballot(party, candidate, versus)))


DRAFTERS: dict[str, type[Drafter]] = {cls.name: cls for cls in (HillClimb, Bisect, RandomFlip)}
"""Single-text mediator strategies by name."""
