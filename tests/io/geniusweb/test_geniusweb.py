"""GeniusWeb profiles: reading, writing, round trips and refusals."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from accord.analysis.evaluate import evaluate_outcomes
from accord.io import ScenarioError, load_scenario
from accord.io.geniusweb import read_geniusweb, write_geniusweb
from accord.model.preferences import Condition, Rectangle
from accord.model.scenario import Scenario

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "geniusweb"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SAMPLES = ["jobs", "laptop", "holiday"]
TOL = 1e-12


# -- a reference computed straight from the JSON ------------------------------


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)


def _range_values(spec: Any) -> list[Decimal]:
    low, high, step = (spec["low"], spec["high"], spec["step"]) if isinstance(spec, dict) else spec
    low, high, step = Decimal(str(low)), Decimal(str(high)), Decimal(str(step))
    return [low + step * i for i in range(int((high - low) // step) + 1)]


def _issue_utility(utilities: Any, value: Any) -> Decimal:
    ((_, body),) = utilities.items()
    if "valueUtilities" in body:
        return Decimal(str(body["valueUtilities"][value]))
    low, high = Decimal(str(body["lowValue"])), Decimal(str(body["highValue"]))
    low_u, high_u = Decimal(str(body["lowUtility"])), Decimal(str(body["highUtility"]))
    x = Decimal(str(value))
    if x < low or x > high:
        return Decimal(0)
    return low_u + (high_u - low_u) * (x - low) / (high - low)


def _bid_utility(space: Any, bid: dict[str, Any]) -> float:
    return float(
        sum(
            Decimal(str(space["issueWeights"][issue]))
            * _issue_utility(space["issueUtilities"][issue], value)
            for issue, value in bid.items()
        )
    )


def brute_force(folder: Path) -> tuple[list[str], dict[str, list[float]], dict[str, float]]:
    """Issue order, every outcome's utility per party, and reservations, from the files."""
    spaces = {
        path.stem: data["LinearAdditiveUtilitySpace"]
        for path in sorted(folder.glob("*.json"))
        if "LinearAdditiveUtilitySpace" in (data := _load(path))
    }
    domain = next(iter(spaces.values()))["domain"]["issuesValues"]
    issues = list(domain)
    values = [
        spec["values"] if "values" in spec else _range_values(spec["range"])
        for spec in domain.values()
    ]
    utilities = {
        party: [
            _bid_utility(space, dict(zip(issues, outcome, strict=True)))
            for outcome in itertools.product(*values)
        ]
        for party, space in spaces.items()
    }
    reservations = {
        party: _bid_utility(
            space, (space.get("reservationBid") or {"issuevalues": {}})["issuevalues"]
        )
        for party, space in spaces.items()
    }
    return issues, utilities, reservations


def all_utilities(scenario: Scenario) -> dict[str, np.ndarray]:
    utilities, _ = evaluate_outcomes(scenario, np.arange(scenario.space.size))
    return {party: utilities[:, k] for k, party in enumerate(scenario.party_ids)}


def reservation_met(scenario: Scenario) -> dict[str, np.ndarray]:
    """Per party, which outcomes meet its reservation value (the mask bit)."""
    _, masks = evaluate_outcomes(scenario, np.arange(scenario.space.size))
    first = len(scenario.constraints) - len(scenario.party_ids)
    return {
        party: (masks >> np.uint64(first + k)) & np.uint64(1) == 0
        for k, party in enumerate(scenario.party_ids)
    }


def assert_same_utilities(a: Scenario, b: Scenario) -> None:
    assert set(a.party_ids) == set(b.party_ids)
    assert a.space.size == b.space.size
    ua, ub = all_utilities(a), all_utilities(b)
    for party in a.party_ids:
        np.testing.assert_allclose(ua[party], ub[party], rtol=0, atol=TOL, err_msg=party)


