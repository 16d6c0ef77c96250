"""AgentK (Kawaguchi, Fujita & Ito 2012), winner of ANAC 2010.

AgentK keeps the mean ``mu`` and the spread of the utilities the opponent has
offered it, and estimates the best it can expect from the opponent as
``emax = mu + (1 - mu) * d`` with ``d = sqrt(12 * variance)`` (the width of a
uniform distribution with that variance). Its target starts at 1 and falls
towards ``emax`` as ``1 - t ** alpha * (1 - emax)``, with
``alpha = 1 + tremor + 10 mu - 2 tremor mu`` (``tremor = 2``), stretched by
``(d + 0.1) / (1 - target)`` (at most 2) and pulled back by a margin that
shrinks as time runs out. It accepts an offer with probability
``t ** alpha / 5 + (u - emax) + (u - target)`` (zero below 0.1). It offers, at
random, one of the opponent's earlier offers worth more than its target, or
else a random outcome worth at least its bid target (a second target drawn
with a jittered exponent ``beta``), lowering the bid target by 0.01 whenever no
outcome reaches it.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np

from accord.agents.base import NegotiationState, PartyView
from accord.agents.components.acceptance import Acceptance
from accord.agents.components.boa import ComponentAgent
from accord.agents.components.memory import Memory
from accord.agents.components.offering import Offering


class AgentKState:
    """The running statistics and the two targets AgentK keeps."""

    def __init__(self, tremor: float = 2.0) -> None:
        self.tremor = tremor
        self.target = 1.0
        self.bid_target = 1.0
        self.total = 0.0
        self.squares = 0.0
        self.count = 0
        self.offered: dict[int, float] = {}
        """The opponent's offers (first seen first) and their utility for the agent."""

    def acceptance_probability(self, utility: float, offer: int, t: float, draw: float) -> float:
        """Record the offer, move both targets, and return the probability of accepting.

        ``draw`` is a uniform number in [0, 1) that jitters the bid target's exponent.
        """
        self.offered.setdefault(offer, utility)
        self.total += utility
        self.squares += utility * utility
        self.count += 1
        mean = self.total / self.count
        variance = self.squares / self.count - mean * mean
        deviation = math.sqrt(variance * 12) if variance > 0 else 0.0
        utility = min(utility, 1.0)
        emax = mean + (1 - mean) * deviation
        tremor = self.tremor
        alpha = 1 + tremor + 10 * mean - 2 * tremor * mean
        beta = alpha + draw * tremor - tremor / 2
        self.target = _pulled_back(_stretched(t, alpha, emax, deviation), emax, t)
        self.bid_target = _pulled_back(_stretched(t, beta, emax, deviation), emax, t)
        p = t**alpha / 5 + (utility - emax) + (utility - self.target)
        return 0.0 if p < 0.1 else p


def _stretched(t: float, exponent: float, emax: float, deviation: float) -> float:
    """``1 - t^exponent (1 - emax)``, stretched away from 1 by ``(d + 0.1) / (1 - pre)``."""
    pre = 1 - t**exponent * (1 - emax)
    ratio = (deviation + 0.1) / (1 - pre) if pre != 1 else 2.0
    if math.isnan(ratio) or ratio > 2.0:
        ratio = 2.0
    return ratio * pre + 1 - ratio


def _pulled_back(target: float, emax: float, t: float) -> float:
    """Above ``emax``, come down by ``r f / m`` (``r`` the excess, ``f = min(1/r^2, m)``)."""
    if target <= emax:
        return emax
    m = t * -300 + 400
    excess = target - emax
    f = min(1 / (excess * excess), m)
    return target - excess * f / m


class AgentKOffering(Offering):
    """An earlier opponent offer above the target, else a random outcome above the bid target."""

    def __init__(self, view: PartyView, rng: np.random.Generator, stats: AgentKState) -> None:
        self.view = view
        self.rng = rng
        self.stats = stats
        self.outcomes = np.flatnonzero(view.acceptable)
        self.utilities = view.utilities[self.outcomes]

    def next(self, state: NegotiationState, memory: Memory) -> int | None:
        if not self.outcomes.size:
            return None
        stats = self.stats
        earlier = [
            o for o, u in stats.offered.items() if u > stats.target and self.view.is_acceptable(o)
        ]
        if earlier:
            return earlier[math.floor(self.rng.random() * len(earlier))]
        top = float(self.utilities.max())
        while stats.bid_target > top + 1e-12:
            stats.bid_target -= 0.01
        candidates = self.outcomes[self.utilities >= stats.bid_target - 1e-12]
        return int(candidates[math.floor(self.rng.random() * candidates.size)])


class AgentKAcceptance(Acceptance):
    """Accept with AgentK's probability (which also moves its targets)."""

    needs_plan = False

    def __init__(self, stats: AgentKState, rng: np.random.Generator) -> None:
        self.stats = stats
        self.rng = rng

    def accepts(
        self,
        view: PartyView,
        state: NegotiationState,
        offer: int,
        planned: int | None,
        memory: Memory,
    ) -> bool:
        jitter = float(self.rng.random())
        utility = float(view.utilities[offer])
        p = self.stats.acceptance_probability(utility, offer, state.relative_time, jitter)
        return p > float(self.rng.random())


class AgentK(ComponentAgent):
    """ANAC 2010 winner: targets from the statistics of the opponent's offers."""

    name = "agentk"
    stochastic = True
    source = (
        "S. Kawaguchi, K. Fujita, T. Ito. AgentK: Compromising strategy based on estimated "
        "maximum utility for automated negotiating agents. In New Trends in Agent-Based "
        "Complex Automated Negotiations, Springer SCI 383, pp. 137-144, 2012 (ANAC 2010 winner)."
    )
    parameters = MappingProxyType({"tremor": 2.0, "bid_target_step": 0.01, "min_p": 0.1})

    def build(self) -> tuple[Offering, Acceptance]:
        self.stats = AgentKState()
        return AgentKOffering(self.view, self.rng, self.stats), AgentKAcceptance(
            self.stats, self.rng
        )
