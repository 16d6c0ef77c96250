"""Load a scenario from a YAML or JSON file, or from already-parsed data.

Whatever the input, the only exception these functions raise is
:class:`~accord.io.errors.ScenarioError`, whose text is a single paragraph
naming the source, the field and the problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from accord.io.errors import ScenarioError, kind_of
from accord.io.reading import check_shape, decode, is_json, parse_text, read_file, source_label
from accord.io.scenario.convert import convert
from accord.io.scenario.validation import validate_scenario
from accord.model.scenario import Scenario


@contextmanager
def _only_scenario_errors(source: str) -> Iterator[None]:
    """Let :class:`ScenarioError` through and turn anything else into one."""
    try:
        yield
    except ScenarioError:
        raise
    except RecursionError:
        raise ScenarioError(source, "", "the data is nested too deeply") from None
    except MemoryError:
        raise ScenarioError(source, "", "the data is too large to process") from None
    except Exception as exc:  # a last line of defence: callers only ever see ScenarioError
        raise ScenarioError(
            source,
            "",
            f"internal error while reading the scenario ({type(exc).__name__}); "
            "please report this together with the file",
        ) from exc


def load_scenario(path: Path | str) -> Scenario:
    """Read, check and convert the scenario file at ``path``.

    Files ending in ``.json`` are parsed as JSON, all others as YAML.
    Raises :class:`ScenarioError` for every kind of bad input.
    """
    source = source_label(path)
    with _only_scenario_errors(source):
        if not isinstance(path, str | os.PathLike):
            raise ScenarioError(source, "", "is not a file name")
        raw = read_file(path, source)
        return scenario_from_bytes(raw, source, as_json=is_json(path))


def scenario_from_bytes(raw: bytes, source: str, *, as_json: bool = False) -> Scenario:
    """Check and convert the contents of a scenario file given as bytes."""
    with _only_scenario_errors(source):
        data = parse_text(decode(raw, source), source, as_json=as_json)
        return parse_scenario(data, source)


def parse_scenario(data: object, source: str = "<data>") -> Scenario:
    """Check and convert already-parsed scenario data (a mapping, as JSON or YAML gives).

    ``source`` names the data in error messages.
    """
    with _only_scenario_errors(source):
        check_shape(data, source)
        if not isinstance(data, dict):
            raise ScenarioError(
                source,
                "",
                "the top level must be a mapping of scenario fields "
                f"(name, parties, issues, preferences, ...), got {kind_of(data)}",
            )
        model = validate_scenario(data, source)
        return convert(model, source)
