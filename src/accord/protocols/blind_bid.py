"""Double-blind bidding on one issue (in the manner of Cybersettle and Smartsettle).

Every other issue is fixed to a given package, so the talks run along one line
of the outcome space. Each round every party submits a confidential bid (a
point on the line) to the chair. The chair settles when the bids *cross* —
every party values every other party's bid at least as much as its own — or
when they lie within ``gap`` of each other; the settlement is the option
nearest the midpoint of the lowest and highest bid, provided it is acceptable
to every party. Otherwise nothing is revealed and the next round begins.

Bids on a numeric issue are its numbers; on a discrete issue, option positions
(``0, 1, ...``) stand in for them, so the scale is ordinal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from math import prod

import numpy as np

from accord.model.issues import Option
from accord.model.scenario import Scenario
from accord.protocols.base import Protocol, Session, start_clock, walk_out
from accord.protocols.events import Event, Kind

TOLERANCE = 1e-9
"""Float slack when comparing bids with the gap and utilities with each other."""


@dataclass(frozen=True, eq=False)
class Line:
    """The outcomes along the bidding issue, the rest of the package held fixed."""

    outcomes: np.ndarray
    """Outcome index of each option of the bidding issue."""
    values: np.ndarray
    """The number each option stands for (increasing)."""

    def position(self, outcome: int) -> int:
        """Which option of the bidding issue ``outcome`` picks."""
        return int(np.searchsorted(self.outcomes, outcome))

    def nearest(self, value: float) -> int:
        """Outcome index of the option nearest ``value`` (the lower on a tie)."""
        return int(self.outcomes[int(np.argmin(np.abs(self.values - value)))])


@dataclass(frozen=True)
class BlindBid(Protocol):
    """Sealed bids on one issue, settled at the midpoint when they cross or come close."""

    name = "blind-bid"

    issue: str | None = None
    """The issue bid on; may be left out when the scenario has only one."""
    fixed: Mapping[str, Option] | None = None
    """Options of every other issue (a package; extra entries are ignored)."""
    gap: float = 0.0
    """Bids at most this far apart settle even if they do not cross."""

    def __post_init__(self) -> None:
        if self.gap < 0:
            raise ValueError("the gap must not be negative")

    def line(self, scenario: Scenario) -> Line:
        """The outcomes the parties bid over (``ValueError`` if the set-up is incomplete)."""
        space = scenario.space
        if self.issue is None and len(space.issues) != 1:
            raise ValueError("blind bidding needs the issue to bid on (the scenario has several)")
        issue_id = space.issues[0].id if self.issue is None else self.issue
        try:
            position = space.issue_position(issue_id)
        except KeyError:
            raise ValueError(f"no issue {issue_id!r} to bid on") from None
        fixed = self.fixed or {}
        package: dict[str, Option] = {}
        for other in space.issues:
            if other.id == issue_id:
                package[other.id] = other.options[0]
            elif other.id in fixed:
                package[other.id] = fixed[other.id]
            else:
                raise ValueError(f"blind bidding needs a fixed option for issue {other.id!r}")
        start = space.index_of(package)
        stride = prod(space.sizes[position + 1 :])
        issue = space.issues[position]
        outcomes = start + stride * np.arange(issue.size, dtype=np.int64)
        numbers = issue.options if issue.numeric else range(issue.size)
        return Line(outcomes, np.asarray(numbers, dtype=float))

    def on_table(self, scenario: Scenario) -> np.ndarray:
        """Only the outcomes along the line may be bid."""
        mask = np.zeros(scenario.space.size, dtype=bool)
        mask[self.line(scenario).outcomes] = True
        return mask

    def run(self, session: Session) -> Iterator[Event]:
        """Collect sealed bids round by round until settlement, a walk-out or the deadline."""
        parties, chair = session.parties, session.chair
        line = self.line(session.scenario)
        clock, log = start_clock(session)
        while not clock.expired:
            bids: dict[str, int] = {}
            for party in parties:
                bid = session.propose(party, log.state(party))
                if bid is None:
                    yield from walk_out(log, chair, party, parties, (chair,))
                    return
                bids[party] = bid
                value = float(line.values[line.position(bid)])
                yield log.add(Kind.PROPOSE, party, (chair,), **session.offer(bid, value=value))
            settlement = self.settle(session, line, bids)
            if settlement is not None:
                value = float(line.values[line.position(settlement)])
                yield log.add(
                    Kind.AGREEMENT, chair, parties, **session.offer(settlement, value=value)
                )
                return
            clock.round += 1
        yield log.add(Kind.BREAKDOWN, chair, parties, reason="deadline")

    def settle(self, session: Session, line: Line, bids: Mapping[str, int]) -> int | None:
        """The settlement outcome of one round of bids, or ``None``."""
        worth = {p: session.views[p].utilities for p in bids}
        crossed = all(
            worth[p][bids[q]] >= worth[p][bids[p]] - TOLERANCE for p in bids for q in bids
        )
        values = line.values[[line.position(b) for b in bids.values()]]
        low, high = float(values.min()), float(values.max())
        if not crossed and high - low > self.gap + TOLERANCE:
            return None
        outcome = line.nearest((low + high) / 2)
        if all(session.acceptable(p, outcome) for p in bids):
            return outcome
        return None
