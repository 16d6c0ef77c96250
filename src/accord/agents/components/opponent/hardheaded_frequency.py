"""HardHeaded's frequency model (van Krimpen, Looije & Hajizadeh 2013, ANAC 2011 winner).

Weights start equal, every option's count at 1. From the opponent's second
offer on, each offer is compared with the one before:

* every issue whose option did not change gains ``golden = learning_coef / n``
  (``n`` issues) before all weights are divided by ``1 + golden * unchanged``,
  so they keep summing to one; an issue already at the cap
  ``1 - n * golden / (1 + golden * unchanged)`` gains nothing;
* the option offered on each issue has its count raised by ``value_addition``.

An option's value is its count over the issue's largest count. Note the
``/ n``: the weight step shrinks with the number of issues (a model that adds
``learning_coef`` itself moves weights about ``n`` times faster).
"""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.base import IssueWise
from accord.model.issues import OutcomeSpace


class HardHeadedFrequency(IssueWise):
    """Issue weights from unchanged options, option values from counts."""

    def __init__(
        self, space: OutcomeSpace, learning_coef: float = 0.2, value_addition: float = 1.0
    ) -> None:
        super().__init__(space)
        self.learning_coef = learning_coef
        self.value_addition = value_addition
        self.previous: np.ndarray | None = None

    def update(self, offer: int, time: float) -> None:
        """Learn from one offer (the first offer only sets the reference)."""
        options = self.options_of(offer)
        previous, self.previous = self.previous, options
        if previous is None:
            return
        n = self.weights.size
        unchanged = options == previous
        golden = self.learning_coef / n
        total = 1.0 + golden * int(unchanged.sum())
        cap = 1.0 - n * golden / total
        gain = unchanged & (self.weights < cap)
        self.weights = (self.weights + golden * gain) / total
        for counts, option in zip(self.counts, options, strict=True):
            counts[option] += self.value_addition
