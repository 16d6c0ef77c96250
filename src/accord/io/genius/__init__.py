"""Import and export of GENIUS negotiation domains (the XML format of the ANAC competitions).

>>> from accord.io.genius import read_genius, read_genius_files, write_genius

:func:`read_genius` reads a folder holding one domain file (root element
``negotiation_template``) and one utility-space file per party (root element
``utility_space``); :func:`read_genius_files` takes the files explicitly.
:func:`write_genius` writes a scenario back as GENIUS files and returns
warnings for what the format cannot hold. Utilities follow GENIUS's own
definitions (its ``genius.core`` Java sources): see ``docs/genius.md``.

Reading raises nothing but :class:`~accord.io.errors.ScenarioError`. The work
is done in :mod:`accord.io.genius.parse` (the XML of domains and profiles),
:mod:`accord.io.genius.read`, :mod:`accord.io.genius.write`, and what the reader
and the writer share: :mod:`accord.io.genius.files` (safe XML loading, names of
files and parties) and :mod:`accord.io.genius.boxes` (box arithmetic).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from accord.model.scenario import Scenario

__all__ = ["read_genius", "read_genius_files", "write_genius"]


def read_genius(path: Path | str, *, real_steps: int = 11, cap: bool = True) -> Scenario:
    """Read a GENIUS scenario from a folder, or from a domain file and its folder's profiles.

    Every ``.xml`` file of the folder is examined: the one domain file, every
    utility-space file (one party each), and nothing else (files that are not
    XML, such as the ``pareto.xml`` point lists of ANAC 2014, are skipped; XML
    that does not parse is an error). Real-valued issues become grids of
    ``real_steps`` evenly spaced points including both bounds.

    ``cap`` applies GENIUS's cap of every utility at 1 (current GENIUS does;
    the releases used up to ANAC 2014 did not cap hyper-rectangle utilities).
    Where the cap binds, it is represented exactly by correction rectangles,
    or the profile is refused when that would take too many.
    """
    from accord.io.genius.read import read_path

    return read_path(Path(path), real_steps=real_steps, cap=cap)


def read_genius_files(
    domain: Path | str,
    profiles: Sequence[Path | str],
    *,
    real_steps: int = 11,
    cap: bool = True,
) -> Scenario:
    """Read a GENIUS scenario from a domain file and the given utility-space files."""
    from accord.io.genius.read import read_files

    return read_files(
        Path(domain), [Path(p) for p in profiles], real_steps=real_steps, cap=cap, name=None
    )


def write_genius(scenario: Scenario, directory: Path | str) -> list[str]:
    """Write ``scenario`` as GENIUS files in ``directory``; return what could not be kept.

    Writes ``<name>-domain.xml`` and one ``<name>-<party id>.xml`` per party.
    Read back with GENIUS's semantics, every outcome keeps its utility for every
    party (up to float printing), and so does every reservation value. Red lines,
    mediators, sources, proposals, history and evidence are dropped, each with a
    warning. Raises :class:`~accord.io.errors.ScenarioError` when a utility
    cannot be written exactly (GENIUS caps utilities at 1).
    """
    from accord.io.genius.write import write_scenario

    return write_scenario(scenario, Path(directory))