# -- reading the samples -----------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES)
def test_samples_read_like_a_brute_force_computation(sample: str) -> None:
    scenario = read_geniusweb(DATA / sample)
    issues, expected, reservations = brute_force(DATA / sample)
    assert [i.id for i in scenario.issues] == issues
    assert list(scenario.party_ids) == sorted(expected)
    got = all_utilities(scenario)
    for party, utilities in expected.items():
        np.testing.assert_allclose(got[party], utilities, rtol=0, atol=TOL, err_msg=party)
        assert scenario.preferences[party].reservation == pytest.approx(
            reservations[party], abs=TOL
        )


def test_discrete_sample_in_detail() -> None:
    jobs = read_geniusweb(DATA / "jobs")
    assert jobs.name == "jobs"
    assert [(p.id, p.name) for p in jobs.parties] == [
        ("employee", "employee"),
        ("employer", "employer"),
    ]
    assert [i.options for i in jobs.issues] == [
        ("2000", "2500", "3000", "3500"),
        ("yes", "no"),
        ("0", "1", "2"),
    ]
    assert not any(i.numeric for i in jobs.issues)
    # 0.55 * 0.4 + 0.15 * 0.2 + 0.3 * 0.6
    assert jobs.preferences["employee"].reservation == pytest.approx(0.43, abs=TOL)
    assert jobs.preferences["employer"].reservation == 0.0


def test_number_sample_in_detail() -> None:
    laptop = read_geniusweb(DATA / "laptop")
    price, memory, screen, brand = laptop.issues
    assert price.numeric and price.options == (500.0, 750.0, 1000.0, 1250.0, 1500.0)
    assert memory.options == (4.0, 8.0, 12.0, 16.0)
    # high is 17 but 13 + 2 * 1.5 = 16 is the last value; utilities run to highValue 17
    assert screen.options == (13.0, 14.5, 16.0)
    assert brand.options == ("Atlas", "Borealis", "Cirrus") and not brand.numeric
    buyer = laptop.preferences["buyer"]
    utility = buyer.utility(
        laptop.space, {"price": 500.0, "memory": 16.0, "screen": 16.0, "brand": "Borealis"}
    )
    assert utility == pytest.approx(0.45 + 0.25 + 0.1 * (0.9 - 0.6 * 3 / 4) + 0.2, abs=TOL)
    # the seller's reservation bid is partial (price only): 0.5 * 0.5
    assert laptop.preferences["seller"].reservation == pytest.approx(0.25, abs=TOL)


def test_zero_weight_issue_is_read_without_weight() -> None:
    alice = read_geniusweb(DATA / "holiday").preferences["alice"]
    assert "budget" not in alice.weights and "budget" in alice.values
    assert sum(alice.weights.values()) == pytest.approx(1.0)


def test_a_list_of_files_is_read_in_its_order() -> None:
    files = [DATA / "jobs" / "employer.json", str(DATA / "jobs" / "employee.json")]
    scenario = read_geniusweb(files)
    assert scenario.party_ids == ("employer", "employee")
    assert_same_utilities(scenario, read_geniusweb(DATA / "jobs"))


def test_a_single_profile_is_a_one_party_scenario() -> None:
    scenario = read_geniusweb(DATA / "jobs" / "employee.json")
    assert scenario.party_ids == ("employee",)


# -- writing and reading back ------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES)
def test_samples_survive_a_round_trip(sample: str, tmp_path: Path) -> None:
    original = read_geniusweb(DATA / sample)
    warnings = write_geniusweb(original, tmp_path)
    again = read_geniusweb(tmp_path)
    assert warnings == []
    assert_same_utilities(original, again)
    assert [(i.id, i.options, i.numeric) for i in again.issues] == [
        (i.id, i.options, i.numeric) for i in original.issues
    ]
    for party in original.party_ids:
        assert again.preferences[party].reservation == pytest.approx(
            original.preferences[party].reservation, abs=TOL
        )
    # what was written is itself read like the brute force says
    _, expected, _ = brute_force(tmp_path)
    got = all_utilities(again)
    for party, utilities in expected.items():
        np.testing.assert_allclose(got[party], utilities, rtol=0, atol=TOL)


