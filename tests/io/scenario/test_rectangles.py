"""Constraint-based preferences (rectangles) and discount factors in scenario files."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from accord.analysis import analyze
from accord.io import ScenarioError, load_scenario, parse_scenario
from accord.io.scenario.yaml_safe import load_yaml
from accord.model.preferences import Rectangle
from accord.model.scenario import Scenario

DOC = Path(__file__).resolve().parents[3] / "docs" / "scenario-format.md"

Data = dict[str, Any]

ORDER: Data = {
    "name": "Components order",
    "parties": [{"id": "buyer"}, {"id": "seller"}],
    "issues": [
        {"id": "price", "range": {"min": 10, "max": 20, "step": 1}},
        {"id": "delivery", "options": ["week", "month", "quarter"]},
        {"id": "warranty", "options": ["none", "one_year", "three_years"]},
    ],
    "preferences": {
        "buyer": {
            "reservation": 5,
            "discount": 0.9,
            "rectangles": [
                {"utility": 10, "where": {"price": {"max": 14}, "delivery": ["week", "month"]}},
                {"utility": 4, "where": {"warranty": ["one_year", "three_years"]}},
                {"utility": -3, "where": {"delivery": ["quarter"], "warranty": ["none"]}},
            ],
        },
        "seller": {
            "weights": {"price": 3, "delivery": 1},
            "values": {
                "price": {10: 0, 20: 1},
                "delivery": {"week": 0, "month": 0.6, "quarter": 1},
            },
            "rectangles": [{"utility": 0.2, "where": {"price": [19, 20], "warranty": ["none"]}}],
        },
    },
}


@pytest.fixture
def order() -> Data:
    return copy.deepcopy(ORDER)


def buyer(data: Data) -> Data:
    prefs: Data = data["preferences"]["buyer"]
    return prefs


def load(data: Data) -> Scenario:
    return parse_scenario(data, "order.yaml")


# -- good files ----------------------------------------------------------------------


def test_docs_example_is_the_order_scenario() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    example = next(block for block in blocks if "rectangles:" in block)
    assert parse_scenario(load_yaml(example), "docs") == load(ORDER)


def test_constraint_based_party(order: Data) -> None:
    scenario = load(order)
    prefs = scenario.preferences["buyer"]
    assert dict(prefs.weights) == {}
    assert dict(prefs.values) == {}
    assert prefs.reservation == 5.0
    assert prefs.discount == 0.9
    assert [r.utility for r in prefs.rectangles] == [10.0, 4.0, -3.0]
    first = prefs.rectangles[0]
    assert isinstance(first, Rectangle)
    assert first.condition.allowed == {"price": frozenset(range(5)), "delivery": frozenset({0, 1})}


def test_utilities_as_documented(order: Data) -> None:
    scenario = load(order)
    space = scenario.space
    package = {"price": 12.0, "delivery": "month", "warranty": "one_year"}
    late = {"price": 12.0, "delivery": "quarter", "warranty": "none"}
    assert scenario.preferences["buyer"].utility(space, package) == 14.0
    assert scenario.preferences["buyer"].utility(space, late) == -3.0
    assert scenario.preferences["seller"].utility(space, package) == pytest.approx(0.3)
    top = {"price": 20.0, "delivery": "quarter", "warranty": "none"}
    assert scenario.preferences["seller"].utility(space, top) == pytest.approx(1.2)


def test_analysis_uses_the_rectangles(order: Data) -> None:
    result = analyze(load(order))
    assert result.n_outcomes == 11 * 3 * 3


def test_discount_defaults_to_one(order: Data) -> None:
    scenario = load(order)
    assert scenario.preferences["seller"].discount == 1.0


@pytest.mark.parametrize("discount", [1, 1.0, 0.5, 1e-9])
def test_discount_in_range(order: Data, discount: float) -> None:
    buyer(order)["discount"] = discount
    assert load(order).preferences["buyer"].discount == discount


def test_values_without_weights_still_weigh_the_same(order: Data) -> None:
    buyer(order)["values"] = {"delivery": {"week": 1, "month": 0.5, "quarter": 0}}
    prefs = load(order).preferences["buyer"]
    assert dict(prefs.weights) == {"delivery": 1.0}
    assert len(prefs.rectangles) == 3


def test_reservation_is_free_only_with_rectangles(order: Data) -> None:
    buyer(order)["reservation"] = -12.5
    assert load(order).preferences["buyer"].reservation == -12.5
    order["preferences"]["seller"]["reservation"] = 40
    assert load(order).preferences["seller"].reservation == 40
    del order["preferences"]["seller"]["rectangles"]
    with pytest.raises(ScenarioError) as info:
        load(order)
    assert info.value.problems == (
        ("preferences.seller.reservation", "must be between 0 and 1, got 40"),
    )


def test_json_with_string_keys(order: Data, tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(order), encoding="utf-8")
    assert load_scenario(path) == load(order)


def test_weights_that_sum_to_one_are_kept(order: Data) -> None:
    seller = order["preferences"]["seller"]
    seller["weights"] = {"price": 0.1, "delivery": 0.2, "warranty": 0.7}
    seller["values"]["warranty"] = {"none": 0, "one_year": 1, "three_years": 1}
    assert dict(load(order).preferences["seller"].weights) == {
        "price": 0.1,
        "delivery": 0.2,
        "warranty": 0.7,
    }


# -- bad files -------------------------------------------------------------------------


def rectangle(position: int, **fields: object) -> Any:
    def mutate(data: Data) -> None:
        buyer(data)["rectangles"][position] = fields

    return mutate


def buyer_key(key: str, value: object) -> Any:
    def mutate(data: Data) -> None:
        buyer(data)[key] = value

    return mutate


BAD: list[tuple[str, Any, str, str]] = [
    (
        "unknown issue",
        rectangle(2, utility=1, where={"delivery": ["week"], "warrantee": ["none"]}),
        "preferences.buyer.rectangles[2].where.warrantee",
        "unknown issue 'warrantee' (did you mean 'warranty'?)",
    ),
    (
        "unknown option",
        rectangle(1, utility=1, where={"warranty": ["two_years"]}),
        "preferences.buyer.rectangles[1].where.warranty",
        "unknown option of issue 'warranty': 'two_years'",
    ),
    (
        "off the grid",
        rectangle(0, utility=1, where={"price": [10.5]}),
        "preferences.buyer.rectangles[0].where.price",
        "10.5 is not on the grid of issue 'price'",
    ),
    (
        "range on a discrete issue",
        rectangle(0, utility=1, where={"delivery": {"min": 1}}),
        "preferences.buyer.rectangles[0].where.delivery",
        "a {min, max} range only applies to numeric issues",
    ),
    (
        "empty range",
        rectangle(0, utility=1, where={"price": {"min": 30}}),
        "preferences.buyer.rectangles[0].where.price",
        "the range selects no value of issue 'price'",
    ),
    (
        "empty option list",
        rectangle(0, utility=1, where={"delivery": []}),
        "preferences.buyer.rectangles[0].where.delivery",
        "lists no options",
    ),
    (
        "empty condition",
        rectangle(0, utility=1, where={}),
        "preferences.buyer.rectangles[0].where",
        "must name at least one issue",
    ),
    (
        "missing where",
        rectangle(1, utility=1),
        "preferences.buyer.rectangles[1].where",
        "required but missing",
    ),
    (
        "missing utility",
        rectangle(1, where={"warranty": ["none"]}),
        "preferences.buyer.rectangles[1].utility",
        "required but missing",
    ),
    (
        "text utility",
        rectangle(1, utility="high", where={"warranty": ["none"]}),
        "preferences.buyer.rectangles[1].utility",
        "expected a number, got text 'high'",
    ),
    (
        "infinite utility",
        rectangle(1, utility=float("inf"), where={"warranty": ["none"]}),
        "preferences.buyer.rectangles[1].utility",
        "must be a finite number",
    ),
    (
        "a single option is not a list",
        rectangle(1, utility=1, where={"warranty": "none"}),
        "preferences.buyer.rectangles[1].where.warranty",
        "expected a list of options or a range {min, max}",
    ),
    (
        "typo in a rectangle",
        rectangle(1, utilty=1, where={"warranty": ["none"]}),
        "preferences.buyer.rectangles[1].utilty",
        "unknown key (did you mean 'utility'?)",
    ),
    (
        "rectangles not a list",
        buyer_key("rectangles", {"utility": 1}),
        "preferences.buyer.rectangles",
        "expected a list",
    ),
    (
        "empty rectangle",
        rectangle(0),
        "preferences.buyer.rectangles[0].utility",
        "required but missing",
    ),
    (
        "rectangle not a mapping",
        lambda data: buyer(data)["rectangles"].__setitem__(0, [10, {"price": [10]}]),
        "preferences.buyer.rectangles[0]",
        "expected a mapping",
    ),
    ("zero discount", buyer_key("discount", 0), "preferences.buyer.discount", "must be above 0"),
    (
        "negative discount",
        buyer_key("discount", -0.5),
        "preferences.buyer.discount",
        "must be above 0 and at most 1 (1 = no discounting), got -0.5",
    ),
    (
        "discount above one",
        buyer_key("discount", 1.5),
        "preferences.buyer.discount",
        "must be above 0 and at most 1 (1 = no discounting), got 1.5",
    ),
    (
        "text discount",
        buyer_key("discount", "slow"),
        "preferences.buyer.discount",
        "expected a number, got text 'slow'",
    ),
    (
        "nan discount",
        buyer_key("discount", float("nan")),
        "preferences.buyer.discount",
        "must be a finite number",
    ),
    (
        "empty weights with rectangles",
        buyer_key("weights", {}),
        "preferences.buyer.weights",
        "is empty",
    ),
    (
        "weights without values with rectangles",
        buyer_key("weights", {"price": 1}),
        "preferences.buyer.values",
        "no values for issue 'price'",
    ),
    (
        "no rectangles, weights or values",
        buyer_key("rectangles", []),
        "preferences.buyer",
        "give weights and values (with values alone, every valued issue weighs the same), "
        "or rectangles",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "field", "problem"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_rectangles_and_discounts(order: Data, mutate: Any, field: str, problem: str) -> None:
    mutate(order)
    with pytest.raises(ScenarioError) as info:
        load(order)
    text = str(info.value)
    assert text.startswith("order.yaml: ")
    assert any(f == field and problem in p for f, p in info.value.problems), text


def test_field_path_counts_rectangles_from_zero(order: Data) -> None:
    buyer(order)["rectangles"].append({"utility": 2, "where": {"i2": ["x"]}})
    with pytest.raises(ScenarioError) as info:
        load(order)
    assert info.value.field == "preferences.buyer.rectangles[3].where.i2"


def test_rectangle_problems_are_reported_together(order: Data) -> None:
    rectangles = buyer(order)["rectangles"]
    rectangles[0]["where"] = {"price": [3]}
    rectangles[2]["where"] = {"colour": ["red"]}
    buyer(order)["discount"] = 2
    with pytest.raises(ScenarioError) as info:
        load(order)
    assert [f for f, _ in info.value.problems] == [
        "preferences.buyer.discount",
        "preferences.buyer.rectangles[0].where.price",
        "preferences.buyer.rectangles[2].where.colour",
    ]
