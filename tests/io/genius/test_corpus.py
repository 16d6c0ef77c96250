"""Every domain of the GENIUS corpus, read by :mod:`accord.io.genius`, against an oracle.

The corpus lives next to the repository (``../shared/genius``); without it the
module is skipped.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import numpy as np
import pytest

from accord.analysis import analyze
from accord.analysis.evaluate import evaluate_outcomes
from accord.io.errors import ScenarioError
from accord.io.genius import read_genius, write_genius
from accord.model.scenario import Scenario
from genius_oracle import CORPUS, Domain, frontier, nash, pareto_points, read_domain

if not CORPUS.is_dir():
    pytest.skip(f"the GENIUS corpus is absent (looked for {CORPUS})", allow_module_level=True)

ATOL = 1e-12
FULL_ORACLE = 60_000
"""Up to this many outcomes the oracle computes the frontier and Nash point by brute force."""
ENUMERATED = 400_000
"""Up to this many outcomes utilities are compared on every outcome (else on a sample)."""
SAMPLE = 10_000
FOLDERS = sorted({p.parent for p in CORPUS.rglob("*.xml")})
LINEAR = [f for f in FOLDERS if "y2014" not in f.parts]
NONLINEAR = [f for f in FOLDERS if "y2014" in f.parts]
REFUSED: set[str] = set()
"""Domains the strict reader refuses with GENIUS's cap (none: constraint-based profiles
keep the cap exactly as the profile's cap at 1)."""


def _id(folder: Path) -> str:
    return "/".join(folder.relative_to(CORPUS).parts)


@functools.cache
def scenario(folder: Path, cap: bool = True) -> Scenario:
    return read_genius(folder, cap=cap)


@functools.cache
def oracle(folder: Path) -> Domain:
    return read_domain(folder)


def usable(folder: Path) -> tuple[Scenario, bool]:
    """The scenario read with GENIUS's cap, or without it where that is refused."""
    if folder.name in REFUSED:
        return scenario(folder, False), False
    return scenario(folder), True


def model_utilities(s: Scenario, digits: np.ndarray) -> np.ndarray:
    """Utilities straight from the model (any space size): tables plus rectangles."""
    columns = []
    for pid in s.party_ids:
        prefs = s.preferences[pid]
        total = np.zeros(digits.shape[0])
        for p, table in enumerate(prefs.utility_tables(s.space)):
            total += table[digits[:, p]]
        for rectangle in prefs.rectangles:
            total += rectangle.utility * rectangle.condition.holds(s.space, digits.T)
        columns.append(total)
    return np.column_stack(columns)


def accord_utilities(s: Scenario, digits: np.ndarray, domain: Domain) -> np.ndarray:
    """Utilities through the analysis engine when outcomes can be numbered, else the model's."""
    if s.space.size < 2**62:
        return evaluate_outcomes(s, domain.index_of(digits))[0]
    return model_utilities(s, digits)


def sample(domain: Domain, n: int, seed: int = 0) -> np.ndarray:
    if domain.n_outcomes <= ENUMERATED:
        return domain.all_digits()
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.integers(0, size, n) for size in domain.sizes])


# --- Import --------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_every_domain_imports_with_all_its_profiles(folder: Path) -> None:
    domain = oracle(folder)
    if folder.name in REFUSED:
        with pytest.raises(ScenarioError) as caught:
            scenario(folder)
        message = str(caught.value)
        assert "profile-" in message and "cap at 1" in message and "cap=False" in message
        assert "\n" not in message
    s, _ = usable(folder)
    assert len(s.parties) == len(domain.profiles) >= 2
    assert [i.name for i in s.issues] == [i.name for i in domain.issues]
    for issue, expected in zip(s.issues, domain.issues, strict=True):
        if expected.kind == "discrete":
            assert list(issue.options) == expected.labels and not issue.numeric
        else:
            assert list(issue.options) == expected.values and issue.numeric
    for pid, profile in zip(s.party_ids, domain.profiles, strict=True):
        prefs = s.preferences[pid]
        assert prefs.reservation == profile.reservation
        assert prefs.discount == profile.discount
        assert not prefs.weights or abs(sum(prefs.weights.values()) - 1) < 1e-12
        for issue in s.issues:  # values stay in [0, 1], as the model (and YAML) expect
            if issue.id in prefs.weights:
                table = prefs.values[issue.id].table(issue.options)
                assert table.min() >= 0 and table.max() <= 1


