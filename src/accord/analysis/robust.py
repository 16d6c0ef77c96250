"""How likely a deal is when preferences are uncertain: sampled acceptance.

Party ``p`` accepts package ``o`` in sample ``s`` when ``o`` breaks none of the
red lines that are real in that sample and ``u_p,s(o)`` meets the sampled
reservation value (compared as ticks, :mod:`accord.analysis.exact`). A sample
has a ZOPA when some package is accepted by all. Everything is counted in
blocks of samples x chunks of outcomes, never one sample at a time.

For samples without a ZOPA, the blocking relaxations are diagnosed as in
:mod:`accord.analysis.diagnosis`: the minimal violation masks over the outcome
space, per sample. At most ``diagnose`` such samples are diagnosed (the first
ones drawn) and each constraint is counted by how often it appears.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.diagnosis import bits, minimal_masks
from accord.analysis.exact import SCALE, ticks
from accord.analysis.sampled import Rows, SampleEvaluator, compile_samples
from accord.model.issues import OutcomeSpace
from accord.model.sampling import sample_profiles
from accord.model.uncertainty import UncertainPreferences

DEFAULT_MAX_OUTCOMES = 1_000_000
"""Largest outcome space sampled unless the caller allows more."""
CELLS = 1 << 22
"""Samples x outcomes evaluated at once (a few tens of MB per array)."""
BLOCK = 1024
"""Samples whose group tables are built at once."""
DEFAULT_DIAGNOSE = 1000
"""Most samples without a ZOPA whose blocking relaxations are diagnosed."""
_DENSE_CELLS = 1 << 26
"""Largest samples x masks presence table for the diagnosis."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages ``"sampling"`` and ``"diagnosing"``."""


@dataclass(frozen=True)
class RobustPackage:
    """A package with the probability that each party, and all, accept it."""

    index: int
    p_all: float
    p_accept: tuple[float, ...]
    """In party order."""


@dataclass(frozen=True)
class Blocker:
    """How often a constraint stands in the way, over the diagnosed samples."""

    constraint: str
    share: float
    """Share of diagnosed samples in which it is part of some minimal relaxation."""
    always: float
    """Share in which it is part of every minimal relaxation (no deal unless it gives)."""


@dataclass(frozen=True)
class Robustness:
    """What sampling the uncertain preferences finds."""

    parties: tuple[str, ...]
    n_samples: int
    n_outcomes: int
    p_zopa: float
    """Share of samples in which some package is accepted by every party."""
    p_accept: np.ndarray
    """Shape ``(n_outcomes, n_parties)``: probability that each party accepts each package."""
    p_all: np.ndarray
    """Shape ``(n_outcomes,)``: probability that all parties accept each package."""
    best: tuple[RobustPackage, ...]
    """The most robust packages, best first: highest ``p_all``, then highest least
    ``p_accept``, then highest sum of ``p_accept``, then lowest index."""
    constraint_ids: tuple[str, ...]
    n_without_zopa: int
    n_diagnosed: int
    blockers: tuple[Blocker, ...]
    """Every constraint, most frequent first."""
    relaxations: tuple[tuple[tuple[str, ...], float], ...]
    """Minimal relaxations by the share of diagnosed samples they unblock, most frequent first."""


class SpaceTooLarge(ValueError):
    """The outcome space is larger than the limit the caller set."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the outcome space has {size:,} outcomes, above the limit of {limit:,}")
        self.size = size
        self.limit = limit


@dataclass(frozen=True)
class _Party:
    """One party's constraint bits and per-sample quantities."""

    line_bits: np.ndarray
    """Shape ``(n_red_lines,)``, uint64: the bit of each red line in a violation mask."""
    reservation_bit: np.uint64
    active: np.ndarray
    """Shape ``(n_samples,)``, uint64: bits of the red lines real in each sample."""
    floor: np.ndarray
    """Shape ``(n_samples,)``: the reservation value in ticks, as floats."""


