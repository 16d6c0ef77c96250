"""GeniusWeb profiles: read a scenario from them, write a scenario as them.

GeniusWeb (the negotiation platform of TU Delft) describes each party by a
*profile*, one JSON file. Accord reads and writes the linear additive kind::

    {"LinearAdditiveUtilitySpace": {
        "issueUtilities": {
            "salary": {"NumberValueSetUtilities": {
                "lowValue": 2000, "lowUtility": 0, "highValue": 4000, "highUtility": 1}},
            "lease car": {"DiscreteValueSetUtilities": {
                "valueUtilities": {"yes": 1, "no": 0}}}},
        "issueWeights": {"salary": 0.7, "lease car": 0.3},
        "domain": {"name": "jobs", "issuesValues": {
            "salary": {"range": {"low": 2000, "high": 4000, "step": 500}},
            "lease car": {"values": ["yes", "no"]}}},
        "name": "employee",
        "reservationBid": {"issuevalues": {"salary": 2500, "lease car": "no"}}}}

:func:`read_geniusweb` turns a folder of such profiles (one per party, all on
the same domain) into a :class:`~accord.model.scenario.Scenario`;
:func:`write_geniusweb` writes a scenario as one profile per party plus the
domain file. Both raise nothing but :class:`~accord.io.errors.ScenarioError`.
The mapping, and what is lost each way, is described in ``docs/geniusweb.md``.
"""

from __future__ import annotations

import decimal
import json
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from math import prod
from pathlib import Path

import numpy as np

from accord.analysis.evaluate import RESERVATION_TOLERANCE
from accord.io.convert import GRID_TOLERANCE, MAX_CONSTRAINTS, MAX_GRID_OPTIONS
from accord.io.errors import ScenarioError, brief, kind_of, names, unknown
from accord.io.reading import check_shape, decode, read_file, source_label
from accord.model.issues import Issue, Option, OutcomeSpace
from accord.model.preferences import DiscreteValues, PiecewiseLinear, Preferences, ValueFunction
from accord.model.scenario import Actor, Scenario

__all__ = ["read_geniusweb", "write_geniusweb"]

PROFILE_TYPE = "LinearAdditiveUtilitySpace"
"""The only profile type Accord reads and writes."""
OTHER_PROFILE_TYPES = ("SumOfGroupsUtilitySpace", "DefaultPartialOrdering")
"""GeniusWeb profile types that are recognised as profiles but refused."""
DISCRETE_UTILITIES = ("DiscreteValueSetUtilities", "discreteutils")
"""Keys of a discrete issue's utilities: current GeniusWeb, then the early spelling."""
NUMBER_UTILITIES = ("NumberValueSetUtilities", "numberutils")
"""Keys of a number issue's utilities: current GeniusWeb, then the early spelling."""

MAX_PROFILES = MAX_CONSTRAINTS
"""At most this many profiles (one reservation constraint per party must fit a mask)."""
MAX_FOLDER_FILES = 256
"""A folder may hold at most this many ``.json`` files."""
MAX_DIGITS = 50
"""A number may have at most this many digits."""
MAX_MAGNITUDE = Decimal(10) ** 15
"""Numbers beyond plus or minus this are refused."""
WEIGHT_TOLERANCE = Decimal("1e-9")
"""How far the issue weights of a profile may sum from 1."""
LINEAR_TOLERANCE = 1e-12
"""How close a value function must be to a straight line to be written as one."""
SEARCH_LIMIT = 4_000_000
"""Largest half of the outcome space enumerated when choosing a reservation bid."""
_DECIMAL_PRECISION = 120
_EXACT_GRID_SIZE = 200_000
_UNSAFE_FILE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


# -- shared plumbing -----------------------------------------------------------


@contextmanager
def _only_scenario_errors(source: str, *, writing: bool = False) -> Iterator[None]:
    """Let :class:`ScenarioError` through and turn anything else into one."""
    try:
        with decimal.localcontext() as context:
            context.prec = _DECIMAL_PRECISION
            yield
    except ScenarioError:
        raise
    except decimal.DecimalException:
        raise ScenarioError(source, "", "a number is too large or too precise to use") from None
    except RecursionError:
        raise ScenarioError(source, "", "the data is nested too deeply") from None
    except MemoryError:
        raise ScenarioError(source, "", "the data is too large to process") from None
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
        where = f" {source_label(exc.filename)}" if exc.filename else ""
        verb = "write" if writing else "read"
        raise ScenarioError(source, "", f"cannot {verb}{where}: {reason}") from None
    except Exception as exc:  # a last line of defence: callers only ever see ScenarioError
        task = "writing GeniusWeb profiles" if writing else "reading GeniusWeb profiles"
        raise ScenarioError(
            source,
            "",
            f"internal error while {task} ({type(exc).__name__}); "
            "please report this together with the files",
        ) from exc


def _quoted(items: Sequence[str], limit: int = 8) -> str:
    """``'a', 'b'`` for naming fields, issues and values in messages."""
    return names([repr(item) for item in items], limit=limit)


def _kind(value: object) -> str:
    return "a number" if isinstance(value, Decimal) else kind_of(value)


def _show(value: object) -> str:
    """A short rendering of a (possibly bad) value for a message."""
    if isinstance(value, Decimal):
        text = _number_text(value)
        return text if len(text) <= 24 else f"{value:.6g}"
    return brief(value)


