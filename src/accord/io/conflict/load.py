"""From a file (or parsed data) to a checked :class:`accord.conflict.Conflict`."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from accord.conflict.model import (
    Conflict,
    ConflictError,
    DecisionMaker,
    Irreversible,
    Preference,
    Ranking,
    Rule,
    Statements,
)
from accord.conflict.preferences import payoffs
from accord.conflict.states import feasible_states
from accord.io.conflict.schema import ConflictModel, RuleModel
from accord.io.errors import Problem, ScenarioError, kind_of
from accord.io.reading import check_shape, decode, is_json, parse_text, read_file, source_label
from accord.io.scenario.validation import describe


def load_conflict(path: Path | str) -> Conflict:
    """Read the ``conflict:`` section of the file at ``path`` (YAML, or JSON for ``.json``)."""
    source = source_label(path)
    try:
        raw = read_file(path, source)
        data = parse_text(decode(raw, source), source, as_json=is_json(os.fspath(path)))
        return parse_conflict(data, source)
    except ScenarioError:
        raise
    except (RecursionError, MemoryError):
        raise ScenarioError(source, "", "the data is nested too deeply or too large") from None


def parse_conflict(data: object, source: str = "<data>") -> Conflict:
    """Check already-parsed data holding a ``conflict:`` section and build the model."""
    check_shape(data, source)
    if not isinstance(data, dict):
        raise ScenarioError(source, "", f"the top level must be a mapping, got {kind_of(data)}")
    if "conflict" not in data:
        raise ScenarioError(
            source,
            "conflict",
            "required but missing: this file has no conflict section (see docs/conflict.md)",
        )
    section = data["conflict"]
    try:
        model = ConflictModel.model_validate(section)
    except ValidationError as exc:
        problems: list[Problem] = []
        for error in exc.errors(include_url=False):
            loc = ("conflict", *error.get("loc", ()))
            problems.extend(describe({**error, "loc": loc}, data))
        raise ScenarioError.from_problems(
            source, problems or [("conflict", "is not valid")]
        ) from None
    try:
        conflict = _build(model)
        space = feasible_states(conflict)
        payoffs(conflict, space)
        if (
            conflict.status_quo is not None
            and space.index_of_key(",".join(sorted(conflict.status_quo))) < 0
        ):
            raise ConflictError("status_quo", "the status quo is not a feasible state")
    except ConflictError as error:
        field = f"conflict.{error.field}" if error.field else "conflict"
        raise ScenarioError(source, field, error.problem) from None
    return conflict


def _rule(rule: RuleModel) -> Rule:
    if rule.mutually_exclusive is not None:
        return Rule("mutually_exclusive", tuple(rule.mutually_exclusive))
    if rule.at_least_one is not None:
        return Rule("at_least_one", tuple(rule.at_least_one))
    if rule.requires is not None:
        return Rule("requires", (rule.requires.option,), tuple(rule.requires.needs))
    return Rule("states", states=tuple(tuple(s) for s in rule.states or []))


def _build(model: ConflictModel) -> Conflict:
    prefs: dict[str, Preference] = {}
    for dm, spec in model.preferences.items():
        if spec.statements is not None:
            prefs[dm] = Statements(tuple(spec.statements))
        else:
            prefs[dm] = Ranking(tuple(tuple(t) for t in spec.ranking or []))
    return Conflict(
        decision_makers=tuple(DecisionMaker(d.id, tuple(d.options)) for d in model.decision_makers),
        preferences=prefs,
        rules=tuple(_rule(r) for r in model.infeasible),
        irreversible=tuple(Irreversible(i.option, i.direction) for i in model.irreversible),
        status_quo=tuple(model.status_quo) if model.status_quo is not None else None,
        coalitions=tuple(tuple(c) for c in model.coalitions),
    )