def robustness(
    space: OutcomeSpace,
    profiles: Sequence[tuple[str, UncertainPreferences]],
    n_samples: int,
    rng: np.random.Generator,
    *,
    top: int = 10,
    diagnose: int = DEFAULT_DIAGNOSE,
    max_outcomes: int = DEFAULT_MAX_OUTCOMES,
    progress: Progress | None = None,
) -> Robustness:
    """Sample ``n_samples`` full profiles and count who accepts what.

    Constraints are numbered as in :attr:`Scenario.constraints`: every red line,
    party by party, then one reservation per party.
    """
    if space.size > max_outcomes:
        raise SpaceTooLarge(space.size, max_outcomes)
    if n_samples < 1:
        raise ValueError("at least one sample is needed")
    samples = sample_profiles(space, profiles, n_samples, rng)
    ev = compile_samples(
        space,
        samples,
        [prefs.point.rectangles for _, prefs in profiles],
        [prefs.red_lines for _, prefs in profiles],
    )
    ids = [f"{pid}.{line.id}" for pid, prefs in profiles for line in prefs.red_lines]
    ids += [f"{pid}.reservation" for pid, _ in profiles]
    if len(ids) > 64:
        raise ValueError("at most 64 constraints (red lines plus one reservation per party)")
    parties = _parties(ev, len(ids) - len(profiles))
    accept = np.zeros((space.size, len(profiles)), dtype=np.int64)
    everyone = np.zeros(space.size, dtype=np.int64)
    zopa = np.zeros(n_samples, dtype=bool)
    block, chunk = _blocks(n_samples, space.size, CELLS)
    buffers = (np.empty(block * chunk), np.empty(block * chunk))
    done, total = 0, n_samples * space.size
    for lo in range(0, n_samples, block):
        rows = slice(lo, min(lo + block, n_samples))
        tables = [ev.tables(p, rows) for p in range(ev.n_parties)]
        for start, stop in space.chunks(chunk):
            ok_all = _accepting(ev, parties, tables, rows, start, stop, accept, buffers)
            everyone[start:stop] += np.count_nonzero(ok_all, axis=1)
            zopa[rows] |= ok_all.any(axis=0)
            done += (rows.stop - rows.start) * (stop - start)
            if progress is not None:
                progress("sampling", done, total)
    missing = np.flatnonzero(~zopa)
    chosen = missing[:diagnose]
    per_sample = _diagnose(ev, parties, chosen, len(ids), progress) if chosen.size else []
    blockers, relaxations = _tally(per_sample, ids)
    p_accept = accept / n_samples
    p_all = everyone / n_samples
    return Robustness(
        parties=tuple(pid for pid, _ in profiles),
        n_samples=n_samples,
        n_outcomes=space.size,
        p_zopa=float(zopa.mean()),
        p_accept=p_accept,
        p_all=p_all,
        best=_best(p_accept, p_all, top),
        constraint_ids=tuple(ids),
        n_without_zopa=int(missing.size),
        n_diagnosed=int(chosen.size),
        blockers=blockers,
        relaxations=relaxations,
    )


def _parties(ev: SampleEvaluator, n_red_lines: int) -> list[_Party]:
    out = []
    first = 0
    for p, samples in enumerate(ev.samples):
        n_lines = samples.active.shape[1]
        line_bits = np.uint64(1) << np.arange(first, first + n_lines, dtype=np.uint64)
        active = (samples.active.astype(np.uint64) * line_bits[None, :]).sum(
            axis=1, dtype=np.uint64
        )
        floor = ticks(samples.reservation).astype(float)
        out.append(_Party(line_bits, np.uint64(1) << np.uint64(n_red_lines + p), active, floor))
        first += n_lines
    return out


