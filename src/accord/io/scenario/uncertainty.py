"""Uncertain numbers and red-line probabilities for :mod:`accord.io.scenario.convert`.

A preferences entry (under ``preferences:`` or ``beliefs:``) may write
``{low, high}`` or ``{mean, sd}`` where a weight, an option value or the
reservation value is a number, and ``probability`` on a red line.
:func:`point_model` checks those against the number's valid range and replaces
each by its point (midpoint or mean), so the rest of the converter sees plain
numbers; :func:`uncertain_preferences` then builds the
:class:`~accord.model.uncertainty.UncertainPreferences` around the point profile.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import Field

from accord.io.scenario.numbers import as_number, fmt_number
from accord.io.scenario.schema import PreferencesModel, ScalarValue, to_label
from accord.io.scenario.schema_uncertainty import Spread
from accord.model.issues import Option
from accord.model.preferences import Preferences
from accord.model.uncertainty import (
    Fixed,
    Normal,
    Quantity,
    UncertainDiscrete,
    UncertainPiecewise,
    UncertainPreferences,
    UncertainValues,
    Uniform,
    point,
)

if TYPE_CHECKING:
    from accord.io.scenario.converter import Converter

UNIT = (0.0, 1.0)
WEIGHT = (0.0, math.inf)
ANY = (-math.inf, math.inf)


class PlainPreferencesModel(PreferencesModel):
    """A preferences entry whose uncertain numbers are replaced by their points."""

    reservation: float = 0.0
    weights: dict[str, float] | None = None  # type: ignore[assignment]  # narrowed: points only
    values: dict[str, dict[ScalarValue, float]] = Field(default_factory=dict)  # type: ignore[assignment]


def has_uncertainty(raw: PreferencesModel) -> bool:
    """Does the entry write any ``{low, high}``/``{mean, sd}`` or a probability below 1?"""
    numbers: list[float | Spread] = [raw.reservation, *(raw.weights or {}).values()]
    numbers += [v for table in raw.values.values() for v in table.values()]
    return any(isinstance(n, Spread) for n in numbers) or any(
        line.probability is not None and line.probability < 1.0 for line in raw.red_lines
    )


def quantity(number: float | Spread, valid: tuple[float, float]) -> Quantity:
    """The :class:`Quantity` a checked number stands for (a normal clipped to ``valid``)."""
    if not isinstance(number, Spread):
        return Fixed(number)
    if number.normal:
        return Normal(number.first, number.second, valid[0], valid[1])
    return Uniform(number.first, number.second)


def _point(number: float | Spread) -> float:
    return point(quantity(number, ANY))


def _check(conv: Converter, number: float | Spread, valid: tuple[float, float], field: str) -> bool:
    """Is a spread inside the valid range? (Plain numbers are checked by the converter.)"""
    if not isinstance(number, Spread):
        return True
    low, high = valid
    span = "between 0 and 1" if valid == UNIT else "at least 0"
    if number.normal:
        if not low <= number.first <= high:
            conv.fail(field, f"the mean must be {span}, got {fmt_number(number.first)}")
            return False
        return True
    if number.first < low or number.second > high:
        conv.fail(
            field,
            f"the range must lie {span}, got {fmt_number(number.first)} to "
            f"{fmt_number(number.second)}",
        )
        return False
    return True


def point_model(conv: Converter, raw: PreferencesModel, path: str) -> PlainPreferencesModel:
    """Check the entry's uncertain numbers; return it with each replaced by its point."""
    reservation_range = ANY if raw.rectangles else UNIT
    update: dict[str, object] = {}
    if isinstance(raw.reservation, Spread):
        _check(conv, raw.reservation, reservation_range, f"{path}.reservation")
        update["reservation"] = _point(raw.reservation)
    weights = raw.weights or {}
    if any(isinstance(w, Spread) for w in weights.values()):
        for issue_id, weight in weights.items():
            field = f"{path}.weights.{issue_id}"
            _check(conv, weight, WEIGHT, field)
            may_weigh = isinstance(weight, Spread) and (weight.normal or weight.second > 0)
            if may_weigh and issue_id in conv.issues and issue_id not in raw.values:
                conv.fail(
                    f"{path}.values",
                    f"no values for issue {issue_id!r}, whose weight may be above zero",
                )
        update["weights"] = {i: _point(w) for i, w in weights.items()}
    if any(isinstance(v, Spread) for table in raw.values.values() for v in table.values()):
        for issue_id, table in raw.values.items():
            for key, value in table.items():
                _check(conv, value, UNIT, f"{path}.values.{issue_id}.{to_label(key)}")
        update["values"] = {
            i: {k: _point(v) for k, v in table.items()} for i, table in raw.values.items()
        }
    fields = {name: getattr(raw, name) for name in PreferencesModel.model_fields}
    fields.update(update)
    return PlainPreferencesModel.model_construct(_fields_set=set(raw.model_fields_set), **fields)


def uncertain_preferences(
    conv: Converter, raw: PreferencesModel, point: Preferences
) -> UncertainPreferences:
    """The uncertain preferences of a checked entry around its point profile."""
    reservation_range = ANY if raw.rectangles else UNIT
    weights: dict[str, Quantity] = {}
    if raw.weights and any(isinstance(w, Spread) for w in raw.weights.values()):
        # In the order written: the point weights are normalised by a sum in that order.
        weights = {i: quantity(w, WEIGHT) for i, w in raw.weights.items() if i in conv.issues}
    values: dict[str, UncertainValues] = {}
    for issue_id in conv.issues:
        table = raw.values.get(issue_id)
        if table and any(isinstance(v, Spread) for v in table.values()):
            values[issue_id] = _uncertain_values(conv, issue_id, table)
    probabilities = {
        line.id: line.probability
        for line in raw.red_lines
        if line.probability is not None and line.probability < 1.0
    }
    reservation = (
        quantity(raw.reservation, reservation_range)
        if isinstance(raw.reservation, Spread)
        else None
    )
    return UncertainPreferences(point, weights, values, reservation, probabilities)


def _uncertain_values(
    conv: Converter, issue_id: str, table: Mapping[ScalarValue, float | Spread]
) -> UncertainValues:
    issue = conv.issues[issue_id]
    if issue.numeric:
        anchors = [(as_number(k) or 0.0, quantity(v, UNIT)) for k, v in table.items()]
        return UncertainPiecewise(tuple(sorted(anchors, key=lambda anchor: anchor[0])))
    by_label = {to_label(k): quantity(v, UNIT) for k, v in table.items()}
    by_option: dict[Option, Quantity] = {o: by_label[str(o)] for o in issue.options}
    return UncertainDiscrete(by_option)


def all_uncertainty(
    conv: Converter, raw: Mapping[str, PreferencesModel], built: Mapping[str, Preferences]
) -> dict[str, UncertainPreferences]:
    """The parties whose entry under ``preferences:`` is uncertain, with what is."""
    return {
        party_id: uncertain_preferences(conv, raw[party_id], built[party_id])
        for party_id in conv.party_ids
        if party_id in built and has_uncertainty(raw[party_id])
    }
