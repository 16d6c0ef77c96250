"""Checking one GeniusWeb profile's data and turning it into a :class:`Profile`.

:func:`parse_profile` raises a :class:`~accord.io.errors.ScenarioError` naming
the file and the field at the first problem.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np

from accord.io.errors import ScenarioError, brief, unknown
from accord.io.geniusweb.format import (
    DISCRETE_UTILITIES,
    NUMBER_UTILITIES,
    PROFILE_TYPE,
    WEIGHT_TOLERANCE,
    DiscreteUtilities,
    NumberUtilities,
    Profile,
    Utilities,
    ValueSet,
    decimal_grid,
    found_instead,
    json_kind,
    number_text,
    quoted,
    show_value,
)
from accord.io.limits import GRID_TOLERANCE, MAX_GRID_OPTIONS

MAX_DIGITS = 50
"""A number may have at most this many digits."""
MAX_MAGNITUDE = Decimal(10) ** 15
"""Numbers beyond plus or minus this are refused."""


class Parser:
    """Checks one file's data, raising a :class:`ScenarioError` at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ScenarioError:
        return ScenarioError(self.source, where, problem)

    # -- plain values --------------------------------------------------------

    def mapping(self, value: object, where: str, what: str = "a mapping") -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected {what} (a JSON object), got {json_kind(value)}")
        return value

    def fields(
        self,
        value: dict[str, object],
        where: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> None:
        allowed = [*required, *optional]
        for key in value:
            if key not in allowed:
                raise self.fail(where, unknown("field", key, allowed))
        missing = [key for key in required if key not in value]
        if missing:
            raise self.fail(where, f"required field {quoted(missing)} is missing")

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected text, got {found_instead(value)}")
        if not value.strip():
            raise self.fail(where, "must not be empty")
        return value

    def number(self, value: object, where: str) -> Decimal:
        """A GeniusWeb number: a JSON number, or text holding one (read exactly)."""
        if isinstance(value, str):
            try:
                parsed = Decimal(value.strip())
            except decimal.InvalidOperation:
                raise self.fail(where, f"expected a number, got the text {brief(value)}") from None
        elif isinstance(value, Decimal):
            parsed = value
        else:
            raise self.fail(where, f"expected a number, got {found_instead(value)}")
        if not parsed.is_finite():
            raise self.fail(where, f"expected a finite number, got {brief(value)}")
        if len(parsed.as_tuple().digits) > MAX_DIGITS:
            raise self.fail(where, f"the number has more than {MAX_DIGITS} digits")
        if abs(parsed) > MAX_MAGNITUDE:
            raise self.fail(where, f"{parsed:.6g} is too large (at most 1e15 in size)")
        return parsed + 0  # a context operation: -0 becomes 0, precision is bounded

    def unit(self, value: object, where: str) -> Decimal:
        number = self.number(value, where)
        if not Decimal(0) <= number <= Decimal(1):
            raise self.fail(where, f"must be between 0 and 1, got {number_text(number)}")
        return number

    def same_issues(self, keys: Sequence[str], issues: Mapping[str, ValueSet], where: str) -> None:
        for key in keys:
            if key not in issues:
                raise self.fail(f"{where}.{key}", unknown("issue", key, list(issues)))
        missing = [issue for issue in issues if issue not in keys]
        if missing:
            raise self.fail(where, f"no entry for issue {quoted(missing)}; every issue needs one")

    # -- the parts of a profile ----------------------------------------------

    def domain(self, value: object, where: str) -> tuple[str, dict[str, ValueSet]]:
        body = self.mapping(value, where, "a domain")
        self.fields(body, where, ("name", "issuesValues"))
        prefix = f"{where}." if where else ""
        name = self.text(body["name"], f"{prefix}name")
        issues_where = f"{prefix}issuesValues"
        raw = self.mapping(body["issuesValues"], issues_where)
        if not raw:
            raise self.fail(issues_where, "the domain has no issues; at least one is needed")
        issues: dict[str, ValueSet] = {}
        grid_points = 0
        for issue, spec in raw.items():
            value_set = self.value_set(spec, f"{issues_where}.{issue}")
            if value_set.numeric:
                grid_points += value_set.count
                if grid_points > MAX_GRID_OPTIONS:
                    raise self.fail(
                        issues_where,
                        f"the number ranges together have more than {MAX_GRID_OPTIONS:,} values",
                    )
            issues[issue] = value_set
        return name, issues

    def value_set(self, value: object, where: str) -> ValueSet:
        body = self.mapping(value, where, 'a value set ({"values": [...]} or {"range": ...})')
        if len(body) != 1 or next(iter(body)) not in ("values", "range"):
            raise self.fail(
                where,
                'a value set is {"values": [...]} (discrete) or '
                '{"range": {"low": ..., "high": ..., "step": ...}} (numbers); '
                f"got the fields {quoted(list(body))}",
            )
        if "values" in body:
            return self.discrete_values(body["values"], f"{where}.values")
        return self.number_range(body["range"], f"{where}.range")

    def discrete_values(self, value: object, where: str) -> ValueSet:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of values, got {json_kind(value)}")
        if not value:
            raise self.fail(where, "lists no values; an issue needs at least one")
        seen: set[str] = set()
        for position, label in enumerate(value):
            if not isinstance(label, str):
                raise self.fail(
                    f"{where}[{position}]",
                    f"discrete values are text in GeniusWeb; got {found_instead(label)}"
                    + (f' (write "{show_value(label)}")' if isinstance(label, Decimal) else ""),
                )
            if label in seen:
                raise self.fail(where, f"the value {label!r} is listed twice")
            seen.add(label)
        return ValueSet(labels=tuple(value))

    def number_range(self, value: object, where: str) -> ValueSet:
        if isinstance(value, list):  # the early form: [low, high, step]
            if len(value) != 3:
                raise self.fail(where, "a range list must be [low, high, step]")
            low, high, step = (self.number(v, f"{where}[{i}]") for i, v in enumerate(value))
        else:
            body = self.mapping(value, where, "a range")
            self.fields(body, where, ("low", "high", "step"))
            low = self.number(body["low"], f"{where}.low")
            high = self.number(body["high"], f"{where}.high")
            step = self.number(body["step"], f"{where}.step")
        if step <= 0:
            raise self.fail(where, f"the step must be positive, got {number_text(step)}")
        if high < low:
            raise self.fail(where, f"high {number_text(high)} is below low {number_text(low)}")
        if (high - low) / step + 1 > MAX_GRID_OPTIONS:
            raise self.fail(
                where, f"the range has more than {MAX_GRID_OPTIONS:,} values; too many to analyse"
            )
        count = int((high - low) // step) + 1
        grid = decimal_grid(low, step, count)
        if count > 1 and float(np.min(np.diff(grid))) <= 2 * GRID_TOLERANCE:
            raise self.fail(
                where,
                f"the step {number_text(step)} is too small for numbers of this size: "
                "values would coincide",
            )
        return ValueSet(low=low, high=high, step=step, count=count)

    def weights(
        self, value: object, where: str, issues: Mapping[str, ValueSet]
    ) -> dict[str, Decimal]:
        body = self.mapping(value, where)
        self.same_issues(list(body), issues, where)
        weights = {issue: self.unit(body[issue], f"{where}.{issue}") for issue in issues}
        total = sum(weights.values(), Decimal(0))
        if abs(total - 1) > WEIGHT_TOLERANCE:
            raise self.fail(
                where, f"the weights must sum to 1 (GeniusWeb requires it); they sum to {total}"
            )
        return weights

    def utilities(
        self, value: object, where: str, issues: Mapping[str, ValueSet]
    ) -> dict[str, Utilities]:
        body = self.mapping(value, where)
        self.same_issues(list(body), issues, where)
        return {
            issue: self.issue_utilities(body[issue], f"{where}.{issue}", issue, issues[issue])
            for issue in issues
        }

    def issue_utilities(self, value: object, where: str, issue: str, values: ValueSet) -> Utilities:
        body = self.mapping(value, where, "value utilities")
        expected = "NumberValueSetUtilities" if values.numeric else "DiscreteValueSetUtilities"
        if len(body) != 1:
            raise self.fail(
                where, f'expected {{"{expected}": {{...}}}}, got the fields {quoted(list(body))}'
            )
        kind, inner = next(iter(body.items()))
        inner_where = f"{where}.{kind}"
        if kind in DISCRETE_UTILITIES:
            if values.numeric:
                raise self.fail(
                    where,
                    f"issue {issue!r} is a number range, so its utilities must be "
                    f"NumberValueSetUtilities, not {kind}",
                )
            return self.discrete_utilities(inner, inner_where, values)
        if kind in NUMBER_UTILITIES:
            if not values.numeric:
                raise self.fail(
                    where,
                    f"issue {issue!r} has discrete values, so its utilities must be "
                    f"DiscreteValueSetUtilities, not {kind}",
                )
            return self.number_utilities(inner, inner_where, values)
        raise self.fail(
            where,
            f"unsupported value utilities {kind!r}: Accord reads "
            "DiscreteValueSetUtilities and NumberValueSetUtilities",
        )

    def discrete_utilities(self, value: object, where: str, values: ValueSet) -> Utilities:
        body = self.mapping(value, where)
        self.fields(body, where, ("valueUtilities",))
        table_where = f"{where}.valueUtilities"
        table = self.mapping(body["valueUtilities"], table_where)
        for label in table:
            if label not in values.labels:
                raise self.fail(
                    f"{table_where}.{label}", unknown("value", label, list(values.labels))
                )
        missing = [label for label in values.labels if label not in table]
        if missing:
            raise self.fail(
                table_where,
                f"no utility for {quoted(missing)}; GeniusWeb needs one for every value",
            )
        return DiscreteUtilities(
            {label: self.unit(table[label], f"{table_where}.{label}") for label in values.labels}
        )

    def number_utilities(self, value: object, where: str, values: ValueSet) -> Utilities:
        body = self.mapping(value, where)
        self.fields(body, where, ("lowValue", "lowUtility", "highValue", "highUtility"))
        low = self.number(body["lowValue"], f"{where}.lowValue")
        high = self.number(body["highValue"], f"{where}.highValue")
        if high <= low:
            raise self.fail(
                where,
                f"highValue {number_text(high)} must be above lowValue {number_text(low)} "
                "(GeniusWeb requires it, so a one-value range cannot have number utilities)",
            )
        for name, given, bound in (("lowValue", low, values.low), ("highValue", high, values.high)):
            if given != bound:
                end = "low" if name == "lowValue" else "high"
                raise self.fail(
                    f"{where}.{name}",
                    f"{number_text(given)} differs from the {end} end of the issue's range, "
                    f"{number_text(bound)} (GeniusWeb requires them to be equal)",
                )
        return NumberUtilities(
            low=low,
            low_utility=self.unit(body["lowUtility"], f"{where}.lowUtility"),
            high=high,
            high_utility=self.unit(body["highUtility"], f"{where}.highUtility"),
        )

    def bid(
        self, value: object, where: str, issues: Mapping[str, ValueSet]
    ) -> dict[str, int] | None:
        if value is None:
            return None
        body = self.mapping(value, where, 'a bid ({"issuevalues": {...}})')
        self.fields(body, where, ("issuevalues",))
        values_where = f"{where}.issuevalues"
        chosen = self.mapping(body["issuevalues"], values_where)
        out: dict[str, int] = {}
        for issue, given in chosen.items():
            field_where = f"{values_where}.{issue}"
            if issue not in issues:
                raise self.fail(field_where, unknown("issue", issue, list(issues)))
            out[issue] = self.bid_value(issues[issue], given, field_where, issue)
        return {issue: out[issue] for issue in issues if issue in out}

    def bid_value(self, values: ValueSet, given: object, where: str, issue: str) -> int:
        if values.step is None:
            if not isinstance(given, str):
                raise self.fail(
                    where,
                    f"issue {issue!r} has discrete (text) values; got {found_instead(given)}",
                )
            if given not in values.labels:
                raise self.fail(where, unknown(f"value of issue {issue!r}:", given, values.labels))
            return values.labels.index(given)
        number = self.number(given, where)
        inside = values.low <= number <= values.high
        steps, rest = divmod(number - values.low, values.step) if inside else (0, 1)
        if rest != 0:
            raise self.fail(
                where, f"{number_text(number)} is not among {values.describe()} of issue {issue!r}"
            )
        return int(steps)


def parse_profile(data: dict[str, object], source: str, stem: str) -> Profile:
    parser = Parser(source)
    (kind, value), *_ = data.items()
    if kind != PROFILE_TYPE:
        raise parser.fail(
            kind,
            f"unsupported profile type {kind!r}: Accord reads only {PROFILE_TYPE} profiles, "
            "the kind its additive model represents exactly",
        )
    root = PROFILE_TYPE
    body = parser.mapping(value, root, "a profile")
    parser.fields(
        body, root, ("domain", "name", "issueUtilities", "issueWeights"), ("reservationBid",)
    )
    name = parser.text(body["name"], f"{root}.name")
    domain_name, issues = parser.domain(body["domain"], f"{root}.domain")
    weights = parser.weights(body["issueWeights"], f"{root}.issueWeights", issues)
    utilities = parser.utilities(body["issueUtilities"], f"{root}.issueUtilities", issues)
    bid = parser.bid(body.get("reservationBid"), f"{root}.reservationBid", issues)
    return Profile(source, stem, name, domain_name, issues, weights, utilities, bid)
