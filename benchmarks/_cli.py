"""Command-line pieces shared by the benchmark scripts.

Making the source tree importable when Accord is not installed, argument types
for comma-separated lists, the options every benchmark has (``--seed``,
``--repeat``, ``--timeout``, ``--memory-limit``, ``--json``; each added by its
own function so that a script can place them among its own options), the header
line printed before a run (with :func:`negmas_versions`, whether NegMAS is
measured) and the JSON file written after it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from _measure import installed
from _table import machine


def ensure_accord_importable() -> None:
    """Use the source tree when Accord is not installed (child processes inherit sys.path)."""
    if importlib.util.find_spec("accord") is None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def parse_sizes(text: str) -> list[int]:
    """Comma-separated whole numbers >= 2, in any float notation (``1e4,100``)."""
    sizes = []
    for part in text.split(","):
        value = float(part.strip())
        if not value.is_integer() or value < 2:
            raise argparse.ArgumentTypeError(f"not a whole number of outcomes >= 2: {part!r}")
        sizes.append(int(value))
    return sizes


def parse_ints(text: str) -> list[int]:
    """Comma-separated integers."""
    try:
        return [int(part) for part in text.split(",")]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def add_seed(parser: argparse.ArgumentParser, default: int = 2024) -> None:
    parser.add_argument(
        "--seed", type=int, default=default, help=f"scenario seed (default: {default})"
    )


def add_repeat(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per measurement, each in a fresh process; the table "
        "shows the fastest run and the largest peak memory (default: 1)",
    )


def add_timeout(parser: argparse.ArgumentParser, default: float = 300.0) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=default,
        help="seconds allowed per measurement before it is reported as a timeout "
        f"(default: {default:g})",
    )


def add_memory_limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=None,
        help="address-space limit per measurement process, in GiB "
        "(default: 80%% of the memory available at start, Linux only)",
    )


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, default=None, help="also write results here")


def check_common(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Exit with a usage error when a shared option is out of range."""
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")


def negmas_versions(console: Any, wanted: bool) -> tuple[bool, str]:
    """Whether NegMAS is measured, and the library versions for the header line.

    NegMAS is measured when ``wanted`` and installed; when it is wanted but
    missing, ``console`` says so and only Accord is measured.
    """
    with_negmas = wanted
    if with_negmas and not installed("negmas"):
        console.print(
            "[yellow]NegMAS is not installed (pip install -e '.[bench]'): measuring Accord only.[/]"
        )
        with_negmas = False
    versions = f"numpy {np.__version__}"
    if with_negmas:
        from importlib.metadata import version

        versions += f", negmas {version('negmas')}"
    return with_negmas, versions


def header(args: argparse.Namespace, versions: str) -> str:
    """The line printed before a run: machine, versions and the shared options."""
    return (
        f"[dim]{machine()}; {versions}; seed {args.seed}; "
        f"repeat {args.repeat}; timeout {args.timeout:g} s[/]"
    )


def write_json(
    args: argparse.Namespace,
    versions: str,
    total_seconds: float,
    cases: Sequence[dict[str, Any]],
) -> None:
    """Write the run and its ``cases`` to ``args.json`` (nothing when it is ``None``)."""
    if args.json is None:
        return
    payload = {
        "machine": machine(),
        "versions": versions,
        "seed": args.seed,
        "repeat": args.repeat,
        "timeout": args.timeout,
        "total_seconds": total_seconds,
        "cases": list(cases),
    }
    args.json.write_text(json.dumps(payload, indent=2))
