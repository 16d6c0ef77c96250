"""The copilot: one posterior per party, fed that party's answers only, and the proposal rule.

:class:`Copilot` knows the outcome space, the parties' ids and a prior
(:class:`~accord.learning.particles.Prior`: the mediator's beliefs, or none).
Each party's posterior gets a random generator of its own, spawned from the
copilot's seed in party order, so what one party answers never changes the
draws made for another. Nothing of a party's real preferences ever enters.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.learning.calibration import Platt
from accord.learning.likelihood import Answer, Noise, prefer_probability
from accord.learning.particles import Prior
from accord.learning.proposal import Suggestion, candidates, suggest
from accord.learning.update import MOVES, Estimate, Posterior
from accord.model.issues import OutcomeSpace

CALIBRATION = Platt(1.1098, -0.5402)
"""The recalibration of the forecasts (:class:`~accord.learning.calibration.Platt`), fitted
by ``python benchmarks/copilot.py --fit-calibration --first-seed 1`` to the raw forecasts
of seed 1 (the benchmark's figures are measured on other seeds; see docs/copilot.md). It
maps the forecasts only, never the choice of a package."""
PARTICLES = 256
"""Particles per party."""
SHORTLIST = 24
"""Packages among which the copilot looks for informative votes: its best
proposals (what the talks turn on) and packages drawn at random (to learn the rest)."""
SHORTLIST_BEST = 8
"""Of which its best proposals."""


@dataclass(frozen=True)
class Question:
    """A vote worth asking: does the party prefer ``candidate`` to ``versus``?"""

    party: str
    candidate: int
    versus: int
    uncertainty: float
    """How close to a coin toss the posterior thinks the answer is (1 = a coin toss)."""


class Copilot:
    """A mediator's model of every party, learned from their answers alone."""

    def __init__(
        self,
        space: OutcomeSpace,
        parties: Sequence[str],
        prior: Prior,
        seed: np.random.SeedSequence | int,
        *,
        particles: int = PARTICLES,
        noise: Noise | None = None,
        calibration: Platt | None = None,
        moves: int = MOVES,
    ) -> None:
        sequence = (
            seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        )
        children = sequence.spawn(len(parties) + 1)
        self.space = space
        self.parties = tuple(parties)
        self.calibration = CALIBRATION if calibration is None else calibration
        """Maps the forecasts (the module's :data:`CALIBRATION` unless given)."""
        self.rng = np.random.default_rng(children[-1])
        self.posteriors: dict[str, Posterior] = {}
        for party, child in zip(self.parties, children, strict=False):
            rng = np.random.default_rng(child)
            drawn = prior.sample(party, particles, rng)
            lines, density = prior.lines(party), prior.density(party)
            self.posteriors[party] = Posterior(space, drawn, rng, lines, noise, density, moves)
        self.tabled: list[int] = []
        """Packages tabled so far (their neighbourhoods stay in the candidate pool)."""

    @property
    def answers(self) -> int:
        """Answers heard from all parties."""
        return sum(len(p.answers) for p in self.posteriors.values())

    def hear(self, party: str, answer: Answer) -> None:
        """One answer of ``party``: it updates that party's posterior and no other."""
        self.posteriors[party].observe(answer)

    def excluded(self) -> np.ndarray:
        """Packages crossing a red line the copilot already knows (any party's)."""
        out = np.zeros(self.space.size, dtype=bool)
        for post in self.posteriors.values():
            out |= post.known_lines()
        return out

    def suggest(self, time: float, count: int = 1) -> list[Suggestion]:
        """The ``count`` best packages to table at relative time ``time``, with forecasts."""
        keep = self.tabled[-3:]
        pool = candidates(self.space, self.posteriors, self.rng, keep)
        return suggest(
            self.posteriors,
            pool,
            time,
            excluded=self.excluded(),
            count=count,
            calibrate=self.calibration,
        )

    def forecast(self, outcome: int, time: float) -> dict[str, float]:
        """Each party's probability of accepting ``outcome`` at ``time``."""
        at = np.array([outcome], dtype=np.int64)
        return {
            p: float(self.calibration(post.accept(at, time))[0])
            for p, post in self.posteriors.items()
        }

    def shortlist(self, time: float) -> np.ndarray:
        """Packages to put votes between: the best proposals at ``time`` and a random spread."""
        best = [s.outcome for s in self.suggest(time, SHORTLIST_BEST)]
        spread = self.rng.integers(0, self.space.size, SHORTLIST - len(best))
        return np.unique(np.concatenate([np.array(best, dtype=np.int64), spread]))

    def question(
        self, party: str, shortlist: np.ndarray, asked: Collection[tuple[int, int]] = ()
    ) -> Question | None:
        """The vote between two shortlisted packages whose answer ``party``'s posterior is
        least sure of (the most informative one, answer noise being the same for all),
        leaving out pairs already ``asked``; ``None`` if there is none."""
        if len(shortlist) < 2:
            return None
        first, second = np.triu_indices(len(shortlist), k=1)
        post = self.posteriors[party]
        table = post.utilities(shortlist)
        broken = post.broken(shortlist)
        reservation = post.particles.reservation[:, None]
        chance = prefer_probability(
            table[:, first],
            table[:, second],
            reservation,
            broken[:, first],
            broken[:, second],
            post.noise,
        )
        prefer = post.weights @ chance
        doubt = 1.0 - 2.0 * np.abs(prefer - 0.5)
        if asked:
            size = self.space.size
            codes = shortlist[first] * size + shortlist[second]
            done = np.isin(codes, [a * size + b for a, b in asked])
            doubt = np.where(done, -1.0, doubt)
        k = int(np.argmax(doubt))
        if doubt[k] < 0.0:
            return None
        return Question(party, int(shortlist[first[k]]), int(shortlist[second[k]]), float(doubt[k]))

    def questions(self, time: float, per_party: int) -> list[Question]:
        """For each party, the ``per_party`` votes it is least sure about (chosen at once,
        before any answer; the mediator asks them one at a time, see :meth:`question`)."""
        if per_party <= 0:
            return []
        shortlist = self.shortlist(time)
        found = []
        for party in self.parties:
            asked: list[tuple[int, int]] = []
            for _ in range(per_party):
                question = self.question(party, shortlist, asked)
                if question is None:
                    break
                asked.append((question.candidate, question.versus))
                found.append(question)
        return found

    def estimates(self, time: float) -> Mapping[str, Estimate]:
        """Each party's posterior summary at ``time``."""
        return {p: post.estimate(time) for p, post in self.posteriors.items()}
