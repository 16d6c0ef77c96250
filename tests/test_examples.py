"""The shipped example scenarios load, and say what they are written to say."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.analysis import analyze
from accord.io import load_scenario
from accord.model.preferences import RuleKind

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_loads_and_analyses(path: Path) -> None:
    scenario = load_scenario(path)
    result = analyze(scenario)
    assert result.n_outcomes == scenario.space.size > 0


def test_cairo_captures_the_report() -> None:
    cairo = load_scenario(EXAMPLES / "cairo-talks.yaml")
    assert set(cairo.party_ids) == {"hamas", "israel"}
    assert {m.id for m in cairo.mediators} == {"egypt", "qatar"}
    assert [s.title for s in cairo.sources] == ["Cairo Negotiations"]
    issue_ids = {i.id for i in cairo.issues}
    assert {"ceasefire", "hostages", "withdrawal", "leadership", "disarmament"} <= issue_ids
    assert "political" in issue_ids
    kinds = {line.kind for p in cairo.preferences.values() for line in p.red_lines}
    assert kinds == {RuleKind.REQUIRE, RuleKind.FORBID, RuleKind.IMPLIES}
    # Every red line and every party's stance cites the report.
    for prefs in cairo.preferences.values():
        assert prefs.evidence
        for line in prefs.red_lines:
            assert line.text and line.evidence
            assert all(e.source == "cairo-report" and e.says for e in line.evidence)
    # The framework, the request for more time, and the breakdown.
    assert cairo.proposals and set(cairo.proposals[0].by) == {"egypt", "qatar"}
    actions = [(e.actor, e.action) for e in cairo.history]
    assert ("hamas", "request_time") in actions
    assert actions[-1][1] == "breakdown"


def test_cairo_has_no_zopa_and_the_diagnosis_names_both_sides() -> None:
    result = analyze(load_scenario(EXAMPLES / "cairo-talks.yaml"))
    assert result.zopa_size == 0 and not result.agreement_possible
    assert result.relaxations
    named = {c.split(".")[0] for r in result.relaxations for c in r.relax}
    assert named == {"hamas", "israel"}
    assert all(r.zopa_size > 0 for r in result.relaxations)


@pytest.mark.parametrize(("name", "parties"), [("plant-contract", 2), ("river-basin", 3)])
def test_worked_examples_have_a_zopa(name: str, parties: int) -> None:
    result = analyze(load_scenario(EXAMPLES / f"{name}.yaml"))
    assert len(result.parties) == parties
    assert result.zopa_size > 0 and result.solutions.nash is not None
    assert result.relaxations == ()
