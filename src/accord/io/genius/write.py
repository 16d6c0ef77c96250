"""Writing a :class:`~accord.model.scenario.Scenario` as GENIUS files.

The encoding is chosen so that GENIUS, reading the files, computes the same
utility for every outcome (see ``docs/genius.md``):

* a discrete issue's evaluations are the party's values divided by their
  maximum, and its weight is the Accord weight times that maximum (GENIUS
  divides evaluations by their maximum and does not renormalise weights read
  from a file);
* a numeric issue on a grid of consecutive integers, valued by every party as a
  clamped linear function, becomes an integer issue with a linear evaluator
  (whose scale, too, goes into the weight); any other numeric issue becomes a
  discrete issue whose items are its grid values;
* a party with hyper-rectangles becomes a non-linear utility space whose
  rectangles also carry its additive part. GENIUS applies rectangles to integer
  issues only, so the issues they touch become integer issues (option indices
  ``0..n-1`` when they were not integers, with a warning).

GENIUS caps every utility at 1: utilities above 1 cannot be written, except a
party whose rectangles only restore that cap (as the reader adds them), which
is written without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from math import prod
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree as ET

import numpy as np

from accord.io.errors import ScenarioError
from accord.io.genius.boxes import MAX_ENUMERATED, TOL, Boxes, max_overlap, peak_cells
from accord.io.genius.files import file_names
from accord.model.issues import Issue, Option, OutcomeSpace
from accord.model.preferences import Preferences, Rectangle
from accord.model.scenario import Scenario

_FIT = 1e-13
"""Largest error allowed when a numeric issue's values are rewritten as a linear evaluator."""


def _num(x: float) -> str:
    return repr(float(x))


def _label(option: Option) -> str:
    if isinstance(option, float) and option.is_integer():
        return str(int(option))
    return repr(option) if isinstance(option, float) else str(option)


def _integer_grid(issue: Issue) -> bool:
    if not issue.numeric:
        return False
    xs = np.asarray(issue.options, dtype=float)
    return bool(np.all(xs == np.round(xs)) and np.all(xs == xs[0] + np.arange(xs.size)))


@dataclass(frozen=True)
class _Linear:
    """``scale * clamp(offset + slope * (x - start), 0, 1)``: GENIUS's integer evaluator."""

    scale: float
    offset: float
    slope: float


def _fit(xs: np.ndarray, t: np.ndarray) -> _Linear | None:
    """A linear evaluator reproducing ``t`` on the integer grid ``xs``, if there is one."""
    if not np.any(t):
        return _Linear(0.0, 0.0, 0.0)
    scale = float(t.max())
    if scale <= 0 or t.min() < 0:
        return None
    z, k = t / scale, xs - xs[0]
    lines = [(float(z[0]), 0.0)]
    inner = np.flatnonzero((z > TOL) & (z < 1 - TOL))
    if inner.size >= 2:
        a, b = inner[0], inner[-1]
        slope = (z[b] - z[a]) / (k[b] - k[a])
        lines.append((float(z[a] - slope * k[a]), float(slope)))
    steps = np.flatnonzero(np.diff(z) != 0)
    for j in {int(steps[0]), int(steps[-1])} if steps.size else set():
        slope = z[j + 1] - z[j]
        lines.append((float(z[j] - slope * k[j]), float(slope)))
    for offset, slope in lines:
        if np.all(np.abs(scale * np.clip(slope * k + offset, 0.0, 1.0) - t) <= _FIT):
            return _Linear(scale, offset, slope)
    return None


def _fail(scenario: Scenario, field: str, problem: str) -> NoReturn:
    raise ScenarioError(scenario.name, field, problem)


def _tables(prefs: Preferences, issues: Sequence[Issue]) -> list[np.ndarray]:
    return prefs.utility_tables(OutcomeSpace(tuple(issues)))


def _valued(prefs: Preferences, issues: Sequence[Issue]) -> list[tuple[float, np.ndarray]]:
    """Per issue, the weight and each option's value (zeros for an issue without weight)."""
    out = []
    for issue in issues:
        weight = prefs.weights.get(issue.id, 0.0)
        if weight:
            out.append((weight, prefs.values[issue.id].table(issue.options)))
        else:
            out.append((0.0, np.zeros(issue.size)))
    return out


