"""ValueModelAgent's opponent model (Frieder & Miller 2013, ANAC 2011 finalist).

The model holds, for every option of every issue, the *decrease* in the
opponent's utility from its best package, with a reliability and a spread.
The options of the opponent's first offer start at decrease 0 (reliability
0.9, spread 0.01), every other option at ``1/n`` (reliability 0.02, spread
``1/n``; ``n`` issues). The opponent's estimated utility of an outcome is one
minus the sum of its options' decreases.

When the agent expects a new offer to cost the opponent ``e`` (its guess of
the opponent's concession), the gap between ``e`` and the model's decrease is
spread over the issues in proportion to ``spread_i / (n r_i^2)`` (``r_i`` the
option's reliability: the original's ``r > 1/2`` test is an integer division,
so every positive reliability takes this branch, as here), and each option
moves toward its share by a temporal-difference step that also updates its
spread and reliability. Afterwards every issue is shifted so its least
decrease is 0, keeping its largest (an issue whose options all agree is set
to its largest everywhere).

Every issue is treated as discrete (the original modelled numeric issues by a
single worst-end decrease).
"""

from __future__ import annotations

import math

import numpy as np

from accord.agents.components.opponent.base import OpponentModel
from accord.model.issues import OutcomeSpace

GAMMA = 0.1
"""Temporal-difference share of the old estimate's reliability given to the new value."""


class ValueModel(OpponentModel):
    """Per-option utility decreases with reliabilities (ValueModelAgent's value modeler)."""

    def __init__(self, space: OutcomeSpace) -> None:
        super().__init__(space)
        self.decrease: list[np.ndarray] = []
        self.reliability: list[np.ndarray] = []
        self.spread: list[np.ndarray] = []
        self.initialized = False

    def initialize(self, first: int) -> None:
        """Start from the opponent's first offer: its options cost it nothing."""
        n = len(self.space.issues)
        options = self.space.digits_of(np.array([first]))[:, 0]
        for issue, best in zip(self.space.issues, options, strict=True):
            k = issue.size
            self.decrease.append(np.full(k, 1.0 / n))
            self.reliability.append(np.full(k, 0.02))
            self.spread.append(np.full(k, 1.0 / n))
            self.decrease[-1][best], self.reliability[-1][best], self.spread[-1][best] = (
                0.0,
                0.9,
                0.01,
            )
        self.initialized = True

    def update(self, offer: int, time: float) -> None:
        """The model learns only through :meth:`assume_worth` (the agent says what to expect)."""
        if not self.initialized:
            self.initialize(offer)

    def loss(self, offer: int) -> tuple[float, float]:
        """The modelled decrease of one outcome and its combined reliability."""
        options = self.space.digits_of(np.array([offer]))[:, 0]
        decrease = sum(float(d[o]) for d, o in zip(self.decrease, options, strict=True))
        inverse = [
            1.0 / (float(r[o]) if r[o] > 0 else 0.01)
            for r, o in zip(self.reliability, options, strict=True)
        ]
        mean_square = sum(x * x for x in inverse) / len(inverse)
        return decrease, math.sqrt(1.0 / mean_square)

    def units(self, reliability: float) -> float:
        """Deviation units of an option: ``1 / (n r^2)`` (1000 when unreliable)."""
        n = len(self.space.issues)
        return (1.0 / (reliability * reliability)) / n if reliability > 0 else 1000.0

    def assume_worth(self, offer: int, expected_decrease: float) -> None:
        """Move the offer's options so that it costs the opponent about ``expected_decrease``."""
        options = self.space.digits_of(np.array([offer]))[:, 0]
        rows = list(zip(self.decrease, self.reliability, self.spread, options, strict=True))
        unit = sum(self.units(float(r[o])) * float(s[o]) for _, r, s, o in rows)
        reliable = [float(d[o]) for d, r, _, o in rows if r[o] > 0.8]
        max_reliable = max([0.0, *reliable])
        decrease, reliability = self.loss(offer)
        move = (expected_decrease - decrease) / unit
        for d, r, s, o in rows:
            new = float(d[o]) + self.units(float(r[o])) * float(s[o]) * move
            if r[o] > 0.7 or max_reliable < new:
                new = max(new, 0.0)
            _td_update(d, r, s, int(o), new, reliability)
        for d in self.decrease:
            _shift_to_zero(d)

    def utilities(self, indices: np.ndarray) -> np.ndarray:
        """``1 - sum of decreases``, clipped to [0, 1] (1 everywhere before any offer)."""
        index = np.asarray(indices, dtype=np.int64)
        if not self.initialized:
            return np.ones(index.shape)
        digits = self.space.digits_of(index.ravel())
        total = np.zeros(index.size)
        for table, row in zip(self.decrease, digits, strict=True):
            total += table[row]
        return np.clip(1.0 - total, 0.0, 1.0).reshape(index.shape)

    def reliabilities(self, indices: np.ndarray) -> np.ndarray:
        """The combined reliability of each outcome's modelled utility."""
        index = np.asarray(indices, dtype=np.int64).ravel()
        if not self.initialized:
            return np.zeros(index.size)
        digits = self.space.digits_of(index)
        total = np.zeros(index.size)
        for table, row in zip(self.reliability, digits, strict=True):
            r = np.where(table[row] > 0, table[row], 0.01)
            total += 1.0 / (r * r)
        return np.sqrt(1.0 / (total / len(self.decrease)))


def _td_update(
    decrease: np.ndarray,
    reliability: np.ndarray,
    spread: np.ndarray,
    option: int,
    new: float,
    new_reliability: float,
) -> None:
    """The original's temporal-difference step for one option's decrease."""
    old_r = float(reliability[option])
    if old_r == 0.02:  # never updated: take the new value as it is
        decrease[option], reliability[option], spread[option] = new, new_reliability, 0.03
        return
    old = float(decrease[option])
    dev = float(spread[option])
    temporal = old_r * GAMMA * new_reliability
    new_chunk = new_reliability * (1 - old_r) + temporal
    old_chunk = old_r - temporal
    total = new_chunk + old_chunk
    updated = (new_chunk * new + old_chunk * old) / total
    change = abs(updated - old)
    new_dev = math.sqrt(
        (
            old_chunk / 2 * (dev + change) ** 2
            + old_chunk / 2 * (dev - change) ** 2
            + new_chunk * (new - updated) ** 2
        )
        / total
    )
    if new_dev > 0:
        kept = max(1 - change / (2 * new_dev), 0.2)
        fresh = max(1 - abs(updated - new) / (2 * new_dev), 0.0)
    else:
        kept, fresh = 1.0, 1.0
    reliability[option] = old_chunk * kept + new_chunk * fresh
    decrease[option] = updated
    spread[option] = new_dev


def _shift_to_zero(decrease: np.ndarray) -> None:
    """Shift an issue's decreases so the least is 0 and the largest stays (``normalize``)."""
    top = max(float(decrease.max()), 0.0)
    low = min(float(decrease.min()), 1.0)
    if top == low:
        decrease[:] = top
    else:
        decrease[:] = (decrease - low) * top / (top - low)