def _given(value: object) -> str:
    """What was found instead: ``the text 'x'``, ``the number 2``, ``true``, ``a list``."""
    if isinstance(value, Decimal):
        return f"the number {_show(value)}"
    if isinstance(value, str):
        return f"the text {brief(value)}"
    if value is None or isinstance(value, bool):
        return brief(value)
    return _kind(value)


def _number_text(number: Decimal) -> str:
    """A decimal as a JSON number in plain notation."""
    if number.is_zero():
        return "0"
    return format(number, "f")


def _decimal_of(number: float) -> Decimal:
    """The shortest decimal that reads back as ``number``."""
    return Decimal(repr(float(number) + 0.0))  # + 0.0 turns -0.0 into 0.0


def _label_of(number: float) -> str:
    """A grid number as a discrete GeniusWeb value: ``"2"``, ``"2.5"``."""
    exact = _decimal_of(number)
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f")


def _grid(low: Decimal, step: Decimal, count: int) -> tuple[float, ...]:
    """``low + step * i`` for ``i < count``, each rounded once to the nearest float."""
    exponent = min(int(low.as_tuple().exponent), int(step.as_tuple().exponent))
    shift = max(0, -exponent)
    if shift <= 22:  # 10**shift is an exact float, so one float division rounds correctly
        scale = Decimal(10) ** shift
        first, stride = int(low * scale), int(step * scale)
        last = first + stride * (count - 1)
        if max(abs(first), abs(last)) < 2**53:
            integers = first + stride * np.arange(count, dtype=np.int64)
            return tuple((integers / float(10**shift)).tolist())
    if count <= _EXACT_GRID_SIZE:
        return tuple(float(low + step * i) for i in range(count))
    return tuple((float(low) + float(step) * np.arange(count)).tolist())  # within an ulp or two


# -- what a profile says -----------------------------------------------------


@dataclass(frozen=True)
class _ValueSet:
    """The values of one issue: discrete labels, or a number range."""

    labels: tuple[str, ...] = ()
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    step: Decimal | None = None
    count: int = 0

    @property
    def numeric(self) -> bool:
        return self.step is not None

    @property
    def size(self) -> int:
        return self.count if self.numeric else len(self.labels)

    def same_as(self, other: _ValueSet) -> bool:
        if self.numeric or other.numeric:
            return self.numeric == other.numeric and (self.low, self.high, self.step) == (
                other.low,
                other.high,
                other.step,
            )
        return set(self.labels) == set(other.labels)

    def describe(self) -> str:
        if self.step is not None:
            return (
                f"the numbers {_number_text(self.low)} to {_number_text(self.high)} "
                f"in steps of {_number_text(self.step)}"
            )
        return f"the values {names(self.labels, limit=6)}"


@dataclass(frozen=True)
class _DiscreteUtilities:
    by_label: Mapping[str, Decimal]


@dataclass(frozen=True)
class _NumberUtilities:
    low: Decimal
    low_utility: Decimal
    high: Decimal
    high_utility: Decimal


_Utilities = _DiscreteUtilities | _NumberUtilities


@dataclass
class _Profile:
    source: str
    stem: str
    name: str
    domain_name: str
    issues: dict[str, _ValueSet]
    weights: dict[str, Decimal]
    utilities: dict[str, _Utilities]
    reservation_bid: dict[str, int] | None
    """Option index of each issue the bid sets (a bid may be partial); ``None``: no bid."""


