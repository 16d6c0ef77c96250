"""The converter's state and core checks: ids, issues, grids, conditions and evidence.

The models in :mod:`accord.io.scenario.schema` guarantee the shape of the data;
a :class:`Converter` checks everything that needs more than one field to judge:
that ids are unique and every reference names something that exists, that
numbers are in range and that grids are usable. All problems found are
collected and reported together. :mod:`accord.io.scenario.convert` drives it;
preferences are read by :mod:`accord.io.scenario.preferences`, and sources,
proposals and history by :mod:`accord.io.scenario.talks`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from accord.io.errors import Problem, ScenarioError, brief, unknown
from accord.io.limits import GRID_TOLERANCE, MAX_CONSTRAINTS, MAX_GRID_OPTIONS
from accord.io.scenario.numbers import as_number, fmt_number
from accord.io.scenario.schema import (
    ActorModel,
    Bounds,
    ConditionEntry,
    EvidenceItem,
    IssueModel,
    PreferencesModel,
    ScalarValue,
    to_label,
)
from accord.model.issues import Issue, numeric_grid
from accord.model.preferences import Condition, Evidence
from accord.model.scenario import Actor


def _grid_text(issue: Issue) -> str:
    first, last = float(issue.options[0]), float(issue.options[-1])
    return f"{issue.size:,} values from {fmt_number(first)} to {fmt_number(last)}"


class Converter:
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

    # -- actors ------------------------------------------------------------

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
            build_evidence(self, item.evidence, f"issues.{item.id}.evidence")
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
            self.fail(f"{path}.range.step", f"must be positive, got {fmt_number(step)}")
            return None
        if high < low:
            self.fail(f"{path}.range", f"max {fmt_number(high)} is below min {fmt_number(low)}")
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
                f"{fmt_number(step)} is too small for numbers of this size: "
                "grid points would coincide",
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
                    f"{fmt_number(number)} is not on the grid of issue {issue.id!r} "
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

    # -- conditions ------------------------------------------------------------

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

    def actor_ids(self) -> list[str]:
        return self.party_ids + self.mediator_ids

    def count_constraints(self, raw: Mapping[str, PreferencesModel]) -> None:
        """Fail if the parties' red lines and reservations exceed :data:`MAX_CONSTRAINTS`."""
        n_red_lines = sum(len(raw[p].red_lines) for p in self.party_ids if p in raw)
        total = n_red_lines + len(self.party_ids)
        if total > MAX_CONSTRAINTS:
            self.fail(
                "preferences",
                f"too many constraints: {n_red_lines} red lines and {len(self.party_ids)} "
                f"reservation values make {total}; at most {MAX_CONSTRAINTS} are supported",
            )


def build_evidence(
    conv: Converter, items: Iterable[EvidenceItem], path: str
) -> tuple[Evidence, ...]:
    """The evidence items, each source named by title or id resolved to its id."""
    out: list[Evidence] = []
    for position, item in enumerate(items):
        source = item.source
        if source is not None and conv.source_ids:
            resolved = conv.source_lookup.get(source)
            if resolved is None:
                conv.fail(
                    f"{path}[{position}].source",
                    unknown("source", source, conv.source_ids, "a source id or title"),
                )
            source = resolved
        out.append(Evidence(says=item.says, source=source))
    return tuple(out)