def test_written_files_have_the_published_shape(tmp_path: Path) -> None:
    write_geniusweb(read_geniusweb(DATA / "laptop"), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "buyer.json",
        "laptop.json",
        "seller.json",
    ]
    domain = json.loads((tmp_path / "laptop.json").read_text())
    assert domain["name"] == "laptop"
    assert domain["issuesValues"]["screen"] == {"range": {"low": 13.0, "high": 16.0, "step": 1.5}}
    assert domain["issuesValues"]["brand"] == {"values": ["Atlas", "Borealis", "Cirrus"]}
    buyer = json.loads((tmp_path / "buyer.json").read_text(), parse_float=Decimal)
    space = buyer["LinearAdditiveUtilitySpace"]
    assert list(space) == ["issueUtilities", "issueWeights", "domain", "name", "reservationBid"]
    assert space["name"] == "buyer"
    assert sum(space["issueWeights"].values()) == 1  # exactly, in decimal arithmetic
    assert space["issueUtilities"]["screen"] == {
        "NumberValueSetUtilities": {
            "lowValue": Decimal("13.0"),
            "lowUtility": Decimal("0.9"),
            "highValue": Decimal("16.0"),
            "highUtility": Decimal("0.44999999999999996"),
        }
    }
    assert space["reservationBid"] == {
        "issuevalues": {
            "price": Decimal("1250.0"),
            "memory": Decimal("8.0"),
            "screen": Decimal("14.5"),
            "brand": "Atlas",
        }
    }


def test_weights_are_written_to_sum_to_exactly_one(tmp_path: Path) -> None:
    scenario = read_geniusweb(DATA / "jobs")
    thirds = dataclasses.replace(
        scenario.preferences["employer"],
        weights={"salary": 1 / 3, "lease car": 1 / 3, "work from home": 1 / 3},
    )
    scenario = dataclasses.replace(
        scenario, preferences={**scenario.preferences, "employer": thirds}
    )
    assert write_geniusweb(scenario, tmp_path) == []
    employer = json.loads((tmp_path / "employer.json").read_text(), parse_float=Decimal)
    assert sum(employer["LinearAdditiveUtilitySpace"]["issueWeights"].values()) == 1
    assert_same_utilities(scenario, read_geniusweb(tmp_path))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_export_and_import_with_the_same_utilities(example: Path, tmp_path: Path) -> None:
    original = load_scenario(example)
    warnings = write_geniusweb(original, tmp_path)
    again = read_geniusweb(tmp_path)
    assert_same_utilities(original, again)
    # Red lines cannot be written: each is named in a warning and none comes back.
    text = "\n".join(warnings)
    for party in original.party_ids:
        for line in original.preferences[party].red_lines:
            assert line.id in text
        assert again.preferences[party].red_lines == ()
    assert "mediator" in text and "proposal" in text
    # A reservation value becomes the utility of the reservation bid: never lower, and
    # (the bid having the lowest utility at or above it) the same outcomes meet it.
    before, after = reservation_met(original), reservation_met(again)
    for party in original.party_ids:
        old = original.preferences[party].reservation
        new = again.preferences[party].reservation
        assert new >= old - TOL
        if abs(new - old) > TOL:
            assert f"{party}: no outcome has utility exactly" in text
        np.testing.assert_array_equal(before[party], after[party], err_msg=party)


def test_a_linear_value_function_is_written_as_a_number_range(tmp_path: Path) -> None:
    scenario = _tiny(tmp_path, wage_values="{0: 0.2, 8: 1}")
    warnings = write_geniusweb(scenario, tmp_path / "out")
    assert not any("wage" in w for w in warnings)
    profile = json.loads((tmp_path / "out" / "a.json").read_text())
    assert (
        "NumberValueSetUtilities" in profile["LinearAdditiveUtilitySpace"]["issueUtilities"]["wage"]
    )
    again = read_geniusweb(tmp_path / "out")
    assert again.issues[0].numeric and again.issues[0].options == scenario.issues[0].options
    assert_same_utilities(scenario, again)


