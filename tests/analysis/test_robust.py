"""Sampled acceptance against per-sample brute force, and against ``analyze`` when nothing
is uncertain."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import analyze, robust
from accord.analysis.evaluate import evaluate_outcomes
from accord.analysis.robust import robustness
from accord.io import load_scenario
from accord.model.preferences import Condition, RedLine, RuleKind
from accord.model.sampling import PartySamples, sample_profiles
from accord.model.scenario import Scenario
from accord.model.uncertainty import UncertainPreferences

from strategies import scenarios, uncertain_scenarios

EXAMPLES = sorted(Path(__file__).resolve().parents[2].glob("examples/*.yaml"))


def _profiles(scenario: Scenario) -> list[tuple[str, UncertainPreferences]]:
    return [(p, scenario.uncertain_preferences(p, use_beliefs=True)) for p in scenario.party_ids]


# -- the oracle: one sample and one outcome at a time, from the definitions


def _holds(condition: Condition, ids: list[str], digits: tuple[int, ...]) -> bool:
    return all(digits[ids.index(i)] in allowed for i, allowed in condition.allowed.items())


def _broken(line: RedLine, ids: list[str], digits: tuple[int, ...]) -> bool:
    holds = _holds(line.condition, ids, digits)
    if line.kind is RuleKind.REQUIRE:
        return not holds
    if line.kind is RuleKind.FORBID:
        return holds
    assert line.then is not None
    return holds and not _holds(line.then, ids, digits)


def _value(scenario: Scenario, drawn: PartySamples, s: int, i: int, d: int) -> float:
    xs = drawn.anchors[i]
    if xs is None:
        return float(drawn.values[i][s, d])
    x = float(scenario.issues[i].options[d])
    return float(np.interp(x, xs, drawn.values[i][s]))


def oracle(scenario: Scenario, n: int, seed: int) -> dict[str, object]:
    """Counts and blocking relaxations with Python loops over samples and outcomes."""
    profiles = _profiles(scenario)
    drawn = sample_profiles(scenario.space, profiles, n, np.random.default_rng(seed))
    ids = [issue.id for issue in scenario.issues]
    constraint_ids = [f"{p}.{line.id}" for p, u in profiles for line in u.red_lines]
    constraint_ids += [f"{p}.reservation" for p, _ in profiles]
    outcomes = list(itertools.product(*(range(issue.size) for issue in scenario.issues)))
    accept = np.zeros((len(outcomes), len(profiles)), dtype=np.int64)
    everyone = np.zeros(len(outcomes), dtype=np.int64)
    zopa = 0
    ways: list[set[frozenset[str]]] = []
    for s in range(n):
        violated_sets = []
        for o, digits in enumerate(outcomes):
            violated: set[str] = set()
            for k, (party, prefs) in enumerate(profiles):
                samples = drawn[k]
                u = sum(
                    samples.weights[s, i] * _value(scenario, samples, s, i, d)
                    for i, d in enumerate(digits)
                )
                u += sum(
                    r.utility for r in prefs.point.rectangles if _holds(r.condition, ids, digits)
                )
                ok = round(u * 1e9) >= round(float(samples.reservation[s]) * 1e9)
                if not ok:
                    violated.add(f"{party}.reservation")
                for line_no, line in enumerate(prefs.red_lines):
                    if samples.active[s, line_no] and _broken(line, ids, digits):
                        violated.add(f"{party}.{line.id}")
                        ok = False
                accept[o, k] += ok
            everyone[o] += not violated
            violated_sets.append(frozenset(violated))
        if any(not v for v in violated_sets):
            zopa += 1
        else:
            family = set(violated_sets)
            ways.append({v for v in family if not any(w < v for w in family)})
    some = {c: sum(any(c in w for w in minimal) for minimal in ways) for c in constraint_ids}
    every = {c: sum(all(c in w for w in minimal) for minimal in ways) for c in constraint_ids}
    return {
        "accept": accept,
        "everyone": everyone,
        "zopa": zopa,
        "some": some,
        "every": every,
        "ways": ways,
    }


@settings(max_examples=80, deadline=None)
@given(uncertain_scenarios(max_parties=3), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_probabilities_and_blockers_match_the_oracle(scenario: Scenario, n: int, seed: int) -> None:
    found = robustness(scenario.space, _profiles(scenario), n, np.random.default_rng(seed))
    ref = oracle(scenario, n, seed)
    np.testing.assert_array_equal(np.rint(found.p_accept * n), ref["accept"])
    np.testing.assert_array_equal(np.rint(found.p_all * n), ref["everyone"])
    assert round(found.p_zopa * n) == ref["zopa"]
    ways = ref["ways"]
    assert isinstance(ways, list)
    assert found.n_without_zopa == found.n_diagnosed == len(ways)
    some, every = ref["some"], ref["every"]
    assert isinstance(some, dict) and isinstance(every, dict)
    for blocker in found.blockers:
        assert round(blocker.share * len(ways)) == some[blocker.constraint]
        assert round(blocker.always * len(ways)) == every[blocker.constraint]
    counted: dict[frozenset[str], int] = {}
    for minimal in ways:
        for way in minimal:
            counted[way] = counted.get(way, 0) + 1
    assert {frozenset(r): round(s * len(ways)) for r, s in found.relaxations} == counted


def _check_against_analyze(scenario: Scenario, n: int) -> None:
    found = robustness(scenario.space, _profiles(scenario), n, np.random.default_rng(0))
    result = analyze(scenario)
    indices = np.arange(scenario.space.size)
    _, masks = evaluate_outcomes(scenario, indices)
    assert set(np.unique(found.p_accept)) <= {0.0, 1.0}
    assert set(np.unique(found.p_all)) <= {0.0, 1.0}
    np.testing.assert_array_equal(found.p_all == 1.0, masks == 0)
    assert found.p_zopa == (1.0 if result.zopa_size else 0.0)
    bit = 0
    for k, party in enumerate(scenario.party_ids):
        lines = len(scenario.preferences[party].red_lines)
        reservation = len(scenario.constraints) - len(scenario.party_ids) + k
        own = sum(1 << b for b in range(bit, bit + lines)) | (1 << reservation)
        np.testing.assert_array_equal(found.p_accept[:, k] == 1.0, (masks & np.uint64(own)) == 0)
        bit += lines
    if not result.zopa_size:
        assert {frozenset(r) for r, _ in found.relaxations} == {
            frozenset(r.relax) for r in result.relaxations
        }
        assert all(share == 1.0 for _, share in found.relaxations)


@settings(max_examples=120, deadline=None)
@given(scenarios(max_parties=3, max_lines=2), st.integers(1, 5))
def test_without_uncertainty_probabilities_are_zero_or_one_as_analyze_says(
    scenario: Scenario, n: int
) -> None:
    _check_against_analyze(scenario, n)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_without_uncertainty_agree_with_analyze(path: Path) -> None:
    scenario = load_scenario(path)
    if scenario.space.size > 200_000:
        pytest.skip("large space")
    point = Scenario(
        scenario.name, scenario.parties, scenario.issues, scenario.preferences
    )  # the parties' point preferences, no beliefs or ranges
    _check_against_analyze(point, 2)


@settings(max_examples=40, deadline=None)
@given(uncertain_scenarios(max_parties=2), st.integers(1, 9), st.integers(1, 40))
def test_blocks_and_chunks_do_not_change_the_result(scenario: Scenario, n: int, cells: int) -> None:
    whole = robustness(scenario.space, _profiles(scenario), n, np.random.default_rng(3))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(robust, "CELLS", cells)
        patch.setattr(robust, "BLOCK", 1 + cells % 4)
        patch.setattr(robust, "_DENSE_CELLS", 0)
        pieces = robustness(scenario.space, _profiles(scenario), n, np.random.default_rng(3))
    np.testing.assert_array_equal(pieces.p_accept, whole.p_accept)
    np.testing.assert_array_equal(pieces.p_all, whole.p_all)
    assert (pieces.p_zopa, pieces.best) == (whole.p_zopa, whole.best)
    assert (pieces.blockers, pieces.relaxations) == (whole.blockers, whole.relaxations)


def test_diagnosis_is_bounded_and_best_packages_come_first() -> None:
    scenario = load_scenario(Path(__file__).resolve().parents[2] / "examples/cairo-talks.yaml")
    found = robustness(
        scenario.space, _profiles(scenario), 200, np.random.default_rng(1), diagnose=20, top=5
    )
    assert found.n_diagnosed == min(20, found.n_without_zopa)
    assert len(found.best) == 5
    keys = [(-p.p_all, -min(p.p_accept)) for p in found.best]
    assert keys == sorted(keys)
    assert found.best[0].p_all == found.p_all.max()


def test_progress_is_reported_up_to_the_total() -> None:
    scenario = load_scenario(Path(__file__).resolve().parents[2] / "examples/cairo-talks.yaml")
    seen: list[tuple[str, int, int]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(robust, "CELLS", 50_000)
        robustness(
            scenario.space,
            _profiles(scenario),
            100,
            np.random.default_rng(2),
            progress=lambda stage, done, total: seen.append((stage, done, total)),
        )
    sampling = [(done, total) for stage, done, total in seen if stage == "sampling"]
    assert len(sampling) > 1
    assert [d for d, _ in sampling] == sorted(d for d, _ in sampling)
    assert sampling[-1] == (100 * scenario.space.size, 100 * scenario.space.size)
    diagnosing = [(done, total) for stage, done, total in seen if stage == "diagnosing"]
    assert diagnosing and diagnosing[-1][0] == diagnosing[-1][1]
