"""The core stays pure: it never imports an edge, reads a clock or uses a global RNG."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"
CORE = ("model", "analysis", "agents", "protocols", "tournament")
EDGES = ("accord.io", "accord.cli", "accord.web", "accord.store", "accord.runners")
FORBIDDEN = ("time", "random", "datetime")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


CORE_FILES = sorted(p for package in CORE for p in (SRC / package).rglob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_imports_no_edge_clock_or_global_rng(path: Path) -> None:
    imported = _imports(path)
    assert not {m for m in imported if m.startswith(EDGES)}, "the core imports an edge"
    assert not {m for m in imported if m.split(".")[0] in FORBIDDEN}, "the core reads a clock/RNG"


def test_the_core_has_modules_to_check() -> None:
    assert len(CORE_FILES) > 20


def test_accord_never_imports_negmas() -> None:
    """NegMAS (AGPL) is only an optional benchmark and test extra."""
    for path in SRC.rglob("*.py"):
        assert not {m for m in _imports(path) if m.split(".")[0] == "negmas"}, path