class _Parser:
    """Checks one file's data, raising a :class:`ScenarioError` at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ScenarioError:
        return ScenarioError(self.source, where, problem)

    # -- plain values --------------------------------------------------------

    def mapping(self, value: object, where: str, what: str = "a mapping") -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected {what} (a JSON object), got {_kind(value)}")
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
            raise self.fail(where, f"required field {_quoted(missing)} is missing")

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected text, got {_given(value)}")
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
            raise self.fail(where, f"expected a number, got {_given(value)}")
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
            raise self.fail(where, f"must be between 0 and 1, got {_number_text(number)}")
        return number

    def same_issues(self, keys: Sequence[str], issues: Mapping[str, _ValueSet], where: str) -> None:
        for key in keys:
            if key not in issues:
                raise self.fail(f"{where}.{key}", unknown("issue", key, list(issues)))
        missing = [issue for issue in issues if issue not in keys]
        if missing:
            raise self.fail(where, f"no entry for issue {_quoted(missing)}; every issue needs one")

    # -- the parts of a profile ----------------------------------------------

    def domain(self, value: object, where: str) -> tuple[str, dict[str, _ValueSet]]:
        body = self.mapping(value, where, "a domain")
        self.fields(body, where, ("name", "issuesValues"))
        prefix = f"{where}." if where else ""
        name = self.text(body["name"], f"{prefix}name")
        issues_where = f"{prefix}issuesValues"
        raw = self.mapping(body["issuesValues"], issues_where)
        if not raw:
            raise self.fail(issues_where, "the domain has no issues; at least one is needed")
        issues: dict[str, _ValueSet] = {}
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

    def value_set(self, value: object, where: str) -> _ValueSet:
        body = self.mapping(value, where, 'a value set ({"values": [...]} or {"range": ...})')
        if len(body) != 1 or next(iter(body)) not in ("values", "range"):
            raise self.fail(
                where,
                'a value set is {"values": [...]} (discrete) or '
                '{"range": {"low": ..., "high": ..., "step": ...}} (numbers); '
                f"got the fields {_quoted(list(body))}",
            )
        if "values" in body:
            return self.discrete_values(body["values"], f"{where}.values")
        return self.number_range(body["range"], f"{where}.range")

    def discrete_values(self, value: object, where: str) -> _ValueSet:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of values, got {_kind(value)}")
        if not value:
            raise self.fail(where, "lists no values; an issue needs at least one")
        seen: set[str] = set()
        for position, label in enumerate(value):
            if not isinstance(label, str):
                raise self.fail(
                    f"{where}[{position}]",
                    f"discrete values are text in GeniusWeb; got {_given(label)}"
                    + (f' (write "{_show(label)}")' if isinstance(label, Decimal) else ""),
                )
            if label in seen:
                raise self.fail(where, f"the value {label!r} is listed twice")
            seen.add(label)
        return _ValueSet(labels=tuple(value))

    def number_range(self, value: object, where: str) -> _ValueSet:
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
            raise self.fail(where, f"the step must be positive, got {_number_text(step)}")
        if high < low:
            raise self.fail(where, f"high {_number_text(high)} is below low {_number_text(low)}")
        if (high - low) / step + 1 > MAX_GRID_OPTIONS:
            raise self.fail(
                where, f"the range has more than {MAX_GRID_OPTIONS:,} values; too many to analyse"
            )
        count = int((high - low) // step) + 1
        grid = _grid(low, step, count)
        if count > 1 and float(np.min(np.diff(grid))) <= 2 * GRID_TOLERANCE:
            raise self.fail(
                where,
                f"the step {_number_text(step)} is too small for numbers of this size: "
                "values would coincide",
            )
        return _ValueSet(low=low, high=high, step=step, count=count)

    def weights(
        self, value: object, where: str, issues: Mapping[str, _ValueSet]
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
        self, value: object, where: str, issues: Mapping[str, _ValueSet]
    ) -> dict[str, _Utilities]:
        body = self.mapping(value, where)
        self.same_issues(list(body), issues, where)
        return {
            issue: self.issue_utilities(body[issue], f"{where}.{issue}", issue, issues[issue])
            for issue in issues
        }

    def issue_utilities(
        self, value: object, where: str, issue: str, values: _ValueSet
    ) -> _Utilities:
        body = self.mapping(value, where, "value utilities")
        expected = "NumberValueSetUtilities" if values.numeric else "DiscreteValueSetUtilities"
        if len(body) != 1:
            raise self.fail(
                where, f'expected {{"{expected}": {{...}}}}, got the fields {_quoted(list(body))}'
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

    def discrete_utilities(self, value: object, where: str, values: _ValueSet) -> _Utilities:
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
                f"no utility for {_quoted(missing)}; GeniusWeb needs one for every value",
            )
        return _DiscreteUtilities(
            {label: self.unit(table[label], f"{table_where}.{label}") for label in values.labels}
        )

    def number_utilities(self, value: object, where: str, values: _ValueSet) -> _Utilities:
        body = self.mapping(value, where)
        self.fields(body, where, ("lowValue", "lowUtility", "highValue", "highUtility"))
        low = self.number(body["lowValue"], f"{where}.lowValue")
        high = self.number(body["highValue"], f"{where}.highValue")
        if high <= low:
            raise self.fail(
                where,
                f"highValue {_number_text(high)} must be above lowValue {_number_text(low)} "
                "(GeniusWeb requires it, so a one-value range cannot have number utilities)",
            )
        for name, given, bound in (("lowValue", low, values.low), ("highValue", high, values.high)):
            if given != bound:
                end = "low" if name == "lowValue" else "high"
                raise self.fail(
                    f"{where}.{name}",
                    f"{_number_text(given)} differs from the {end} end of the issue's range, "
                    f"{_number_text(bound)} (GeniusWeb requires them to be equal)",
                )
        return _NumberUtilities(
            low=low,
            low_utility=self.unit(body["lowUtility"], f"{where}.lowUtility"),
            high=high,
            high_utility=self.unit(body["highUtility"], f"{where}.highUtility"),
        )

    def bid(
        self, value: object, where: str, issues: Mapping[str, _ValueSet]
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

    def bid_value(self, values: _ValueSet, given: object, where: str, issue: str) -> int:
        if values.step is None:
            if not isinstance(given, str):
                raise self.fail(
                    where,
                    f"issue {issue!r} has discrete (text) values; got {_given(given)}",
                )
            if given not in values.labels:
                raise self.fail(where, unknown(f"value of issue {issue!r}:", given, values.labels))
            return values.labels.index(given)
        number = self.number(given, where)
        inside = values.low <= number <= values.high
        steps, rest = divmod(number - values.low, values.step) if inside else (0, 1)
        if rest != 0:
            raise self.fail(
                where, f"{_number_text(number)} is not among {values.describe()} of issue {issue!r}"
            )
        return int(steps)


def _parse_profile(data: dict[str, object], source: str, stem: str) -> _Profile:
    parser = _Parser(source)
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
    return _Profile(source, stem, name, domain_name, issues, weights, utilities, bid)


# -- reading ---------------------------------------------------------------


def _parse_json(raw: bytes, source: str) -> object:
    text = decode(raw, source)
    if not text.strip():
        raise ScenarioError(source, "", "the file is empty")

    def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in pairs:
            if key in out:
                raise ScenarioError(source, "", f"invalid JSON: duplicate key {brief(key)}")
            out[key] = value
        return out

    def no_constants(name: str) -> object:
        raise ScenarioError(source, "", f"invalid JSON: {name} is not a number JSON allows")

    try:
        data = json.loads(
            text,
            object_pairs_hook=no_duplicates,
            parse_float=Decimal,
            parse_int=Decimal,
            parse_constant=no_constants,
        )
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            source, "", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    check_shape(data, source)
    return data


def _is_profile(data: object) -> bool:
    if not isinstance(data, dict) or len(data) != 1:
        return False
    kind, value = next(iter(data.items()))
    return kind in (PROFILE_TYPE, *OTHER_PROFILE_TYPES) or (
        isinstance(value, dict) and "domain" in value
    )


def _is_domain(data: object) -> bool:
    return isinstance(data, dict) and "issuesValues" in data


def _files(paths: object, label: str) -> tuple[list[Path], bool]:
    """The files to read and whether they were found in a folder."""
    if isinstance(paths, str | os.PathLike):
        path = Path(paths)
        if not path.is_dir():
            return [path], False
        try:
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json")
        except OSError as exc:
            reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
            raise ScenarioError(label, "", f"cannot list the folder: {reason}") from None
        found = [p for p in found if not p.is_dir()]
        if len(found) > MAX_FOLDER_FILES:
            raise ScenarioError(
                label, "", f"holds {len(found)} .json files; at most {MAX_FOLDER_FILES} are read"
            )
        if not found:
            raise ScenarioError(label, "", "holds no .json files (GeniusWeb profiles)")
        return found, True
    if not isinstance(paths, Sequence) or isinstance(paths, bytes):
        raise ScenarioError(label, "", "expected a folder, a file, or a list of files")
    files: list[Path] = []
    for position, item in enumerate(paths):
        if not isinstance(item, str | os.PathLike):
            raise ScenarioError(label, f"[{position}]", f"is not a file name: {brief(item)}")
        path = Path(item)
        if path.is_dir():
            raise ScenarioError(source_label(item), "", "is a folder; list profile files only")
        files.append(path)
    if not files:
        raise ScenarioError(label, "", "no files given")
    if len(files) > MAX_FOLDER_FILES:
        raise ScenarioError(label, "", f"at most {MAX_FOLDER_FILES} files are read")
    return files, False


def _paths_label(paths: object) -> str:
    if isinstance(paths, str | os.PathLike):
        return source_label(paths)
    if isinstance(paths, Sequence) and not isinstance(paths, str | bytes):
        return names([source_label(p) for p in paths], limit=3) or "no files"
    return brief(paths)


def _domain_difference(first: Mapping[str, _ValueSet], other: Mapping[str, _ValueSet]) -> str:
    """How ``other`` differs from ``first`` (the empty string if it does not)."""
    missing = [issue for issue in first if issue not in other]
    if missing:
        return f"issue {_quoted(missing)} is missing"
    extra = [issue for issue in other if issue not in first]
    if extra:
        return f"it has the extra issue {_quoted(extra)}"
    for issue, values in first.items():
        theirs = other[issue]
        if not values.same_as(theirs):
            return f"issue {issue!r} has {theirs.describe()} here but {values.describe()} there"
    return ""


def _party_ids(profiles: Sequence[_Profile], label: str) -> list[str]:
    """The file name without ``.json``, or the profile name if the file name has a dot."""
    ids: list[str] = []
    taken: dict[str, str] = {}
    for profile in profiles:
        candidates = [c for c in (profile.stem, profile.name) if c and "." not in c]
        if not candidates:
            raise ScenarioError(
                profile.source,
                "",
                "cannot make a party id: the file name and the profile name both contain '.'",
            )
        party = candidates[0]
        if party in taken:
            raise ScenarioError(
                label,
                "",
                f"two profiles would be the same party {party!r}: {taken[party]} and "
                f"{profile.source}; rename one of the files",
            )
        taken[party] = profile.source
        ids.append(party)
    return ids


def _issue(issue_id: str, values: _ValueSet) -> Issue:
    if values.step is not None:
        grid = _grid(values.low, values.step, values.count)
        return Issue(id=issue_id, name=issue_id, options=grid, numeric=True)
    return Issue(id=issue_id, name=issue_id, options=values.labels, numeric=False)


def _value_function(issue: Issue, utilities: _Utilities) -> ValueFunction:
    if isinstance(utilities, _NumberUtilities):
        return PiecewiseLinear(
            (
                (float(utilities.low), float(utilities.low_utility)),
                (float(utilities.high), float(utilities.high_utility)),
            )
        )
    return DiscreteValues({label: float(utilities.by_label[str(label)]) for label in issue.options})


def _preferences(profile: _Profile, issues: Sequence[Issue]) -> Preferences:
    weights = {
        issue.id: float(profile.weights[issue.id])
        for issue in issues
        if profile.weights[issue.id] > 0
    }
    values = {issue.id: _value_function(issue, profile.utilities[issue.id]) for issue in issues}
    preferences = Preferences(weights=weights, values=values)
    if profile.reservation_bid is None:
        return preferences
    # The reservation value is the party's own utility of its reservation bid; an
    # issue the (partial) bid leaves open adds nothing, as in GeniusWeb.
    tables = preferences.utility_tables(OutcomeSpace(tuple(issues)))
    reservation = 0.0
    for position, issue in enumerate(issues):
        if issue.id in profile.reservation_bid:
            reservation += float(tables[position][profile.reservation_bid[issue.id]])
    return Preferences(weights=weights, values=values, reservation=reservation)


def read_geniusweb(paths: Sequence[Path | str] | Path | str) -> Scenario:
    """Read GeniusWeb profiles, one per party, into a scenario.

    ``paths`` is a folder (every ``.json`` file in it is read, in name order) or
    a list of profile files. Every profile must be a ``LinearAdditiveUtilitySpace``
    on the same domain. A domain file (``{"name": ..., "issuesValues": ...}``)
    may sit among the profiles; it must match them. In a folder, JSON files that
    are neither a profile nor a domain are skipped.

    Each party's id is its file name without ``.json`` and its name is the
    profile's ``name``. Its reservation value is its own utility of its
    ``reservationBid`` (0 without one). Raises :class:`ScenarioError` for every
    kind of bad input.
    """
    label = _paths_label(paths)
    with _only_scenario_errors(label):
        files, in_folder = _files(paths, label)
        profiles: list[_Profile] = []
        domains: list[tuple[str, dict[str, _ValueSet]]] = []
        for path in files:
            source = source_label(path)
            data = _parse_json(read_file(path, source), source)
            if _is_profile(data):
                assert isinstance(data, dict)
                if len(profiles) >= MAX_PROFILES:
                    raise ScenarioError(label, "", f"more than {MAX_PROFILES} profiles")
                profiles.append(_parse_profile(data, source, path.stem))
            elif _is_domain(data):
                domains.append((source, _Parser(source).domain(data, "")[1]))
            elif not in_folder:
                raise ScenarioError(
                    source,
                    "",
                    f'is not a GeniusWeb profile: expected {{"{PROFILE_TYPE}": {{...}}}}, '
                    f"got {_kind(data)}"
                    + (f" with the fields {_quoted(list(data))}" if isinstance(data, dict) else ""),
                )
        if not profiles:
            raise ScenarioError(
                label, "", f"holds no GeniusWeb profile (a JSON file with a {PROFILE_TYPE})"
            )
        first = profiles[0]
        others = [(p.source, f"{PROFILE_TYPE}.domain", p.issues) for p in profiles[1:]]
        others += [(source, "", values) for source, values in domains]
        for source, where, values in others:
            difference = _domain_difference(first.issues, values)
            if difference:
                raise ScenarioError(
                    source,
                    where,
                    f"the domain differs from the one in {first.source}: {difference}; "
                    "all profiles must share one domain",
                )
        party_ids = _party_ids(profiles, label)
        issues = [_issue(issue_id, values) for issue_id, values in first.issues.items()]
        return Scenario(
            name=first.domain_name,
            parties=tuple(
                Actor(id=party, name=profile.name)
                for party, profile in zip(party_ids, profiles, strict=True)
            ),
            issues=tuple(issues),
            preferences={
                party: _preferences(profile, issues)
                for party, profile in zip(party_ids, profiles, strict=True)
            },
        )


# -- writing ---------------------------------------------------------------


@dataclass
class _IssuePlan:
    """How one issue is written: its value set, and per party its utility table."""

    issue: Issue
    labels: tuple[str, ...] | None
    """Discrete values; ``None`` when the issue is written as a number range."""
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    step: Decimal = Decimal(0)

    def value_set(self) -> dict[str, object]:
        if self.labels is not None:
            return {"values": list(self.labels)}
        return {"range": {"low": self.low, "high": self.high, "step": self.step}}

    def bid_value(self, index: int) -> object:
        if self.labels is not None:
            return self.labels[index]
        return self.low + self.step * index


@dataclass
class _Plan:
    files: dict[str, str] = field(default_factory=dict)
    """File name to JSON text."""
    warnings: list[str] = field(default_factory=list)


def _simple_name(text: str, fallback: str) -> str:
    """A GeniusWeb name (letters and digits): ``"Plant deal (2024)"`` becomes ``PlantDeal``."""
    if re.fullmatch(r"[A-Za-z0-9]+", text):
        return text
    head = re.split(r"[(:;,\u2013\u2014]| - ", text)[0]
    words = re.findall(r"[A-Za-z0-9]+", head) or re.findall(r"[A-Za-z0-9]+", text)
    simple = "".join(word[:1].upper() + word[1:] for word in words)
    return simple[:40] or fallback


def _as_range(options: Sequence[Option]) -> tuple[Decimal, Decimal, Decimal] | None:
    """``(low, high, step)`` whose GeniusWeb range is exactly these grid numbers, if any."""
    if len(options) < 2:
        return None  # GeniusWeb number utilities need highValue above lowValue
    numbers = [float(o) for o in options]
    low, high = _decimal_of(numbers[0]), _decimal_of(numbers[-1])
    step = _decimal_of(numbers[1]) - low
    if step <= 0 or (high - low) // step + 1 != len(numbers):
        return None
    if _grid(low, step, len(numbers)) != tuple(numbers):
        return None
    return low, high, step


def _straight(options: Sequence[Option], table: np.ndarray) -> np.ndarray | None:
    """The table as GeniusWeb's line between its end points, if it is one."""
    x = np.asarray(options, dtype=float)
    line = np.interp(x, [x[0], x[-1]], [table[0], table[-1]])
    if float(np.max(np.abs(line - table))) <= LINEAR_TOLERANCE:
        return line
    return None