def _parts(
    prefs: Preferences, issues: Sequence[Issue]
) -> tuple[list[tuple[float, np.ndarray]], list[Rectangle]]:
    """The additive part (weight and values per issue; rectangles on a single issue are
    additive and folded in, with weight 1) and the other rectangles."""
    valued = _valued(prefs, issues)
    position = {issue.id: p for p, issue in enumerate(issues)}
    extra: dict[int, np.ndarray] = {}
    rest = []
    for rectangle in prefs.rectangles:
        if len(rectangle.condition.allowed) != 1:
            rest.append(rectangle)
            continue
        ((issue_id, allowed),) = rectangle.condition.allowed.items()
        p = position[issue_id]
        extra.setdefault(p, np.zeros(issues[p].size))[sorted(allowed)] += rectangle.utility
    for p, added in extra.items():
        weight, values = valued[p]
        valued[p] = (1.0, weight * values + added)
    return valued, rest


def _only_restores_cap(prefs: Preferences, issues: Sequence[Issue]) -> bool:
    """Do the (multi-issue) rectangles just bring additive utilities above 1 down to 1,
    as GENIUS's cap does?"""
    parts, rest = _parts(prefs, issues)
    if not rest:
        return False
    ids = {issues[p].id for p, (w, v) in enumerate(parts) if w and np.any(v)}
    for rectangle in rest:
        ids |= set(rectangle.condition.allowed)
    touched = [p for p, issue in enumerate(issues) if issue.id in ids]
    if prod(issues[p].size for p in touched) > MAX_ENUMERATED:
        return False
    sub = OutcomeSpace(tuple(issues[p] for p in touched))
    digits = sub.digits(0, sub.size)
    additive = np.zeros(sub.size)
    for p, d in zip(touched, digits, strict=True):
        weight, values = parts[p]
        additive += weight * values[d]
    total = additive.copy()
    for rectangle in rest:
        total += rectangle.utility * rectangle.condition.holds(sub, digits)
    capped = np.minimum(additive, 1.0)
    return bool(additive.max() > 1 + TOL and np.all(np.abs(total - capped) <= TOL))


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for k in sorted(indices):
        if out and out[-1][1] == k - 1:
            out[-1] = (out[-1][0], k)
        else:
            out.append((k, k))
    return out


def _boxes(
    prefs: Preferences, issues: Sequence[Issue]
) -> list[tuple[dict[int, tuple[int, int]], float]]:
    """The party's whole utility as boxes: one per valued option, then its rectangles."""
    out: list[tuple[dict[int, tuple[int, int]], float]] = []
    for p, table in enumerate(_tables(prefs, issues)):
        out += [({p: (k, k)}, float(v)) for k, v in enumerate(table) if v != 0]
    position = {issue.id: p for p, issue in enumerate(issues)}
    for rectangle in prefs.rectangles:
        axes = [
            (position[i], _runs(list(allowed)))
            for i, allowed in rectangle.condition.allowed.items()
        ]
        if rectangle.utility == 0 or any(not runs for _, runs in axes):
            continue
        for pick in product(*(runs for _, runs in axes)):
            out.append(
                ({p: run for (p, _), run in zip(axes, pick, strict=True)}, rectangle.utility)
            )
    return out


# --- Choosing the encoding ---------------------------------------------------------------


@dataclass
class _Plan:
    integer: list[bool]
    """Per issue: written as an integer issue?"""
    grid: list[np.ndarray]
    """Per issue: the integer value of each option (for integer issues)."""
    nonlinear: set[str]
    capped: set[str]
    """Additive parties whose rectangles only restored GENIUS's cap (written without them)."""


def _plan(scenario: Scenario, warnings: list[str]) -> _Plan:
    issues = scenario.issues
    parts = {pid: _parts(scenario.preferences[pid], issues) for pid in scenario.party_ids}
    tables = {pid: [v for _, v in parts[pid][0]] for pid in scenario.party_ids}
    capped = {
        pid for pid in scenario.party_ids if _only_restores_cap(scenario.preferences[pid], issues)
    }
    nonlinear = {pid for pid in scenario.party_ids if parts[pid][1] and pid not in capped}
    natural = [_integer_grid(issue) for issue in issues]
    grid = [
        np.asarray(issue.options, dtype=float) if natural[p] else np.arange(issue.size, dtype=float)
        for p, issue in enumerate(issues)
    ]
    while True:
        needed = set()
        for pid in nonlinear:
            prefs = scenario.preferences[pid]
            needed |= {p for p, t in enumerate(tables[pid]) if np.any(t)}
            for rectangle in prefs.rectangles:
                needed |= {scenario.space.issue_position(i) for i in rectangle.condition.allowed}
        additive = [pid for pid in scenario.party_ids if pid not in nonlinear]
        integer = [
            p in needed
            or (natural[p] and all(_fit(grid[p], tables[pid][p]) is not None for pid in additive))
            for p in range(len(issues))
        ]
        grown = nonlinear | {
            pid
            for pid in additive
            for p in range(len(issues))
            if integer[p] and _fit(grid[p], tables[pid][p]) is None
        }
        if grown == nonlinear:
            break
        nonlinear = grown
    for p, issue in enumerate(issues):
        if integer[p] and not natural[p]:
            warnings.append(
                f"issue {issue.id!r} is written as an integer issue 0..{issue.size - 1} (its "
                "option labels are lost): GENIUS applies hyper-rectangles to integer issues only"
            )
        elif issue.numeric and not integer[p]:
            warnings.append(
                f"numeric issue {issue.id!r} is written as a discrete issue whose items are its "
                "grid values (GENIUS reads them back as labels)"
            )
    return _Plan(integer, grid, nonlinear, capped)


