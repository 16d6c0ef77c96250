"""The proposal rule: the package most likely to be accepted by every party, with its forecast.

For each candidate package ``c`` and each party ``p`` the posterior gives
``P_p(c)``, the particle-weighted chance that ``p`` accepts ``c`` at the time
it will be asked. Parties' posteriors are independent (each is learned from
that party's answers alone), so the chance that all accept is the product
``P_all(c) = prod_p P_p(c)``. The rule picks

    ``score(c) = P_all(c) + explore(c)``,

where ``explore(c) = beta / sqrt(1 + answers) * sum_p sd_p(u_p(c))`` is an
upper-confidence bonus on the posterior spread of the parties' utilities of
``c``: early on, when the mediator knows little, packages it is unsure about
are worth tabling because the answers teach it most; the bonus fades as answers
come in (``beta``: :data:`EXPLORE`). Among the packages whose score is within
:data:`TIE` of the best (a window that closes at the deadline, leaving a relative
one: :data:`MARGIN`), it takes the one with the largest Nash product of the
parties' expected gains over their reservation values. A package crossing a
red line the mediator already knows is never proposed.

Candidates: every outcome when the space is small (at most :data:`FULL`);
otherwise a pool of weighted-sum maximisers of particles (for random mixtures
of the parties and random particles: each is a Pareto-optimal package for
those guesses, found issue by issue since utilities are additive), the
one-issue neighbours of the best packages found so far, and a uniform sample.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.learning.update import Posterior
from accord.model.issues import OutcomeSpace

FULL = 4096
"""Largest outcome space scored whole; above it, a candidate pool."""
POOL = 2048
"""Size of the candidate pool on larger spaces."""
EXPLORE = 0.05
"""Weight ``beta`` of the exploration bonus."""
TIE = 0.01
"""Scores within this of the best count as a tie, broken by the Nash product; the
absolute part of the window (``TIE`` in score) shrinks to nothing at the deadline, where
only the relative part remains: when every package is unlikely to pass, the likeliest of
them must still win, not the one with the largest Nash product of guessed gains."""
MARGIN = 0.2
"""Early on, scores within this share of the best also count as a tie; the share falls
linearly to zero at the deadline, when only the chance that all accept counts."""


@dataclass(frozen=True)
class Suggestion:
    """A package to table and its forecast."""

    outcome: int
    forecast: Mapping[str, float]
    """Each party's probability of accepting it."""
    all_accept: float
    """The probability that every party accepts it."""
    nash: float
    """Product of the parties' expected gains over their reservation values."""