def _all_sums(tables: Sequence[np.ndarray]) -> np.ndarray:
    """The summed utility of every combination, the first table most significant."""
    total = np.zeros(1)
    for table in tables:
        total = (total[:, None] + table[None, :]).ravel()
    return total


def _digits(index: int, sizes: Sequence[int]) -> list[int]:
    out = []
    for size in reversed(sizes):
        index, digit = divmod(index, size)
        out.append(digit)
    return out[::-1]


def _lowest_at_least(tables: Sequence[np.ndarray], target: float) -> tuple[list[int], bool]:
    """Option indices of an outcome whose utility is the lowest that meets ``target``.

    Meet in the middle: the issues are split in two halves, every sum of each
    half is listed, and for each sum of the first half the smallest fitting sum
    of the second is found by binary search. The flag is ``False`` when the
    halves are too large and a greedy search was used instead (its outcome
    meets the target but need not be the lowest). An outcome of highest
    utility is returned when none meets the target.
    """
    sizes = [t.size for t in tables]
    best_split = min(range(len(sizes) + 1), key=lambda k: max(prod(sizes[:k]), prod(sizes[k:])))
    left, right = sizes[:best_split], sizes[best_split:]
    if max(prod(left), prod(right)) > SEARCH_LIMIT:
        return _greedy_at_least(tables, target), False
    first = _all_sums(tables[:best_split])
    second = _all_sums(tables[best_split:])
    order = np.argsort(second, kind="stable")
    ordered = second[order]
    need = target - RESERVATION_TOLERANCE - first
    position = np.searchsorted(ordered, need, side="left")
    fits = position < ordered.size
    if not fits.any():
        return [int(np.argmax(t)) for t in tables], True
    totals = np.where(fits, first + ordered[np.minimum(position, ordered.size - 1)], np.inf)
    i = int(np.argmin(totals))
    j = int(order[position[i]])
    return _digits(i, left) + _digits(j, right), True


