"""Formatting benchmark results: numbers as text, Rich tables, the machine.

Every ``fmt_*`` function returns ``—`` for a missing value.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from _measure import Measurement

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

Justify = Literal["left", "center", "right"]

MISSING = "—"
"""Shown in place of a value that was not measured."""

LOG_WIDTH = 140
"""Console width when the output is not a terminal, so tables stay readable in logs."""


def fmt_bytes(n: int | None) -> str:
    """A byte count in binary units: ``356 KiB``, ``3.6 MiB``, ``3.2 GiB``."""
    if n is None:
        return MISSING
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}" if n < 100 * scale else f"{n / scale:.0f} {unit}"
    return f"{n} B"


def fmt_seconds(m: Measurement[Any] | None) -> str:
    """The time of a measurement (``7.2 ms``, ``3.55 s``), or its status when not ``ok``."""
    if m is None:
        return MISSING
    if not m.ok or m.seconds is None:
        return m.status
    s = m.seconds
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def fmt_count(n: int) -> str:
    """A count, as ``10^k`` for powers of ten and with thousands separators otherwise."""
    exponent = math.log10(n)
    return f"10^{round(exponent)}" if exponent.is_integer() else f"{n:,}"


def fmt_check(ok: bool | None) -> str:
    """A check result as Rich markup: green ``yes``, red ``no``."""
    if ok is None:
        return MISSING
    return "[green]yes[/]" if ok else "[red]no[/]"


def fmt_ratio(ratio: float | None) -> str:
    """A speed ratio, e.g. ``24.2×``."""
    return MISSING if ratio is None else f"{ratio:.1f}×"


def table(
    title: str,
    headers: Sequence[str],
    left: Sequence[str] = (),
    center: Sequence[str] = (),
) -> Table:
    """An empty Rich table with columns ``headers``.

    Columns are right-justified unless named in ``left`` or ``center``.
    """
    from rich.table import Table

    out = Table(title=title)
    for header in headers:
        justify: Justify = "left" if header in left else "center" if header in center else "right"
        out.add_column(header, justify=justify)
    return out


def new_console() -> Console:
    """A Rich console, :data:`LOG_WIDTH` wide when writing to a file or pipe."""
    from rich.console import Console

    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=LOG_WIDTH)
    return out


def machine() -> str:
    """The CPU model, the number of logical CPUs and the Python version."""
    model = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} logical CPUs, Python {sys.version.split()[0]}"
