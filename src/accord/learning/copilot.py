"""The copilot: one posterior per party, fed that party's answers only, and the proposal rule.

:class:`Copilot` knows the outcome space, the parties' ids and a prior
(:class:`~accord.learning.particles.Prior`: the mediator's beliefs, or none).
Each party's posterior gets a random generator of its own, spawned from the
copilot's seed in party order, so what one party answers never changes the
draws made for another. Nothing of a party's real preferences ever enters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.learning.likelihood import Answer, Noise
from accord.learning.particles import Prior
from accord.learning.proposal import Suggestion, candidates, suggest
from accord.learning.update import Estimate, Posterior
from accord.model.issues import OutcomeSpace

PARTICLES = 256
"""Particles per party."""
SHORTLIST = 16
"""Packages among which the copilot looks for informative votes: half its best
proposals (what the talks turn on), half drawn at random (to learn the rest)."""


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
    ) -> None:
        sequence = (
            seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        )
        children = sequence.spawn(len(parties) + 1)
        self.space = space
        self.parties = tuple(parties)
        self.rng = np.random.default_rng(children[-1])
        self.posteriors: dict[str, Posterior] = {}
        for party, child in zip(self.parties, children, strict=False):
            rng = np.random.default_rng(child)
            drawn = prior.sample(party, particles, rng)
            lines, density = prior.lines(party), prior.density(party)
            self.posteriors[party] = Posterior(space, drawn, rng, lines, noise, density)
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
        return suggest(self.posteriors, pool, time, excluded=self.excluded(), count=count)

    def forecast(self, outcome: int, time: float) -> dict[str, float]:
        """Each party's probability of accepting ``outcome`` at ``time``."""
        at = np.array([outcome], dtype=np.int64)
        return {p: float(post.accept(at, time)[0]) for p, post in self.posteriors.items()}

    def questions(self, time: float, per_party: int) -> list[Question]:
        """For each party, the votes between shortlisted packages it is least sure about."""
        if per_party <= 0:
            return []
        best = [s.outcome for s in self.suggest(time, SHORTLIST // 2)]
        spread = self.rng.integers(0, self.space.size, SHORTLIST - len(best))
        shortlist = np.unique(np.concatenate([np.array(best, dtype=np.int64), spread]))
        if len(shortlist) < 2:
            return []
        first, second = np.triu_indices(len(shortlist), k=1)
        found = []
        for party, post in self.posteriors.items():
            table = post.utilities(shortlist)
            gap = (table[:, first] - table[:, second]) / post.noise.vote_temperature
            prefer = post.weights @ (0.5 * (1.0 + np.tanh(0.5 * gap)))
            doubt = 1.0 - 2.0 * np.abs(prefer - 0.5)
            for k in np.argsort(-doubt, kind="stable")[:per_party]:
                a, b = int(shortlist[first[k]]), int(shortlist[second[k]])
                found.append(Question(party, a, b, float(doubt[k])))
        return found

    def estimates(self, time: float) -> Mapping[str, Estimate]:
        """Each party's posterior summary at ``time``."""
        return {p: post.estimate(time) for p, post in self.posteriors.items()}