def _greedy_at_least(tables: Sequence[np.ndarray], target: float) -> list[int]:
    chosen = [int(np.argmax(t)) for t in tables]
    if sum(float(t[c]) for t, c in zip(tables, chosen, strict=True)) < target:
        return chosen
    changed = True
    while changed:
        changed = False
        for i, table in enumerate(tables):
            rest = sum(
                float(t[c]) for k, (t, c) in enumerate(zip(tables, chosen, strict=True)) if k != i
            )
            fits = np.flatnonzero(rest + table >= target - RESERVATION_TOLERANCE)
            if fits.size == 0:
                continue
            pick = int(fits[np.argmin(table[fits])])
            if table[pick] < table[chosen[i]]:
                chosen[i], changed = pick, True
    return chosen


def _check_file_name(party: str, source: str) -> None:
    if (
        not party
        or party != party.strip()
        or party in (".", "..")
        or _UNSAFE_FILE_CHARACTERS.search(party)
    ):
        raise ScenarioError(
            source,
            f"parties.{party}",
            f"party id {party!r} cannot be a file name (it becomes {party}.json); "
            "use letters, digits, '-' or '_'",
        )


def _plan(scenario: Scenario, legacy_keys: bool, complete_bids: bool) -> _Plan:
    source = f"scenario {scenario.name!r}" if scenario.name else "scenario"
    plan = _Plan()
    warn = plan.warnings.append
    if not scenario.parties or not scenario.issues:
        raise ScenarioError(source, "", "needs at least one party and one issue")
    seen: dict[str, str] = {}
    for party in scenario.party_ids:
        _check_file_name(party, source)
        if party.casefold() in seen:
            raise ScenarioError(
                source,
                f"parties.{party}",
                f"the file names {seen[party.casefold()]}.json and {party}.json differ only "
                "in case and would collide on some systems",
            )
        seen[party.casefold()] = party
    discrete_key, number_key = (
        (DISCRETE_UTILITIES[1], NUMBER_UTILITIES[1])
        if legacy_keys
        else (DISCRETE_UTILITIES[0], NUMBER_UTILITIES[0])
    )

    # Each party's weight and unweighted value table per issue.
    weights: dict[str, list[float]] = {}
    tables: dict[str, list[np.ndarray]] = {}
    for party in scenario.party_ids:
        prefs = scenario.preferences[party]
        where = f"preferences.{party}"
        if prefs.rectangles:
            raise ScenarioError(
                source,
                f"{where}.rectangles",
                "constraint-based utility (rectangles) cannot be written as a GeniusWeb "
                "LinearAdditiveUtilitySpace; remove it or keep the scenario in Accord's format",
            )
        party_weights = [float(prefs.weights.get(issue.id, 0.0)) for issue in scenario.issues]
        if not all(math.isfinite(w) and w >= 0 for w in party_weights):
            raise ScenarioError(
                source, f"{where}.weights", "weights must be finite and not negative"
            )
        if abs(math.fsum(party_weights) - 1) > float(WEIGHT_TOLERANCE):
            raise ScenarioError(
                source,
                f"{where}.weights",
                f"the weights sum to {math.fsum(party_weights):g}, not 1; GeniusWeb needs "
                "normalised weights",
            )
        party_tables = []
        for issue, weight in zip(scenario.issues, party_weights, strict=True):
            function = prefs.values.get(issue.id)
            if function is None:
                if weight > 0:
                    raise ScenarioError(
                        source, f"{where}.values.{issue.id}", "missing for a weighted issue"
                    )
                party_tables.append(np.zeros(issue.size))
                continue
            try:
                table = np.asarray(function.table(issue.options), dtype=float)
            except (KeyError, ValueError, TypeError):
                raise ScenarioError(
                    source, f"{where}.values.{issue.id}", "does not give a value for every option"
                ) from None
            if not np.all(np.isfinite(table)) or table.min() < 0 or table.max() > 1:
                raise ScenarioError(
                    source,
                    f"{where}.values.{issue.id}",
                    "values must lie between 0 and 1 for GeniusWeb",
                )
            party_tables.append(table + 0.0)
        weights[party] = party_weights
        tables[party] = party_tables

    # How each issue is written; the tables as reading the files back will give them.
    issue_plans: list[_IssuePlan] = []
    read_back: dict[str, list[np.ndarray]] = {party: [] for party in scenario.party_ids}
    for position, issue in enumerate(scenario.issues):
        if not issue.numeric:
            labels = tuple(str(o) for o in issue.options)
            if len(set(labels)) != len(labels):
                raise ScenarioError(
                    source, f"issues.{issue.id}", "two options have the same name as text"
                )
            issue_plans.append(_IssuePlan(issue, labels))
            for party in scenario.party_ids:
                read_back[party].append(tables[party][position])
            continue
        bounds = _as_range(issue.options)
        lines = [_straight(issue.options, tables[p][position]) for p in scenario.party_ids]
        if bounds is not None and all(line is not None for line in lines):
            low, high, step = bounds
            issue_plans.append(_IssuePlan(issue, None, low, high, step))
            for party, line in zip(scenario.party_ids, lines, strict=True):
                assert line is not None
                read_back[party].append(line)
            continue
        labels = tuple(_label_of(float(o)) for o in issue.options)
        if bounds is None:
            reason = (
                "it has a single value"
                if issue.size < 2
                else "its grid is not an exact decimal range"
            )
        else:
            bent = [p for p, line in zip(scenario.party_ids, lines, strict=True) if line is None]
            reason = f"the values of {names(bent)} are not a straight line over it"
        warn(
            f"numeric issue {issue.id!r} is written as the discrete values "
            f"{names(labels, limit=4)} because {reason}; utilities are unchanged, "
            "but reading the files back gives a discrete issue"
        )
        issue_plans.append(_IssuePlan(issue, labels))
        for party in scenario.party_ids:
            read_back[party].append(tables[party][position])

    domain_name = _simple_name(scenario.name, "domain")
    domain = {
        "name": domain_name,
        "issuesValues": {p.issue.id: p.value_set() for p in issue_plans},
    }
    used_names: set[str] = set()
    renamed: list[str] = []
    unnamed: list[str] = []
    for party_index, party in enumerate(scenario.party_ids):
        actor = scenario.parties[party_index]
        prefs = scenario.preferences[party]
        decimals = [_decimal_of(w) for w in weights[party]]
        gap = Decimal(1) - sum(decimals, Decimal(0))
        if gap:
            heaviest = int(np.argmax(weights[party]))
            decimals[heaviest] += gap
            if abs(gap) > Decimal("1e-15"):
                warn(
                    f"{party}: the weights summed to {1 - gap} and were adjusted to sum to "
                    "exactly 1, as GeniusWeb requires"
                )
        written = [float(d) * table for d, table in zip(decimals, read_back[party], strict=True)]
        utilities: dict[str, object] = {}
        for issue_plan, table in zip(issue_plans, tables[party], strict=True):
            if issue_plan.labels is not None:
                utilities[issue_plan.issue.id] = {
                    discrete_key: {
                        "valueUtilities": {
                            label: _decimal_of(v)
                            for label, v in zip(issue_plan.labels, table.tolist(), strict=True)
                        }
                    }
                }
            else:
                utilities[issue_plan.issue.id] = {
                    number_key: {
                        "lowValue": issue_plan.low,
                        "lowUtility": _decimal_of(float(table[0])),
                        "highValue": issue_plan.high,
                        "highUtility": _decimal_of(float(table[-1])),
                    }
                }
        bid = _reservation_bid(party, prefs.reservation, written, issue_plans, warn, complete_bids)
        name = _simple_name(party, f"party{party_index + 1}")
        while name in used_names:
            name += str(party_index + 1)
        used_names.add(name)
        if name != party:
            renamed.append(f"{party} as {name!r}")
        if actor.name and actor.name != party:
            unnamed.append(f"{party} ({actor.name!r})")
        if prefs.red_lines:
            ids = [line.id for line in prefs.red_lines]
            warn(
                f"{party}: red line{'s' if len(ids) > 1 else ''} {names(ids)} dropped "
                "(GeniusWeb profiles have no hard constraints); utilities are unaffected"
            )
        if prefs.discount != 1.0:
            warn(f"{party}: discount factor {prefs.discount:g} dropped (GeniusWeb has none)")
        profile = {
            PROFILE_TYPE: {
                "issueUtilities": utilities,
                "issueWeights": {p.issue.id: d for p, d in zip(issue_plans, decimals, strict=True)},
                "domain": domain,
                "name": name,
                **({"reservationBid": bid} if bid is not None else {}),
            }
        }
        plan.files[f"{party}.json"] = _json_text(profile) + "\n"

    if renamed:
        warn(
            f"profile names must be letters and digits in GeniusWeb: {', '.join(renamed)} "
            "(the file names keep the party ids)"
        )
    if unnamed:
        warn(f"display names not kept (GeniusWeb has no place for them): {', '.join(unnamed)}")
    taken = {name.casefold() for name in plan.files}
    domain_file = f"{domain_name}.json"
    while domain_file.casefold() in taken:
        domain_file = f"{domain_file[:-5]}domain.json"
    plan.files[domain_file] = _json_text(domain) + "\n"

    dropped = [
        what
        for what, present in (
            (f"mediator {names([m.id for m in scenario.mediators])}", scenario.mediators),
            (f"{len(scenario.proposals)} proposal(s)", scenario.proposals),
            (f"{len(scenario.history)} history event(s)", scenario.history),
            (f"{len(scenario.sources)} source(s)", scenario.sources),
            ("the description", scenario.description),
            (
                "evidence",
                any(scenario.preferences[p].evidence for p in scenario.party_ids),
            ),
        )
        if present
    ]
    if dropped:
        warn(f"not written (GeniusWeb profiles have no place for them): {', '.join(dropped)}")
    return plan


