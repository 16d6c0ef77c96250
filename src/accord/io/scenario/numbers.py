"""Numbers as written in scenario files, read and shown by the scenario converter."""

from __future__ import annotations

import math


def as_number(value: object) -> float | None:
    """A finite number written as a number or as text (``"2.5"``); ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    number: float
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def fmt_number(number: float) -> str:
    """``number`` as shown in problem messages (``%g``)."""
    return f"{number:g}"


EXACT_INTEGERS = 2.0**53
"""Whole numbers below this size are written without a fractional part."""


def plain_number(value: float) -> int | float:
    """A whole number as an ``int`` (``2`` rather than ``2.0``), others unchanged (for writing)."""
    number = float(value)
    if number.is_integer() and abs(number) < EXACT_INTEGERS:
        return int(number)
    return number
