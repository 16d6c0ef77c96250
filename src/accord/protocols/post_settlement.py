"""Raiffa's post-settlement settlement, and how mediated talks end in agreement.

Once the parties have agreed, the mediator looks for Pareto improvements on the
agreed package (Raiffa, 1985). It still sees no utilities: it proposes
packages one or two moves away from the package in hand and asks every party
whether it likes the candidate at least as well (``prefer(candidate,
agreement)``, which returns the first argument on a tie, so indifference
counts as consent). A candidate is adopted only if every party consents, and
then the search goes on from it; the agreement stands as the fallback. No
package is proposed twice, and at most :data:`POST_SETTLEMENT_LIMIT`
candidates are proposed.

Its events carry ``"post_settlement": true``; so does the final agreement,
which also names the package agreed before the round (``"improved_from"``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from accord.protocols.base import Session, Transcript
from accord.protocols.counsel import Counsel, Plan
from accord.protocols.events import Event, Kind
from accord.protocols.mediation import consult

POST_SETTLEMENT_LIMIT = 40
"""Most candidate packages proposed in one post-settlement round."""


def improvements(
    counsel: Counsel, agreed: int, parties: Sequence[str], limit: int = POST_SETTLEMENT_LIMIT
) -> Plan[int]:
    """Search for packages every party weakly prefers, starting from the agreement."""
    current, tried = agreed, {agreed}
    while len(tried) <= limit:
        for candidate in counsel.neighbours(current):
            if candidate in tried:
                continue
            if len(tried) > limit:
                return current
            tried.add(candidate)
            versus = dict.fromkeys(parties, current)
            if (yield from counsel.all_prefer(parties, candidate, versus, weak=True)):
                current = candidate
                break
        else:
            break
    return current


def settle(
    session: Session,
    log: Transcript,
    outcome: int,
    counsel: Counsel | None,
    carriers: Mapping[str, str],
) -> Iterator[Event]:
    """End in agreement on ``outcome``, after a post-settlement round if ``counsel`` is given."""
    extra: dict[str, object] = {}
    if counsel is not None:
        search = improvements(counsel, outcome, session.parties)
        final = yield from consult(session, log, search, carriers, guard=True, post_settlement=True)
        extra = {"post_settlement": True, "improved_from": outcome}
        outcome = final
    yield log.add(Kind.AGREEMENT, session.chair, session.parties, **session.offer(outcome, **extra))