def test_a_bent_value_function_makes_the_issue_discrete(tmp_path: Path) -> None:
    scenario = _tiny(tmp_path, wage_values="{0: 0, 2: 0.8, 8: 1}")
    warnings = write_geniusweb(scenario, tmp_path / "out")
    assert any("'wage' is written as the discrete values" in w and "a" in w for w in warnings)
    again = read_geniusweb(tmp_path / "out")
    assert not again.issues[0].numeric
    assert again.issues[0].options[:4] == ("0", "0.5", "1", "1.5")
    assert_same_utilities(scenario, again)


def _tiny(
    tmp_path: Path, wage_values: str, reservation: float = 0.0, car_values: str = "{yes: 1, no: 0}"
) -> Scenario:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        f"""\
name: Tiny talks
parties: [{{id: a}}, {{id: b}}]
issues:
  - {{id: wage, range: {{min: 0, max: 8, step: 0.5}}}}
  - {{id: car, options: [yes, no]}}
preferences:
  a:
    reservation: {reservation}
    weights: {{wage: 3, car: 1}}
    values: {{wage: {wage_values}, car: {car_values}}}
  b:
    weights: {{wage: 1, car: 1}}
    values: {{wage: {{0: 1, 8: 0}}, car: {{yes: 0, no: 1}}}}
""",
        encoding="utf-8",
    )
    return load_scenario(path)


def test_a_reservation_no_outcome_reaches_becomes_a_best_outcome(tmp_path: Path) -> None:
    # a's best outcome is worth 0.75 * 0.8 + 0.25 * 1 = 0.85
    scenario = _tiny(tmp_path, "{0: 0, 8: 0.8}", reservation=0.95)
    warnings = write_geniusweb(scenario, tmp_path / "out")
    assert any("a: no outcome reaches the reservation value 0.95" in w for w in warnings)
    assert read_geniusweb(tmp_path / "out").preferences["a"].reservation == pytest.approx(0.85)


def test_a_partial_bid_can_hit_the_reservation_exactly(tmp_path: Path) -> None:
    # a's outcomes are worth 0.75 * wage / 8 + 0.25 * car with car 1 or 0.5: the
    # lowest at or above 0.09375 is 0.125 (wage 0, car no), but a bid that sets
    # wage 1 and leaves the car open is worth 0.09375 exactly.
    scenario = _tiny(tmp_path, "{0: 0, 8: 1}", reservation=0.09375, car_values="{yes: 1, no: 0.5}")
    assert write_geniusweb(scenario, tmp_path / "partial") == []
    assert read_geniusweb(tmp_path / "partial").preferences["a"].reservation == pytest.approx(
        0.09375, abs=TOL
    )
    bid = json.loads((tmp_path / "partial" / "a.json").read_text())
    assert len(bid["LinearAdditiveUtilitySpace"]["reservationBid"]["issuevalues"]) < 2
    warnings = write_geniusweb(scenario, tmp_path / "complete", complete_bids=True)
    assert any("a: no outcome has utility exactly 0.09375" in w for w in warnings)
    again = read_geniusweb(tmp_path / "complete")
    np.testing.assert_array_equal(reservation_met(scenario)["a"], reservation_met(again)["a"])


def test_the_reservation_search_finds_the_lowest_sum_at_or_above_the_target() -> None:
    from accord.io.geniusweb.reservation import lowest_at_least

    rng = np.random.default_rng(7)
    for _ in range(40):
        tables = [rng.random(int(rng.integers(1, 6))) for _ in range(int(rng.integers(1, 5)))]
        target = float(rng.random() * sum(t.max() for t in tables) * 1.1)
        chosen, exhaustive = lowest_at_least(tables, target)
        sums = [
            sum(float(t[i]) for t, i in zip(tables, combo, strict=True))
            for combo in itertools.product(*(range(t.size) for t in tables))
        ]
        got = sum(float(t[i]) for t, i in zip(tables, chosen, strict=True))
        fitting = [x for x in sums if x >= target - TOL]
        assert exhaustive
        assert got == pytest.approx(min(fitting) if fitting else max(sums), abs=TOL)


