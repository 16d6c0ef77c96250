"""Check data against the file-format models and word pydantic's complaints.

Pydantic reports an error location as a tuple such as
``("issues", 1, "range", "step")``. Accord reports it as a *field path*: mapping
keys joined with dots, and list items named by their ``id`` when they have one
(``issues.wage.range.step``) or by their position counted from 0 when they
do not (``history[3].actor``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from accord.io.errors import Problem, ScenarioError, brief, kind_of, names
from accord.io.scenario.schema import ScenarioModel, to_label

_EXPECTED = {
    "string_type": "expected text",
    "float_type": "expected a number",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping (key: value pairs)",
    "model_type": "expected a mapping (key: value pairs)",
}


def join(path: str, key: object) -> str:
    """``path.key`` (or just ``key`` at the top level)."""
    text = str(to_label(key))
    return f"{path}.{text}" if path else text


def item_path(path: str, position: int, item: object) -> str:
    """Path of a list item: ``path.<id>`` if it has a usable id, else ``path[position]``."""
    if isinstance(item, Mapping):
        ident = to_label(item.get("id"))
        if isinstance(ident, str) and ident and len(ident) <= 80:
            return join(path, ident)
    return f"{path}[{position}]"


def field_path(loc: Sequence[int | str], data: object) -> str:
    """Render a pydantic location as a field path, naming list items by id."""
    path = ""
    node: object = data
    for element in loc:
        if element == "[key]":
            continue
        if isinstance(element, int) and isinstance(node, list):
            item = node[element] if 0 <= element < len(node) else None
            path = item_path(path, element, item)
            node = item
        elif isinstance(element, int) and not _has_key(node, element):
            path = f"{path}[{element}]"
            node = None
        else:
            path = join(path, element)
            node = _child(node, element)
    return path


def _has_key(node: object, key: object) -> bool:
    return isinstance(node, Mapping) and any(k == key and type(k) is type(key) for k in node)


def _child(node: object, key: object) -> object:
    if not isinstance(node, Mapping):
        return None
    if key in node:
        return node[key]
    for raw_key, value in node.items():
        if to_label(raw_key) == key:
            return value
    return None


def _got(value: object) -> str:
    if value is None:
        return "got nothing (the value is empty)"
    return f"got {kind_of(value)} {brief(value)}"


def describe(error: Mapping[str, Any], data: object) -> list[Problem]:
    """Turn one pydantic error into ``(field, problem)`` pairs."""
    loc = tuple(error.get("loc", ()))
    path = field_path(loc, data)
    kind = error.get("type", "")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    prefix = "key: " if loc and loc[-1] == "[key]" else ""
    if kind == "unknown_keys":
        allowed = [str(a) for a in ctx.get("allowed", ())]
        problems = []
        for key in ctx.get("keys", ()):
            hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            problem = "unknown key"
            if hint:
                problem += f" (did you mean {hint[0]!r}?)"
            problems.append(
                (join(path, key), f"{problem}; allowed keys here: {names(allowed, 12)}")
            )
        return problems
    if kind == "missing":
        return [(path, "required but missing")]
    if kind in ("too_short", "string_too_short"):
        return [(path, prefix + "must not be empty")]
    if kind == "finite_number":
        return [(path, f"must be a finite number, got {brief(value)}")]
    if kind == "literal_error":
        return [(path, f"must be one of {ctx.get('expected', '?')}, {_got(value)}")]
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        return [(path, "the number is too large")]
    if kind in _EXPECTED:
        return [(path, f"{prefix}{_EXPECTED[kind]}, {_got(value)}")]
    message = str(error.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ")
    if kind != "accord":
        message = f"{message[:1].lower()}{message[1:]}"
    return [(path, prefix + message)]


def validate_scenario(data: Mapping[str, object], source: str) -> ScenarioModel:
    """Check ``data`` against :class:`ScenarioModel`, raising :class:`ScenarioError`."""
    try:
        return ScenarioModel.model_validate(data)
    except ValidationError as exc:
        problems: list[Problem] = []
        for error in exc.errors(include_url=False):
            problems.extend(describe(error, data))
        if not problems:
            problems.append(("", "is not a valid scenario"))
        raise ScenarioError.from_problems(source, problems) from None
