"""Reading GENIUS domains and profiles into a :class:`~accord.model.scenario.Scenario`.

The semantics are those of GENIUS's ``genius.core`` sources (documented, with
the classes they come from, in ``docs/genius.md``). Everything is checked, and
anything Accord cannot represent exactly is refused with a
:class:`~accord.io.errors.ScenarioError` naming the file and the element.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from math import isfinite, prod
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree as ET

import numpy as np

from accord.analysis.evaluate import evaluate_outcomes
from accord.io.errors import ScenarioError, brief
from accord.io.genius import (
    MAX_CELLS,
    MAX_ENUMERATED,
    SEARCH_NODES,
    TOL,
    Boxes,
    load_xml,
    max_overlap,
    party_names,
    peak_cells,
    scenario_name,
    slug,
    unique,
)
from accord.model.issues import Issue, OutcomeSpace, numeric_grid
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    PiecewiseLinear,
    Preferences,
    Rectangle,
    ValueFunction,
)
from accord.model.scenario import Actor, Scenario

MAX_OPTIONS = 100_000
"""Most options of one integer issue."""
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_KINDS = ("discrete", "integer", "real")


# --- Finding the files and naming the parties ------------------------------------------


def read_path(path: Path, *, real_steps: int, cap: bool) -> Scenario:
    """Read a folder, or a domain file with the profiles found next to it."""
    if path.is_dir():
        folder, domain = path, None
    elif path.is_file():
        folder, domain = path.parent, path
    else:
        raise ScenarioError(str(path), "", "no such file or folder")
    domains, profiles, roots = [], [], {}
    for file in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml"):
        root = load_xml(file)
        if root is not None:
            roots[file] = root
        if root is not None and root.tag == "negotiation_template":
            domains.append(file)
        elif root is not None and root.tag == "utility_space":
            profiles.append(file)
    if domain is None:
        if len(domains) != 1:
            found = ", ".join(d.name for d in domains) or "none"
            raise ScenarioError(
                str(folder),
                "",
                f"expected one domain file (root negotiation_template), found {found}",
            )
        domain, name = domains[0], folder.name
    else:
        name = scenario_name(domain)
    return read_files(domain, profiles, real_steps=real_steps, cap=cap, name=name, roots=roots)


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
            if box.find("EXCLUDES") is not None:
                _fail(source, field, "EXCLUDES bounds are not supported")
            value = _number(source, field, box, "utility")
            if box.get("weight") is not None:
                value *= _number(source, field, box, "weight")
            bounds = _bounds(source, field, box, by_number)
            if bounds is not None:
                out.append((bounds, value * factor / top))
        for inner in function.findall("ufun"):
            weight = _number(source, "ufun", inner, "weight") if inner.get("weight") else 1.0
            collect(inner, factor * weight)

    collect(ufun, 1.0)  # GENIUS ignores the weight of the outermost ufun
    return tuple(out)


def _bounds(
    source: str, field: str, box: ET.Element, by_number: dict[int, tuple[int, DomainIssue]]
) -> dict[int, tuple[int, int]] | None:
    """Option-index interval per issue position (``None`` if the box holds no outcome)."""
    bounds: dict[int, tuple[int, int]] = {}
    for bound in box.findall("INCLUDES"):
        number = _integer(source, field, bound, "index")
        if number not in by_number or by_number[number][1].kind != "integer":
            _fail(source, field, f"INCLUDES index {number} is not an integer issue of the domain")
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


def read_files(
    domain_path: Path,
    profile_paths: Sequence[Path],
    *,
    real_steps: int,
    cap: bool,
    name: str | None,
    roots: dict[Path, ET.Element] | None = None,
) -> Scenario:
    """Read a domain file and utility-space files into a scenario (``roots``: files parsed
    already)."""
    if real_steps < 2:
        raise ValueError("real_steps must be at least 2")
    roots = roots or {}
    root = roots[domain_path] if domain_path in roots else load_xml(domain_path)
    if root is None or root.tag != "negotiation_template":
        _fail(str(domain_path), "", "not a GENIUS domain file (root element negotiation_template)")
    domain = read_domain(domain_path, root, real_steps)
    if not profile_paths:
        _fail(str(domain_path), "", "no utility-space (profile) files to go with this domain")
    agents = {
        (a.get("utility_space") or "").replace("\\", "/").rsplit("/", 1)[-1]: a
        for a in root.findall("agent")
    }
    order = {name: n for n, name in enumerate(agents)}
    paths = sorted(profile_paths, key=lambda p: (order.get(p.name, len(order)), p.name))
    names = party_names(domain_path, paths)
    parties, preferences = [], {}
    for path, (ident, label) in zip(paths, names, strict=True):
        profile_root = roots[path] if path in roots else load_xml(path)
        if profile_root is None or profile_root.tag != "utility_space":
            _fail(str(path), "", "not a GENIUS utility space (root element utility_space)")
        agent = agents.get(path.name)
        if agent is not None:
            ident = agent.get("id") or ident
            label = agent.get("name") or label
        profile = read_profile(path, profile_root, domain)
        preferences[ident] = _preferences(str(path), profile, domain, cap)
        parties.append(Actor(ident, label))
    ids = [p.id for p in parties]
    if len(set(ids)) != len(ids) or any("." in i for i in ids):
        _fail(str(domain_path), "agent", f"party ids must be distinct and without '.': {ids}")
    files = ", ".join(p.name for p in paths)
    return Scenario(
        name=name or scenario_name(domain_path),
        parties=tuple(parties),
        issues=tuple(d.issue for d in domain),
        preferences=preferences,
        description=f"Imported from GENIUS: domain {domain_path.name}; profiles {files}.",
    )


def _preferences(
    source: str, profile: Profile, domain: list[DomainIssue], cap: bool
) -> Preferences:
    """GENIUS's weights over their sum and its evaluations, times that sum when it is below 1;
    above 1, the excess goes into one rectangle per valued option (values stay in [0, 1])."""
    issues = [d.issue for d in domain]
    used = {p: (w, e) for p, (w, e) in profile.evaluations.items() if w != 0 and np.any(e != 0)}
    total = sum(w for w, _ in used.values())
    if abs(total - 1.0) <= TOL:
        total = 1.0
    weights = {issues[p].id: w / total for p, (w, _) in used.items()}
    values = {
        issues[p].id: _value_function(issues[p], min(total, 1.0) * e) for p, (w, e) in used.items()
    }
    excess = tuple(
        Rectangle(Condition({issues[p].id: frozenset({k})}), w * e[k] - w / total * e[k])
        for p, (w, e) in used.items()
        if total > 1.0
        for k in np.flatnonzero(e).tolist()
    )
    rectangles = excess + tuple(
        Rectangle(_condition(issues, bounds), utility) for bounds, utility in profile.rectangles
    )
    base = Preferences(
        weights=weights,
        values=values,
        reservation=profile.reservation,
        rectangles=rectangles,
        discount=profile.discount,
    )
    if not cap:
        return base
    tables = {p: w * e for p, (w, e) in used.items()}
    corrections = _cap_corrections(source, issues, base, tables, profile.rectangles)
    return replace(base, rectangles=rectangles + tuple(corrections))


def _value_function(issue: Issue, table: np.ndarray) -> ValueFunction:
    if not issue.numeric:
        return DiscreteValues({o: float(v) for o, v in zip(issue.options, table, strict=True)})
    xs = np.asarray(issue.options, dtype=float)
    keep = np.ones(xs.size, dtype=bool)
    if xs.size > 2:  # drop the points that lie on the line through their neighbours
        share = (xs[1:-1] - xs[:-2]) / (xs[2:] - xs[:-2])
        guess = table[:-2] + (table[2:] - table[:-2]) * share
        keep[1:-1] = np.abs(guess - table[1:-1]) > 1e-15 * np.maximum(1.0, np.abs(table[1:-1]))
    if np.any(np.abs(np.interp(xs, xs[keep], table[keep]) - table) > 1e-15):
        keep[:] = True
    return PiecewiseLinear(
        tuple((float(x), float(y)) for x, y in zip(xs[keep], table[keep], strict=True))
    )


def _condition(issues: list[Issue], bounds: dict[int, tuple[int, int]]) -> Condition:
    return Condition(
        {
            issues[p].id: frozenset(range(a, b + 1))
            for p, (a, b) in bounds.items()
            if (a, b) != (0, issues[p].size - 1)
        }
    )


def _cap_corrections(
    source: str,
    issues: list[Issue],
    base: Preferences,
    tables: dict[int, np.ndarray],
    boxes: tuple[tuple[dict[int, tuple[int, int]], float], ...],
) -> list[Rectangle]:
    """Rectangles that bring every utility above 1 back to 1, as GENIUS's cap does.

    Each correction is 1 minus the utility the analysis engine computes for the
    outcomes it covers, so that capped outcomes come out at exactly 1.0 and tie
    with one another as they do in GENIUS.
    """
    top = sum(float(t.max()) for t in tables.values())
    if tables and top > 1.0 + TOL:
        positions = sorted(tables)
        size = prod(issues[p].size for p in positions)
        why = f"the weighted evaluations add up to as much as {top:.6g}"
        if size > MAX_ENUMERATED:
            _cap_refusal(
                source, "weight", f"{why}, and its {size:,} outcomes are too many to search"
            )
        total = np.zeros(1)
        for p in positions:
            total = (total[:, None] + tables[p][None, :]).ravel()
        over = np.flatnonzero(total > 1.0 + TOL)
        if over.size > MAX_CELLS:
            _cap_refusal(
                source,
                "weight",
                f"{why}; GENIUS's cap at 1 binds on {over.size:,} outcomes "
                f"(Accord represents at most {MAX_CELLS:,})",
            )
        digits = np.array(np.unravel_index(over, [issues[p].size for p in positions]))
        reached = _engine_utilities(issues, base, positions, digits, total[over])
        return [
            Rectangle(
                Condition(
                    {
                        issues[p].id: frozenset({int(d)})
                        for p, d in zip(positions, column, strict=True)
                    }
                ),
                1.0 - float(u),
            )
            for u, column in zip(reached, digits.T, strict=True)
        ]
    if not boxes:
        return []
    sizes = [issue.size for issue in issues]
    packed = Boxes.of(sizes, list(boxes))
    peak = max_overlap(packed.lo, packed.hi, packed.weight)[0]
    if peak <= 1.0 + TOL:
        return []
    cells = peak_cells(packed, sizes, 1.0)
    if cells is None:
        _cap_refusal(
            source,
            "utility",
            f"the hyper-rectangles add up to as much as {peak:.4g} times maxutility; the "
            "region where GENIUS's cap at 1 binds is too fragmented to represent exactly "
            f"(over {MAX_CELLS:,} cells or {SEARCH_NODES:,} search steps)",
        )
    out = []
    for cell in cells:
        level = 0.0  # summed in rectangle order, as the engine adds rectangles
        for bounds, value in boxes:
            if all(a <= cell.lo[p] and cell.hi[p] <= b for p, (a, b) in bounds.items()):
                level += value
        out.append(
            Rectangle(
                _condition(issues, dict(enumerate(zip(cell.lo, cell.hi, strict=True)))),
                1.0 - level,
            )
        )
    return out


def _engine_utilities(
    issues: list[Issue],
    base: Preferences,
    positions: list[int],
    digits: np.ndarray,
    fallback: np.ndarray,
) -> np.ndarray:
    """The utilities the analysis engine computes for these outcomes (other issues at option 0)."""
    space = OutcomeSpace(tuple(issues))
    if digits.shape[1] == 0 or space.size >= 2**62:
        return fallback
    full = np.zeros((len(issues), digits.shape[1]), dtype=np.int64)
    full[positions] = digits
    index = np.zeros(digits.shape[1], dtype=np.int64)
    for p, issue in enumerate(issues):
        index = index * issue.size + full[p]
    probe = Scenario("cap", (Actor("p", "p"),), tuple(issues), {"p": base})
    return evaluate_outcomes(probe, index)[0][:, 0]


def _cap_refusal(source: str, field: str, why: str) -> NoReturn:
    _fail(
        source,
        field,
        f"{why}; read with cap=False for the uncapped utilities (as GENIUS releases up to "
        "ANAC 2014 computed hyper-rectangle ones)",
    )
