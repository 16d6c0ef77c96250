"""The options that packages reaching some targets use, proven by HiGHS, against the
brute-force oracle on spaces small enough to enumerate (decimal weights, GENIUS
integer evaluators, ties, red lines, INCLUDES and EXCLUDES rectangles, binding caps)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.model.scenario import Scenario
from solve_oracle import package_ticks, reaching_options, units_of, vector_counts

from strategies import boxed_scenarios

pytest.importorskip("highspy")

from accord.analysis.solve.units import integer_utility
from accord.analysis.solve.usable import option_classes, usable_options


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_usable_options_are_those_of_packages_reaching_a_target(data: st.DataObject) -> None:
    scenario = data.draw(boxed_scenarios())
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    every = vector_counts(scenario)
    if not every or not all(u.exact for u in us):
        return
    chosen = data.draw(st.lists(st.sampled_from(sorted(every)), min_size=1, unique=True))
    seeds = []
    if data.draw(st.booleans()):  # a package reaching a target, and any package at all
        packages = package_ticks(scenario)
        seeds = [
            np.array(d)
            for d, t in packages.items()
            if any(all(a >= b for a, b in zip(t, v, strict=True)) for v in chosen)
        ][:1]
        seeds.append(np.array([data.draw(st.integers(0, i.size - 1)) for i in scenario.issues]))
    found = usable_options(scenario, us, [units_of(us, v) for v in chosen], seeds=seeds)
    assert found == reaching_options(scenario, chosen)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(boxed_scenarios())
def test_options_of_a_class_act_alike(scenario: Scenario) -> None:
    us = [integer_utility(scenario.preferences[p], scenario.space) for p in scenario.party_ids]
    classes = option_classes(scenario, us)
    ticks = package_ticks(scenario)
    for digits, t in ticks.items():
        for position, d in enumerate(digits):
            for other, label in enumerate(classes[position]):
                if label == classes[position][d]:
                    swapped = (*digits[:position], other, *digits[position + 1 :])
                    assert ticks.get(swapped) == t