def test_a_greedy_search_stands_in_for_huge_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("accord.io.geniusweb.SEARCH_LIMIT", 1)
    original = load_scenario(ROOT / "examples" / "plant-contract.yaml")
    warnings = write_geniusweb(original, tmp_path, complete_bids=True)
    again = read_geniusweb(tmp_path)
    before, after = reservation_met(original), reservation_met(again)
    for party in original.party_ids:
        old, new = original.preferences[party].reservation, again.preferences[party].reservation
        assert new >= old - TOL
        assert not np.any(after[party] & ~before[party])  # nothing newly acceptable
        if abs(new - old) > TOL:
            assert any(
                f"{party}: too many outcomes" in w and "found greedily" in w for w in warnings
            )


def test_legacy_keys(tmp_path: Path) -> None:
    write_geniusweb(read_geniusweb(DATA / "laptop"), tmp_path, legacy_keys=True)
    text = (tmp_path / "buyer.json").read_text()
    assert '"numberutils"' in text and '"discreteutils"' in text
    assert "ValueSetUtilities" not in text
    assert_same_utilities(read_geniusweb(DATA / "laptop"), read_geniusweb(tmp_path))


def test_party_ids_that_are_not_simple_names_survive(tmp_path: Path) -> None:
    scenario = read_geniusweb(DATA / "jobs")
    renamed = dataclasses.replace(
        scenario,
        parties=tuple(dataclasses.replace(p, id=f"the_{p.id}-side") for p in scenario.parties),
        preferences={f"the_{k}-side": v for k, v in scenario.preferences.items()},
    )
    warnings = write_geniusweb(renamed, tmp_path)
    assert any("the_employee-side as 'TheEmployeeSide'" in w for w in warnings)
    assert set(read_geniusweb(tmp_path).party_ids) == {"the_employee-side", "the_employer-side"}


def test_other_json_files_in_the_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}")
    warnings = write_geniusweb(read_geniusweb(DATA / "jobs"), tmp_path)
    assert any("notes.json" in w for w in warnings)
    assert read_geniusweb(tmp_path).party_ids == ("employee", "employer")  # notes.json skipped


def test_constraint_based_utility_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    scenario = read_geniusweb(DATA / "jobs")
    region = Rectangle(Condition({"salary": frozenset({0})}), 0.1)
    bumped = dataclasses.replace(scenario.preferences["employee"], rectangles=(region,))
    scenario = dataclasses.replace(
        scenario, preferences={**scenario.preferences, "employee": bumped}
    )
    with pytest.raises(ScenarioError, match=r"employee\.rectangles: constraint-based utility"):
        write_geniusweb(scenario, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("party", ["a/b", "..", " a", "a:b"])
def test_party_ids_that_are_not_file_names_are_refused(party: str, tmp_path: Path) -> None:
    scenario = read_geniusweb(DATA / "jobs")
    scenario = dataclasses.replace(
        scenario,
        parties=(dataclasses.replace(scenario.parties[0], id=party), scenario.parties[1]),
        preferences={
            party: scenario.preferences["employee"],
            "employer": scenario.preferences["employer"],
        },
    )
    with pytest.raises(ScenarioError, match="cannot be a file name"):
        write_geniusweb(scenario, tmp_path)


def test_writing_into_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ScenarioError, match="taken: exists and is not a folder"):
        write_geniusweb(read_geniusweb(DATA / "jobs"), tmp_path / "taken")


# -- bad input ---------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], object]


def _space(profile: dict[str, Any]) -> dict[str, Any]:
    space: dict[str, Any] = profile["LinearAdditiveUtilitySpace"]
    return space


