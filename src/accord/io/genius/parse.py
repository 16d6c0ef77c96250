"""Parsing GENIUS domain and utility-space XML into checked issues and profiles.

The semantics are those of GENIUS's ``genius.core`` sources (documented, with
the classes they come from, in ``docs/genius.md``). Everything is checked, and
anything Accord cannot represent exactly is refused with a
:class:`~accord.io.errors.ScenarioError` naming the file and the element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import isfinite
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree as ET

import numpy as np

from accord.io.errors import ScenarioError, brief
from accord.io.genius.files import slug, unique
from accord.model.issues import Issue, numeric_grid

MAX_OPTIONS = 100_000
"""Most options of one integer issue."""
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_KINDS = ("discrete", "integer", "real")


# --- The domain ----------------------------------------------------------------------


@dataclass(frozen=True)
class DomainIssue:
    """An issue of the domain file with what GENIUS needs to evaluate it."""

    number: int
    kind: str
    issue: Issue
    lower: float = 0.0


def _fail(source: str, field: str, problem: str) -> NoReturn:
    raise ScenarioError(source, field, problem)


def _number(source: str, field: str, element: ET.Element, attribute: str) -> float:
    text = element.get(attribute)
    if text is None:
        _fail(source, field, f"the {attribute!r} attribute is missing")
    if not _NUMBER.fullmatch(text.strip()):
        _fail(source, field, f"{attribute!r} must be a number, got {brief(text)}")
    value = float(text)
    if not isfinite(value):
        _fail(source, field, f"{attribute!r} is too large: {brief(text)}")
    return value


def _integer(source: str, field: str, element: ET.Element, attribute: str) -> int:
    text = element.get(attribute)
    if text is None:
        _fail(source, field, f"the {attribute!r} attribute is missing")
    if not _INTEGER.fullmatch(text.strip()):
        _fail(source, field, f"{attribute!r} must be a whole number, got {brief(text)}")
    return int(text)


def _kind(source: str, field: str, element: ET.Element) -> str:
    kind = (element.get("type") or "discrete").lower()
    if kind not in _KINDS:
        _fail(
            source, field, f"unknown issue type {brief(kind)}; GENIUS has discrete, integer, real"
        )
    return kind


def _issue_elements(objective: ET.Element) -> list[ET.Element]:
    """Issues in GENIUS's order: each objective's sub-objectives first, then its issues."""
    out: list[ET.Element] = []
    for child in objective.findall("objective"):
        out += _issue_elements(child)
    return out + objective.findall("issue")


def read_domain(path: Path, root: ET.Element, real_steps: int) -> list[DomainIssue]:
    """The issues of a domain file, in GENIUS's order."""
    source = str(path)
    space = root.find("utility_space")
    objective = space.find("objective") if space is not None else None
    if objective is None:
        _fail(source, "negotiation_template", "no utility_space/objective element")
    issues: list[DomainIssue] = []
    numbers: set[int] = set()
    raw = _issue_elements(objective)
    given = [e.get("id") or "" for e in raw]  # written by Accord; GENIUS ignores it
    if len(set(given)) != len(given) or not all(given) or any("." in i for i in given):
        given = [slug(e.get("name") or "") for e in raw]
    ids = unique(given, "issue")
    for element, ident in zip(raw, ids, strict=True):
        field = f"issue[{element.get('name') or element.get('index')}]"
        number = _integer(source, field, element, "index")
        if number in numbers:
            _fail(source, field, f"issue index {number} appears twice")
        numbers.add(number)
        name = element.get("name") or f"Issue {number}"
        kind = _kind(source, field, element)
        if kind == "discrete":
            labels = [item.get("value") for item in element.findall("item")]
            if not labels:
                _fail(source, field, "a discrete issue needs at least one item")
            if any(label is None for label in labels):
                _fail(source, field, "an item has no 'value' attribute")
            if len(set(labels)) != len(labels):
                _fail(source, field, "two items have the same value")
            issue = Issue(ident, name, tuple(str(label) for label in labels))
            issues.append(DomainIssue(number, kind, issue))
        elif kind == "integer":
            first = _integer(source, field, element, "lowerbound")
            last = _integer(source, field, element, "upperbound")
            if last < first or last - first >= MAX_OPTIONS:
                _fail(source, field, f"bounds {first}..{last}: need 1 to {MAX_OPTIONS:,} values")
            grid = numeric_grid(first, last, 1.0)
            issues.append(DomainIssue(number, kind, Issue(ident, name, grid, numeric=True), first))
        else:
            bounds = element.find("range")
            if bounds is None:
                _fail(source, field, "a real issue needs a <range lowerbound upperbound> element")
            low = _number(source, field, bounds, "lowerbound")
            high = _number(source, field, bounds, "upperbound")
            if low > high:
                _fail(source, field, f"bounds {low}..{high} are not an interval")
            grid = _real_grid(low, high, real_steps)
            issues.append(DomainIssue(number, kind, Issue(ident, name, grid, numeric=True), low))
    if not issues:
        _fail(source, "negotiation_template", "the domain has no issues")
    return issues