def _blocks(n_samples: int, n_outcomes: int, cells: int) -> tuple[int, int]:
    """Samples per block and outcomes per chunk so one array holds about ``cells``."""
    block = max(1, min(n_samples, BLOCK))
    return block, max(1, min(n_outcomes, cells // block))


def _violated_bits(
    ev: SampleEvaluator, party: int, line_bits: np.ndarray, digits: list[np.ndarray], n: int
) -> np.ndarray:
    """Per outcome, the bits of the party's red lines it breaks (uint64)."""
    broken = ev.violations(party, digits, n)
    mask = np.zeros(n, dtype=np.uint64)
    for row, bit in enumerate(line_bits):
        mask |= broken[row].astype(np.uint64) * bit
    return mask


def _meets(
    ev: SampleEvaluator,
    tables: list[np.ndarray],
    digits: list[np.ndarray],
    party: int,
    floor: np.ndarray,
    n: int,
    buffers: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Shape ``(n, r)``: does each outcome meet the party's reservation in each sample?"""
    utilities = ev.gather(tables, digits, ev.fixed_utility(party, digits, n), buffers)
    np.multiply(utilities, SCALE, out=utilities)
    np.rint(utilities, out=utilities)
    return utilities >= floor[None, :]


def _accepting(
    ev: SampleEvaluator,
    parties: list[_Party],
    tables: list[list[np.ndarray]],
    rows: slice,
    start: int,
    stop: int,
    accept: np.ndarray,
    buffers: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Add each party's acceptances of outcomes ``start..stop-1`` to ``accept``;
    return who-all-accepts, shape ``(n, r)``."""
    n = stop - start
    digits = ev.group_digits(np.arange(start, stop, dtype=np.int64))
    ok_all: np.ndarray | None = None
    for p, party in enumerate(parties):
        ok = _meets(ev, tables[p], digits, p, party.floor[rows], n, buffers)
        broken = _violated_bits(ev, p, party.line_bits, digits, n)
        if party.line_bits.size:
            ok &= ~_blocked(broken, party.active[rows])
        accept[start:stop, p] += np.count_nonzero(ok, axis=1)
        ok_all = ok if ok_all is None else ok_all & ok
    assert ok_all is not None
    return ok_all


def _blocked(broken: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Shape ``(n, r)``: does each outcome break a red line that is real in each sample?

    ``broken`` (per outcome) takes few distinct values, so the test is made once per
    distinct value and sample, then gathered.
    """
    values, inverse = np.unique(broken, return_inverse=True)
    return ((values[:, None] & active[None, :]) != 0)[inverse.ravel()]


def _masks(
    ev: SampleEvaluator,
    parties: list[_Party],
    tables: list[list[np.ndarray]],
    rows: Rows,
    start: int,
    stop: int,
    buffers: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Violation masks of outcomes ``start..stop-1`` in samples ``rows``: ``(n, r)`` uint64."""
    n = stop - start
    digits = ev.group_digits(np.arange(start, stop, dtype=np.int64))
    out: np.ndarray | None = None
    for p, party in enumerate(parties):
        below = ~_meets(ev, tables[p], digits, p, party.floor[rows], n, buffers)
        mask = below.astype(np.uint64) * party.reservation_bit
        if party.line_bits.size:
            broken = _violated_bits(ev, p, party.line_bits, digits, n)
            mask |= broken[:, None] & party.active[None, rows]
        out = mask if out is None else out | mask
    assert out is not None
    return out


def _diagnose(
    ev: SampleEvaluator,
    parties: list[_Party],
    chosen: np.ndarray,
    n_constraints: int,
    progress: Progress | None,
) -> list[np.ndarray]:
    """The minimal relaxations (masks) of each chosen sample."""
    space = ev.space
    # Masks are 64-bit and several are alive at once: smaller pieces.
    block, chunk = _blocks(chosen.size, space.size, max(1, CELLS // 8))
    buffers = (np.empty(block * chunk), np.empty(block * chunk))
    dense = n_constraints <= 20 and chosen.size * (1 << n_constraints) <= _DENSE_CELLS
    presence = np.zeros((chosen.size, 1 << n_constraints) if dense else (0, 0), dtype=bool)
    pairs: list[np.ndarray] = []
    for lo in range(0, chosen.size, block):
        rows = chosen[lo : lo + block]
        tables = [ev.tables(p, rows) for p in range(ev.n_parties)]
        for start, stop in space.chunks(chunk):
            masks = _masks(ev, parties, tables, rows, start, stop, buffers)
            local = np.broadcast_to(np.arange(lo, lo + rows.size)[None, :], masks.shape)
            if dense:
                presence[local.ravel(), masks.ravel().astype(np.int64)] = True
            else:
                found = np.stack([local.ravel().astype(np.uint64), masks.ravel()], axis=1)
                pairs.append(np.unique(found, axis=0))
            if progress is not None:
                done = lo * space.size + rows.size * stop
                progress("diagnosing", done, chosen.size * space.size)
    if dense:
        sets, inverse = np.unique(presence, axis=0, return_inverse=True)
        minimal = [minimal_masks(np.flatnonzero(row).astype(np.uint64)) for row in sets]
        return [minimal[i] for i in inverse.ravel()]
    found = np.unique(np.concatenate(pairs), axis=0)
    owners = found[:, 0].astype(np.int64)
    splits = np.flatnonzero(np.diff(owners)) + 1
    return [minimal_masks(group[:, 1]) for group in np.split(found, splits)]


def _tally(
    per_sample: list[np.ndarray], ids: list[str]
) -> tuple[tuple[Blocker, ...], tuple[tuple[tuple[str, ...], float], ...]]:
    """How often each constraint and each minimal relaxation blocks a deal."""
    n = len(per_sample)
    some = np.zeros(len(ids), dtype=np.int64)
    every = np.zeros(len(ids), dtype=np.int64)
    counts: Counter[int] = Counter()
    for minimal in per_sample:
        in_each = (minimal[:, None] >> np.arange(len(ids), dtype=np.uint64)[None, :]) & np.uint64(1)
        some += in_each.any(axis=0)
        every += in_each.all(axis=0) if minimal.size else 0
        counts.update(int(m) for m in minimal)
    share = some / n if n else some.astype(float)
    always = every / n if n else every.astype(float)
    order = sorted(range(len(ids)), key=lambda b: (-share[b], -always[b], b))
    blockers = tuple(Blocker(ids[b], float(share[b]), float(always[b])) for b in order)
    relaxations = tuple(
        (tuple(ids[b] for b in bits(mask, len(ids))), count / n)
        for mask, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return blockers, relaxations


def _best(p_accept: np.ndarray, p_all: np.ndarray, top: int) -> tuple[RobustPackage, ...]:
    least = p_accept.min(axis=1) if p_accept.shape[1] else np.zeros_like(p_all)
    total = p_accept.sum(axis=1)
    order = np.lexsort((np.arange(p_all.size), -total, -least, -p_all))[:top]
    return tuple(
        RobustPackage(int(o), float(p_all[o]), tuple(float(x) for x in p_accept[o])) for o in order
    )
