"""Preferences in a scenario file: weights, value functions, rectangles, red lines.

Each function takes the :class:`~accord.io.scenario.converter.Converter` whose state it
reads and whose problem list it adds to.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from accord.io.errors import brief, names, unknown
from accord.io.scenario.converter import Converter, build_evidence
from accord.io.scenario.numbers import as_number, fmt_number
from accord.io.scenario.schema import (
    PreferencesModel,
    RectangleModel,
    RedLineModel,
    ScalarValue,
    to_label,
)
from accord.io.scenario.uncertainty import (
    PlainPreferencesModel,
    has_uncertainty,
    point_model,
    uncertain_preferences,
)
from accord.model.issues import Issue
from accord.model.preferences import (
    DiscreteValues,
    PiecewiseLinear,
    Preferences,
    Rectangle,
    RedLine,
    RuleKind,
    ValueFunction,
)
from accord.model.uncertainty import UncertainPreferences

WEIGHT_SUM_TOLERANCE = 1e-9
"""Weights whose sum is this close to 1 count as normalised already and are kept as written."""

MEDIATOR_REFUSED = ("reservation", "discount", "red_lines")
"""Preference keys that mean nothing for a mediator (it does not decide whether to settle)."""

MAX_BELIEF_CONSTRAINTS = 64
"""Red lines believed of one party plus one reservation per party (bits of a mask)."""

RESERVED_RED_LINE_ID = "reservation"
"""A red line may not use this id: ``party.reservation`` names the reservation constraint."""


def normalise_weights(weights: Mapping[str, float], order: Iterable[str]) -> dict[str, float]:
    """Positive ``weights`` divided by their sum, keyed in ``order`` (zeros dropped).

    Weights that already sum to 1 (within :data:`WEIGHT_SUM_TOLERANCE`) are kept
    as they are, so normalising is idempotent: normalised weights written out
    read back bit for bit.
    """
    positive = {i: w for i, w in weights.items() if w > 0}
    if not positive:
        return {}
    top = max(positive.values())
    if top > 1.0 or abs(math.fsum(positive.values()) - 1.0) > WEIGHT_SUM_TOLERANCE:
        # Scale by the largest weight first so that huge weights cannot overflow.
        scaled = {i: w / top for i, w in positive.items()}
        total = sum(scaled.values())
        positive = {i: w / total for i, w in scaled.items()}
    return {i: positive[i] for i in order if positive.get(i, 0.0) > 0}


def unit_interval(value: float) -> bool:
    return 0.0 <= value <= 1.0


def all_preferences(conv: Converter, raw: Mapping[str, PreferencesModel]) -> dict[str, Preferences]:
    """Preferences of every party (the limit on constraints is checked by the converter)."""
    for key in raw:
        if key not in conv.party_ids and key not in conv.mediator_ids:
            actors = conv.party_ids + conv.mediator_ids
            conv.fail(f"preferences.{key}", unknown("party or mediator", key, actors))
    out: dict[str, Preferences] = {}
    for party_id in conv.party_ids:
        if party_id not in raw:
            conv.fail(
                f"preferences.{party_id}",
                "required but missing: every party needs an entry under preferences",
            )
            continue
        prefs = party_preferences(conv, party_id, raw[party_id])
        if prefs is not None:
            out[party_id] = prefs
    return out


def all_mediator_preferences(
    conv: Converter, raw: Mapping[str, PreferencesModel]
) -> dict[str, Preferences]:
    """Preferences of the mediators that have them: weights, values and rectangles only.

    A mediator does not decide whether to settle, so red lines, a
    reservation value and a discount factor mean nothing for it and are refused.
    """
    out: dict[str, Preferences] = {}
    for mediator_id in conv.mediator_ids:
        if mediator_id not in raw:
            continue
        entry = raw[mediator_id]
        path = f"preferences.{mediator_id}"
        refused = [key for key in MEDIATOR_REFUSED if key in entry.model_fields_set]
        if has_uncertainty(entry):
            conv.fail(
                path, f"{mediator_id!r} is a mediator: write its preferences as plain numbers"
            )
            refused.append("uncertainty")
        for key in refused:
            conv.fail(
                f"{path}.{key}",
                f"{mediator_id!r} is a mediator: its preferences only tilt the texts it "
                f"drafts, so it has no {key.replace('_', ' ')}",
            )
        prefs = None if refused else party_preferences(conv, mediator_id, entry)
        if prefs is not None:
            out[mediator_id] = prefs
    return out


def party_preferences(
    conv: Converter, party_id: str, raw: PreferencesModel, section: str = "preferences"
) -> Preferences | None:
    path = f"{section}.{party_id}"
    failures = len(conv.problems)
    plain = point_model(conv, raw, path)
    # Additive utility lies in [0, 1]; with rectangles the utility of a package
    # may be any number, and so may the reservation value it is compared with.
    if not plain.rectangles and not unit_interval(plain.reservation):
        conv.fail(
            f"{path}.reservation", f"must be between 0 and 1, got {fmt_number(plain.reservation)}"
        )
    if not 0.0 < plain.discount <= 1.0:
        conv.fail(
            f"{path}.discount",
            f"must be above 0 and at most 1 (1 = no discounting), got {fmt_number(plain.discount)}",
        )
    weights = build_weights(conv, plain, path)
    values = build_values(conv, plain, weights, path)
    for issue_id in weights:
        if issue_id not in plain.values:
            conv.fail(
                f"{path}.values",
                f"no values for issue {issue_id!r}, which has a weight above zero",
            )
    rectangles = build_rectangles(conv, plain.rectangles, path)
    red_lines = build_red_lines(conv, plain.red_lines, path)
    evidence = build_evidence(conv, plain.evidence, f"{path}.evidence")
    if len(conv.problems) > failures:
        return None
    return Preferences(
        weights=weights,
        values=values,
        reservation=plain.reservation,
        red_lines=red_lines,
        evidence=evidence,
        rectangles=rectangles,
        discount=plain.discount,
    )


def all_beliefs(
    conv: Converter, raw: Mapping[str, PreferencesModel]
) -> dict[str, UncertainPreferences]:
    """The ``beliefs:`` section: what a mediator believes about each party it lists."""
    out: dict[str, UncertainPreferences] = {}
    for party_id, entry in raw.items():
        path = f"beliefs.{party_id}"
        if party_id not in conv.party_ids:
            conv.fail(path, unknown("party", party_id, conv.party_ids))
            continue
        if len(entry.red_lines) + len(conv.party_ids) > MAX_BELIEF_CONSTRAINTS:
            conv.fail(f"{path}.red_lines", f"too many red lines: {len(entry.red_lines)}")
            continue
        prefs = party_preferences(conv, party_id, entry, section="beliefs")
        if prefs is not None:
            out[party_id] = uncertain_preferences(conv, entry, prefs)
    return out


def build_rectangles(
    conv: Converter, items: Sequence[RectangleModel], path: str
) -> tuple[Rectangle, ...]:
    out: list[Rectangle] = []
    for position, item in enumerate(items):
        condition = conv.condition(item.where, f"{path}.rectangles[{position}].where")
        if condition is not None:
            out.append(Rectangle(condition, item.utility))
    return tuple(out)


def build_weights(conv: Converter, raw: PlainPreferencesModel, path: str) -> dict[str, float]:
    """Normalised weights of the issues that carry weight, in issue order."""
    if raw.weights is None:
        if not raw.values:
            if not raw.rectangles:  # a purely constraint-based party has no weights
                conv.fail(
                    path,
                    "give weights and values (with values alone, every valued issue "
                    "weighs the same), or rectangles",
                )
            return {}
        given = {issue_id: 1.0 for issue_id in raw.values if issue_id in conv.issues}
    else:
        given = {}
        for issue_id, weight in raw.weights.items():
            field = f"{path}.weights.{issue_id}"
            if conv.known_issue(issue_id, field) is None:
                continue
            if weight < 0:
                conv.fail(field, f"must not be negative, got {fmt_number(weight)}")
                continue
            given[issue_id] = weight
        if not raw.weights:
            conv.fail(f"{path}.weights", "is empty; give at least one issue a weight")
            return {}
    positive = {i: w for i, w in given.items() if w > 0}
    if given and not positive:
        conv.fail(f"{path}.weights", "all weights are zero; at least one issue must carry weight")
        return {}
    return normalise_weights(positive, conv.issues)


def build_values(
    conv: Converter, raw: PlainPreferencesModel, weights: Mapping[str, float], path: str
) -> dict[str, ValueFunction]:
    out: dict[str, ValueFunction] = {}
    for issue_id, table in raw.values.items():
        field = f"{path}.values.{issue_id}"
        issue = conv.known_issue(issue_id, field)
        if issue is None:
            continue
        if not table:
            conv.fail(field, "lists no values")
            continue
        bad = False
        for key, value in table.items():
            if not unit_interval(value):
                conv.fail(
                    f"{field}.{to_label(key)}", f"must be between 0 and 1, got {fmt_number(value)}"
                )
                bad = True
        if bad:
            continue
        if issue.numeric:
            anchors = build_anchors(conv, table, field)
            if anchors is not None:
                out[issue_id] = PiecewiseLinear(anchors)
        else:
            discrete = build_discrete_values(conv, issue, table, field, weights.get(issue_id, 0.0))
            if discrete is not None:
                out[issue_id] = discrete
    return {i: out[i] for i in conv.issues if i in out}


def build_anchors(
    conv: Converter, table: Mapping[ScalarValue, float], field: str
) -> tuple[tuple[float, float], ...] | None:
    points: dict[float, float] = {}
    for key, value in table.items():
        x = as_number(key)
        if x is None:
            conv.fail(
                f"{field}.{to_label(key)}",
                f"this issue is numeric: value keys must be numbers, got {brief(key)}",
            )
            return None
        if x in points:
            conv.fail(field, f"the point {fmt_number(x)} is given twice")
            return None
        points[x] = value
    return tuple(sorted(points.items()))


def build_discrete_values(
    conv: Converter, issue: Issue, table: Mapping[ScalarValue, float], field: str, weight: float
) -> DiscreteValues | None:
    by_label: dict[str, float] = {}
    options = [str(o) for o in issue.options]
    for key, value in table.items():
        label = to_label(key)
        if not isinstance(label, str) or label not in options:
            conv.fail(
                f"{field}.{label}",
                unknown(f"option of issue {issue.id!r}:", str(label), options),
            )
            return None
        by_label[label] = value
    missing = [o for o in options if o not in by_label]
    if missing:
        if weight > 0:
            conv.fail(
                field,
                f"no value for {names(missing)}; every option of a weighted issue needs one",
            )
        return None
    return DiscreteValues({o: by_label[str(o)] for o in issue.options})


# -- red lines -----------------------------------------------------------


def build_red_lines(
    conv: Converter, items: Sequence[RedLineModel], path: str
) -> tuple[RedLine, ...]:
    out: list[RedLine] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        if item.id in seen:
            conv.fail(
                f"{path}.red_lines[{position}].id",
                f"duplicate red line id {item.id!r} (ids must be unique within a party)",
            )
            continue
        seen.add(item.id)
        line = build_red_line(conv, item, f"{path}.red_lines.{item.id}")
        if line is not None:
            out.append(line)
    return tuple(out)


def build_red_line(conv: Converter, item: RedLineModel, path: str) -> RedLine | None:
    if item.id == RESERVED_RED_LINE_ID:
        conv.fail(
            f"{path}.id",
            f"{RESERVED_RED_LINE_ID!r} names the party's reservation constraint; choose another id",
        )
        return None
    evidence = build_evidence(conv, item.evidence, f"{path}.evidence")
    conditional = item.if_ is not None or item.then is not None
    chosen = [item.require is not None, item.forbid is not None, conditional]
    if sum(chosen) != 1:
        verb = "give" if sum(chosen) == 0 else "give only"
        conv.fail(path, f"{verb} one of require, forbid, or if + then")
        return None
    if conditional:
        if item.if_ is None:
            conv.fail(path, "'then' needs an 'if'")
            return None
        if item.then is None:
            conv.fail(path, "'if' needs a 'then'")
            return None
        first = conv.condition(item.if_, f"{path}.if")
        then = conv.condition(item.then, f"{path}.then")
        if first is None or then is None:
            return None
        return RedLine(item.id, RuleKind.IMPLIES, first, then, item.text, evidence)
    kind, raw, key = (
        (RuleKind.REQUIRE, item.require, "require")
        if item.require is not None
        else (RuleKind.FORBID, item.forbid, "forbid")
    )
    assert raw is not None
    condition = conv.condition(raw, f"{path}.{key}")
    if condition is None:
        return None
    return RedLine(item.id, kind, condition, None, item.text, evidence)