def _real_grid(low: float, high: float, steps: int) -> tuple[float, ...]:
    if high == low:
        return (low,)
    grid = numeric_grid(low, high, (high - low) / (steps - 1))
    if len(grid) != steps or abs(grid[-1] - high) > 1e-9 * max(1.0, abs(high)):
        grid = tuple(float(x) for x in np.linspace(low, high, steps))
    return grid


# --- Profiles -------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What one utility-space file says, before it becomes :class:`Preferences`."""

    evaluations: dict[int, tuple[float, np.ndarray]]
    """Per issue position: GENIUS's weight and each option's evaluation (additive profiles)."""
    rectangles: tuple[tuple[dict[int, tuple[int, int]], float], ...]
    """Boxes over option indices with their utility (non-linear profiles)."""
    reservation: float
    discount: float


def read_profile(path: Path, root: ET.Element, domain: list[DomainIssue]) -> Profile:
    """Weighted evaluations (or boxes), reservation value and discount factor of a profile."""
    source = str(path)
    kind = (root.get("type") or "linear").lower()
    reservation = _setting(source, root, "reservation", 0.0, kind == "linear")
    discount = _setting(source, root, "discount_factor", 1.0, kind == "linear")
    if not 0.0 < discount <= 1.0:
        discount = 1.0  # GENIUS: a factor outside (0, 1] means no discounting
    if kind == "linear":
        return Profile(_additive(source, root, domain), (), reservation, discount)
    if kind == "nonlinear":
        return Profile({}, _nonlinear(source, root, domain), reservation, discount)
    _fail(source, "utility_space", f"unsupported utility space type {brief(kind)}")


def _setting(source: str, root: ET.Element, tag: str, default: float, nested: bool) -> float:
    """A reservation value or discount factor (a linear space reads them at any depth, the
    last one found winning; a non-linear space only under the root)."""
    found = list(root.iter(tag)) if nested else root.findall(tag)[:1]
    return _number(source, tag, found[-1], "value") if found else default


def _additive(
    source: str, root: ET.Element, domain: list[DomainIssue]
) -> dict[int, tuple[float, np.ndarray]]:
    by_number = {d.number: (position, d) for position, d in enumerate(domain)}
    tables: dict[int, tuple[float, np.ndarray]] = {}

    def visit(element: ET.Element) -> None:
        weights: dict[int, float] = {}
        for w in element.findall("weight"):
            weights[_integer(source, "weight", w, "index")] = _number(source, "weight", w, "value")
        for issue in element.findall("issue"):
            field = f"issue[{issue.get('name') or issue.get('index')}]"
            number = _integer(source, field, issue, "index")
            if number not in by_number:
                _fail(source, field, f"issue index {number} is not in the domain")
            position, declared = by_number[number]
            if position in tables:
                _fail(source, field, f"issue index {number} appears twice")
            kind = _kind(source, field, issue)
            if kind != declared.kind:
                _fail(source, field, f"the domain says this issue is {declared.kind}, not {kind}")
            if number not in weights:
                _fail(source, field, "no <weight> for this issue next to it (GENIUS needs one)")
            if weights[number] < 0:
                _fail(source, f"weight[{number}]", "weights must not be negative")
            tables[position] = (weights[number], _evaluations(source, field, issue, declared))
        for child in element:
            if child.tag not in ("issue", "weight"):
                visit(child)

    visit(root)
    missing = [d.issue.name for position, d in enumerate(domain) if position not in tables]
    if missing:
        _fail(source, "utility_space", f"no evaluation for issue {', '.join(missing)}")
    return tables


