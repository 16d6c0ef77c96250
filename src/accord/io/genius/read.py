"""Reading GENIUS domains and profiles into a :class:`~accord.model.scenario.Scenario`.

The files are parsed by :mod:`accord.io.genius.parse`; this module finds them,
names the parties and turns each profile into :class:`Preferences`, applying
GENIUS's cap at utility 1 when asked. Anything Accord cannot represent exactly
is refused with a :class:`~accord.io.errors.ScenarioError` naming the file and
the element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from math import prod
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree as ET

import numpy as np

from accord.analysis.evaluate import evaluate_outcomes
from accord.io.errors import ScenarioError
from accord.io.genius.boxes import (
    MAX_CELLS,
    MAX_ENUMERATED,
    TOL,
    Boxes,
    max_overlap,
)
from accord.io.genius.files import load_xml, party_names, scenario_name
from accord.io.genius.parse import DomainIssue, Profile, read_domain, read_profile
from accord.model.issues import Issue, OutcomeSpace
from accord.model.preferences import (
    Condition,
    DiscreteValues,
    PiecewiseLinear,
    Preferences,
    Rectangle,
    ValueFunction,
)
from accord.model.scenario import Actor, Scenario

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


# --- Assembling the scenario ------------------------------------------------------------


def _fail(source: str, field: str, problem: str) -> NoReturn:
    raise ScenarioError(source, field, problem)


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
    if profile.rectangles:
        # GENIUS caps every utility at 1; on constraint-based profiles the cap binds on
        # regions too fragmented to list, so it is kept as the profile's cap (exact).
        packed = Boxes.of([issue.size for issue in issues], list(profile.rectangles))
        peak = max_overlap(packed.lo, packed.hi, packed.weight)[0]
        return replace(base, cap=1.0) if peak > 1.0 + TOL else base
    tables = {p: w * e for p, (w, e) in used.items()}
    corrections = _cap_corrections(source, issues, base, tables)
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
    return []


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
