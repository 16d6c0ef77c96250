"""GENIUS files: safe XML loading, and the names of scenarios, files and parties."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree as ET
from xml.parsers import expat

from accord.io.errors import ScenarioError
from accord.model.scenario import Scenario

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest XML file read."""


class _Refused(Exception):
    """A DOCTYPE or ENTITY declaration met while parsing."""


def load_xml(path: Path) -> ET.Element | None:
    """The root element of an XML file, or ``None`` when the file is not XML at all.

    Files over :data:`MAX_FILE_BYTES` and documents with a DOCTYPE (hence
    possible entity declarations) are refused; nothing external is ever fetched.
    """
    source = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(source, "", f"the file is larger than {MAX_FILE_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise ScenarioError(
            source, "", f"cannot read the file: {error.strerror or error}"
        ) from None
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<") and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()

    def refuse(*_: object) -> NoReturn:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ScenarioError(
            source, "", "DOCTYPE and ENTITY declarations are refused (GENIUS files have none)"
        ) from None
    except expat.ExpatError as error:
        raise ScenarioError(
            source,
            "",
            f"not well-formed XML: {expat.ErrorString(error.code)} "
            f"(line {error.lineno}, column {error.offset})",
        ) from None
    return builder.close()


def scenario_name(domain: Path) -> str:
    """The name of a domain file without a trailing ``domain``."""
    parts = _tokens(domain.stem)
    if len(parts) > 1 and parts[-1].lower() == "domain":
        parts = parts[:-1]
    return " ".join(parts) or domain.stem


def _tokens(stem: str) -> list[str]:
    return [t for t in re.split(r"[\s_.\-]+", stem) if t]


def slug(text: str) -> str:
    """``text`` in lower case with runs of other characters turned into ``-``."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")[:60].strip("-")


def unique(ids: list[str], fallback: str) -> list[str]:
    """``ids`` made distinct (``x``, ``x-2``, ...), empty ones replaced by ``<fallback>-<n>``."""
    out: list[str] = []
    for n, ident in enumerate(ids, start=1):
        base = ident or f"{fallback}-{n}"
        candidate, k = base, 2
        while candidate in out:
            candidate, k = f"{base}-{k}", k + 1
        out.append(candidate)
    return out


def party_names(domain: Path, profiles: Sequence[Path]) -> list[tuple[str, str]]:
    """``(id, name)`` of each profile: its file name without what it shares with the others.

    The domain's stem (with or without a trailing ``domain``) is stripped when
    every profile starts with it; then the words all profiles share at the start
    and at the end. A remainder that is only a number keeps the word before it.
    """
    stems = [_tokens(p.stem) for p in profiles]
    dom = _tokens(domain.stem)
    for prefix in (dom, dom[:-1] if dom and dom[-1].lower() == "domain" else []):
        n = len(prefix)
        if n and all(s[:n] == prefix and len(s) > n for s in stems):
            stems = [s[n:] for s in stems]
            break
    dropped = ""
    if len(stems) > 1:
        while all(len(s) > 1 for s in stems) and len({s[0] for s in stems}) == 1:
            dropped = stems[0][0]
            stems = [s[1:] for s in stems]
        while all(len(s) > 1 for s in stems) and len({s[-1] for s in stems}) == 1:
            stems = [s[:-1] for s in stems]
    stems = [[dropped, *s] if dropped and len(s) == 1 and s[0].isdigit() else s for s in stems]
    names = [" ".join(s) for s in stems]
    ids = unique([slug("-".join(s)) for s in stems], "party")
    return list(zip(ids, names, strict=True))


def file_names(scenario: Scenario) -> tuple[str, dict[str, str]]:
    """The domain file name and each party's profile file name for ``scenario``."""
    stem = ""
    for word in (w for w in re.split(r"[^\w]+", scenario.name, flags=re.ASCII) if w):
        if stem and len(stem) + len(word) >= 40:
            break
        stem = f"{stem}-{word}" if stem else word
    stem = stem or "scenario"
    files: dict[str, str] = {}
    for pid in scenario.party_ids:
        safe = re.sub(r"[^\w-]+", "-", pid, flags=re.ASCII).strip("-") or "party"
        base = f"{stem}-{safe}"
        name, n = f"{base}.xml", 2
        while name in files.values() or name == f"{stem}-domain.xml":
            name, n = f"{base}-{n}.xml", n + 1
        files[pid] = name
    return f"{stem}-domain.xml", files
