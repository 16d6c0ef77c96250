"""Turn validated file-format models into :mod:`accord.model` objects.

The models in :mod:`accord.io.schema` guarantee the shape of the data; this
module checks everything that needs more than one field to judge: that ids are
unique and every reference names something that exists, that numbers are in
range, that grids are usable, and that every party's preferences are complete.
All problems found are collected and reported together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from accord.io.errors import Problem, ScenarioError, brief, names, unknown
from accord.io.schema import (
    ActorModel,
    Bounds,
    ConditionEntry,
    EvidenceItem,
    IssueModel,
    PreferencesModel,
    RectangleModel,
    RedLineModel,
    ScalarValue,
    ScenarioModel,
    to_label,
)
from accord.model.issues import Issue, Option, numeric_grid
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

MAX_GRID_OPTIONS = 10_000_000
"""A numeric issue may have at most this many grid points."""

MAX_CONSTRAINTS = 64
"""Red lines of all parties plus one reservation per party (bits of a ``uint64`` mask)."""

GRID_TOLERANCE = 1e-9
"""How close a number must be to a grid point to count as that point."""

WEIGHT_SUM_TOLERANCE = 1e-9
"""Weights whose sum is this close to 1 count as normalised already and are kept as written."""

MEDIATOR_REFUSED = ("reservation", "discount", "red_lines")
"""Preference keys that mean nothing for a mediator (it does not decide whether to settle)."""

RESERVED_RED_LINE_ID = "reservation"
"""A red line may not use this id: ``party.reservation`` names the reservation constraint."""


def convert(model: ScenarioModel, source: str) -> Scenario:
    """Build the :class:`Scenario` described by ``model`` or raise :class:`ScenarioError`."""
    return _Converter(source).scenario(model)


def slug(title: str) -> str:
    """A source id made from its title: lower case, runs of other characters as ``-``."""
    return re.sub(r"[\W_]+", "-", title.casefold()).strip("-")[:60].strip("-")


def as_number(value: object) -> float | None:
    """A finite number written as a number or as text (``"2.5"``); ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    number: float
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def normalise_weights(weights: Mapping[str, float], order: Iterable[str]) -> dict[str, float]:
    """Positive ``weights`` divided by their sum, keyed in ``order`` (zeros dropped).

    Weights that already sum to 1 (within :data:`WEIGHT_SUM_TOLERANCE`) are kept
    as they are, so normalising is idempotent: normalised weights written out
    read back bit for bit.
    """
    positive = {i: w for i, w in weights.items() if w > 0}
    if not positive:
        return {}
    top = max(positive.values())
    if top > 1.0 or abs(math.fsum(positive.values()) - 1.0) > WEIGHT_SUM_TOLERANCE:
        # Scale by the largest weight first so that huge weights cannot overflow.
        scaled = {i: w / top for i, w in positive.items()}
        total = sum(scaled.values())
        positive = {i: w / total for i, w in scaled.items()}
    return {i: positive[i] for i in order if positive.get(i, 0.0) > 0}


def _fmt(number: float) -> str:
    return f"{number:g}"


def _grid_text(issue: Issue) -> str:
    first, last = float(issue.options[0]), float(issue.options[-1])
    return f"{issue.size:,} values from {_fmt(first)} to {_fmt(last)}"


def _unit_interval(value: float) -> bool:
    return 0.0 <= value <= 1.0


