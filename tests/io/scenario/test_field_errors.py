"""Bad content: each mistake is reported with the file, a dotted field path and the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.io import ScenarioError, load_scenario, parse_scenario

Data = dict[str, Any]
Mutation = Callable[[Data], None]


def union(data: Data) -> Data:
    prefs: Data = data["preferences"]["union"]
    return prefs


def add_red_line(line: Data) -> Mutation:
    def mutate(data: Data) -> None:
        union(data)["red_lines"].append({"id": "extra", **line})

    return mutate


def add_issue(issue: Data) -> Mutation:
    def mutate(data: Data) -> None:
        data["issues"].append({"id": "extra", **issue})

    return mutate


def setter(*path: str | int, value: object) -> Mutation:
    def mutate(data: Data) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def deleter(*path: str | int) -> Mutation:
    def mutate(data: Data) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


CASES: list[tuple[str, Mutation, str, str]] = [
    # -- unknown keys and typos
    (
        "top-level typo",
        setter("parites", value=[]),
        "parites",
        "unknown key (did you mean 'parties'?)",
    ),
    (
        "preferences typo",
        lambda d: union(d).update(weigths=union(d).pop("weights")),
        "preferences.union.weigths",
        "did you mean 'weights'?",
    ),
    ("issue typo", setter("issues", 0, "option", value=[]), "issues.pension.option", "unknown key"),
    (
        "red line typo",
        add_red_line({"forbids": {"wage": [1]}}),
        "preferences.union.red_lines.extra.forbids",
        "did you mean 'forbid'?",
    ),
    (
        "party typo",
        setter("parties", 0, "nmae", value="x"),
        "parties.union.nmae",
        "did you mean 'name'?",
    ),
    (
        "history typo",
        setter("history", 0, "acter", value="x"),
        "history[0].acter",
        "did you mean 'actor'?",
    ),
    # -- missing values and wrong types
    ("missing name", deleter("name"), "name", "required but missing"),
    ("empty name", setter("name", value=""), "name", "must not be empty"),
    ("missing parties", deleter("parties"), "parties", "required but missing"),
    ("missing issues", deleter("issues"), "issues", "required but missing"),
    ("missing preferences", deleter("preferences"), "preferences", "required but missing"),
    ("missing party id", deleter("parties", 0, "id"), "parties[0].id", "required but missing"),
    ("empty party id", setter("parties", 0, "id", value=""), "parties[0].id", "must not be empty"),
    (
        "empty reservation",
        setter("preferences", "union", "reservation", value=None),
        "preferences.union.reservation",
        "expected a number, got nothing",
    ),
    (
        "text reservation",
        setter("preferences", "union", "reservation", value="high"),
        "preferences.union.reservation",
        "expected a number, got text 'high'",
    ),
    (
        "bool weight",
        setter("preferences", "union", "weights", "wage", value=True),
        "preferences.union.weights.wage",
        "expected a number, got true/false",
    ),
    (
        "nan weight",
        setter("preferences", "union", "weights", "wage", value=float("nan")),
        "preferences.union.weights.wage",
        "must be a finite number",
    ),
    (
        "empty value",
        setter("preferences", "union", "values", "pension", "frozen", value=None),
        "preferences.union.values.pension.frozen",
        "expected a number, got nothing",
    ),
    ("parties not a list", setter("parties", value={"id": "a"}), "parties", "expected a list"),
    (
        "issue not a mapping",
        setter("issues", 0, value="pension"),
        "issues[0]",
        "expected a mapping",
    ),
    (
        "option is a list",
        setter("issues", 0, "options", 0, value=["a"]),
        "issues.pension.options[0]",
        "expected text, got a list",
    ),
    (
        "options missing value",
        setter("issues", 0, "options", 0, value=None),
        "issues.pension.options[0]",
        "expected text, got nothing",
    ),
    (
        "bad action",
        setter("history", 0, "action", value="dance"),
        "history[0].action",
        "must be one of 'propose', 'accept'",
    ),
    (
        "bad evidence",
        setter("issues", 0, "evidence", value=3),
        "issues.pension.evidence",
        "expected text, a {says, source} mapping or a list",
    ),
    (
        "evidence without says",
        setter("issues", 0, "evidence", value={"source": "report"}),
        "issues.pension.evidence[0].says",
        "required but missing",
    ),
    (
        "keys collide",
        setter("preferences", "union", "weights", value={1: 1, "1": 2}),
        "preferences.union.weights",
        "the keys 1 and '1' both mean '1'",
    ),
    # -- parties, mediators and ids
    ("no parties", setter("parties", value=[]), "parties", "at least one party is needed"),
    ("no issues", setter("issues", value=[]), "issues", "at least one issue is needed"),
    (
        "duplicate party",
        lambda d: d["parties"].append({"id": "union"}),
        "parties[2].id",
        "duplicate id 'union': already used by parties[0]",
    ),
    (
        "duplicate mediator",
        lambda d: d["mediators"].append({"id": "state"}),
        "mediators[1].id",
        "duplicate id 'state': already used by mediators[0]",
    ),
    (
        "mediator named like a party",
        lambda d: d["mediators"].append({"id": "union"}),
        "mediators[1].id",
        "already used by parties[0]",
    ),
    (
        "dotted party id",
        setter("parties", 0, "id", value="the.union"),
        "parties[0].id",
        "must not contain '.'",
    ),
    (
        "duplicate issue",
        lambda d: d["issues"].append({"id": "wage", "options": ["a"]}),
        "issues[4].id",
        "duplicate issue id 'wage'",
    ),
    (
        "duplicate option",
        add_issue({"options": ["a", "b", "a"]}),
        "issues.extra.options",
        "option 'a' is listed twice",
    ),
    (
        "duplicate option after coercion",
        add_issue({"options": [1, "1"]}),
        "issues.extra.options",
        "option '1' is listed twice",
    ),
    (
        "duplicate proposal",
        lambda d: d["proposals"].append(dict(d["proposals"][0])),
        "proposals[1].id",
        "duplicate proposal id 'framework'",
    ),
    (
        "duplicate source",
        lambda d: d["sources"].append({"id": "report", "title": "Other"}),
        "sources[2].id",
        "duplicate source id 'report'",
    ),
    (
        "duplicate slug",
        lambda d: d["sources"].append({"title": "Report!"}),
        "sources[2].id",
        "duplicate source id 'report' (made from the title)",
    ),
    (
        "source without id or title",
        lambda d: d["sources"].append({"says": "x"}),
        "sources[2]",
        "a source needs an id or a title",
    ),
    (
        "duplicate red line",
        add_red_line({"id": "no-freeze", "forbid": {"wage": [1]}}),
        "preferences.union.red_lines[2].id",
        "duplicate red line id 'no-freeze'",
    ),
    # -- issues
    (
        "options and range",
        add_issue({"options": ["a"], "range": {"min": 0, "max": 1, "step": 1}}),
        "issues.extra",
        "give exactly one of options",
    ),
    (
        "neither options nor range",
        add_issue({"name": "x"}),
        "issues.extra",
        "give exactly one of options",
    ),
    ("no options", add_issue({"options": []}), "issues.extra.options", "needs at least one option"),
    (
        "zero step",
        add_issue({"range": {"min": 0, "max": 1, "step": 0}}),
        "issues.extra.range.step",
        "must be positive, got 0",
    ),
    (
        "negative step",
        add_issue({"range": {"min": 0, "max": 1, "step": -0.5}}),
        "issues.extra.range.step",
        "must be positive, got -0.5",
    ),
    (
        "inverted range",
        add_issue({"range": {"min": 5, "max": 1, "step": 1}}),
        "issues.extra.range",
        "max 1 is below min 5",
    ),
    (
        "huge grid",
        add_issue({"range": {"min": 0, "max": 100, "step": 1e-5}}),
        "issues.extra.range",
        "the grid would have 10,000,001 options; at most 10,000,000",
    ),
    (
        "infinite grid",
        add_issue({"range": {"min": -1e308, "max": 1e308, "step": 1e-308}}),
        "issues.extra.range",
        "the grid would have too many options",
    ),
    (
        "grids too large together",
        add_issue({"range": {"min": 0, "max": 9_999_990, "step": 1}}),
        "issues.extra.range",
        "the numeric grids together would have 10,000,008 options; at most 10,000,000",
    ),
    (
        "coinciding grid points",
        add_issue({"range": {"min": 1e20, "max": 1e20 + 1e6, "step": 1}}),
        "issues.extra.range.step",
        "grid points would coincide",
    ),
    (
        "missing step",
        add_issue({"range": {"min": 0, "max": 1}}),
        "issues.extra.range.step",
        "required but missing",
    ),
    # -- preferences
    (
        "preferences of unknown party",
        setter("preferences", "unoin", value={"values": {"wage": {0: 1}}}),
        "preferences.unoin",
        "unknown party or mediator 'unoin' (did you mean 'union'?)",
    ),
    (
        "red lines of a mediator",
        setter(
            "preferences",
            "state",
            value={"values": {"wage": {0: 1}}, "red_lines": [{"id": "x", "forbid": {"term": [1]}}]},
        ),
        "preferences.state.red_lines",
        "'state' is a mediator: its preferences only tilt the texts it drafts, "
        "so it has no red lines",
    ),
    (
        "reservation of a mediator",
        setter("preferences", "state", value={"values": {"wage": {0: 1}}, "reservation": 0.2}),
        "preferences.state.reservation",
        "it has no reservation",
    ),
    (
        "bad values of a mediator",
        setter("preferences", "state", value={"values": {"wage": {0: 2}}}),
        "preferences.state.values.wage.0",
        "must be between 0 and 1, got 2",
    ),
    (
        "party without preferences",
        deleter("preferences", "management"),
        "preferences.management",
        "every party needs an entry",
    ),
    (
        "reservation above 1",
        setter("preferences", "union", "reservation", value=1.5),
        "preferences.union.reservation",
        "must be between 0 and 1, got 1.5",
    ),
    (
        "negative reservation",
        setter("preferences", "union", "reservation", value=-0.1),
        "preferences.union.reservation",
        "must be between 0 and 1, got -0.1",
    ),
    (
        "negative weight",
        setter("preferences", "union", "weights", "wage", value=-4),
        "preferences.union.weights.wage",
        "must not be negative, got -4",
    ),
    (
        "all-zero weights",
        setter("preferences", "union", "weights", value={"wage": 0, "pension": 0}),
        "preferences.union.weights",
        "all weights are zero",
    ),
    (
        "empty weights",
        setter("preferences", "union", "weights", value={}),
        "preferences.union.weights",
        "is empty",
    ),
    (
        "weight of unknown issue",
        setter("preferences", "union", "weights", "wages", value=1),
        "preferences.union.weights.wages",
        "unknown issue 'wages' (did you mean 'wage'?)",
    ),
    (
        "no weights and no values",
        setter("preferences", "union", value={"reservation": 0.1}),
        "preferences.union",
        "give weights and values",
    ),
    (
        "weighted issue without values",
        deleter("preferences", "union", "values", "term"),
        "preferences.union.values",
        "no values for issue 'term'",
    ),
    (
        "values of unknown issue",
        setter("preferences", "union", "values", "salary", value={0: 1}),
        "preferences.union.values.salary",
        "unknown issue 'salary'",
    ),
    (
        "value above 1",
        setter("preferences", "union", "values", "pension", "frozen", value=2),
        "preferences.union.values.pension.frozen",
        "must be between 0 and 1, got 2",
    ),
    (
        "negative value",
        setter("preferences", "union", "values", "wage", 3, value=-0.2),
        "preferences.union.values.wage.3",
        "must be between 0 and 1, got -0.2",
    ),
    (
        "missing option value",
        deleter("preferences", "union", "values", "pension", "frozen"),
        "preferences.union.values.pension",
        "no value for frozen",
    ),
    (
        "unknown option value",
        setter("preferences", "union", "values", "pension", "froze", value=0),
        "preferences.union.values.pension.froze",
        "unknown option of issue 'pension': 'froze' (did you mean 'frozen'?)",
    ),
    (
        "empty value table",
        setter("preferences", "union", "values", "wage", value={}),
        "preferences.union.values.wage",
        "lists no values",
    ),
    (
        "text anchor",
        setter("preferences", "union", "values", "wage", "high", value=1),
        "preferences.union.values.wage.high",
        "value keys must be numbers",
    ),
    (
        "anchor given twice",
        setter("preferences", "union", "values", "wage", value={"3": 0.5, 3.0: 0.6}),
        "preferences.union.values.wage",
        "the point 3 is given twice",
    ),
    (
        "too many constraints",
        lambda d: union(d)["red_lines"].extend(
            {"id": f"r{i}", "forbid": {"wage": [8]}} for i in range(61)
        ),
        "preferences",
        "too many constraints: 65 red lines and 2 reservation values make 67; at most 64",
    ),
    # -- red lines and conditions
    (
        "red line without rule",
        add_red_line({"text": "x"}),
        "preferences.union.red_lines.extra",
        "give one of require, forbid, or if + then",
    ),
    (
        "two rules",
        add_red_line({"require": {"wage": [1]}, "forbid": {"wage": [2]}}),
        "preferences.union.red_lines.extra",
        "give only one of require, forbid",
    ),
    (
        "if without then",
        add_red_line({"if": {"wage": [1]}}),
        "preferences.union.red_lines.extra",
        "'if' needs a 'then'",
    ),
    (
        "then without if",
        add_red_line({"then": {"wage": [1]}}),
        "preferences.union.red_lines.extra",
        "'then' needs an 'if'",
    ),
    (
        "reserved red line id",
        add_red_line({"id": "reservation", "forbid": {"wage": [1]}}),
        "preferences.union.red_lines.reservation.id",
        "choose another id",
    ),
    (
        "empty condition",
        add_red_line({"forbid": {}}),
        "preferences.union.red_lines.extra.forbid",
        "must name at least one issue",
    ),
    (
        "unknown issue in condition",
        add_red_line({"forbid": {"pensoin": ["frozen"]}}),
        "preferences.union.red_lines.extra.forbid.pensoin",
        "unknown issue 'pensoin' (did you mean 'pension'?)",
    ),
    (
        "unknown option in condition",
        add_red_line({"if": {"pension": ["frozen"]}, "then": {"term": [4]}}),
        "preferences.union.red_lines.extra.then.term",
        "unknown option of issue 'term': '4'",
    ),
    (
        "empty option list",
        add_red_line({"forbid": {"pension": []}}),
        "preferences.union.red_lines.extra.forbid.pension",
        "lists no options",
    ),
    (
        "single option not in a list",
        add_red_line({"forbid": {"pension": "frozen"}}),
        "preferences.union.red_lines.extra.forbid.pension",
        "expected a list of options or a range {min, max}, got text 'frozen'",
    ),
    (
        "range on discrete issue",
        add_red_line({"forbid": {"pension": {"min": 1}}}),
        "preferences.union.red_lines.extra.forbid.pension",
        "only applies to numeric issues",
    ),
    (
        "range selects nothing",
        add_red_line({"forbid": {"wage": {"min": 8.1}}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "the range selects no value of issue 'wage' (17 values from 0 to 8)",
    ),
    (
        "range between grid points",
        add_red_line({"forbid": {"wage": {"min": 2.1, "max": 2.4}}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "the range selects no value",
    ),
    (
        "inverted condition range",
        add_red_line({"forbid": {"wage": {"min": 5, "max": 2}}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "max 2 is below min 5",
    ),
    (
        "range without bounds",
        add_red_line({"forbid": {"wage": {}}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "a range needs min, max or both",
    ),
    (
        "range typo",
        add_red_line({"forbid": {"wage": {"maximum": 3}}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "unknown key 'maximum' in a range",
    ),
    (
        "range bound not a number",
        add_red_line({"forbid": {"wage": {"max": "3"}}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "max must be a number, got text '3'",
    ),
    (
        "value off the grid",
        add_red_line({"forbid": {"wage": [2.25]}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "2.25 is not on the grid of issue 'wage'",
    ),
    (
        "text on a numeric issue",
        add_red_line({"forbid": {"wage": ["high"]}}),
        "preferences.union.red_lines.extra.forbid.wage",
        "issue 'wage' is numeric: expected a number, got 'high'",
    ),
    (
        "missing option in condition list",
        add_red_line({"forbid": {"pension": [None]}}),
        "preferences.union.red_lines.extra.forbid.pension",
        "item 0: expected an option (text or a number), got nothing",
    ),
    # -- evidence
    (
        "evidence names unknown source",
        setter("preferences", "union", "red_lines", 0, "evidence", "source", value="reprot"),
        "preferences.union.red_lines.no-freeze.evidence[0].source",
        "unknown source 'reprot' (did you mean 'report'?)",
    ),
    # -- proposals and history
    (
        "proposal by nobody",
        setter("proposals", 0, "by", value=[]),
        "proposals.framework.by",
        "must name at least one party or mediator",
    ),
    (
        "proposal by unknown actor",
        setter("proposals", 0, "by", value=["stat"]),
        "proposals.framework.by",
        "unknown party or mediator 'stat' (did you mean 'state'?)",
    ),
    (
        "proposal missing an issue",
        deleter("proposals", 0, "outcome", "term"),
        "proposals.framework.outcome",
        "gives no option for term; a proposal must settle every issue",
    ),
    (
        "proposal with unknown issue",
        setter("proposals", 0, "outcome", "bonus", value=1),
        "proposals.framework.outcome.bonus",
        "unknown issue 'bonus'",
    ),
    (
        "proposal with unknown option",
        setter("proposals", 0, "outcome", "night", value="maybe"),
        "proposals.framework.outcome.night",
        "unknown option of issue 'night': 'maybe'",
    ),
    (
        "proposal off the grid",
        setter("proposals", 0, "outcome", "wage", value=2.6),
        "proposals.framework.outcome.wage",
        "2.6 is not on the grid",
    ),
    (
        "proposal with a list",
        setter("proposals", 0, "outcome", "wage", value=[2.5]),
        "proposals.framework.outcome.wage",
        "expected an option (text or a number), got a list",
    ),
    (
        "history by unknown actor",
        setter("history", 0, "actor", value="nobody"),
        "history[0].actor",
        "unknown party or mediator 'nobody'",
    ),
    (
        "history with unknown proposal",
        setter("history", 1, "proposal", value="frame"),
        "history[1].proposal",
        "unknown proposal 'frame' (did you mean 'framework'?)",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "field", "problem"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_field(plant_data: Data, mutate: Mutation, field: str, problem: str) -> None:
    mutate(plant_data)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(plant_data, source="plant.yaml")
    err = info.value
    text = str(err)
    assert text.startswith("plant.yaml: ")
    assert "\n" not in text
    assert (field, problem) in [(f, p[: len(problem)]) for f, p in err.problems] or any(
        f == field and problem in p for f, p in err.problems
    ), text
    assert f"{field}: " in text
    assert problem in text


def test_file_error_names_file_field_and_problem(plant_data: Data, tmp_path: Path) -> None:
    union(plant_data)["weights"]["wage"] = -3
    path = tmp_path / "plant.yaml"
    path.write_text(yaml.safe_dump(plant_data), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (
        f"{path}: preferences.union.weights.wage: must not be negative, got -3"
    )


def test_unknown_key_in_evidence_source_allowed_without_sources(plant_data: Data) -> None:
    del plant_data["sources"]
    union(plant_data)["red_lines"][0]["evidence"]["source"] = "anything"
    assert parse_scenario(plant_data, "<api>").preferences["union"].red_lines[0].evidence


def test_duplicate_ids_use_position_in_path(plant_data: Data) -> None:
    plant_data["parties"].append({"id": "union"})
    with pytest.raises(ScenarioError) as info:
        parse_scenario(plant_data, "<api>")
    assert info.value.field == "parties[2].id"
