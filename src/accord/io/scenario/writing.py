"""Writing scenarios back out, in the format that :mod:`accord.io` reads.

>>> from accord.io import dump_scenario, scenario_to_data

:func:`scenario_to_data` turns a :class:`~accord.model.scenario.Scenario` into
plain data (dicts, lists, text and numbers) in the documented file format, and
:func:`dump_scenario` writes that data to a YAML or JSON file. Reading the
result gives back an equal scenario: ``parse_scenario(scenario_to_data(s)) == s``.

What the file format cannot hold is not written: the model keeps normalised
weights rather than the weights as first written, the grid of a numeric issue
rather than its range (the range is recovered from the grid), and neither
issue descriptions nor issue evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from accord.io.reading import is_json
from accord.io.scenario.grid import grid_range
from accord.io.scenario.numbers import plain_number as _number
from accord.io.scenario.write_uncertainty import overlay
from accord.io.scenario.yaml_safe import ScenarioLoader
from accord.model.issues import Issue
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    Evidence,
    PiecewiseLinear,
    Preferences,
    Rectangle,
    RedLine,
    RuleKind,
    ValueFunction,
)
from accord.model.scenario import Actor, Event, Proposal, Scenario, Source

Data = dict[str, Any]

_WIDTH = 88
"""Long text is wrapped at about this column."""

_INLINE_LIMIT = 64
"""Lists and mappings whose values take at most about this many characters go on one line."""


def scenario_to_data(scenario: Scenario) -> Data:
    """The scenario as plain data in the scenario file format.

    Keys come in the documented order and optional fields are left out when they
    hold their default, except a party's ``reservation``, which is always written.
    Raises :class:`ValueError` for what the file format cannot express: a numeric
    issue whose options are not an evenly spaced grid, or a mediator's
    preferences with red lines, a reservation value or a discount factor.
    """
    written = [_issue(issue) for issue in scenario.issues]
    issues = {issue.id: issue for _, issue in written}
    data: Data = {"name": scenario.name}
    if scenario.description:
        data["description"] = scenario.description
    if scenario.sources:
        data["sources"] = [_source(source) for source in scenario.sources]
    data["parties"] = [_actor(party) for party in scenario.parties]
    if scenario.mediators:
        data["mediators"] = [_actor(mediator) for mediator in scenario.mediators]
    data["issues"] = [issue for issue, _ in written]
    data["preferences"] = {
        party_id: _party(scenario, party_id, issues) for party_id in scenario.party_ids
    }
    for mediator in scenario.mediators:
        if mediator.id in scenario.mediator_preferences:
            data["preferences"][mediator.id] = _mediator_preferences(
                mediator.id, scenario.mediator_preferences[mediator.id], issues
            )
    if scenario.beliefs:
        data["beliefs"] = {
            party_id: overlay(belief, _preferences(belief.point, issues), issues)
            for party_id, belief in scenario.beliefs.items()
        }
    if scenario.proposals:
        original = {issue.id: issue for issue in scenario.issues}
        data["proposals"] = [_proposal(p, issues, original) for p in scenario.proposals]
    if scenario.history:
        data["history"] = [_event(event) for event in scenario.history]
    return data


def dump_scenario(scenario: Scenario, path: Path | str) -> None:
    """Write ``scenario`` to ``path``: JSON if the name ends in ``.json``, else YAML."""
    data = scenario_to_data(scenario)
    if is_json(path):
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    else:
        text = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=_WIDTH,
        )
    Path(path).write_text(text, encoding="utf-8")


# -- numbers -----------------------------------------------------------------


# -- actors, sources, evidence -------------------------------------------------


def _actor(actor: Actor) -> Data:
    out: Data = {"id": actor.id}
    if actor.name != actor.id:
        out["name"] = actor.name
    if actor.description:
        out["description"] = actor.description
    return out


def _source(source: Source) -> Data:
    out: Data = {"id": source.id}
    if source.title != source.id:
        out["title"] = source.title
    if source.says:
        out["says"] = source.says
    if source.url:
        out["url"] = source.url
    return out


def _evidence(items: Iterable[Evidence]) -> list[str | Data]:
    return [
        item.says if item.source is None else {"says": item.says, "source": item.source}
        for item in items
    ]


def _with_evidence(out: Data, items: tuple[Evidence, ...]) -> Data:
    if items:
        written = _evidence(items)
        out["evidence"] = written[0] if len(written) == 1 else written
    return out


# -- issues and conditions -------------------------------------------------------


def _issue(issue: Issue) -> tuple[Data, Issue]:
    """The issue as written, and as it will be read back.

    The two differ only for a numeric grid that no range reproduces exactly
    (see :func:`~accord.io.scenario.grid.grid_range`); options are then written as the
    points of the grid that will be read, so that they are found on it.
    """
    out: Data = {"id": issue.id}
    if issue.name != issue.id:
        out["name"] = issue.name
    if not issue.numeric:
        out["options"] = list(issue.options)
        return out, issue
    found = grid_range([float(option) for option in issue.options])
    out["range"] = {
        "min": _number(found.min),
        "max": _number(found.max),
        "step": _number(found.step),
    }
    return out, replace(issue, options=found.grid)


def _option(issue: Issue, index: int) -> str | int | float:
    option = issue.options[index]
    return _number(float(option)) if issue.numeric else option


def _condition(condition: Condition, issues: Mapping[str, Issue]) -> Data:
    """Option lists; a numeric issue's contiguous run of grid points as ``{min, max}``."""
    out: Data = {}
    for issue_id, allowed in condition.allowed.items():
        issue = issues[issue_id]
        indices = sorted(allowed)
        first, last = indices[0], indices[-1]
        if issue.numeric and len(indices) > 1 and last - first + 1 == len(indices):
            bounds: Data = {}
            if first > 0 or last == issue.size - 1:
                bounds["min"] = _option(issue, first)
            if last < issue.size - 1:
                bounds["max"] = _option(issue, last)
            out[issue_id] = bounds
        else:
            out[issue_id] = [_option(issue, index) for index in indices]
    return out


