"""The full agreement-space analysis of a scenario, streamed over the outcome space.

One pass over the space (in chunks, so memory stays bounded) counts feasible
and ZOPA outcomes, keeps each chunk's Pareto frontier and tallies violation
masks. The frontier of the union of chunk frontiers is the frontier of the
space; the bargaining solutions are read off its ZOPA part. When the ZOPA is
empty, a second pass finds the best package of each minimal relaxation.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from accord.analysis import bargaining
from accord.analysis.diagnosis import bits, conflicts, minimal_masks
from accord.analysis.evaluate import Evaluator, compile_scenario
from accord.analysis.exact import ticks
from accord.analysis.pareto import frontier_mask
from accord.analysis.result import Analysis, Frontier, Package, Relaxation, Solutions
from accord.analysis.tally import MaskTally
from accord.model.scenario import Scenario

DEFAULT_MAX_OUTCOMES = 10_000_000
"""Largest outcome space analysed unless the caller allows more."""
DEFAULT_CHUNK = 1 << 20

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` after each chunk; ``stage`` is
``"analysing"`` for the main pass and ``"diagnosing"`` for the relaxation pass."""


class SpaceTooLarge(ValueError):
    """The outcome space is larger than the limit the caller set."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the outcome space has {size:,} outcomes, above the limit of {limit:,}")
        self.size = size
        self.limit = limit


def analyze(
    scenario: Scenario,
    *,
    max_outcomes: int = DEFAULT_MAX_OUTCOMES,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse ``scenario``: ZOPA, Pareto frontier, bargaining solutions, diagnosis.

    Raises :class:`SpaceTooLarge` when the space has more than ``max_outcomes``
    outcomes, before doing any work.
    """
    space = scenario.space
    total = space.size
    if total > max_outcomes:
        raise SpaceTooLarge(total, max_outcomes)
    ev = compile_scenario(scenario)
    tally = MaskTally(ev.n_constraints)
    red_bits = ev.red_line_bits
    n_feasible = 0
    kept_idx: list[np.ndarray] = []
    kept_u: list[np.ndarray] = []
    kept_m: list[np.ndarray] = []
    for start, stop in space.chunks(chunk_size):
        utilities, masks = ev.chunk(start, stop)
        tally.add(masks)
        feasible = np.flatnonzero((masks & red_bits) == 0)
        n_feasible += int(feasible.size)
        if feasible.size:
            front = feasible[frontier_mask(utilities[feasible])]
            kept_idx.append(front + start)
            kept_u.append(utilities[front])
            kept_m.append(masks[front])
        if progress is not None:
            progress("analysing", stop, total)
    frontier = _merge_frontiers(kept_idx, kept_u, kept_m, ev.reservations.size)
    zopa_size = tally.count(0)
    relaxations: tuple[Relaxation, ...] = ()
    clashes: tuple[tuple[str, ...], ...] | None = ()
    if zopa_size == 0:
        relaxations = _relaxations(ev, tally, chunk_size, progress)
        clashes = _conflicts(scenario, relaxations)
    return Analysis(
        parties=scenario.party_ids,
        reservations=tuple(float(r) for r in ev.reservations),
        constraint_ids=tuple(c.id for c in scenario.constraints),
        n_outcomes=total,
        n_feasible=n_feasible,
        zopa_size=zopa_size,
        frontier=frontier,
        solutions=_solutions(frontier, ev.reservations),
        relaxations=relaxations,
        conflicts=clashes,
    )


def _merge_frontiers(
    idx: list[np.ndarray], utilities: list[np.ndarray], masks: list[np.ndarray], k: int
) -> Frontier:
    if not idx:
        return Frontier(np.empty(0, np.int64), np.empty((0, k)), np.empty(0, bool))
    all_idx, all_u, all_m = np.concatenate(idx), np.concatenate(utilities), np.concatenate(masks)
    if len(idx) > 1:
        keep = frontier_mask(all_u)
        all_idx, all_u, all_m = all_idx[keep], all_u[keep], all_m[keep]
    return Frontier(all_idx, all_u, all_m == 0)


def _solutions(frontier: Frontier, reservations: np.ndarray) -> Solutions:
    zopa_u = frontier.utilities[frontier.in_zopa]
    zopa_idx = frontier.indices[frontier.in_zopa]

    def pick(rule: Callable[[np.ndarray, np.ndarray], int | None]) -> Package | None:
        row = rule(zopa_u, reservations)
        if row is None:
            return None
        return Package(int(zopa_idx[row]), tuple(float(u) for u in zopa_u[row]))

    return Solutions(
        nash=pick(bargaining.nash),
        kalai_smorodinsky=pick(bargaining.kalai_smorodinsky),
        egalitarian=pick(bargaining.egalitarian),
        utilitarian=pick(bargaining.utilitarian),
    )


def _conflicts(
    scenario: Scenario, relaxations: tuple[Relaxation, ...]
) -> tuple[tuple[str, ...], ...] | None:
    """Minimal sets of constraints that cannot all hold, as constraint ids."""
    ids = [c.id for c in scenario.constraints]
    position = {cid: b for b, cid in enumerate(ids)}
    masks = [sum(1 << position[c] for c in r.relax) for r in relaxations]
    found = conflicts(masks)
    if found is None:
        return None
    return tuple(tuple(ids[b] for b in bits(m, len(ids))) for m in found)


def _relaxations(
    ev: Evaluator, tally: MaskTally, chunk_size: int, progress: Progress | None
) -> tuple[Relaxation, ...]:
    """Every minimal relaxation with its relaxed ZOPA size and best (Nash) package.

    The best package of a relaxation has the highest product of tick gains over
    the reservations that still hold (a relaxed reservation counts as 0), then the
    highest sum of ticks (which keeps it Pareto-optimal), then the lowest index.
    """
    chosen = minimal_masks(tally.masks())
    if chosen.size == 0:
        return ()
    reservation_bits = np.arange(ev.n_red_lines, ev.n_constraints, dtype=np.uint64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for start, stop in ev.scenario.space.chunks(chunk_size):
        utilities, masks = ev.chunk(start, stop)
        if progress is not None:
            progress("diagnosing", stop, ev.scenario.space.size)
        rows = np.flatnonzero(tally.member(masks, chosen))
        if rows.size == 0:
            continue
        t, m = ticks(utilities[rows]), masks[rows]
        relaxed = ((m[:, None] >> reservation_bits[None, :]) & np.uint64(1)).astype(bool)
        gain = bargaining.gains(t, np.where(relaxed, 0, ev.reservation_ticks[None, :]))
        candidate = (m, gain, t.sum(axis=1), rows + start)
        firsts = bargaining.best_per_group(*candidate)
        parts.append((m[firsts], gain[firsts], candidate[2][firsts], candidate[3][firsts]))
    merged = tuple(np.concatenate(column) for column in zip(*parts, strict=True))
    firsts = bargaining.best_per_group(*merged)
    winners = {int(merged[0][f]): int(merged[3][f]) for f in firsts}
    best_u, _ = ev.at(np.array([winners[int(m)] for m in chosen], dtype=np.int64))
    ids = [c.id for c in ev.scenario.constraints]
    return tuple(
        Relaxation(
            relax=tuple(ids[b] for b in bits(int(mask), ev.n_constraints)),
            zopa_size=tally.count(int(mask)),
            best=Package(winners[int(mask)], tuple(float(x) for x in best_u[row])),
        )
        for row, mask in enumerate(chosen)
    )
