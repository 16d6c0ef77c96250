"""The one error that loading a scenario can raise, and helpers to word it.

Every problem with a scenario file, from a missing file to an unknown option in
a red line, becomes a :class:`ScenarioError` whose text is one paragraph:
``"<source>: <field>: <problem>"``. Several problems found together are joined
with ``"; "`` in the same paragraph.
"""

from __future__ import annotations

import difflib
import math
import reprlib
from collections.abc import Iterable, Sequence

MAX_REPORTED = 10
"""At most this many problems are spelled out in one error; the rest are counted."""

Problem = tuple[str, str]
"""A ``(field, problem)`` pair; ``field`` is a dotted path or ``""``."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ScenarioError(Exception):
    """A scenario file (or already-parsed scenario data) is unusable.

    Attributes:
        source: the file name or label the data came from.
        field: dotted path of the first offending field (``""`` for the file as a whole).
        problem: what is wrong with that field.
        problems: every ``(field, problem)`` pair found, the first one included.
    """

    source: str
    field: str
    problem: str
    problems: tuple[Problem, ...]

    def __init__(self, source: str, field: str, problem: str, *more: Problem) -> None:
        self.source = _one_line(source)
        self.problems = tuple((_one_line(f), _one_line(p)) for f, p in ((field, problem), *more))
        self.field, self.problem = self.problems[0]
        super().__init__(self._message())

    @classmethod
    def from_problems(cls, source: str, problems: Sequence[Problem]) -> ScenarioError:
        """One error reporting all of ``problems`` (which must not be empty)."""
        first, *rest = problems
        return cls(source, first[0], first[1], *rest)

    def _message(self) -> str:
        shown = [f"{f}: {p}" if f else p for f, p in self.problems[:MAX_REPORTED]]
        hidden = len(self.problems) - MAX_REPORTED
        if hidden > 0:
            shown.append(f"and {hidden} more problem{'s' if hidden > 1 else ''}")
        return f"{self.source}: " + "; ".join(shown)

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[object, ...]]:
        return (type(self), (self.source, self.field, self.problem, *self.problems[1:]))


_repr = reprlib.Repr()
_repr.maxstring = 40
_repr.maxother = 40
_repr.maxlist = 4
_repr.maxtuple = 4
_repr.maxdict = 3
_repr.maxlevel = 2


def kind_of(value: object) -> str:
    """A reader's name for the kind of a value (as written in YAML or JSON)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def brief(value: object) -> str:
    """A short, safe rendering of a (possibly bad) value for an error message."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 200:
        return "a very large number"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    try:
        text = _repr.repr(value)
    except Exception:  # a value we cannot even print is reported by its kind
        return kind_of(value)
    return _one_line(text)


def names(items: Iterable[str], limit: int = 8) -> str:
    """``a, b, c`` (at most ``limit`` names, then ``...``) for listing valid choices."""
    listed = [str(i) for i in items]
    if not listed:
        return "none"
    shown = ", ".join(listed[:limit])
    return shown + (", ..." if len(listed) > limit else "")


def unknown(what: str, value: str, choices: Sequence[str], expected: str = "one of") -> str:
    """``unknown <what> 'x' (did you mean 'y'?); expected one of: a, b, c``."""
    hint = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    message = f"unknown {what} {brief(value)}"
    if hint:
        message += f" (did you mean {hint[0]!r}?)"
    return f"{message}; expected {expected}: {names(choices)}"
