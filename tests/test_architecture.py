"""The core stays pure: it never imports an edge, reads a clock or uses a global RNG."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"
CORE = ("model", "analysis", "agents", "protocols", "conflict", "tournament", "learning")
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


# --- No import cycles -------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _known(name: str) -> str | None:
    """The ``accord`` module ``name`` stands for (a package stands for its ``__init__``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _edges(module: str, path: Path) -> set[str]:
    """Every ``accord`` module ``module`` imports, at module level or inside functions."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            # ``from package import name`` imports the submodule ``name`` when there is
            # one; any other name is taken from the package's ``__init__``.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        found.update(t for t in map(_known, targets) if t is not None and t != module)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _cycle_path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One closed import path through ``component``: ``a -> b -> ... -> a``."""
    start, members = component[0], set(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                frontier.append(child)
    return component


def test_no_import_cycles() -> None:
    """``accord`` modules import each other without cycles, counting function-level imports."""
    graph = {module: _edges(module, path) for module, path in MODULES.items()}
    found = [" -> ".join(_cycle_path(graph, c)) for c in _cycles(graph)]
    assert not found, "import cycles: " + "; ".join(found)


def test_cycle_finder_sees_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycle_path(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def test_edges_resolve_relative_package_and_function_level_imports(tmp_path: Path) -> None:
    module = tmp_path / "fake.py"
    module.write_text(
        "from . import read\n"
        "from ..errors import ScenarioError\n"
        "import accord.io\n"
        "from accord.io.genius import read_genius\n"
        "def later():\n"
        "    from accord.analysis import Analysis\n",
        encoding="utf-8",
    )
    edges = _edges("accord.io.genius.fake", module)
    expected = {"accord.io.genius", "accord.io.genius.read", "accord.io.errors", "accord.io"}
    assert edges == expected | {"accord.analysis"}
