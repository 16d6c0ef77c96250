"""Integer utilities: the units of many packages at once agree with one at a time."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from accord.analysis.solve.units import integer_utility
from accord.model.scenario import Scenario

from strategies import boxed_scenarios


@settings(max_examples=60)
@given(boxed_scenarios())
def test_units_of_many_packages_match_units_of_each(scenario: Scenario) -> None:
    space = scenario.space
    packages = space.digits_of(np.arange(space.size, dtype=np.int64)).T
    for party in scenario.party_ids:
        u = integer_utility(scenario.preferences[party], space)
        many = u.units_of(packages)
        assert many.dtype == np.int64
        assert many.tolist() == [u.units(row) for row in packages]