# --- Writing -------------------------------------------------------------------------------


def _dropped(scenario: Scenario) -> list[str]:
    out = []
    for pid in scenario.party_ids:
        lines = scenario.preferences[pid].red_lines
        if lines:
            out.append(
                f"{len(lines)} red line(s) of {pid!r} dropped: GENIUS has no hard constraints"
            )
    for what, items in (
        ("mediator(s)", scenario.mediators),
        ("source(s)", scenario.sources),
        ("proposal(s)", scenario.proposals),
        ("history event(s)", scenario.history),
    ):
        if items:
            out.append(f"{len(items)} {what} dropped: GENIUS has no place for them")
    mediator_preferences = getattr(scenario, "mediator_preferences", None)
    if mediator_preferences:
        out.append(
            f"mediator preferences of {', '.join(map(repr, mediator_preferences))} dropped: "
            "GENIUS profiles are for parties only"
        )
    if any(scenario.preferences[pid].evidence for pid in scenario.party_ids):
        out.append("evidence dropped: GENIUS has no place for it")
    for pid in scenario.party_ids:
        discount = scenario.preferences[pid].discount
        if not 0 < discount <= 1:
            out.append(
                f"discount factor {discount!r} of {pid!r} is not in (0, 1]: written as 1 "
                "(no discounting), as GENIUS would read it anyway"
            )
    return out


def _issue_element(issue: Issue, number: int, integer: bool, grid: np.ndarray) -> ET.Element:
    kind = "integer" if integer else "discrete"
    element = ET.Element(
        "issue",
        index=str(number),
        etype=kind,
        type=kind,
        vtype=kind,
        name=issue.name or issue.id,
        id=issue.id,
    )
    if integer:
        element.set("lowerbound", str(int(grid[0])))
        element.set("upperbound", str(int(grid[-1])))
    return element


def _labels(scenario: Scenario, issue: Issue) -> list[str]:
    labels = [_label(o) for o in issue.options]
    if len(set(labels)) != len(labels):
        _fail(
            scenario,
            f"issues.{issue.id}",
            "two options print the same, so GENIUS cannot tell them apart",
        )
    return labels


def _domain(scenario: Scenario, plan: _Plan, files: dict[str, str]) -> ET.Element:
    root = ET.Element("negotiation_template")
    for actor in scenario.parties:
        ET.SubElement(root, "agent", id=actor.id, name=actor.name, utility_space=files[actor.id])
    space = ET.SubElement(root, "utility_space", number_of_issues=str(len(scenario.issues)))
    objective = ET.SubElement(
        space,
        "objective",
        index="0",
        etype="objective",
        type="objective",
        description="",
        name=scenario.name,
    )
    for p, issue in enumerate(scenario.issues):
        element = _issue_element(issue, p + 1, plan.integer[p], plan.grid[p])
        if not plan.integer[p]:
            for k, label in enumerate(_labels(scenario, issue), start=1):
                ET.SubElement(element, "item", index=str(k), value=label, description=label)
        objective.append(element)
    return root


def _profile(scenario: Scenario, pid: str, plan: _Plan) -> ET.Element:
    prefs = scenario.preferences[pid]
    nonlinear = pid in plan.nonlinear
    root = (
        ET.Element("utility_space", type="nonlinear") if nonlinear else ET.Element("utility_space")
    )
    objective = ET.SubElement(
        root,
        "objective",
        index="0",
        etype="objective",
        type="objective",
        description="",
        name=scenario.name,
    )
    if nonlinear:
        _rectangles(scenario, pid, plan, objective)
    else:
        _additive(scenario, pid, plan, objective)
    discount = prefs.discount
    if not 0 < discount <= 1:
        discount = 1.0
    ET.SubElement(root, "discount_factor", value=_num(discount))
    ET.SubElement(root, "reservation", value=_num(prefs.reservation))
    return root


