"""Choosing the reservation bid that stands for a reservation value.

GeniusWeb has no reservation value, only a reservation bid: :func:`reservation_bid`
picks the outcome (or partial bid) of lowest utility at or above the value,
found by :func:`lowest_at_least`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from math import prod

import numpy as np

from accord.analysis.evaluate import RESERVATION_TOLERANCE
from accord.io.geniusweb.format import IssuePlan, show_value


def _all_sums(tables: Sequence[np.ndarray]) -> np.ndarray:
    """The summed utility of every combination, the first table most significant."""
    total = np.zeros(1)
    for table in tables:
        total = (total[:, None] + table[None, :]).ravel()
    return total


def _digits(index: int, sizes: Sequence[int]) -> list[int]:
    out = []
    for size in reversed(sizes):
        index, digit = divmod(index, size)
        out.append(digit)
    return out[::-1]


def lowest_at_least(
    tables: Sequence[np.ndarray], target: float, limit: int | None = None
) -> tuple[list[int], bool]:
    """Option indices of an outcome whose utility is the lowest that meets ``target``.

    Meet in the middle: the issues are split in two halves, every sum of each
    half is listed, and for each sum of the first half the smallest fitting sum
    of the second is found by binary search. The flag is ``False`` when the
    halves are too large and a greedy search was used instead (its outcome
    meets the target but need not be the lowest); ``limit`` is the largest
    half enumerated, ``None`` for no limit. An outcome of highest utility is
    returned when none meets the target.
    """
    sizes = [t.size for t in tables]
    best_split = min(range(len(sizes) + 1), key=lambda k: max(prod(sizes[:k]), prod(sizes[k:])))
    left, right = sizes[:best_split], sizes[best_split:]
    if limit is not None and max(prod(left), prod(right)) > limit:
        return _greedy_at_least(tables, target), False
    first = _all_sums(tables[:best_split])
    second = _all_sums(tables[best_split:])
    order = np.argsort(second, kind="stable")
    ordered = second[order]
    need = target - RESERVATION_TOLERANCE - first
    position = np.searchsorted(ordered, need, side="left")
    fits = position < ordered.size
    if not fits.any():
        return [int(np.argmax(t)) for t in tables], True
    totals = np.where(fits, first + ordered[np.minimum(position, ordered.size - 1)], np.inf)
    i = int(np.argmin(totals))
    j = int(order[position[i]])
    return _digits(i, left) + _digits(j, right), True


def _greedy_at_least(tables: Sequence[np.ndarray], target: float) -> list[int]:
    chosen = [int(np.argmax(t)) for t in tables]
    if sum(float(t[c]) for t, c in zip(tables, chosen, strict=True)) < target:
        return chosen
    changed = True
    while changed:
        changed = False
        for i, table in enumerate(tables):
            rest = sum(
                float(t[c]) for k, (t, c) in enumerate(zip(tables, chosen, strict=True)) if k != i
            )
            fits = np.flatnonzero(rest + table >= target - RESERVATION_TOLERANCE)
            if fits.size == 0:
                continue
            pick = int(fits[np.argmin(table[fits])])
            if table[pick] < table[chosen[i]]:
                chosen[i], changed = pick, True
    return chosen


def reservation_bid(
    party: str,
    reservation: float,
    written: Sequence[np.ndarray],
    issue_plans: Sequence[IssuePlan],
    warn: Callable[[str], None],
    complete: bool,
    search_limit: int,
) -> dict[str, object] | None:
    """The reservation bid standing for ``reservation``, with warnings when it is not exact.

    The bid is the outcome of lowest utility at or above the reservation value,
    so exactly the outcomes that met the reservation value are at least as good
    as the bid. When no outcome has the reservation value exactly, a partial bid
    (GeniusWeb allows them; an issue left open adds nothing) may come closer and
    is used unless ``complete``. ``search_limit`` bounds the search, as in
    :func:`lowest_at_least`.
    """
    if reservation <= 0:
        return None
    chosen, exhaustive = lowest_at_least(written, reservation, search_limit)
    picks = dict(enumerate(chosen))
    utility = _utility_of(written, picks)
    if not complete and utility - reservation > RESERVATION_TOLERANCE:
        padded = [np.concatenate(([0.0], table)) for table in written]  # 0 = leave open
        partial, partial_exhaustive = lowest_at_least(padded, reservation, search_limit)
        partial_picks = {i: c - 1 for i, c in enumerate(partial) if c > 0}
        partial_utility = _utility_of(written, partial_picks)
        if reservation - RESERVATION_TOLERANCE <= partial_utility < utility - RESERVATION_TOLERANCE:
            picks, utility, exhaustive = partial_picks, partial_utility, partial_exhaustive
    bid = {issue_plans[i].issue.id: issue_plans[i].bid_value(c) for i, c in picks.items()}
    shown = ", ".join(f"{issue}={show_value(value)}" for issue, value in bid.items())
    what = "outcome" if len(picks) == len(written) else "partial bid"
    if utility < reservation - RESERVATION_TOLERANCE:
        warn(
            f"{party}: no outcome reaches the reservation value {reservation:g}; the reservation "
            f"bid is a best outcome ({shown}, utility {utility:.6g}), so GeniusWeb will accept "
            "it while Accord accepted nothing"
        )
    elif abs(utility - reservation) > RESERVATION_TOLERANCE and exhaustive:
        warn(
            f"{party}: no outcome has utility exactly {reservation:g}; the reservation bid is "
            f"the lowest {what} above it ({shown}: utility {utility:.6g}), so reading the files "
            "back gives that reservation value; the same outcomes remain acceptable"
        )
    elif abs(utility - reservation) > RESERVATION_TOLERANCE:
        warn(
            f"{party}: too many outcomes to search them all; the reservation bid is a {what} "
            f"found greedily above the reservation value {reservation:g} ({shown}: utility "
            f"{utility:.6g}), possibly not the lowest, so reading the files back gives that "
            "reservation value and outcomes that met the old one may fall below it"
        )
    return {"issuevalues": bid}


def _utility_of(tables: Sequence[np.ndarray], picks: Mapping[int, int]) -> float:
    """Summed utility of the options picked (issue position to option index), in issue order."""
    total = 0.0
    for position, table in enumerate(tables):
        if position in picks:
            total += float(table[picks[position]])
    return total
