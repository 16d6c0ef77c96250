"""ScenarioError carries the source, field and problem and prints as one paragraph."""

from __future__ import annotations

import pickle

from accord.io import ScenarioError
from accord.io.errors import MAX_REPORTED, brief


def test_message_with_field() -> None:
    err = ScenarioError("plant.yaml", "preferences.union.weights.wage", "must not be negative")
    assert str(err) == "plant.yaml: preferences.union.weights.wage: must not be negative"
    assert err.source == "plant.yaml"
    assert err.field == "preferences.union.weights.wage"
    assert err.problem == "must not be negative"
    assert err.problems == (("preferences.union.weights.wage", "must not be negative"),)


def test_message_without_field() -> None:
    err = ScenarioError("plant.yaml", "", "no such file")
    assert str(err) == "plant.yaml: no such file"


def test_several_problems_in_one_paragraph() -> None:
    err = ScenarioError.from_problems("f.yaml", [("a", "bad"), ("", "worse"), ("b.c", "odd\nline")])
    assert str(err) == "f.yaml: a: bad; worse; b.c: odd line"
    assert (err.field, err.problem) == ("a", "bad")
    assert "\n" not in str(err)


def test_many_problems_are_counted() -> None:
    problems = [(f"f{i}", "bad") for i in range(MAX_REPORTED + 3)]
    err = ScenarioError.from_problems("x", problems)
    assert str(err).endswith("and 3 more problems")
    assert len(err.problems) == MAX_REPORTED + 3


def test_is_an_exception_and_pickles() -> None:
    err = ScenarioError.from_problems("x", [("a", "bad"), ("b", "worse")])
    assert isinstance(err, Exception)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err)
    assert again.problems == err.problems


def test_brief_is_short_and_safe() -> None:
    assert len(brief("x" * 1000)) < 60
    assert brief(None) == "nothing (the value is empty)"
    assert brief(True) == "true"
    assert brief(10**5000) == "a very large number"
    assert brief(float("nan")) == "nan"
    nested: list[object] = []
    nested.append(nested)
    assert brief(nested)  # self-reference does not break it
