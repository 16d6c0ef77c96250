"""Writing scenarios as GENIUS files: utilities survive, checked by the reader and by the oracle."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from accord.analysis.evaluate import evaluate_outcomes
from accord.io import load_scenario
from accord.io.errors import ScenarioError
from accord.io.genius import read_genius, write_genius
from accord.model.issues import Issue, numeric_grid
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    PiecewiseLinear,
    Preferences,
    Rectangle,
)
from accord.model.scenario import Actor, Scenario
from genius_oracle import read_domain

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def utilities(s: Scenario) -> np.ndarray:
    return evaluate_outcomes(s, np.arange(s.space.size))[0]


def oracle(folder: Path) -> np.ndarray:
    """What GENIUS computes for the written files, by the independent reader."""
    domain = read_domain(folder)
    return domain.utilities(domain.all_digits())


def round_trip(s: Scenario, folder: Path) -> tuple[Scenario, list[str]]:
    warnings = write_genius(s, folder)
    again = read_genius(folder)
    assert again.party_ids == s.party_ids
    assert np.allclose(utilities(again), utilities(s), atol=1e-12, rtol=0)
    assert np.allclose(oracle(folder), utilities(s), atol=1e-12, rtol=0)
    for pid in s.party_ids:
        assert again.preferences[pid].reservation == s.preferences[pid].reservation
        assert again.preferences[pid].discount == s.preferences[pid].discount
    return again, warnings


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_keep_every_utility_and_warn_about_red_lines(path: Path, tmp_path: Path) -> None:
    s = load_scenario(path)
    again, warnings = round_trip(s, tmp_path)
    assert [a.name for a in again.parties] == [a.name for a in s.parties]
    assert [i.name for i in again.issues] == [i.name for i in s.issues]
    for pid in s.party_ids:
        if s.preferences[pid].red_lines:
            assert any("red line" in w and repr(pid) in w for w in warnings)
        assert again.preferences[pid].red_lines == ()
    if s.mediators:
        assert any("mediator" in w for w in warnings)
    assert len(list(tmp_path.glob("*-domain.xml"))) == 1
    assert len(list(tmp_path.glob("*.xml"))) == 1 + len(s.parties)


def scenario(issues: list[Issue], **prefs: Preferences) -> Scenario:
    parties = tuple(Actor(pid, pid.title()) for pid in prefs)
    return Scenario("Test case", parties, tuple(issues), prefs)


PRICE = Issue("price", "Price", numeric_grid(10, 14, 1), numeric=True)
COLOUR = Issue("colour", "Colour", ("red", "green", "blue"))
HALF = Issue("rate", "Rate", numeric_grid(0, 2, 0.5), numeric=True)


def issue_elements(path: Path) -> dict[str, ET.Element]:
    return {e.get("name") or "": e for e in ET.parse(path).getroot().iter("issue")}


def test_linear_integer_issues_get_a_linear_evaluator(tmp_path: Path) -> None:
    s = scenario(
        [PRICE, COLOUR],
        buyer=Preferences(
            weights={"price": 0.5, "colour": 0.5},
            values={
                "price": PiecewiseLinear(((10, 0.8), (12, 0.0), (14, 0.0))),  # a clamped line
                "colour": DiscreteValues({"red": 0.2, "green": 0.5, "blue": 0.4}),
            },
            reservation=0.3,
            discount=0.9,
        ),
        seller=Preferences(
            weights={"price": 1.0}, values={"price": PiecewiseLinear(((10, 0.0), (14, 0.8)))}
        ),
    )
    _, warnings = round_trip(s, tmp_path)
    assert warnings == []
    domain = issue_elements(tmp_path / "Test-case-domain.xml")
    assert domain["Price"].get("type") == "integer" and domain["Price"].get("upperbound") == "14"
    buyer = ET.parse(tmp_path / "Test-case-buyer.xml").getroot()
    weights = {w.get("index"): float(w.get("value") or "") for w in buyer.iter("weight")}
    # the best values (0.8 and 0.5) are divided out by GENIUS, so the weights carry them
    assert weights == {"1": pytest.approx(0.4), "2": pytest.approx(0.25)}
    colour = issue_elements(tmp_path / "Test-case-buyer.xml")["Colour"]
    assert [float(i.get("evaluation") or "") for i in colour] == pytest.approx([0.4, 1.0, 0.8])
    price = issue_elements(tmp_path / "Test-case-buyer.xml")["Price"].find("evaluator")
    assert price is not None and float(price.get("slope") or "") == pytest.approx(-0.5)


def test_other_numeric_issues_become_discrete_issues_of_their_grid(tmp_path: Path) -> None:
    s = scenario(
        [HALF, PRICE],
        a=Preferences(
            weights={"rate": 0.5, "price": 0.5},
            values={
                "rate": PiecewiseLinear(((0, 0.0), (2, 1.0))),
                "price": PiecewiseLinear(((10, 0.0), (11, 1.0), (14, 0.0))),  # not a line
            },
        ),
        b=Preferences(
            weights={"rate": 1.0}, values={"rate": PiecewiseLinear(((0, 1.0), (2, 0.0)))}
        ),
    )
    again, warnings = round_trip(s, tmp_path)
    assert again.issues[0].options == ("0", "0.5", "1", "1.5", "2")
    assert again.issues[1].options == ("10", "11", "12", "13", "14")
    assert sum("written as a discrete issue" in w for w in warnings) == 2


def test_rectangles_make_a_nonlinear_space_over_integer_issues(tmp_path: Path) -> None:
    corner = Condition({"colour": frozenset({0, 2}), "price": frozenset({0, 1, 3})})
    s = scenario(
        [COLOUR, PRICE],
        a=Preferences(
            weights={"colour": 1.0},
            values={"colour": DiscreteValues({"red": 0.0, "green": 0.3, "blue": 0.6})},
            rectangles=(Rectangle(corner, 0.4),),
        ),
        b=Preferences(
            weights={"price": 1.0}, values={"price": PiecewiseLinear(((10, 1.0), (14, 0.0)))}
        ),
    )
    again, warnings = round_trip(s, tmp_path)
    assert any("'colour' is written as an integer issue 0..2" in w for w in warnings)
    assert again.issues[0].options == (0.0, 1.0, 2.0)
    root = ET.parse(tmp_path / "Test-case-a.xml").getroot()
    assert root.get("type") == "nonlinear"
    assert len(list(root.iter("hyperRectangle"))) == 2 + 4  # two valued options, 2 x 2 runs
    assert ET.parse(tmp_path / "Test-case-b.xml").getroot().get("type") is None


def test_rectangles_on_one_issue_are_written_as_evaluations(tmp_path: Path) -> None:
    s = scenario(
        [COLOUR, PRICE],
        a=Preferences(
            weights={"colour": 1.0},
            values={"colour": DiscreteValues({"red": 0.0, "green": 0.3, "blue": 0.6})},
            rectangles=(Rectangle(Condition({"price": frozenset({0, 4})}), 0.4),),
        ),
    )
    round_trip(s, tmp_path)
    root = ET.parse(tmp_path / "Test-case-a.xml").getroot()
    assert root.get("type") is None and not list(root.iter("hyperRectangle"))


def test_utilities_above_one_cannot_be_written(tmp_path: Path) -> None:
    s = scenario(
        [COLOUR],
        a=Preferences(
            weights={"colour": 1.0},
            values={"colour": DiscreteValues({"red": 0.5, "green": 1.0, "blue": 0.0})},
            rectangles=(Rectangle(Condition({"colour": frozenset({1})}), 0.25),),
        ),
    )
    with pytest.raises(ScenarioError, match=r"reach 1\.25, but GENIUS caps every utility at 1"):
        write_genius(s, tmp_path)


def test_a_cap_read_from_genius_is_written_back_as_weights(tmp_path: Path) -> None:
    capped = (
        '<utility_space><objective index="0">'
        '<issue index="1" name="colour" type="discrete">'
        '<item index="1" value="red" evaluation="0"/><item index="2" value="green" evaluation="1"/>'
        '<item index="3" value="blue" evaluation="2"/></issue>'
        '<issue index="2" name="size" type="discrete">'
        '<item index="1" value="s" evaluation="1"/>'
        '<item index="2" value="l" evaluation="0"/></issue>'
        '<weight index="1" value="0.8"/><weight index="2" value="0.8"/></objective></utility_space>'
    )
    domain = (
        '<negotiation_template><utility_space><objective index="0">'
        '<issue index="1" name="colour" type="discrete"><item index="1" value="red"/>'
        '<item index="2" value="green"/><item index="3" value="blue"/></issue>'
        '<issue index="2" name="size" type="discrete"><item index="1" value="s"/>'
        '<item index="2" value="l"/></issue></objective></utility_space></negotiation_template>'
    )
    source = tmp_path / "source"
    source.mkdir()
    (source / "d_domain.xml").write_text(domain)
    (source / "d_a.xml").write_text(capped)
    (source / "d_b.xml").write_text(capped)
    s = read_genius(source)
    assert s.preferences["a"].rectangles  # the cap, as correction rectangles
    round_trip(s, tmp_path / "out")
    written = ET.parse(tmp_path / "out" / f"{s.name}-a.xml").getroot()
    assert not list(written.iter("hyperRectangle"))
    assert [w.get("value") for w in written.iter("weight")] == ["0.8", "0.8"]


def test_mediator_preferences_are_dropped_with_a_warning(tmp_path: Path) -> None:
    s = load_scenario(EXAMPLES / "plant-contract.yaml")
    if not hasattr(s, "mediator_preferences"):
        pytest.skip("this version of the model has no mediator preferences")
    mediator = s.mediators[0].id
    s = replace(s, mediator_preferences={mediator: s.preferences["union"]})
    warnings = write_genius(s, tmp_path)
    assert any("mediator preferences" in w for w in warnings)


def test_existing_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "other.xml").write_text("<x/>")
    s = load_scenario(EXAMPLES / "plant-contract.yaml")
    warnings = write_genius(s, tmp_path)
    assert any("other.xml" in w for w in warnings)
