"""The JSON side of GeniusWeb profiles, shared by reading and writing.

The format's key names, numbers read and written exactly as decimals
(:func:`parse_json`, :func:`json_text`), the data one profile holds
(:class:`Profile`), how one issue is written (:class:`IssuePlan`), and
:func:`only_scenario_errors`, which makes :class:`~accord.io.errors.ScenarioError`
the only error that escapes.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from accord.io.errors import ScenarioError, brief, kind_of, names
from accord.io.reading import check_shape, decode, source_label
from accord.model.issues import Issue

PROFILE_TYPE = "LinearAdditiveUtilitySpace"
"""The only profile type Accord reads and writes."""
OTHER_PROFILE_TYPES = ("SumOfGroupsUtilitySpace", "DefaultPartialOrdering")
"""GeniusWeb profile types that are recognised as profiles but refused."""
DISCRETE_UTILITIES = ("DiscreteValueSetUtilities", "discreteutils")
"""Keys of a discrete issue's utilities: current GeniusWeb, then the early spelling."""
NUMBER_UTILITIES = ("NumberValueSetUtilities", "numberutils")
"""Keys of a number issue's utilities: current GeniusWeb, then the early spelling."""
WEIGHT_TOLERANCE = Decimal("1e-9")
"""How far the issue weights of a profile may sum from 1."""
_DECIMAL_PRECISION = 120
_EXACT_GRID_SIZE = 200_000


# -- shared plumbing -----------------------------------------------------------


@contextmanager
def only_scenario_errors(source: str, *, writing: bool = False) -> Iterator[None]:
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


def quoted(items: Sequence[str], limit: int = 8) -> str:
    """``'a', 'b'`` for naming fields, issues and values in messages."""
    return names([repr(item) for item in items], limit=limit)


def json_kind(value: object) -> str:
    return "a number" if isinstance(value, Decimal) else kind_of(value)


def show_value(value: object) -> str:
    """A short rendering of a (possibly bad) value for a message."""
    if isinstance(value, Decimal):
        text = number_text(value)
        return text if len(text) <= 24 else f"{value:.6g}"
    return brief(value)


def found_instead(value: object) -> str:
    """What was found instead: ``the text 'x'``, ``the number 2``, ``true``, ``a list``."""
    if isinstance(value, Decimal):
        return f"the number {show_value(value)}"
    if isinstance(value, str):
        return f"the text {brief(value)}"
    if value is None or isinstance(value, bool):
        return brief(value)
    return json_kind(value)


def number_text(number: Decimal) -> str:
    """A decimal as a JSON number in plain notation."""
    if number.is_zero():
        return "0"
    return format(number, "f")


def decimal_of(number: float) -> Decimal:
    """The shortest decimal that reads back as ``number``."""
    return Decimal(repr(float(number) + 0.0))  # + 0.0 turns -0.0 into 0.0


def label_of(number: float) -> str:
    """A grid number as a discrete GeniusWeb value: ``"2"``, ``"2.5"``."""
    exact = decimal_of(number)
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f")


def decimal_grid(low: Decimal, step: Decimal, count: int) -> tuple[float, ...]:
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
class ValueSet:
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

    def same_as(self, other: ValueSet) -> bool:
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
                f"the numbers {number_text(self.low)} to {number_text(self.high)} "
                f"in steps of {number_text(self.step)}"
            )
        return f"the values {names(self.labels, limit=6)}"


@dataclass(frozen=True)
class DiscreteUtilities:
    by_label: Mapping[str, Decimal]


@dataclass(frozen=True)
class NumberUtilities:
    low: Decimal
    low_utility: Decimal
    high: Decimal
    high_utility: Decimal


Utilities = DiscreteUtilities | NumberUtilities


@dataclass
class Profile:
    source: str
    stem: str
    name: str
    domain_name: str
    issues: dict[str, ValueSet]
    weights: dict[str, Decimal]
    utilities: dict[str, Utilities]
    reservation_bid: dict[str, int] | None
    """Option index of each issue the bid sets (a bid may be partial); ``None``: no bid."""


def parse_json(raw: bytes, source: str) -> object:
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


def json_text(value: object, depth: int = 0) -> str:
    """JSON with decimals written exactly; lists of plain values stay on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "[" + ", ".join(json_text(v) for v in value) + "]"
        items = [inner + json_text(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + outer + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {json_text(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + outer + "}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


@dataclass
class IssuePlan:
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
