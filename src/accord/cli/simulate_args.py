"""Reading the arguments of ``accord simulate``: ``--agents`` and ``--option``.

Both raise :class:`ArgumentProblem`, whose text is one paragraph naming the
argument, what is wrong and the valid choices.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

DEFAULT_AGENT = "boulware"
"""The agent of every party that ``--agents`` leaves out."""

_NONE = ("none", "null")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


class ArgumentProblem(ValueError):
    """A command-line argument that cannot be used (one paragraph)."""


def parse_agents(
    specs: Sequence[str], parties: Sequence[str], default: str = DEFAULT_AGENT
) -> dict[str, str]:
    """``party=agent`` pairs (comma-separated, possibly in several arguments) for every party.

    Parties left out get ``default``. The agent names are not checked here
    (see :func:`check_agents`).
    """
    chosen: dict[str, str] = {}
    for spec in specs:
        for item in spec.split(","):
            item = item.strip()
            if not item:
                continue
            party, equals, agent = (part.strip() for part in item.partition("="))
            if not equals or not party or not agent:
                raise ArgumentProblem(
                    f"--agents {spec!r}: {item!r} is not of the form PARTY=AGENT; write "
                    f"for example --agents {parties[0]}=boulware"
                    + (f",{parties[1]}=hardliner" if len(parties) > 1 else "")
                )
            if party not in parties:
                raise ArgumentProblem(
                    f"--agents: {party!r} is not a party of this scenario; "
                    f"its parties are: {', '.join(parties)}"
                )
            if party in chosen:
                raise ArgumentProblem(f"--agents: party {party!r} is given an agent twice")
            chosen[party] = agent
    return {party: chosen.get(party, default) for party in parties}


def check_agents(agents: Mapping[str, str]) -> None:
    """Every agent name resolves to an agent class."""
    from accord.agents.registry import AGENTS, resolve

    for party, name in agents.items():
        try:
            resolve(name)
        except Exception as error:  # an import path may fail in any way
            known = ", ".join(AGENTS)
            detail = "" if isinstance(error, KeyError) else f" ({_text(error)})"
            raise ArgumentProblem(
                f"--agents: unknown agent {name!r} for party {party!r}{detail}; "
                f"the built-in agents are: {known} (or give an import path 'module:Class')"
            ) from None


def check_protocol(name: str) -> type[Any]:
    """The protocol class called ``name``."""
    from accord.protocols.registry import PROTOCOLS

    if name not in PROTOCOLS:
        raise ArgumentProblem(
            f"--protocol: unknown protocol {name!r}; the protocols are: {', '.join(PROTOCOLS)}"
        )
    return PROTOCOLS[name]


def option_names(cls: type[Any]) -> list[str]:
    """The options a protocol class takes (its dataclass fields)."""
    if not dataclasses.is_dataclass(cls):
        return []
    return [f.name for f in dataclasses.fields(cls) if f.init]


def parse_options(items: Sequence[str], protocol: str, cls: type[Any]) -> dict[str, Any]:
    """``key=value`` options for the protocol class ``cls``, as typed Python values.

    A value is read according to the option's declared type (whole number,
    number, true/false, text, ``none`` for an optional one); an option whose
    type says nothing is read as true/false, a whole number, a number, a JSON
    object or list, or else text. ``key.sub=value`` builds a mapping option one
    entry at a time (``fixed.wage=3``); a JSON object is also taken whole.
    """
    names = option_names(cls)
    hints = _hints(cls)
    options: dict[str, Any] = {}
    whole: set[str] = set()  # given in one piece: KEY.ENTRY=VALUE may not add to them
    for item in items:
        key, equals, raw = item.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ArgumentProblem(
                f"--option {item!r}: expected KEY=VALUE, for example --option max_extensions=2"
            )
        top, dot, sub = key.partition(".")
        if dataclasses.is_dataclass(cls) and top not in names:
            takes = f"takes: {', '.join(names)}" if names else "takes no options"
            raise ArgumentProblem(
                f"--option {item!r}: the {protocol} protocol has no option {top!r}; it {takes}"
            )
        if dot:
            if not sub:
                raise ArgumentProblem(f"--option {item!r}: nothing after the dot in {key!r}")
            entry = options.setdefault(top, {})
            if top in whole:
                raise ArgumentProblem(f"--option {item!r}: {top!r} is already set to a value")
            if sub in entry:
                raise ArgumentProblem(f"--option {item!r}: {key!r} is given twice")
            entry[sub] = _generic(raw)
            continue
        if top in options:
            raise ArgumentProblem(f"--option {item!r}: {top!r} is given twice")
        hint = hints.get(top, Any)
        whole.add(top)
        try:
            options[top] = _coerce(raw, hint)
        except ValueError:
            raise ArgumentProblem(
                f"--option {item!r}: {top!r} expects {_describe(hint)}, not {raw!r}"
            ) from None
    return options


def build_protocol(
    name: str, options: Mapping[str, Any], cls: type[Any], where: str = "--option"
) -> None:
    """Construct the protocol once, so bad options are reported before any run."""
    from accord.protocols.registry import resolve

    names = option_names(cls)
    for key in options:
        if dataclasses.is_dataclass(cls) and key not in names:
            takes = f"takes: {', '.join(names)}" if names else "takes no options"
            raise ArgumentProblem(f"{where}: the {name} protocol has no option {key!r}; it {takes}")
    try:
        resolve(name, **options)
    except (TypeError, ValueError) as error:
        raise ArgumentProblem(
            f"{where}: the {name} protocol refuses these options: {_text(error)}"
        ) from None


def _hints(cls: type[Any]) -> dict[str, Any]:
    try:
        return get_type_hints(cls)
    except Exception:  # annotations that cannot be resolved: read values generically
        return {}


def _coerce(raw: str, hint: Any) -> Any:
    """``raw`` read as a value of type ``hint`` (``ValueError`` if it is not one)."""
    origin = get_origin(hint)
    args = get_args(hint)
    text = raw.strip()
    if hint is Any or hint is object:
        return _generic(raw)
    if origin in (Union, types.UnionType):
        if type(None) in args and text.lower() in _NONE:
            return None
        for member in args:
            if member is type(None):
                continue
            try:
                return _coerce(raw, member)
            except ValueError:
                continue
        raise ValueError(raw)
    if origin is Literal:
        for value in args:
            if str(value) == text:
                return value
        raise ValueError(raw)
    if hint is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(raw)
    if hint is int:
        return int(text)
    if hint is float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(raw)
        return value
    if hint is str:
        return raw
    if isinstance(hint, type) and issubclass(hint, Enum):
        for member in hint:
            if text in (str(member.value), member.name):
                return member
        raise ValueError(raw)
    container = origin or hint
    if isinstance(container, type) and issubclass(container, Mapping | dict):
        value = _json(text)
        if not isinstance(value, dict):
            raise ValueError(raw)
        return value
    if isinstance(container, type) and issubclass(container, list | tuple):
        value = _json(text) if text.startswith("[") else [_generic(p) for p in text.split(",")]
        if not isinstance(value, list):
            raise ValueError(raw)
        return value
    return _generic(raw)


def _generic(raw: str) -> Any:
    """A value of unknown type: whole number, number, true/false, JSON, else text."""
    text = raw.strip()
    lowered = text.lower()
    if lowered in _TRUE[:1]:
        return True
    if lowered in _FALSE[:1]:
        return False
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
        if math.isfinite(value):
            return value
    except ValueError:
        pass
    if text[:1] in ("{", "["):
        try:
            return _json(text)
        except ValueError:
            pass
    return raw


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise ValueError(text) from None


def _describe(hint: Any) -> str:
    origin = get_origin(hint)
    args = get_args(hint)
    if origin in (Union, types.UnionType):
        parts = [_describe(a) for a in args if a is not type(None)]
        if type(None) in args:
            parts.append("none")
        return " or ".join(parts)
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of " + ", ".join(str(m.value) for m in hint)
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
    if hint in names:
        return names[hint]
    container = origin or hint
    if isinstance(container, type) and issubclass(container, Mapping | dict):
        return "a JSON object (or KEY.ENTRY=VALUE options)"
    if isinstance(container, type) and issubclass(container, list | tuple):
        return "a comma-separated list"
    return "a value"


def _text(error: BaseException) -> str:
    """An exception's message without the quotes ``KeyError`` adds."""
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    return str(error) or type(error).__name__
