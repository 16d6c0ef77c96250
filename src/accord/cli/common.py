"""Helpers every ``accord`` command shares: the bad-input exit and scenario loading."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    """Print one paragraph to stderr and exit with the bad-input code."""
    typer.echo(f"accord: error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def load(path: Path, *, cap: bool = True) -> Scenario:
    """Load a scenario file, a GENIUS domain or GeniusWeb profiles; exit 2 if bad
    (``cap=False``: GENIUS utilities without the cap at 1)."""
    from accord.io import ScenarioError
    from accord.io.formats import load_any

    try:
        return load_any(path, cap=cap)
    except ScenarioError as error:
        fail(str(error))


def write_json(document: Any) -> None:
    """Print ``document`` as indented JSON to stdout in one buffered write."""
    import json

    sys.stdout.write(json.dumps(document, indent=2) + "\n")
    sys.stdout.flush()