# -- preferences ---------------------------------------------------------------------


def _preferences(prefs: Preferences, issues: Mapping[str, Issue]) -> Data:
    out: Data = {"reservation": _number(prefs.reservation)}
    if prefs.discount != 1.0:
        out["discount"] = _number(prefs.discount)
    weights = {i: w for i, w in prefs.weights.items() if w != 0.0}
    if weights:
        out["weights"] = {i: _number(weights[i]) for i in issues if i in weights}
    if prefs.values:
        out["values"] = {
            issue_id: _value_table(prefs.values[issue_id], issues[issue_id])
            for issue_id in issues
            if issue_id in prefs.values
        }
    if prefs.rectangles:
        out["rectangles"] = [_rectangle(r, issues) for r in prefs.rectangles]
    if prefs.red_lines:
        out["red_lines"] = [_red_line(line, issues) for line in prefs.red_lines]
    return _with_evidence(out, prefs.evidence)


def _party(scenario: Scenario, party_id: str, issues: Mapping[str, Issue]) -> Data:
    written = _preferences(scenario.preferences[party_id], issues)
    if party_id in scenario.uncertainty:
        return overlay(scenario.uncertainty[party_id], written, issues)
    return written


def _mediator_preferences(mediator: str, prefs: Preferences, issues: Mapping[str, Issue]) -> Data:
    if prefs.red_lines or prefs.reservation != 0.0 or prefs.discount != 1.0:
        raise ValueError(
            f"mediator {mediator!r} has red lines, a reservation value or a discount factor, "
            "which a scenario file cannot give a mediator"
        )
    out = _preferences(prefs, issues)
    del out["reservation"]
    return out


def _value_table(function: ValueFunction, issue: Issue) -> dict[Any, int | float]:
    if isinstance(function, PiecewiseLinear):
        return {_number(x): _number(value) for x, value in function.anchors}
    assert isinstance(function, DiscreteValues)
    return {str(option): _number(function.by_option[option]) for option in issue.options}


