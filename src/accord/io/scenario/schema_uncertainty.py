"""Uncertain numbers as scenario files write them: ``{low, high}`` or ``{mean, sd}``.

Wherever a weight, an option value or a reservation value is a number, a file
may write a uniform range ``{low: 0.5, high: 0.7}`` or a normal distribution
``{mean: 0.6, sd: 0.05}`` instead. This module checks the shape of such a
value; whether it lies in the number's valid range is checked when converting
(:mod:`accord.io.scenario.uncertainty`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

from accord.io.errors import brief, kind_of

SPREAD_KEYS = (("low", "high"), ("mean", "sd"))
"""The two ways to write an uncertain number."""


@dataclass(frozen=True)
class Spread:
    """An uncertain number as written: ``low``/``high`` (uniform) or ``mean``/``sd`` (normal)."""

    first: float
    """``low`` or ``mean``."""
    second: float
    """``high`` or ``sd``."""
    normal: bool = False


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("accord", message)


def _got(value: object) -> str:
    return "nothing (the value is empty)" if value is None else f"{kind_of(value)} {brief(value)}"


def _finite(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"{what}expected a number, got {_got(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise _fail(f"{what}the number is too large") from None
    if not math.isfinite(number):
        raise _fail(f"{what}must be a finite number, got {brief(value)}")
    return number


def number_or_spread(value: object) -> float | Spread:
    """A plain number, or a :class:`Spread` from ``{low, high}`` or ``{mean, sd}``."""
    if not isinstance(value, dict):
        return _finite(value, "")
    keys = tuple(sorted(str(k) for k in value))
    for first, second in SPREAD_KEYS:
        if keys == tuple(sorted((first, second))):
            a = _finite(value[first], f"{first}: ")
            b = _finite(value[second], f"{second}: ")
            if first == "low" and b < a:
                raise _fail(f"low {a:g} is above high {b:g}")
            if first == "mean" and b < 0:
                raise _fail(f"sd must not be negative, got {b:g}")
            return Spread(a, b, normal=first == "mean")
    raise _fail(
        f"an uncertain number is written {{low, high}} (uniform) or {{mean, sd}} "
        f"(normal), got the keys {', '.join(keys) or 'none'}"
    )


Uncertain = Annotated[float | Spread, PlainValidator(number_or_spread)]
"""A number, or an uncertain number ``{low, high}`` / ``{mean, sd}``."""


def probability(value: object) -> float:
    """A red line's probability: a number between 0 and 1."""
    number = _finite(value, "")
    if not 0.0 <= number <= 1.0:
        raise _fail(f"must be between 0 and 1, got {number:g}")
    return number


Probability = Annotated[float, PlainValidator(probability)]
"""The probability that a red line is real."""