def _set(path: str, value: object) -> Mutation:
    def mutate(profile: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = profile
        for key in parents:
            target = target[int(key) if isinstance(target, list) else key]
        index: Any = int(last) if isinstance(target, list) else last
        if value is _DELETE:
            del target[index]
        else:
            target[index] = value

    return mutate


_DELETE = object()
S = "LinearAdditiveUtilitySpace"
SALARY = f"{S}/issueUtilities/salary/DiscreteValueSetUtilities/valueUtilities"

BAD_PROFILES: list[tuple[str, Mutation, str]] = [
    ("missing weights", _set(f"{S}/issueWeights", _DELETE), "required field 'issueWeights'"),
    ("unknown field", _set(f"{S}/reservedValue", 0.3), "unknown field 'reservedValue'"),
    ("typo", _set(f"{S}/issueWeight", {}), "did you mean 'issueWeights'"),
    ("name not text", _set(f"{S}/name", 7), "LinearAdditiveUtilitySpace.name: expected text"),
    ("domain not a mapping", _set(f"{S}/domain", []), "domain: expected a domain"),
    (
        "weights do not sum to 1",
        _set(f"{S}/issueWeights/salary", Decimal("0.5")),
        "the weights must sum to 1 (GeniusWeb requires it); they sum to 0.95",
    ),
    ("negative weight", _set(f"{S}/issueWeights/salary", Decimal("-1")), "between 0 and 1"),
    ("weight is text", _set(f"{S}/issueWeights/salary", "lots"), "got the text 'lots'"),
    ("weight is a boolean", _set(f"{S}/issueWeights/salary", True), "got true"),
    ("weight for unknown issue", _set(f"{S}/issueWeights/bonus", 0), "unknown issue 'bonus'"),
    ("utility above 1", _set(f"{SALARY}/2000", Decimal("1.5")), "must be between 0 and 1, got 1.5"),
    ("utility for unknown value", _set(f"{SALARY}/9000", 0), "unknown value '9000'"),
    ("utility missing", _set(f"{SALARY}/2000", _DELETE), "no utility for '2000'"),
    (
        "unsupported utilities",
        _set(f"{S}/issueUtilities/salary", {"PiecewiseUtilities": {}}),
        "unsupported value utilities 'PiecewiseUtilities'",
    ),
    (
        "number utilities on a discrete issue",
        _set(
            f"{S}/issueUtilities/salary",
            {
                "NumberValueSetUtilities": {
                    "lowValue": 0,
                    "lowUtility": 0,
                    "highValue": 1,
                    "highUtility": 1,
                }
            },
        ),
        "issue 'salary' has discrete values, so its utilities must be DiscreteValueSetUtilities",
    ),
    (
        "number discrete value",
        _set(f"{S}/domain/issuesValues/salary/values/0", Decimal(2000)),
        'discrete values are text in GeniusWeb; got the number 2000 (write "2000")',
    ),
    (
        "duplicate value",
        _set(f"{S}/domain/issuesValues/lease car/values", ["yes", "yes"]),
        "listed twice",
    ),
    ("no issues", _set(f"{S}/domain/issuesValues", {}), "the domain has no issues"),
    (
        "bad value set",
        _set(f"{S}/domain/issuesValues/salary", {"options": []}),
        'a value set is {"values": [...]} (discrete) or',
    ),
    (
        "bid value not in domain",
        _set(f"{S}/reservationBid/issuevalues/salary", "9000"),
        "unknown value of issue 'salary': '9000'",
    ),
    (
        "bid for unknown issue",
        _set(f"{S}/reservationBid/issuevalues/bonus", "yes"),
        "reservationBid.issuevalues.bonus: unknown issue 'bonus'",
    ),
    (
        "bid without issuevalues",
        _set(f"{S}/reservationBid", {"salary": "2000"}),
        "unknown field 'salary'",
    ),
    ("huge number", _set(f"{S}/issueWeights/salary", Decimal("1e400")), "too large"),
]


def _write_profile(folder: Path, name: str, profile: dict[str, Any]) -> Path:
    """Write ``profile`` as JSON, decimals exactly as they are."""

    def exact(number: object) -> str:
        assert isinstance(number, Decimal)
        return f"@@{number}@@"

    text = re.sub(r'"@@(.*?)@@"', r"\1", json.dumps(profile, default=exact, indent=1))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("what", "mutate", "message"), BAD_PROFILES, ids=[b[0] for b in BAD_PROFILES]
)
def test_bad_profiles_are_refused_with_a_clear_message(
    what: str, mutate: Mutation, message: str, tmp_path: Path
) -> None:
    profile = copy.deepcopy(_load(DATA / "jobs" / "employee.json"))
    mutate(profile)
    path = _write_profile(tmp_path, "employee", profile)
    with pytest.raises(ScenarioError) as caught:
        read_geniusweb(path)
    text = str(caught.value)
    assert message in text
    assert text.startswith(f"{path}: ") and "\n" not in text