def test_multi_party_domains_keep_every_profile() -> None:
    assert len(scenario(CORPUS / "other" / "Domain8").parties) == 6
    qo = scenario(CORPUS / "other" / "QODomain")
    assert len(qo.parties) == 8
    assert {"blongterm", "a-utility", "acompromise"} <= set(qo.party_ids)


def test_parties_are_named_after_their_files() -> None:
    def names(rel: str) -> dict[str, str]:
        return {a.id: a.name for a in scenario(CORPUS / rel).parties}

    assert names("anac/y2010/ItexvsCypress") == {"itex": "Itex", "cypress": "Cypress"}
    assert names("anac/y2011/Camera") == {"buyer": "buyer", "seller": "seller"}
    assert names("anac/y2011/Grocery") == {"mary": "mary", "sam": "sam"}
    assert names("anac/y2011/IS_BT_Acquisition") == {"bt": "BT", "is": "IS"}
    assert names("anac/y2014/10issues") == {"profile-1": "profile 1", "profile-2": "profile 2"}
    assert names("other/inheritancedomain") == {"janet": "Janet", "marty": "Marty"}
    assert scenario(CORPUS / "anac/y2010/ItexvsCypress").name == "ItexvsCypress"


# --- Linear domains: utilities, frontier, Nash ---------------------------------------------


@pytest.mark.parametrize("folder", LINEAR, ids=_id)
def test_linear_utilities_equal_the_oracle(folder: Path) -> None:
    domain, s = oracle(folder), scenario(folder)
    digits = sample(domain, SAMPLE)
    expected = domain.utilities(digits)
    assert np.allclose(accord_utilities(s, digits, domain), expected, atol=ATOL, rtol=0)


SMALL = [f for f in LINEAR if oracle(f).n_outcomes <= FULL_ORACLE]
LARGE = [f for f in LINEAR if f not in SMALL]


@pytest.mark.parametrize("folder", SMALL, ids=_id)
def test_frontier_and_nash_equal_the_brute_force(folder: Path) -> None:
    domain, s = oracle(folder), scenario(folder)
    points = domain.utilities(domain.all_digits())
    result = analyze(s)
    assert set(result.frontier.indices.tolist()) == frontier(points)
    best, rows = nash(points, domain.reservations)
    if not rows:
        assert result.solutions.nash is None
        return
    assert result.solutions.nash is not None
    assert result.solutions.nash.index in rows
    chosen = np.array(result.solutions.nash.utilities)
    # the oracle's product is of gains rounded to ticks of 1e-9
    assert np.prod(np.clip(chosen - domain.reservations, 0, None)) == pytest.approx(best, abs=1e-8)
    if len({tuple(points[r]) for r in rows}) == 1:
        assert np.allclose(chosen, points[min(rows)], atol=ATOL, rtol=0)