def _reservation_bid(
    party: str,
    reservation: float,
    written: Sequence[np.ndarray],
    issue_plans: Sequence[_IssuePlan],
    warn: Callable[[str], None],
    complete: bool,
) -> dict[str, object] | None:
    """The reservation bid standing for ``reservation``, with warnings when it is not exact.

    The bid is the outcome of lowest utility at or above the reservation value,
    so exactly the outcomes that met the reservation value are at least as good
    as the bid. When no outcome has the reservation value exactly, a partial bid
    (GeniusWeb allows them; an issue left open adds nothing) may come closer and
    is used unless ``complete``.
    """
    if reservation <= 0:
        return None
    chosen, exhaustive = _lowest_at_least(written, reservation)
    picks = dict(enumerate(chosen))
    utility = _utility_of(written, picks)
    if not complete and utility - reservation > RESERVATION_TOLERANCE:
        padded = [np.concatenate(([0.0], table)) for table in written]  # 0 = leave open
        partial, partial_exhaustive = _lowest_at_least(padded, reservation)
        partial_picks = {i: c - 1 for i, c in enumerate(partial) if c > 0}
        partial_utility = _utility_of(written, partial_picks)
        if reservation - RESERVATION_TOLERANCE <= partial_utility < utility - RESERVATION_TOLERANCE:
            picks, utility, exhaustive = partial_picks, partial_utility, partial_exhaustive
    bid = {issue_plans[i].issue.id: issue_plans[i].bid_value(c) for i, c in picks.items()}
    shown = ", ".join(f"{issue}={_show(value)}" for issue, value in bid.items())
    what = "outcome" if len(picks) == len(written) else "partial bid"
    if utility < reservation - RESERVATION_TOLERANCE:
        warn(
            f"{party}: no outcome reaches the reservation value {reservation:g}; the reservation "
            f"bid is a best outcome ({shown}, utility {utility:.6g}), so GeniusWeb will accept "
            "it while Accord accepted nothing"
        )
    elif abs(utility - reservation) > RESERVATION_TOLERANCE and exhaustive:
        warn(
            f"{party}: no outcome has utility exactly {reservation:g}; the reservation bid is "
            f"the lowest {what} above it ({shown}: utility {utility:.6g}), so reading the files "
            "back gives that reservation value; the same outcomes remain acceptable"
        )
    elif abs(utility - reservation) > RESERVATION_TOLERANCE:
        warn(
            f"{party}: too many outcomes to search them all; the reservation bid is a {what} "
            f"found greedily above the reservation value {reservation:g} ({shown}: utility "
            f"{utility:.6g}), possibly not the lowest, so reading the files back gives that "
            "reservation value and outcomes that met the old one may fall below it"
        )
    return {"issuevalues": bid}