NUMBER = f"{S}/issueUtilities/price/NumberValueSetUtilities"
BAD_NUMBER_PROFILES: list[tuple[str, Mutation, str]] = [
    (
        "zero step",
        _set(f"{S}/domain/issuesValues/price/range/step", 0),
        "the step must be positive",
    ),
    (
        "high below low",
        _set(f"{S}/domain/issuesValues/price/range/high", 100),
        "high 100 is below low 500",
    ),
    (
        "too many values",
        _set(f"{S}/domain/issuesValues/price/range/step", Decimal("1e-6")),
        "the range has more than 10,000,000 values",
    ),
    ("lowValue off the range", _set(f"{NUMBER}/lowValue", 400), "differs from the low end"),
    ("highValue not above lowValue", _set(f"{NUMBER}/highValue", 500), "must be above lowValue"),
    ("number text that is no number", _set(f"{NUMBER}/lowUtility", "one"), "got the text 'one'"),
    ("bid off the grid", _set(f"{S}/reservationBid/issuevalues/price", 1100), "1100 is not among"),
    (
        "bid as text on a number issue",
        _set(f"{S}/reservationBid/issuevalues/memory", "eight"),
        "expected a number, got the text 'eight'",
    ),
    (
        "discrete utilities on a number issue",
        _set(f"{S}/issueUtilities/price", {"DiscreteValueSetUtilities": {"valueUtilities": {}}}),
        "issue 'price' is a number range, so its utilities must be NumberValueSetUtilities",
    ),
]


@pytest.mark.parametrize(
    ("what", "mutate", "message"), BAD_NUMBER_PROFILES, ids=[b[0] for b in BAD_NUMBER_PROFILES]
)
def test_bad_number_profiles_are_refused(
    what: str, mutate: Mutation, message: str, tmp_path: Path
) -> None:
    profile = copy.deepcopy(_load(DATA / "laptop" / "buyer.json"))
    mutate(profile)
    path = _write_profile(tmp_path, "buyer", profile)
    with pytest.raises(ScenarioError, match=None) as caught:
        read_geniusweb(path)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"LinearAdditiveUtilitySpace": {\n  "name": "x",\n}', "invalid JSON at line 3, column 1"),
        ("", "the file is empty"),
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"x": NaN}', "NaN is not a number JSON allows"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        ("[1, 2]", "is not a GeniusWeb profile"),
        ('{"name": "jobs"}', 'expected {"LinearAdditiveUtilitySpace": {...}}'),
        ("[" * 100 + "]" * 100, "nested too deeply"),
    ],
)
def test_files_that_are_not_profiles_are_refused(
    content: str | bytes, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioError, match=None) as caught:
        read_geniusweb(path)
    assert message in str(caught.value)


def test_a_file_over_10_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    with pytest.raises(ScenarioError, match="too large"):
        read_geniusweb(path)


def test_other_profile_types_are_refused_by_name(tmp_path: Path) -> None:
    profile = {"SumOfGroupsUtilitySpace": {"domain": {}, "name": "x", "partUtilities": {}}}
    path = _write_profile(tmp_path, "x", profile)
    with pytest.raises(ScenarioError, match="unsupported profile type 'SumOfGroupsUtilitySpace'"):
        read_geniusweb(tmp_path)
    with pytest.raises(ScenarioError, match=str(path)):
        read_geniusweb([path])


