"""Importing the scripts of ``benchmarks/`` in tests.

``benchmarks/`` is not a package: its scripts import their helpers
(``_measure``, ``_scenarios``, ...) as top-level modules, and the measurement
processes import the measured task by module name. :func:`benchmarks_first`
therefore puts ``benchmarks/`` first on ``sys.path`` (spawned processes inherit
it) so that the modules are imported under their own names, and restores
``sys.path`` and ``sys.modules`` afterwards.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@contextmanager
def benchmarks_first(modules: Sequence[str]) -> Iterator[None]:
    """``benchmarks/`` first on ``sys.path``, with ``modules`` imported afresh from it inside."""
    saved_path = list(sys.path)
    saved_modules = {name: sys.modules.pop(name) for name in modules if name in sys.modules}
    sys.path.insert(0, str(BENCHMARKS))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path[:] = saved_path
        for name in modules:
            sys.modules.pop(name, None)
        sys.modules.update(saved_modules)
