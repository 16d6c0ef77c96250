"""From a file on disk to plain Python data, refusing anything unsafe.

The steps, each of which turns every failure into a :class:`ScenarioError`:

1. :func:`read_file` reads at most :data:`MAX_FILE_BYTES` bytes of a regular file;
2. :func:`decode` checks that the bytes are UTF-8 text;
3. :func:`parse_text` parses the text as JSON or as YAML (with the safe
   :class:`~accord.io.scenario.yaml_safe.ScenarioLoader`);
4. :func:`check_shape` walks the result without recursion, refusing data that is
   nested too deeply, refers to itself, or expands (through YAML aliases) to more
   than :data:`MAX_VISITS` values.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import yaml

from accord.io.errors import ScenarioError, brief
from accord.io.scenario.yaml_safe import load_yaml

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest scenario file accepted (10 MB)."""

MAX_VISITS = 1_000_000
"""Most values a document may expand to, counting every repeat of an alias."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted."""


def source_label(path: object) -> str:
    """How a path is named in error messages: as the caller wrote it."""
    if isinstance(path, str | os.PathLike):
        name = os.fspath(path)
        text = name if isinstance(name, str) else os.fsdecode(name)
        return text if text.isprintable() else repr(text)
    return brief(path)


def read_file(path: str | os.PathLike[str], source: str) -> bytes:
    """The bytes of the file at ``path`` (a regular file of at most 10 MB)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise ScenarioError(source, "", "no such file") from None
    except PermissionError:
        raise ScenarioError(source, "", "cannot be read: permission denied") from None
    except (OSError, ValueError, TypeError) as exc:
        raise ScenarioError(source, "", f"cannot be opened: {_os_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(source, "", "is a directory, not a scenario file")
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(source, "", "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(source, "", _too_large(info.st_size))
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise ScenarioError(source, "", "cannot be read: permission denied") from None
    except OSError as exc:
        raise ScenarioError(source, "", f"cannot be read: {_os_reason(exc)}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(source, "", _too_large(len(raw)))
    return raw


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def _too_large(size: int) -> str:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return f"is too large ({size / (1024 * 1024):.1f} MB); scenario files may be at most {limit} MB"


def is_json(path: str | os.PathLike[str]) -> bool:
    """Files ending in ``.json`` are JSON; everything else is YAML."""
    return Path(path).suffix.lower() == ".json"


def decode(raw: bytes, source: str) -> str:
    """The text of ``raw``, which must be UTF-8 (a leading byte-order mark is dropped)."""
    if b"\x00" in raw:
        raise ScenarioError(
            source, "", "is not a text file (it contains NUL bytes); expected UTF-8 YAML or JSON"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise ScenarioError(
            source,
            "",
            f"is not UTF-8 text: byte 0x{bad} at line {line}, column {column} cannot be decoded",
        ) from None


def parse_text(text: str, source: str, *, as_json: bool) -> object:
    """Parse ``text`` as JSON or YAML; an empty document is an error."""
    if not text.strip():
        raise ScenarioError(source, "", "the file is empty")
    data = _parse_json(text, source) if as_json else _parse_yaml(text, source)
    if data is None:
        raise ScenarioError(source, "", "holds no data (only comments or blank lines)")
    return data


class _DuplicateKeyError(Exception):
    pass


class _NonFiniteError(Exception):
    pass


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _json_constant(name: str) -> object:
    raise _NonFiniteError(name)


def _parse_json(text: str, source: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_json_object, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except _DuplicateKeyError as exc:
        problem = f"invalid JSON: duplicate key {brief(exc.args[0])} in an object"
    except _NonFiniteError as exc:
        problem = f"invalid JSON: {exc.args[0]} is not a number JSON allows"
    except RecursionError:
        problem = _too_deep()
    except ValueError as exc:  # e.g. an integer with too many digits
        problem = f"invalid JSON: {exc}"
    raise ScenarioError(source, "", problem)


def _parse_yaml(text: str, source: str) -> object:
    try:
        return load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        problem = _yaml_problem(exc)
    except yaml.reader.ReaderError as exc:
        problem = _reader_problem(text, exc)
    except yaml.YAMLError as exc:
        problem = f"invalid YAML: {exc}"
    except RecursionError:
        problem = _too_deep()
    except ValueError as exc:
        problem = f"invalid YAML: {exc}"
    raise ScenarioError(source, "", problem)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = exc.problem or "cannot be parsed"
    message = f"invalid YAML{where}: {problem}"
    context_mark = exc.context_mark
    if (
        exc.context
        and context_mark is not None
        and (mark is None or context_mark.line != mark.line or context_mark.column != mark.column)
    ):
        message += (
            f" ({exc.context} that starts at line {context_mark.line + 1},"
            f" column {context_mark.column + 1})"
        )
    return message


def _reader_problem(text: str, exc: yaml.reader.ReaderError) -> str:
    position = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return (
        f"invalid YAML at line {line}, column {column}: the character U+{code:04X} "
        "is not allowed in YAML text"
    )


def _too_deep() -> str:
    return "the data is nested too deeply"


def _expands_too_far() -> str:
    return (
        f"the data expands to more than {MAX_VISITS:,} values "
        "(aliases that repeat blocks many times?); refusing to process it"
    )


def check_shape(data: object, source: str) -> None:
    """Refuse data that is nested too deeply, refers to itself or expands too far.

    Walks the data with an explicit stack (no recursion), counting every visit,
    including repeated visits to a block shared through YAML aliases.
    """
    visits = 0
    open_blocks: set[int] = set()
    stack: list[tuple[object, int, bool]] = [(data, 0, False)]
    while stack:
        value, depth, leaving = stack.pop()
        if leaving:
            open_blocks.discard(id(value))
            continue
        visits += 1
        if visits > MAX_VISITS:
            raise ScenarioError(source, "", _expands_too_far())
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise ScenarioError(source, "", f"{_too_deep()} (more than {MAX_DEPTH} levels)")
            if id(value) in open_blocks:
                raise ScenarioError(
                    source, "", "the data contains itself (a recursive alias); refusing it"
                )
            if visits + len(value) > MAX_VISITS:
                raise ScenarioError(source, "", _expands_too_far())
            open_blocks.add(id(value))
            stack.append((value, depth, True))
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1, False) for child in children)
