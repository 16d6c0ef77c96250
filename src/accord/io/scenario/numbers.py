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
