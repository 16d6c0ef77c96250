"""Recognise what a path holds and load it: an Accord scenario file, a GENIUS
domain (folder or XML files), or a set of GeniusWeb profiles (folder of JSON)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from accord.io.errors import ScenarioError
from accord.model.scenario import Scenario

_SNIFF_BYTES = 4096


class Format(StrEnum):
    """The input formats Accord reads."""

    ACCORD = "accord"
    GENIUS = "genius"
    GENIUSWEB = "geniusweb"


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


def is_genius_domain_file(path: Path) -> bool:
    """Does this XML file look like a GENIUS domain (``negotiation_template``)?"""
    return path.suffix.lower() == ".xml" and "<negotiation_template" in _head(path)


def is_geniusweb_profile(path: Path) -> bool:
    """Does this JSON file look like a GeniusWeb profile?"""
    return path.suffix.lower() == ".json" and "UtilitySpace" in _head(path)


def detect(path: Path) -> Format:
    """Which format ``path`` is in (a folder is GENIUS or GeniusWeb; a file is judged by
    its content)."""
    if path.is_dir():
        children = sorted(p for p in path.iterdir() if p.is_file())
        if any(is_genius_domain_file(p) for p in children):
            return Format.GENIUS
        if any(is_geniusweb_profile(p) for p in children):
            return Format.GENIUSWEB
        raise ScenarioError(
            str(path),
            "",
            "this folder holds neither a GENIUS domain (an XML file whose root is "
            "negotiation_template) nor GeniusWeb profiles (JSON utility spaces)",
        )
    if is_genius_domain_file(path):
        return Format.GENIUS
    if is_geniusweb_profile(path):
        return Format.GENIUSWEB
    return Format.ACCORD


def load_any(path: Path | str, *, cap: bool = True) -> Scenario:
    """Load a scenario from any supported format; raises only :class:`ScenarioError`.

    ``cap=False`` reads GENIUS domains without GENIUS's cap of utilities at 1."""
    path = Path(path)
    if not path.exists():
        raise ScenarioError(str(path), "", "no such file or folder")
    kind = detect(path)
    if kind is Format.GENIUS:
        from accord.io.genius import read_genius

        return read_genius(path.parent if path.is_file() else path, cap=cap)
    if kind is Format.GENIUSWEB:
        from accord.io.geniusweb import read_geniusweb

        return read_geniusweb(path)
    from accord.io.scenario.files import load_scenario

    return load_scenario(path)