def _evaluations(source: str, field: str, issue: ET.Element, declared: DomainIssue) -> np.ndarray:
    """GENIUS's evaluation of each option (before the issue weight)."""
    options = declared.issue.options
    if declared.kind == "discrete":
        given: dict[str, float] = {}
        for item in issue.findall("item"):
            label, text = item.get("value"), item.get("evaluation")
            if label is None or text is None or text == "null":
                _fail(source, field, f"item {brief(label)} needs a value and an evaluation")
            if label not in options:
                _fail(source, field, f"item {brief(label)} is not an option of the domain")
            if label in given:
                _fail(source, field, f"item {brief(label)} appears twice")
            given[label] = _number(source, f"{field}.item[{label}]", item, "evaluation")
        missing = [str(o) for o in options if o not in given]
        if missing:
            _fail(source, field, f"no evaluation for item {', '.join(missing)}")
        raw = np.array([given[str(o)] for o in options])
        if raw.min() < 0:
            _fail(source, field, "evaluations must not be negative (as EvaluatorDiscrete requires)")
        top = float(raw.max())
        return raw / top if top >= 1e-5 else np.zeros(raw.size)  # EvaluatorDiscrete.normalize
    x = np.asarray(options, dtype=float)
    evaluator = issue.find("evaluator")
    ftype = (evaluator.get("ftype") or "linear").lower() if evaluator is not None else None
    if declared.kind == "integer":
        if evaluator is None:
            return np.zeros(x.size)  # EvaluatorInteger: slope and offset stay 0
        if ftype != "linear":
            _fail(source, field, f"integer evaluator type {brief(ftype)} is not supported")
        start = declared.lower
        if issue.get("lowerbound") is not None:  # GENIUS takes the profile's own lower bound
            start = _integer(source, field, issue, "lowerbound")
        slope = _number(source, f"{field}.evaluator", evaluator, "slope")
        offset = _number(source, f"{field}.evaluator", evaluator, "offset")
        return np.clip(slope * (x - start) + offset, 0.0, 1.0)
    if evaluator is None or evaluator.get("ftype") is None:
        _fail(source, field, "a real issue needs an <evaluator> with an ftype")
    p = [evaluator.get(f"parameter{i}") for i in range(3)]
    at = f"{field}.evaluator"
    if ftype == "linear":
        slope, offset = (_number(source, at, evaluator, f"parameter{i}") for i in (1, 0))
        return np.clip(slope * x + offset, 0.0, 1.0)
    if ftype == "constant":
        constant = _number(source, at, evaluator, "parameter0")
        if not 0 <= constant <= 1:
            _fail(source, at, f"a constant evaluation must lie in [0, 1], got {constant}")
        return np.full(x.size, constant)
    if ftype == "triangular" and None not in p:
        low, high, top = (_number(source, at, evaluator, f"parameter{i}") for i in range(3))
        rise = (x - low) / (top - low if top != low else 1.0)
        fall = 1.0 - (x - top) / (high - top if high != top else 1.0)
        return np.select([x < low, x < top, x < high], [0.0 * x, rise, fall], 0.0)
    _fail(source, field, f"real evaluator type {brief(ftype)} is not supported")


def _nonlinear(
    source: str, root: ET.Element, domain: list[DomainIssue]
) -> tuple[tuple[dict[int, tuple[int, int]], float], ...]:
    objective = root.find("objective")
    utility = objective.find("utility") if objective is not None else None
    if utility is None:
        _fail(source, "utility_space", "a nonlinear utility space needs objective/utility")
    top = _number(source, "utility", utility, "maxutility")
    if top <= 0:
        _fail(source, "utility", f"maxutility must be positive, got {top}")
    ufun = utility.find("ufun")
    if ufun is None:
        _fail(source, "utility", "no <ufun> element")
    by_number = {d.number: (position, d) for position, d in enumerate(domain)}
    out: list[tuple[dict[int, tuple[int, int]], float]] = []

    def collect(function: ET.Element, factor: float) -> None:
        aggregation = (function.get("aggregation") or "").lower()
        if aggregation != "sum":
            _fail(source, "ufun", f"aggregation {brief(aggregation)} is not supported (only sum)")
        for n, box in enumerate(function.findall("hyperRectangle"), start=1):
            field = f"hyperRectangle[{n}]"
            excludes = box.find("EXCLUDES") is not None
            if excludes and box.find("INCLUDES") is not None:
                _fail(source, field, "a hyperRectangle has either INCLUDES or EXCLUDES bounds")
            value = _number(source, field, box, "utility")
            if box.get("weight") is not None:
                value *= _number(source, field, box, "weight")
            value *= factor / top
            bounds = _bounds(source, field, box, by_number, "EXCLUDES" if excludes else "INCLUDES")
            if not excludes:
                if bounds is not None:
                    out.append((bounds, value))
            elif bounds != {}:
                # Pays when any listed issue lies outside its range: the value everywhere,
                # less the value inside the box where every listed issue is in range.
                out.append(({}, value))
                if bounds is not None:
                    out.append((bounds, -value))
        for inner in function.findall("ufun"):
            weight = _number(source, "ufun", inner, "weight") if inner.get("weight") else 1.0
            collect(inner, factor * weight)

    collect(ufun, 1.0)  # GENIUS ignores the weight of the outermost ufun
    return tuple(out)


def _bounds(
    source: str,
    field: str,
    box: ET.Element,
    by_number: dict[int, tuple[int, DomainIssue]],
    tag: str = "INCLUDES",
) -> dict[int, tuple[int, int]] | None:
    """Option-index interval per issue position (``None`` if the box holds no outcome)."""
    bounds: dict[int, tuple[int, int]] = {}
    for bound in box.findall(tag):
        number = _integer(source, field, bound, "index")
        if number not in by_number or by_number[number][1].kind != "integer":
            _fail(source, field, f"{tag} index {number} is not an integer issue of the domain")
        position, declared = by_number[number]
        x = np.asarray(declared.issue.options)
        low, high = _number(source, field, bound, "min"), _number(source, field, bound, "max")
        inside = np.flatnonzero((x >= low) & (x <= high))
        if inside.size == 0:
            return None
        a, b = int(inside[0]), int(inside[-1])
        if position in bounds:
            a, b = max(a, bounds[position][0]), min(b, bounds[position][1])
            if a > b:
                return None
        bounds[position] = (a, b)
    return bounds


# --- Assembling the scenario ------------------------------------------------------------