class _Converter:
    """Holds what is known so far and the problems found on the way."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.issues: dict[str, Issue] = {}
        self.party_ids: list[str] = []
        self.mediator_ids: list[str] = []
        self.source_ids: list[str] = []
        self.source_lookup: dict[str, str] = {}
        self.proposal_ids: list[str] = []
        self.grid_points = 0
        """Options of the numeric grids built so far (bounded in total, not just per issue)."""

    # -- bookkeeping -------------------------------------------------------

    def fail(self, field: str, problem: str) -> None:
        self.problems.append((field, problem))

    def check(self) -> None:
        if self.problems:
            raise ScenarioError.from_problems(self.source, self.problems)

    # -- the whole scenario ------------------------------------------------

    def scenario(self, model: ScenarioModel) -> Scenario:
        sources = self.sources(model)
        parties = self.actors(model.parties, "parties", {})
        taken: dict[str, str] = {}
        for position, party in enumerate(model.parties):
            taken.setdefault(party.id, f"parties[{position}]")
        mediators = self.actors(model.mediators, "mediators", taken)
        self.party_ids = [a.id for a in parties]
        self.mediator_ids = [a.id for a in mediators]
        issues = self.all_issues(model.issues)
        if not model.parties:
            self.fail("parties", "at least one party is needed")
        self.check()

        preferences = self.all_preferences(model.preferences)
        mediator_preferences = self.mediator_preferences(model.preferences)
        proposals = self.proposals(model)
        history = self.history(model)
        self.check()
        return Scenario(
            name=model.name,
            parties=parties,
            issues=issues,
            preferences=preferences,
            mediators=mediators,
            description=model.description,
            sources=sources,
            proposals=proposals,
            history=history,
            mediator_preferences=mediator_preferences,
        )

    # -- sources and actors ------------------------------------------------

    def sources(self, model: ScenarioModel) -> tuple[Source, ...]:
        out: list[Source] = []
        for position, item in enumerate(model.sources):
            path = f"sources[{position}]"
            made = item.id is None
            if item.id is not None:
                ident = item.id
            elif not item.title:
                self.fail(path, "a source needs an id or a title")
                continue
            else:
                ident = slug(item.title)
                if not ident:
                    self.fail(f"{path}.title", "cannot make an id from this title; give an id")
                    continue
            if ident in self.source_lookup:
                how = " (made from the title)" if made else ""
                self.fail(f"{path}.id", f"duplicate source id {ident!r}{how}")
                continue
            title = item.title if item.title else ident
            out.append(Source(id=ident, title=title, says=item.says, url=item.url))
            self.source_lookup[ident] = ident
        for src in out:
            self.source_lookup.setdefault(src.title, src.id)
        self.source_ids = [s.id for s in out]
        return tuple(out)

    def actors(
        self, items: Sequence[ActorModel], where: str, taken: dict[str, str]
    ) -> tuple[Actor, ...]:
        out: list[Actor] = []
        seen = dict(taken)
        for position, item in enumerate(items):
            path = f"{where}[{position}].id"
            if item.id in seen:
                self.fail(path, f"duplicate id {item.id!r}: already used by {seen[item.id]}")
                continue
            if where == "parties" and "." in item.id:
                self.fail(
                    path,
                    f"party id {item.id!r} must not contain '.' "
                    "(constraints are named party.redline_id)",
                )
                continue
            seen[item.id] = f"{where}[{position}]"
            name = item.name if item.name else item.id
            out.append(Actor(id=item.id, name=name, description=item.description))
        return tuple(out)

    # -- issues --------------------------------------------------------------

    def all_issues(self, items: Sequence[IssueModel]) -> tuple[Issue, ...]:
        if not items:
            self.fail("issues", "at least one issue is needed")
        out: list[Issue] = []
        for position, item in enumerate(items):
            if item.id in self.issues:
                self.fail(f"issues[{position}].id", f"duplicate issue id {item.id!r}")
                continue
            issue = self.issue(item)
            self.evidence(item.evidence, f"issues.{item.id}.evidence")
            if issue is not None:
                self.issues[issue.id] = issue
                out.append(issue)
        return tuple(out)

    def issue(self, item: IssueModel) -> Issue | None:
        path = f"issues.{item.id}"
        name = item.name if item.name else item.id
        if (item.options is None) == (item.range is None):
            self.fail(path, "give exactly one of options (named choices) or range (a numeric grid)")
            return None
        if item.options is not None:
            if not item.options:
                self.fail(f"{path}.options", "needs at least one option")
                return None
            seen: set[str] = set()
            for option in item.options:
                if option in seen:
                    self.fail(f"{path}.options", f"option {option!r} is listed twice")
                    return None
                seen.add(option)
            return Issue(id=item.id, name=name, options=tuple(item.options), numeric=False)
        assert item.range is not None
        low, high, step = item.range.min, item.range.max, item.range.step
        if step <= 0:
            self.fail(f"{path}.range.step", f"must be positive, got {_fmt(step)}")
            return None
        if high < low:
            self.fail(f"{path}.range", f"max {_fmt(high)} is below min {_fmt(low)}")
            return None
        steps = (high - low) / step
        count = math.floor(steps + 1e-9) + 1 if math.isfinite(steps) else None
        if count is None or count > MAX_GRID_OPTIONS:
            size = "too many " if count is None else f"{count:,} "
            self.fail(
                f"{path}.range",
                f"the grid would have {size}options; at most {MAX_GRID_OPTIONS:,} are supported",
            )
            return None
        if self.grid_points + count > MAX_GRID_OPTIONS:
            self.fail(
                f"{path}.range",
                f"the numeric grids together would have {self.grid_points + count:,} options; "
                f"at most {MAX_GRID_OPTIONS:,} are supported",
            )
            return None
        self.grid_points += count
        grid = numeric_grid(low, high, step)
        if len(grid) > 1 and float(np.min(np.diff(grid))) <= 2 * GRID_TOLERANCE:
            self.fail(
                f"{path}.range.step",
                f"{_fmt(step)} is too small for numbers of this size: grid points would coincide",
            )
            return None
        return Issue(id=item.id, name=name, options=grid, numeric=True)

    def option_index(self, issue: Issue, value: ScalarValue, path: str) -> int | None:
        """Index of ``value`` among the options of ``issue`` (``None`` after a failure)."""
        if issue.numeric:
            number = as_number(value)
            if number is None:
                self.fail(
                    path, f"issue {issue.id!r} is numeric: expected a number, got {brief(value)}"
                )
                return None
            try:
                return issue.index(number)
            except ValueError:
                self.fail(
                    path,
                    f"{_fmt(number)} is not on the grid of issue {issue.id!r} "
                    f"({_grid_text(issue)})",
                )
                return None
        label = to_label(value)
        if not isinstance(label, str) or label not in issue.options:
            options = [str(o) for o in issue.options]
            self.fail(path, unknown(f"option of issue {issue.id!r}:", str(label), options))
            return None
        return issue.options.index(label)

    def known_issue(self, issue_id: str, path: str) -> Issue | None:
        issue = self.issues.get(issue_id)
        if issue is None:
            self.fail(path, unknown("issue", issue_id, list(self.issues)))
        return issue

    # -- conditions and evidence ---------------------------------------------

    def condition(self, raw: Mapping[str, ConditionEntry], path: str) -> Condition | None:
        if not raw:
            self.fail(path, "must name at least one issue")
            return None
        allowed: dict[str, frozenset[int]] = {}
        ok = True
        for issue_id, entry in raw.items():
            entry_path = f"{path}.{issue_id}"
            issue = self.known_issue(issue_id, entry_path)
            if issue is None:
                ok = False
                continue
            indices = self.condition_entry(issue, entry, entry_path)
            if indices is None:
                ok = False
                continue
            allowed[issue_id] = indices
        return Condition(allowed) if ok else None

    def condition_entry(
        self, issue: Issue, entry: ConditionEntry, path: str
    ) -> frozenset[int] | None:
        if isinstance(entry, Bounds):
            if not issue.numeric:
                self.fail(
                    path,
                    f"a {{min, max}} range only applies to numeric issues; "
                    f"list the options of {issue.id!r} instead",
                )
                return None
            grid = np.asarray(issue.options, dtype=float)
            low = -math.inf if entry.low is None else entry.low
            high = math.inf if entry.high is None else entry.high
            inside = (grid >= low - GRID_TOLERANCE) & (grid <= high + GRID_TOLERANCE)
            picked = frozenset(int(i) for i in np.flatnonzero(inside))
            if not picked:
                self.fail(
                    path,
                    f"the range selects no value of issue {issue.id!r} ({_grid_text(issue)})",
                )
                return None
            return picked
        if not entry:
            self.fail(path, "lists no options, so the condition could never hold")
            return None
        indices: set[int] = set()
        for value in entry:
            index = self.option_index(issue, value, path)
            if index is None:
                return None
            indices.add(index)
        return frozenset(indices)

    def evidence(self, items: Iterable[EvidenceItem], path: str) -> tuple[Evidence, ...]:
        out: list[Evidence] = []
        for position, item in enumerate(items):
            source = item.source
            if source is not None and self.source_ids:
                resolved = self.source_lookup.get(source)
                if resolved is None:
                    self.fail(
                        f"{path}[{position}].source",
                        unknown("source", source, self.source_ids, "a source id or title"),
                    )
                source = resolved
            out.append(Evidence(says=item.says, source=source))
        return tuple(out)

    # -- preferences -----------------------------------------------------------

    def all_preferences(self, raw: Mapping[str, PreferencesModel]) -> dict[str, Preferences]:
        for key in raw:
            if key not in self.party_ids and key not in self.mediator_ids:
                actors = self.party_ids + self.mediator_ids
                self.fail(f"preferences.{key}", unknown("party or mediator", key, actors))
        out: dict[str, Preferences] = {}
        n_red_lines = 0
        for party_id in self.party_ids:
            if party_id not in raw:
                self.fail(
                    f"preferences.{party_id}",
                    "required but missing: every party needs an entry under preferences",
                )
                continue
            n_red_lines += len(raw[party_id].red_lines)
            prefs = self.preferences(party_id, raw[party_id])
            if prefs is not None:
                out[party_id] = prefs
        total = n_red_lines + len(self.party_ids)
        if total > MAX_CONSTRAINTS:
            self.fail(
                "preferences",
                f"too many constraints: {n_red_lines} red lines and {len(self.party_ids)} "
                f"reservation values make {total}; at most {MAX_CONSTRAINTS} are supported",
            )
        return out

    def mediator_preferences(self, raw: Mapping[str, PreferencesModel]) -> dict[str, Preferences]:
        """Preferences of the mediators that have them: weights, values and rectangles only.

        A mediator does not decide whether to settle, so red lines, a
        reservation value and a discount factor mean nothing for it and are refused.
        """
        out: dict[str, Preferences] = {}
        for mediator_id in self.mediator_ids:
            if mediator_id not in raw:
                continue
            entry = raw[mediator_id]
            path = f"preferences.{mediator_id}"
            refused = [key for key in MEDIATOR_REFUSED if key in entry.model_fields_set]
            for key in refused:
                self.fail(
                    f"{path}.{key}",
                    f"{mediator_id!r} is a mediator: its preferences only tilt the texts it "
                    f"drafts, so it has no {key.replace('_', ' ')}",
                )
            prefs = None if refused else self.preferences(mediator_id, entry)
            if prefs is not None:
                out[mediator_id] = prefs
        return out

    def preferences(self, party_id: str, raw: PreferencesModel) -> Preferences | None:
        path = f"preferences.{party_id}"
        failures = len(self.problems)
        # Additive utility lies in [0, 1]; with rectangles the utility of a package
        # may be any number, and so may the reservation value it is compared with.
        if not raw.rectangles and not _unit_interval(raw.reservation):
            self.fail(
                f"{path}.reservation", f"must be between 0 and 1, got {_fmt(raw.reservation)}"
            )
        if not 0.0 < raw.discount <= 1.0:
            self.fail(
                f"{path}.discount",
                f"must be above 0 and at most 1 (1 = no discounting), got {_fmt(raw.discount)}",
            )
        weights = self.weights(raw, path)
        values = self.values(raw, weights, path)
        for issue_id in weights:
            if issue_id not in raw.values:
                self.fail(
                    f"{path}.values",
                    f"no values for issue {issue_id!r}, which has a weight above zero",
                )
        rectangles = self.rectangles(raw.rectangles, path)
        red_lines = self.red_lines(raw.red_lines, path)
        evidence = self.evidence(raw.evidence, f"{path}.evidence")
        if len(self.problems) > failures:
            return None
        return Preferences(
            weights=weights,
            values=values,
            reservation=raw.reservation,
            red_lines=red_lines,
            evidence=evidence,
            rectangles=rectangles,
            discount=raw.discount,
        )

    def rectangles(self, items: Sequence[RectangleModel], path: str) -> tuple[Rectangle, ...]:
        out: list[Rectangle] = []
        for position, item in enumerate(items):
            condition = self.condition(item.where, f"{path}.rectangles[{position}].where")
            if condition is not None:
                out.append(Rectangle(condition, item.utility))
        return tuple(out)

    def weights(self, raw: PreferencesModel, path: str) -> dict[str, float]:
        """Normalised weights of the issues that carry weight, in issue order."""
        if raw.weights is None:
            if not raw.values:
                if not raw.rectangles:  # a purely constraint-based party has no weights
                    self.fail(
                        path,
                        "give weights and values (with values alone, every valued issue "
                        "weighs the same), or rectangles",
                    )
                return {}
            given = {issue_id: 1.0 for issue_id in raw.values if issue_id in self.issues}
        else:
            given = {}
            for issue_id, weight in raw.weights.items():
                field = f"{path}.weights.{issue_id}"
                if self.known_issue(issue_id, field) is None:
                    continue
                if weight < 0:
                    self.fail(field, f"must not be negative, got {_fmt(weight)}")
                    continue
                given[issue_id] = weight
            if not raw.weights:
                self.fail(f"{path}.weights", "is empty; give at least one issue a weight")
                return {}
        positive = {i: w for i, w in given.items() if w > 0}
        if given and not positive:
            self.fail(
                f"{path}.weights", "all weights are zero; at least one issue must carry weight"
            )
            return {}
        return normalise_weights(positive, self.issues)

    def values(
        self, raw: PreferencesModel, weights: Mapping[str, float], path: str
    ) -> dict[str, ValueFunction]:
        out: dict[str, ValueFunction] = {}
        for issue_id, table in raw.values.items():
            field = f"{path}.values.{issue_id}"
            issue = self.known_issue(issue_id, field)
            if issue is None:
                continue
            if not table:
                self.fail(field, "lists no values")
                continue
            bad = False
            for key, value in table.items():
                if not _unit_interval(value):
                    self.fail(
                        f"{field}.{to_label(key)}", f"must be between 0 and 1, got {_fmt(value)}"
                    )
                    bad = True
            if bad:
                continue
            if issue.numeric:
                anchors = self.anchors(table, field)
                if anchors is not None:
                    out[issue_id] = PiecewiseLinear(anchors)
            else:
                discrete = self.discrete_values(issue, table, field, weights.get(issue_id, 0.0))
                if discrete is not None:
                    out[issue_id] = discrete
        return {i: out[i] for i in self.issues if i in out}

    def anchors(
        self, table: Mapping[ScalarValue, float], field: str
    ) -> tuple[tuple[float, float], ...] | None:
        points: dict[float, float] = {}
        for key, value in table.items():
            x = as_number(key)
            if x is None:
                self.fail(
                    f"{field}.{to_label(key)}",
                    f"this issue is numeric: value keys must be numbers, got {brief(key)}",
                )
                return None
            if x in points:
                self.fail(field, f"the point {_fmt(x)} is given twice")
                return None
            points[x] = value
        return tuple(sorted(points.items()))

    def discrete_values(
        self, issue: Issue, table: Mapping[ScalarValue, float], field: str, weight: float
    ) -> DiscreteValues | None:
        by_label: dict[str, float] = {}
        options = [str(o) for o in issue.options]
        for key, value in table.items():
            label = to_label(key)
            if not isinstance(label, str) or label not in options:
                self.fail(
                    f"{field}.{label}",
                    unknown(f"option of issue {issue.id!r}:", str(label), options),
                )
                return None
            by_label[label] = value
        missing = [o for o in options if o not in by_label]
        if missing:
            if weight > 0:
                self.fail(
                    field,
                    f"no value for {names(missing)}; every option of a weighted issue needs one",
                )
            return None
        return DiscreteValues({o: by_label[str(o)] for o in issue.options})

    # -- red lines -----------------------------------------------------------

    def red_lines(self, items: Sequence[RedLineModel], path: str) -> tuple[RedLine, ...]:
        out: list[RedLine] = []
        seen: set[str] = set()
        for position, item in enumerate(items):
            if item.id in seen:
                self.fail(
                    f"{path}.red_lines[{position}].id",
                    f"duplicate red line id {item.id!r} (ids must be unique within a party)",
                )
                continue
            seen.add(item.id)
            line = self.red_line(item, f"{path}.red_lines.{item.id}")
            if line is not None:
                out.append(line)
        return tuple(out)

    def red_line(self, item: RedLineModel, path: str) -> RedLine | None:
        if item.id == RESERVED_RED_LINE_ID:
            self.fail(
                f"{path}.id",
                f"{RESERVED_RED_LINE_ID!r} names the party's reservation constraint; "
                "choose another id",
            )
            return None
        evidence = self.evidence(item.evidence, f"{path}.evidence")
        conditional = item.if_ is not None or item.then is not None
        chosen = [item.require is not None, item.forbid is not None, conditional]
        if sum(chosen) != 1:
            verb = "give" if sum(chosen) == 0 else "give only"
            self.fail(path, f"{verb} one of require, forbid, or if + then")
            return None
        if conditional:
            if item.if_ is None:
                self.fail(path, "'then' needs an 'if'")
                return None
            if item.then is None:
                self.fail(path, "'if' needs a 'then'")
                return None
            first = self.condition(item.if_, f"{path}.if")
            then = self.condition(item.then, f"{path}.then")
            if first is None or then is None:
                return None
            return RedLine(item.id, RuleKind.IMPLIES, first, then, item.text, evidence)
        kind, raw, key = (
            (RuleKind.REQUIRE, item.require, "require")
            if item.require is not None
            else (RuleKind.FORBID, item.forbid, "forbid")
        )
        assert raw is not None
        condition = self.condition(raw, f"{path}.{key}")
        if condition is None:
            return None
        return RedLine(item.id, kind, condition, None, item.text, evidence)

    # -- proposals and history -----------------------------------------------

    def actor_ids(self) -> list[str]:
        return self.party_ids + self.mediator_ids

    def proposals(self, model: ScenarioModel) -> tuple[Proposal, ...]:
        out: list[Proposal] = []
        for position, item in enumerate(model.proposals):
            if item.id in self.proposal_ids:
                self.fail(f"proposals[{position}].id", f"duplicate proposal id {item.id!r}")
                continue
            self.proposal_ids.append(item.id)
            path = f"proposals.{item.id}"
            by: list[str] = []
            for actor in item.by:
                if actor not in self.actor_ids():
                    self.fail(f"{path}.by", unknown("party or mediator", actor, self.actor_ids()))
                elif actor not in by:
                    by.append(actor)
            if not item.by:
                self.fail(f"{path}.by", "must name at least one party or mediator")
            outcome: dict[str, Option] = {}
            for issue_id, value in item.outcome.items():
                field = f"{path}.outcome.{issue_id}"
                issue = self.known_issue(issue_id, field)
                if issue is None:
                    continue
                index = self.option_index(issue, value, field)
                if index is not None:
                    outcome[issue_id] = issue.options[index]
            missing = [i for i in self.issues if i not in item.outcome]
            if missing:
                self.fail(
                    f"{path}.outcome",
                    f"gives no option for {names(missing)}; a proposal must settle every issue",
                )
            evidence = self.evidence(item.evidence, f"{path}.evidence")
            ordered = {i: outcome[i] for i in self.issues if i in outcome}
            out.append(Proposal(item.id, tuple(by), ordered, item.name, evidence))
        return tuple(out)

    def history(self, model: ScenarioModel) -> tuple[Event, ...]:
        out: list[Event] = []
        for position, item in enumerate(model.history):
            path = f"history[{position}]"
            if item.actor not in self.actor_ids():
                self.fail(
                    f"{path}.actor", unknown("party or mediator", item.actor, self.actor_ids())
                )
            if item.proposal is not None and item.proposal not in self.proposal_ids:
                self.fail(f"{path}.proposal", unknown("proposal", item.proposal, self.proposal_ids))
            evidence = self.evidence(item.evidence, f"{path}.evidence")
            out.append(Event(item.actor, item.action, item.proposal, evidence))
        return tuple(out)