@pytest.mark.parametrize("folder", LARGE, ids=_id)
def test_frontier_of_large_domains_is_undominated_on_a_sample(folder: Path) -> None:
    domain, s = oracle(folder), scenario(folder)
    result = analyze(s)
    front = result.frontier.utilities
    digits = sample(domain, SAMPLE)
    if digits.shape[0] > SAMPLE:
        digits = digits[np.random.default_rng(1).choice(digits.shape[0], SAMPLE, replace=False)]
    points = domain.utilities(digits)
    # the frontier's own utilities are the oracle's
    exact = np.array(np.unravel_index(result.frontier.indices, domain.sizes)).T
    assert np.allclose(domain.utilities(exact), front, atol=ATOL, rtol=0)
    # no sampled outcome dominates a frontier point; every sampled outcome is weakly below one
    for p in points:
        assert not np.any(np.all(p >= front - ATOL, axis=1) & np.any(p > front + ATOL, axis=1))
        assert np.any(np.all(front >= p - ATOL, axis=1))
    assert result.solutions.nash is not None
    gains = np.clip(points - domain.reservations, 0, None).prod(axis=1)
    chosen = np.array(result.solutions.nash.utilities)
    assert np.prod(chosen - domain.reservations) >= gains.max() - ATOL


# --- Non-linear (hyper-rectangle) domains -----------------------------------------------------


def _cell_points(s: Scenario, rng: np.random.Generator) -> np.ndarray:
    """An outcome inside each correction rectangle (where GENIUS's cap binds)."""
    rows = []
    for pid in s.party_ids:
        for rectangle in s.preferences[pid].rectangles:
            if rectangle.utility >= 0:
                continue
            row = [int(rng.integers(0, issue.size)) for issue in s.issues]
            for issue_id, allowed in rectangle.condition.allowed.items():
                row[s.space.issue_position(issue_id)] = int(rng.choice(sorted(allowed)))
            rows.append(row)
    return np.array(rows, dtype=np.int64).reshape(-1, len(s.issues))


@pytest.mark.parametrize("folder", NONLINEAR, ids=_id)
def test_hyper_rectangle_utilities_equal_the_oracle(folder: Path) -> None:
    domain = oracle(folder)
    s, capped = usable(folder)
    rng = np.random.default_rng(2)
    digits = np.vstack([sample(domain, 2_000), _cell_points(s, rng)])
    expected = domain.utilities(digits, cap=capped)
    assert np.allclose(model_utilities(s, digits), expected, atol=ATOL, rtol=0)
    if capped and len(digits) > 2_000:
        assert np.isclose(expected[2_000:].max(), 1.0)  # the cells are where the cap binds


@pytest.mark.parametrize("folder", [f for f in NONLINEAR if f.name.startswith("10")], ids=_id)
def test_pareto_xml_points_are_not_beaten_by_sampled_outcomes(folder: Path) -> None:
    domain, s = oracle(folder), scenario(folder)
    listed = np.array(pareto_points(folder))
    assert listed.max(axis=0) == pytest.approx([1.0, 1.0])
    points = model_utilities(s, sample(domain, 5_000, seed=3))
    for p in points:  # pareto.xml holds float32 values
        assert not np.any(np.all(p >= listed - 1e-6, axis=1) & np.any(p > listed + 1e-6, axis=1))


# --- Round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_round_trip_through_genius_keeps_every_utility(folder: Path) -> None:
    domain = oracle(folder)
    s, capped = usable(folder)
    with tempfile.TemporaryDirectory() as tmp:
        if not capped:
            with pytest.raises(ScenarioError, match="caps every utility at 1"):
                write_genius(s, tmp)
            return
        assert write_genius(s, tmp) == []
        again = read_genius(tmp)
    assert again.party_ids == s.party_ids
    assert [a.name for a in again.parties] == [a.name for a in s.parties]
    for pid in s.party_ids:
        assert again.preferences[pid].reservation == s.preferences[pid].reservation
        assert again.preferences[pid].discount == s.preferences[pid].discount
    digits = sample(domain, SAMPLE)
    if folder in NONLINEAR:
        digits = np.vstack([digits, _cell_points(s, np.random.default_rng(4))])
        before, after = model_utilities(s, digits), model_utilities(again, digits)
    else:
        before, after = accord_utilities(s, digits, domain), accord_utilities(again, digits, domain)
    assert np.allclose(before, after, atol=ATOL, rtol=0)
