"""Shared scenario text for the accord.io tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accord.io.scenario.yaml_safe import load_yaml

PLANT_YAML = """\
name: Plant contract renewal
description: Renewal of the plant's three-year contract.
sources:
  - id: report
    title: Mediator's interim report
    says: Talks stalled over pensions.
    url: https://example.org/report
  - title: Union bulletin 12
parties:
  - {id: union, name: "Workers' union"}
  - {id: management, name: Plant management, description: Owner's side}
mediators:
  - {id: state, name: State mediation service}
issues:
  - id: pension
    name: Pension scheme
    options: [frozen, defined_contribution, defined_benefit]
  - id: wage
    name: Wage increase (percent)
    range: {min: 0, max: 8, step: 0.5}
  - {id: term, name: Contract term (years), options: [1, 2, 3]}
  - id: night
    options: [yes, no]
    description: Whether night shifts continue.
    evidence: Raised late in the talks.
preferences:
  union:
    reservation: 0.35
    weights: {wage: 4, pension: 2, term: 1, night: 1}
    values:
      pension: {frozen: 0, defined_contribution: 0.5, defined_benefit: 1}
      wage: {0: 0.0, 3: 0.6, 8: 1.0}
      term: {1: 0.2, 2: 0.6, 3: 1}
      night: {yes: 0, no: 1}
    red_lines:
      - id: no-freeze
        text: No pension freeze.
        forbid: {pension: [frozen]}
        evidence: {says: Frozen pensions are unacceptable., source: report}
      - {id: floor, require: {wage: {min: 2}}}
    evidence:
      - Bulletin 12 lists wages first.
      - {says: Pensions come second., source: Union bulletin 12}
  management:
    reservation: 0.3
    values:
      pension: {frozen: 1, defined_contribution: 0.7, defined_benefit: 0}
      wage: {0: 1, 8: 0}
    red_lines:
      - {id: cap, require: {wage: {max: 5}}}
      - id: if-long-then-pension
        if: {term: [3]}
        then: {pension: [defined_contribution, frozen]}
proposals:
  - id: framework
    by: state
    name: Mediators' framework
    outcome: {pension: defined_contribution, wage: 2.5, term: 2, night: no}
    evidence: Tabled on day three.
history:
  - {actor: state, action: propose, proposal: framework}
  - {actor: union, action: request_time, proposal: framework, evidence: Asked for a week.}
  - {actor: management, action: statement}
"""


@pytest.fixture(scope="session")
def plant_text() -> str:
    """The sample scenario as YAML text."""
    return PLANT_YAML


@pytest.fixture
def plant_data() -> dict[str, Any]:
    """The sample scenario as parsed data (a fresh copy for every test)."""
    data = load_yaml(PLANT_YAML)
    assert isinstance(data, dict)
    return copy.deepcopy(data)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a file in a temporary directory and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write
