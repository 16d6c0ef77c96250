"""An independent reading of GENIUS files, for testing :mod:`accord.io.genius` against.

Written straight from GENIUS's Java sources (``genius.core.utility``), with its
own ElementTree code and brute-force loops; it shares nothing with the reader
under test:

* discrete issue: evaluation / largest evaluation of the issue (0 if that is
  below 1e-5) — ``EvaluatorDiscrete.normalize``;
* integer issue: ``clamp(slope * (x - lowerbound) + offset, 0, 1)`` —
  ``EvaluatorInteger.getEvaluation``;
* additive utility: sum of weight * evaluation with the weights as written,
  capped at 1 — ``AdditiveUtilitySpace.getUtility``;
* hyper-rectangles: (sum of the utilities of the boxes holding the outcome) /
  maxutility, capped at 1 — ``NonlinearUtilitySpace.getUtility``;
* no reservation element: 0; a discount factor outside (0, 1]: 1 (none).

Outcomes are tuples of option positions, issues in file order, the first issue
most significant when outcomes are numbered.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "genius"
"""The GENIUS test corpus next to the repository (absent in a user's clone)."""


@dataclass
class DomainIssue:
    number: int
    name: str
    kind: str
    labels: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    """Integer values of an integer issue."""

    @property
    def size(self) -> int:
        return len(self.labels) if self.kind == "discrete" else len(self.values)


@dataclass
class Profile:
    path: Path
    nonlinear: bool
    reservation: float
    discount: float
    weights: list[float] = field(default_factory=list)
    evaluations: list[list[float]] = field(default_factory=list)
    """Per issue, GENIUS's (normalised) evaluation of each option."""
    raw: list[list[float]] = field(default_factory=list)
    """Per discrete issue, the evaluations as written (what NegMAS keeps)."""
    boxes: list[tuple[list[tuple[int, float, float]], float]] = field(default_factory=list)
    """(position, min, max) bounds and utility of each hyper-rectangle."""
    maxutility: float = 1.0

    def raw_sum(self, outcome: tuple[int, ...], issues: list[DomainIssue]) -> float:
        """The uncapped utility (sum over issues, or over boxes / maxutility)."""
        if not self.nonlinear:
            total = 0.0
            for w, ev, d in zip(self.weights, self.evaluations, outcome, strict=True):
                total += w * ev[d]
            return total
        total = 0.0
        for bounds, value in self.boxes:
            if all(lo <= issues[p].values[outcome[p]] <= hi for p, lo, hi in bounds):
                total += value
        return total / self.maxutility

    def utility(self, outcome: tuple[int, ...], issues: list[DomainIssue]) -> float:
        """GENIUS's utility: the sum, capped at 1."""
        return min(self.raw_sum(outcome, issues), 1.0)

    def utilities(
        self, digits: np.ndarray, issues: list[DomainIssue], cap: bool = True
    ) -> np.ndarray:
        """Utilities of the outcomes in the rows of ``digits`` (simple numpy)."""
        if self.nonlinear:
            total = np.zeros(digits.shape[0])
            for bounds, value in self.boxes:
                inside = np.ones(digits.shape[0], dtype=bool)
                for p, lo, hi in bounds:
                    x = np.asarray(issues[p].values)[digits[:, p]]
                    inside &= (x >= lo) & (x <= hi)
                total += inside * value
            total = total / self.maxutility
        else:
            total = np.zeros(digits.shape[0])
            for p, (w, ev) in enumerate(zip(self.weights, self.evaluations, strict=True)):
                total += w * np.asarray(ev)[digits[:, p]]
        return np.minimum(total, 1.0) if cap else total

    def raw_utilities(self, digits: np.ndarray) -> np.ndarray:
        """Sum of weight * evaluation as written, without dividing by the maximum (NegMAS)."""
        total = np.zeros(digits.shape[0])
        for p, (w, ev) in enumerate(zip(self.weights, self.raw, strict=True)):
            total += w * np.asarray(ev)[digits[:, p]]
        return total


@dataclass
class Domain:
    folder: Path
    domain_file: Path
    issues: list[DomainIssue]
    profiles: list[Profile]
    """In the order Accord documents: files named by the domain's agents, then by name."""

    @property
    def sizes(self) -> list[int]:
        return [i.size for i in self.issues]

    @property
    def n_outcomes(self) -> int:
        return math.prod(self.sizes)

    def all_digits(self) -> np.ndarray:
        """Every outcome, numbered in mixed radix with the first issue most significant."""
        return np.array(list(itertools.product(*(range(s) for s in self.sizes))), dtype=np.int64)

    def index_of(self, digits: np.ndarray) -> np.ndarray:
        index = np.zeros(digits.shape[0], dtype=np.int64)
        for p, size in enumerate(self.sizes):
            index = index * size + digits[:, p]
        return index

    def utilities(self, digits: np.ndarray, cap: bool = True) -> np.ndarray:
        return np.column_stack([p.utilities(digits, self.issues, cap) for p in self.profiles])

    @property
    def reservations(self) -> np.ndarray:
        return np.array([p.reservation for p in self.profiles])


def _root(path: Path) -> ET.Element | None:
    text = path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if not text.startswith("<"):
        return None
    return ET.fromstring(text)


def read_domain(folder: Path) -> Domain:
    """The domain file and every utility-space file of a corpus folder."""
    domain_file, domain_root, profile_files = None, None, []
    for path in sorted(folder.glob("*.xml")):
        root = _root(path)
        if root is None:
            continue
        if root.tag == "negotiation_template":
            domain_file, domain_root = path, root
        elif root.tag == "utility_space":
            profile_files.append(path)
    assert domain_file is not None and domain_root is not None
    issues = []
    for element in domain_root.find("utility_space").iter("issue"):
        kind = element.get("type", "discrete")
        issue = DomainIssue(int(element.get("index")), element.get("name"), kind)
        if kind == "discrete":
            issue.labels = [item.get("value") for item in element.findall("item")]
        elif kind == "integer":
            low, high = int(element.get("lowerbound")), int(element.get("upperbound"))
            issue.values = [float(v) for v in range(low, high + 1)]
        else:
            raise NotImplementedError("the oracle reads discrete and integer issues only")
        issues.append(issue)
    agents = [(a.get("utility_space") or "").split("/")[-1] for a in domain_root.iter("agent")]
    profile_files.sort(key=lambda p: (agents.index(p.name) if p.name in agents else 99, p.name))
    profiles = [read_profile(p, issues) for p in profile_files]
    return Domain(folder, domain_file, issues, profiles)


def read_profile(path: Path, issues: list[DomainIssue]) -> Profile:
    root = _root(path)
    assert root is not None and root.tag == "utility_space"
    reservation = 0.0
    if root.find("reservation") is not None:
        reservation = float(root.find("reservation").get("value"))
    discount = 1.0
    if root.find("discount_factor") is not None:
        discount = float(root.find("discount_factor").get("value"))
        if discount <= 0 or discount > 1:
            discount = 1.0
    nonlinear = root.get("type") == "nonlinear"
    profile = Profile(path, nonlinear, reservation, discount)
    position = {issue.number: p for p, issue in enumerate(issues)}
    if nonlinear:
        utility = root.find("objective").find("utility")
        profile.maxutility = float(utility.get("maxutility"))
        for box in utility.iter("hyperRectangle"):
            bounds = [
                (position[int(b.get("index"))], float(b.get("min")), float(b.get("max")))
                for b in box.iter("INCLUDES")
            ]
            value = float(box.get("utility")) * float(box.get("weight", "1"))
            profile.boxes.append((bounds, value))
        return profile
    weights = {int(w.get("index")): float(w.get("value")) for w in root.iter("weight")}
    elements = {int(e.get("index")): e for e in root.iter("issue")}
    for issue in issues:
        element = elements[issue.number]
        profile.weights.append(weights[issue.number])
        if issue.kind == "discrete":
            given = {
                item.get("value"): float(item.get("evaluation")) for item in element.findall("item")
            }
            raw = [given[label] for label in issue.labels]
            top = max(raw)
            profile.raw.append(raw)
            profile.evaluations.append([e / top if top >= 1e-5 else 0.0 for e in raw])
        else:
            evaluator = element.find("evaluator")
            slope, offset = float(evaluator.get("slope")), float(evaluator.get("offset"))
            low = float(element.get("lowerbound", issue.values[0]))
            profile.raw.append([])
            profile.evaluations.append(
                [min(max(slope * (x - low) + offset, 0.0), 1.0) for x in issue.values]
            )
    return profile


# --- Brute-force analysis ---------------------------------------------------------------


def tick_values(points: np.ndarray) -> np.ndarray:
    """Utilities as whole ticks of 1e-9 (Accord's equality of utilities)."""
    return np.array([[round(float(u) * 10**9) for u in row] for row in points], dtype=np.int64)


def frontier(points: np.ndarray) -> set[int]:
    """Rows no other row dominates (at least as good everywhere, better somewhere), on ticks.

    Rows are visited best-first in lexicographic order, so a dominating row
    always comes before the rows it dominates; each row is checked against the
    frontier found so far: O(n * frontier).
    """
    points = tick_values(points.reshape(-1, points.shape[-1]))
    order = np.lexsort(points.T[::-1])[::-1]
    kept: list[int] = []
    front = np.empty((0, points.shape[1]), dtype=np.int64)
    for row in order:
        p = points[row]
        if front.shape[0] and np.any(np.all(front >= p, axis=1) & np.any(front > p, axis=1)):
            continue
        kept.append(int(row))
        front = np.vstack([front, p])
    return set(kept)


def nash(points: np.ndarray, reservations: np.ndarray) -> tuple[float, set[int]]:
    """Largest product of gains over the reservations among outcomes meeting them all, and
    every row that attains it, compared exactly on ticks; ``(-1.0, set())`` when none
    meets them."""
    t = tick_values(points.reshape(-1, points.shape[-1]))
    floors = [round(float(r) * 10**9) for r in reservations]
    products: dict[int, int] = {}
    for row, values in enumerate(t.tolist()):
        if all(v >= f for v, f in zip(values, floors, strict=True)):
            products[row] = math.prod(v - f for v, f in zip(values, floors, strict=True))
    if not products:
        return -1.0, set()
    best = max(products.values())
    return best / 10 ** (9 * len(floors)), {r for r, p in products.items() if p == best}


def pareto_points(folder: Path) -> list[tuple[float, ...]]:
    """The utility pairs listed in an ANAC 2014 ``pareto.xml`` (plain text, one per line)."""
    path = folder / "pareto.xml"
    lines = path.read_text().splitlines() if path.exists() else []
    return [tuple(float(x) for x in line.split(",")) for line in lines if line.strip()]
