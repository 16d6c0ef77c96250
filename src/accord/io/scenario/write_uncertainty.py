"""Writing uncertain preferences back out: ranges, distributions and probabilities.

:mod:`accord.io.scenario.writing` writes each party's point profile; for a party whose
``preferences:`` entry is uncertain, and for every ``beliefs:`` entry,
:func:`overlay` then puts back what was uncertain, so that reading the file
gives the same scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.io.scenario.numbers import plain_number as number
from accord.model.issues import Issue
from accord.model.uncertainty import (
    Fixed,
    Quantity,
    UncertainDiscrete,
    UncertainPreferences,
    UncertainValues,
    Uniform,
)

Data = dict[str, Any]


def quantity_data(quantity: Quantity) -> Any:
    """A number, ``{low, high}`` or ``{mean, sd}``."""
    if isinstance(quantity, Fixed):
        return number(quantity.value)
    if isinstance(quantity, Uniform):
        return {"low": number(quantity.low), "high": number(quantity.high)}
    return {"mean": number(quantity.mean), "sd": number(quantity.sd)}


def _values_data(values: UncertainValues, issue: Issue) -> dict[Any, Any]:
    if isinstance(values, UncertainDiscrete):
        return {str(option): quantity_data(values.by_option[option]) for option in issue.options}
    return {number(x): quantity_data(q) for x, q in values.anchors}


def overlay(prefs: UncertainPreferences, written: Data, issues: Mapping[str, Issue]) -> Data:
    """``written`` (the point profile as data) with the uncertain parts put back."""
    out = dict(written)
    if prefs.reservation is not None:
        out["reservation"] = quantity_data(prefs.reservation)
    if prefs.weights:
        out["weights"] = {i: quantity_data(q) for i, q in prefs.weights.items()}
    if prefs.values:
        values = dict(out.get("values", {}))
        for issue_id, table in prefs.values.items():
            values[issue_id] = _values_data(table, issues[issue_id])
        out["values"] = {i: values[i] for i in issues if i in values}
    if prefs.probabilities:
        out["red_lines"] = [_with_probability(line, prefs) for line in out.get("red_lines", [])]
    return _ordered(out, written)


def _with_probability(line: Data, prefs: UncertainPreferences) -> Data:
    if line["id"] not in prefs.probabilities:
        return line
    out = {k: v for k, v in line.items() if k != "evidence"}
    out["probability"] = number(prefs.probabilities[line["id"]])
    if "evidence" in line:
        out["evidence"] = line["evidence"]
    return out


def _ordered(out: Data, written: Data) -> Data:
    """Keys in the order the writer uses (``values`` may be new)."""
    order = ["reservation", "discount", "weights", "values", "rectangles", "red_lines", "evidence"]
    return {k: out[k] for k in order if k in out} | {k: v for k, v in out.items() if k not in order}