def _rectangle(rectangle: Rectangle, issues: Mapping[str, Issue]) -> Data:
    return {
        "utility": _number(rectangle.utility),
        "where": _condition(rectangle.condition, issues),
    }


def _red_line(line: RedLine, issues: Mapping[str, Issue]) -> Data:
    out: Data = {"id": line.id}
    if line.text:
        out["text"] = line.text
    if line.kind is RuleKind.IMPLIES:
        assert line.then is not None
        out["if"] = _condition(line.condition, issues)
        out["then"] = _condition(line.then, issues)
    else:
        out[line.kind.value] = _condition(line.condition, issues)
    return _with_evidence(out, line.evidence)


# -- proposals and history -----------------------------------------------------------


def _proposal(
    proposal: Proposal, issues: Mapping[str, Issue], original: Mapping[str, Issue]
) -> Data:
    out: Data = {"id": proposal.id}
    out["by"] = proposal.by[0] if len(proposal.by) == 1 else list(proposal.by)
    if proposal.name:
        out["name"] = proposal.name
    out["outcome"] = {
        issue_id: _option(issue, original[issue_id].index(proposal.outcome[issue_id]))
        for issue_id, issue in issues.items()
    }
    return _with_evidence(out, proposal.evidence)


def _event(event: Event) -> Data:
    out: Data = {"actor": event.actor, "action": event.action}
    if event.proposal is not None:
        out["proposal"] = event.proposal
    return _with_evidence(out, event.evidence)


# -- YAML layout ---------------------------------------------------------------------


def _inline_size(value: object, depth: int = 0) -> int | None:
    """Rough length of ``value`` written on one line, or ``None`` if it should not be.

    Plain values, and lists and mappings of them nested at most three deep, may go
    on one line; text with line breaks may not.
    """
    if value is None or isinstance(value, int | float):
        return len(str(value))
    if isinstance(value, str):
        return None if "\n" in value else len(value) + 2
    if depth >= 3 or not isinstance(value, list | dict) or not value:
        return None
    items: list[object] = (
        [*value.keys(), *value.values()] if isinstance(value, dict) else list(value)
    )
    sizes = [_inline_size(item, depth + 1) for item in items]
    if any(size is None for size in sizes):
        return None
    return sum(size + 2 for size in sizes if size is not None)


_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
"""Characters YAML also reads as line breaks."""


class _Dumper(yaml.SafeDumper):
    """A safe dumper whose output :class:`~accord.io.scenario.yaml_safe.ScenarioLoader` reads back.

    Text that the loader would read as something else (``0o17`` and ``1e3`` are
    numbers in YAML 1.2, as are ``yes`` and ``on`` booleans in YAML 1.1) is
    quoted. Short lists and mappings go on one line (``range: {min: 0, max: 8,
    step: 0.5}``); text with line breaks is written as a block.
    """

    def represent_text(self, data: str) -> yaml.ScalarNode:
        if any(mark in data for mark in _OTHER_BREAKS):  # escaped, so they survive
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        body = data.rstrip("\n")
        if "\n" in body:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        if body != data:  # one paragraph ending in a line break: folded, so it wraps
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=">")
        return super().represent_str(data)

    def represent_plain_list(self, data: list[Any]) -> yaml.SequenceNode:
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_inline(data))

    def represent_plain_dict(self, data: dict[Any, Any]) -> yaml.MappingNode:
        return self.represent_mapping(
            "tag:yaml.org,2002:map", data.items(), flow_style=_inline(data)
        )


def _inline(value: list[Any] | dict[Any, Any]) -> bool:
    size = _inline_size(value)
    return size is not None and size <= _INLINE_LIMIT


_Dumper.add_representer(str, _Dumper.represent_text)
_Dumper.add_representer(list, _Dumper.represent_plain_list)
_Dumper.add_representer(dict, _Dumper.represent_plain_dict)
for _first, _resolvers in ScenarioLoader.yaml_implicit_resolvers.items():
    for _tag, _pattern in _resolvers:
        _Dumper.add_implicit_resolver(_tag, _pattern, [_first])