def _utility_of(tables: Sequence[np.ndarray], picks: Mapping[int, int]) -> float:
    """Summed utility of the options picked (issue position to option index), in issue order."""
    total = 0.0
    for position, table in enumerate(tables):
        if position in picks:
            total += float(table[picks[position]])
    return total


def _json_text(value: object, depth: int = 0) -> str:
    """JSON with decimals written exactly; lists of plain values stay on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "[" + ", ".join(_json_text(v) for v in value) + "]"
        items = [inner + _json_text(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + outer + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_json_text(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + outer + "}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_geniusweb(
    scenario: Scenario,
    directory: Path | str,
    *,
    legacy_keys: bool = False,
    complete_bids: bool = False,
) -> list[str]:
    """Write ``scenario`` as GeniusWeb profiles in ``directory`` and return warnings.

    Writes ``<party id>.json`` for every party (a ``LinearAdditiveUtilitySpace``)
    and ``<domain name>.json`` for the domain, creating ``directory`` if needed
    and replacing files of the same names. Utilities of every outcome read back
    unchanged (to within float rounding).

    Returns one warning per thing GeniusWeb cannot express and that is dropped
    or changed: red lines, mediators, proposals, history, display names, a
    reservation value no outcome has exactly (see ``docs/geniusweb.md``).
    Raises :class:`ScenarioError`, writing nothing, for what cannot be written
    without changing utilities (constraint-based utility, unnormalised weights).

    A reservation value becomes a reservation bid: the outcome (or, unless
    ``complete_bids``, partial bid) of lowest utility at or above it.
    ``legacy_keys`` writes the early key names ``discreteutils`` and
    ``numberutils`` instead of ``DiscreteValueSetUtilities`` and
    ``NumberValueSetUtilities``. Both options serve readers that know only the
    early form, such as the GeniusWeb reader of NegMAS 0.16.
    """
    label = source_label(directory)
    with _only_scenario_errors(label, writing=True):
        plan = _plan(scenario, legacy_keys, complete_bids)
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise ScenarioError(label, "", "exists and is not a folder")
        target.mkdir(parents=True, exist_ok=True)
        others = sorted(
            p.name
            for p in target.iterdir()
            if p.suffix.lower() == ".json" and p.name not in plan.files
        )
        if others:
            plan.warnings.append(
                f"the folder also holds {names(others, limit=4)}; reading the folder back "
                "reads those too"
            )
        for name, text in plan.files.items():
            (target / name).write_text(text, encoding="utf-8")
        return plan.warnings