def candidates(
    space: OutcomeSpace,
    posteriors: Mapping[str, Posterior],
    rng: np.random.Generator,
    keep: Sequence[int] = (),
) -> np.ndarray:
    """Outcome indices worth scoring (sorted, unique): all, or a pool (module docstring)."""
    if space.size <= FULL:
        return np.arange(space.size, dtype=np.int64)
    parties = list(posteriors)
    draws = POOL // 2
    tables = np.zeros((draws, sum(space.sizes)))
    mix = rng.dirichlet(np.ones(len(parties)), draws)
    for k, party in enumerate(parties):
        post = posteriors[party]
        rows = rng.choice(post.particles.size, size=draws, p=post.weights)
        chosen = post.particles.take(rows)
        values = post.layout.values(chosen.raw)
        weights = chosen.weights
        for i, offset in enumerate(post.layout.offsets):
            size = post.layout.sizes[i]
            block = weights[:, i : i + 1] * values[:, offset : offset + size]
            tables[:, offset : offset + size] += mix[:, k : k + 1] * block
    layout = next(iter(posteriors.values())).layout
    digits = np.stack(
        [
            np.argmax(tables[:, o : o + s] + rng.uniform(0, 1e-9, (draws, s)), axis=1)
            for o, s in zip(layout.offsets, layout.sizes, strict=True)
        ]
    )
    strides = np.array([int(np.prod(space.sizes[i + 1 :])) for i in range(len(space.sizes))])
    pareto = strides @ digits
    sample = rng.integers(0, space.size, POOL // 4)
    near = [_neighbours(space, int(o), strides) for o in keep]
    pool = np.concatenate([pareto, sample, np.array(list(keep), dtype=np.int64), *near])
    return np.unique(pool.astype(np.int64))


def _neighbours(space: OutcomeSpace, outcome: int, strides: np.ndarray) -> np.ndarray:
    """Every outcome one issue away from ``outcome``."""
    digits = space.digits_of(np.array([outcome]))[:, 0]
    found = []
    for i, size in enumerate(space.sizes):
        base = outcome - int(digits[i]) * int(strides[i])
        found.append(base + np.arange(size) * int(strides[i]))
    return np.concatenate(found).astype(np.int64)


@dataclass(frozen=True)
class Assessment:
    """What the posteriors say of each candidate package."""

    accept: dict[str, np.ndarray]
    """Per party, P(it answers accept), answer noise included: the forecast."""
    sure: np.ndarray
    """P(every party's threshold and red lines are cleared), answer noise left out."""
    nash: np.ndarray
    """Product of the parties' expected gains over their reservation values."""
    spread: np.ndarray
    """Sum over parties of the posterior standard deviation of their utility."""


def assess(posteriors: Mapping[str, Posterior], outcomes: np.ndarray, time: float) -> Assessment:
    """The forecast, the noise-free chance all accept, the Nash product and the spread."""
    accept: dict[str, np.ndarray] = {}
    sure = np.ones(len(outcomes))
    nash = np.ones(len(outcomes))
    spread = np.zeros(len(outcomes))
    for party, post in posteriors.items():
        table = post.utilities(outcomes)
        w = post.weights
        accept[party], clear = post.chances(outcomes, time, table)
        sure *= clear
        gains = np.maximum(table - post.particles.reservation[:, None], 0.0)
        nash *= w @ gains
        mean = w @ table
        spread += np.sqrt(np.maximum(w @ np.square(table) - np.square(mean), 0.0))
    return Assessment(accept, sure, nash, spread)


def suggest(
    posteriors: Mapping[str, Posterior],
    outcomes: np.ndarray,
    time: float,
    *,
    excluded: np.ndarray | None = None,
    explore: float = EXPLORE,
    margin: float = MARGIN,
    count: int = 1,
    calibrate: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[Suggestion]:
    """The best ``count`` packages among ``outcomes`` to table at ``time``, best first.

    ``excluded`` (boolean over every outcome index) marks packages never to
    propose (known red lines); ``calibrate``, if given, maps the forecasts (not the
    choice). Returns an empty list when every candidate is excluded.
    """
    if excluded is not None:
        outcomes = outcomes[~excluded[outcomes]]
    if not len(outcomes):
        return []
    found = assess(posteriors, outcomes, time)
    accept, nash = found.accept, found.nash
    if calibrate is not None:
        accept = {p: calibrate(a) for p, a in accept.items()}
    every = np.prod(np.stack(list(accept.values())), axis=0)
    answers = sum(len(p.answers) for p in posteriors.values())
    score = found.sure + explore / np.sqrt(1.0 + answers) * found.spread
    left = 1.0 - min(max(time, 0.0), 1.0)
    slack = TIE + margin * left
    chosen: list[int] = []
    alive = np.ones(len(outcomes), dtype=bool)
    for _ in range(min(count, len(outcomes))):
        best = score[alive].max()
        tied = alive & (score >= best - TIE * left) | alive & (score >= best * (1.0 - slack))
        pick = int(np.flatnonzero(tied)[np.argmax(nash[tied])])
        chosen.append(pick)
        alive[pick] = False
    return [
        Suggestion(
            outcome=int(outcomes[k]),
            forecast={p: float(a[k]) for p, a in accept.items()},
            all_accept=float(every[k]),
            nash=float(nash[k]),
        )
        for k in chosen
    ]
