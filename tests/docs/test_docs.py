"""Docs are tests: every Python example in docs/ and the README runs as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    return [
        (f"{page.name}#{n}", code)
        for page in PAGES
        for n, code in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), start=1)
    ]


@pytest.mark.parametrize(("where", "code"), _examples(), ids=[w for w, _ in _examples()])
def test_python_examples_run(where: str, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, where, "exec"), {})
    finally:
        os.chdir(cwd)


def test_every_cli_command_is_documented() -> None:
    from accord.cli.app import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        assert f"accord {command.name or command.callback.__name__}" in readme  # type: ignore[union-attr]


def test_every_example_is_mentioned_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example in (ROOT / "examples").glob("*.yaml"):
        assert f"examples/{example.name}" in readme


def test_make_run_installs_every_optional_extra_a_command_needs() -> None:
    """After `make run`, every README command works: its extras are all installed."""
    import tomllib

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^RUN_EXTRAS := (.+)$", makefile, re.MULTILINE)
    assert found is not None
    installed = set(found.group(1).split(","))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = set(project["optional-dependencies"])
    # Only the test and benchmark tool chains are not needed by a user's command.
    assert installed == extras - {"test", "bench"}
