"""Baseline opponent models."""

from __future__ import annotations

import numpy as np

from accord.agents.components.opponent.baselines import OppositeModel, PerfectModel, UniformModel
from agents.contract import seller_view


def test_baselines_predict_as_defined() -> None:
    view = seller_view()
    buyer = 1 - view.utilities
    indices = np.array([0, 3, 10])
    perfect = PerfectModel(view.space, buyer)
    perfect.update(4, 0.5)
    assert perfect.utilities(indices).tolist() == buyer[indices].tolist()
    assert UniformModel(view.space).utilities(indices).tolist() == [0.5] * 3
    opposite = OppositeModel(view.space, view.utilities)
    assert np.allclose(opposite.utilities(indices), [1.0, 0.7, 0.0])