def _additive(scenario: Scenario, pid: str, plan: _Plan, objective: ET.Element) -> None:
    issues = scenario.issues
    weights = []
    for p, (issue, (weight, v)) in enumerate(
        zip(issues, _parts(scenario.preferences[pid], issues)[0], strict=True)
    ):
        element = _issue_element(issue, p + 1, plan.integer[p], plan.grid[p])
        if plan.integer[p]:
            line = _fit(plan.grid[p], v)
            assert line is not None  # guaranteed by _plan
            ET.SubElement(
                element,
                "evaluator",
                ftype="linear",
                slope=_num(line.slope),
                offset=_num(line.offset),
            )
            weights.append(weight * line.scale)
        else:
            top = float(v.max())
            if top <= 0 and np.any(v):
                _fail(
                    scenario,
                    f"preferences.{pid}.values.{issue.id}",
                    "GENIUS cannot express values that are all negative",
                )
            evaluations = v / top if top > 0 else v
            for k, label in enumerate(_labels(scenario, issue)):
                ET.SubElement(
                    element, "item", index=str(k + 1), value=label, evaluation=_num(evaluations[k])
                )
            weights.append(weight * max(top, 0.0))
        objective.append(element)
    capped_at_one = scenario.preferences[pid].cap == 1.0  # GENIUS applies that cap itself
    if pid not in plan.capped and not capped_at_one and sum(weights) > 1 + TOL:
        _fail(
            scenario,
            f"preferences.{pid}",
            f"utilities reach {sum(weights):.15g}, but GENIUS caps every utility at 1",
        )
    for p, weight in enumerate(weights):
        ET.SubElement(objective, "weight", index=str(p + 1), value=_num(weight))


def _rectangles(scenario: Scenario, pid: str, plan: _Plan, objective: ET.Element) -> None:
    issues = scenario.issues
    boxes = _boxes(scenario.preferences[pid], issues)
    sizes = [issue.size for issue in issues]
    packed = Boxes.of(sizes, boxes)
    peak, exact = max_overlap(packed.lo, packed.hi, packed.weight)
    if peak > 1 + TOL and scenario.preferences[pid].cap != 1.0:  # GENIUS applies a cap at 1
        if not (exact and packed.weight.min() >= 0):
            cells = peak_cells(packed, sizes, 1.0)
            peak = max((c.total for c in cells), default=0.0) if cells is not None else np.inf
        if peak > 1 + TOL:
            worst = (
                f"reach {peak:.15g}" if np.isfinite(peak) else "cannot be checked to stay within 1"
            )
            _fail(
                scenario,
                f"preferences.{pid}",
                f"utilities {worst}, but GENIUS caps every utility at 1",
            )
    for p, issue in enumerate(issues):
        objective.append(_issue_element(issue, p + 1, plan.integer[p], plan.grid[p]))
    utility = ET.SubElement(objective, "utility", maxutility="1.0")
    ufun = ET.SubElement(utility, "ufun", type="PlainUfun", weight="1", aggregation="sum")
    for bounds, value in boxes:
        box = ET.SubElement(ufun, "hyperRectangle", utility=_num(value))
        for p, (a, b) in sorted(bounds.items()):
            if (a, b) != (0, sizes[p] - 1):
                grid = plan.grid[p]
                ET.SubElement(
                    box, "INCLUDES", index=str(p + 1), min=str(int(grid[a])), max=str(int(grid[b]))
                )


def _save(root: ET.Element, path: Path) -> None:
    tree = ET.ElementTree(root)
    ET.indent(tree, space="  ")
    tree.write(path, encoding="utf-8", xml_declaration=False)


def write_scenario(scenario: Scenario, directory: Path) -> list[str]:
    """Write the domain and profile files; return warnings for what was dropped or changed."""
    warnings = _dropped(scenario)
    plan = _plan(scenario, warnings)
    domain_file, files = file_names(scenario)
    profiles = {pid: _profile(scenario, pid, plan) for pid in scenario.party_ids}
    domain = _domain(scenario, plan, files)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        ours = {domain_file, *files.values()}
        others = sorted(p.name for p in directory.glob("*.xml") if p.name not in ours)
        if others:
            warnings.append(
                f"{directory} also holds {', '.join(others)}; reading the folder will see them"
            )
        _save(domain, directory / domain_file)
        for pid, root in profiles.items():
            _save(root, directory / files[pid])
    except OSError as error:
        _fail(scenario, "", f"cannot write to {directory}: {error.strerror or error}")
    return warnings