def test_profiles_on_different_domains_are_refused(tmp_path: Path) -> None:
    first = _write_profile(tmp_path, "a", _load(DATA / "jobs" / "employee.json"))
    other = _load(DATA / "jobs" / "employer.json")
    other[S]["domain"]["issuesValues"]["lease car"]["values"] = ["yes", "no", "maybe"]
    other[S]["issueUtilities"]["lease car"]["DiscreteValueSetUtilities"]["valueUtilities"][
        "maybe"
    ] = 0
    second = _write_profile(tmp_path, "b", other)
    with pytest.raises(ScenarioError) as caught:
        read_geniusweb(tmp_path)
    text = str(caught.value)
    assert text.startswith(f"{second}: ")
    assert f"the domain differs from the one in {first}" in text
    assert (
        "issue 'lease car' has the values yes, no, maybe here but the values yes, no there" in text
    )


def test_a_domain_file_that_does_not_match_is_refused(tmp_path: Path) -> None:
    _write_profile(tmp_path, "a", _load(DATA / "jobs" / "employee.json"))
    (tmp_path / "jobs.json").write_text(
        '{"name": "jobs", "issuesValues": {"salary": {"values": ["1"]}}}', encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match="issue 'lease car', 'work from home' is missing"):
        read_geniusweb(tmp_path)


def test_folders_without_profiles_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"holds no \.json files"):
        read_geniusweb(tmp_path)
    (tmp_path / "notes.json").write_text('{"comment": "not a profile"}')
    with pytest.raises(ScenarioError, match="holds no GeniusWeb profile"):
        read_geniusweb(tmp_path)
    with pytest.raises(ScenarioError, match="no such file"):
        read_geniusweb(tmp_path / "missing.json")
    with pytest.raises(ScenarioError, match="no files given"):
        read_geniusweb([])
    with pytest.raises(ScenarioError, match="is a folder"):
        read_geniusweb([tmp_path])


def test_two_files_for_one_party_are_refused(tmp_path: Path) -> None:
    a = _write_profile(tmp_path / "x", "same", _load(DATA / "jobs" / "employee.json"))
    b = _write_profile(tmp_path / "y", "same", _load(DATA / "jobs" / "employer.json"))
    with pytest.raises(ScenarioError, match="two profiles would be the same party 'same'"):
        read_geniusweb([a, b])


def test_every_truncation_of_a_profile_is_a_scenario_error(tmp_path: Path) -> None:
    text = (DATA / "laptop" / "seller.json").read_text(encoding="utf-8")
    path = tmp_path / "seller.json"
    for end in range(0, len(text) - 1, 7):
        path.write_text(text[:end], encoding="utf-8")
        with pytest.raises(ScenarioError):
            read_geniusweb(path)


# -- other readers -----------------------------------------------------------


def test_negmas_reads_what_is_written(tmp_path: Path) -> None:
    """NegMAS 0.16 reads discrete domains in the early key names with complete bids."""
    inout = pytest.importorskip("negmas.inout")
    scenario = read_geniusweb(DATA / "jobs")
    write_geniusweb(scenario, tmp_path, legacy_keys=True, complete_bids=True)
    loaded = inout.load_geniusweb_domain_from_folder(tmp_path)
    ours = all_utilities(scenario)
    names = [Path(str(u.name)).stem for u in loaded.ufuns]
    assert sorted(names) == sorted(scenario.party_ids)
    outcomes = list(itertools.product(*(i.options for i in scenario.issues)))
    for name, ufun in zip(names, loaded.ufuns, strict=True):
        theirs = [float(ufun(o)) for o in outcomes]
        np.testing.assert_allclose(theirs, ours[name], rtol=0, atol=1e-9)
        reservation = scenario.preferences[name].reservation
        if reservation == 0:  # no reservation bid: NegMAS has no reserved value
            assert ufun.reserved_value is None or ufun.reserved_value <= 0
        else:
            assert float(ufun.reserved_value) == pytest.approx(reservation, abs=1e-9)
