"""Hypothesis generators for Accord's domain: issues, preferences, scenarios, point sets.

The data look like real data: raw weights such as 4, 1, 2, 3 and 0.5 normalised
by their sum (as loading a file does), decimal values such as 0.1, 0.3 and 0.6,
GENIUS-style integer issues whose evaluation is ``offset + slope * (x - low)``
with decimal slopes such as -0.15, clamped to [0, 1]. Utilities are then sums of
products of non-dyadic numbers: packages with the same true utility often differ
in the last bits of a float, and ties are common (values repeat), which is what
equality on ticks (:mod:`accord.analysis.exact`) is tested against.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.io.scenario.preferences import normalise_weights
from accord.io.scenario.schema import ACTIONS
from accord.model.issues import Issue, numeric_grid
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
from accord.model.uncertainty import (
    Fixed,
    Normal,
    Quantity,
    UncertainDiscrete,
    UncertainPiecewise,
    UncertainPreferences,
    UncertainValues,
    Uniform,
    point,
)

QUARTERS = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
RAW_WEIGHTS = st.sampled_from([0.0, 4.0, 1.0, 2.0, 3.0, 0.5, 1.5])
"""Weights as people write them; normalising them by their sum gives non-dyadic weights."""
DECIMALS = st.sampled_from([0.0, 0.1, 0.15, 0.3, 0.6, 0.7, 1.0])
"""Values as people write them: decimal, mostly not exact in binary, with repeats."""
RESERVATIONS = st.sampled_from([0.0, 0.15, 0.3, 0.45, 0.6])
SLOPES = st.sampled_from([-0.15, -0.1, -0.35, 0.15, 0.2, 0.3])
"""Slopes of GENIUS integer evaluators."""


@st.composite
def issues(draw: st.DrawFn, max_issues: int = 4, max_options: int = 4) -> tuple[Issue, ...]:
    """Discrete issues with 1..max_options options each."""
    sizes = draw(st.lists(st.integers(1, max_options), min_size=1, max_size=max_issues))
    return tuple(
        Issue(f"i{j}", f"Issue {j}", tuple(f"o{x}" for x in range(size)))
        for j, size in enumerate(sizes)
    )


@st.composite
def conditions(draw: st.DrawFn, space: tuple[Issue, ...]) -> Condition:
    """A condition on a non-empty subset of the issues."""
    chosen = draw(st.lists(st.sampled_from(space), min_size=1, max_size=len(space), unique=True))
    allowed = {
        issue.id: frozenset(
            draw(st.lists(st.integers(0, issue.size - 1), min_size=1, max_size=issue.size))
        )
        for issue in chosen
    }
    return Condition(allowed)


@st.composite
def red_lines(draw: st.DrawFn, space: tuple[Issue, ...], max_lines: int = 2) -> tuple[RedLine, ...]:
    """Up to ``max_lines`` red lines of random kinds."""
    lines = []
    for n in range(draw(st.integers(0, max_lines))):
        kind = draw(st.sampled_from(list(RuleKind)))
        then = draw(conditions(space)) if kind is RuleKind.IMPLIES else None
        lines.append(RedLine(f"r{n}", kind, draw(conditions(space)), then))
    return tuple(lines)


@st.composite
def genius_issues(draw: st.DrawFn, max_issues: int = 4, max_options: int = 4) -> tuple[Issue, ...]:
    """Discrete issues and, sometimes, GENIUS-style integer issues (``low .. low+size-1``)."""
    out = list(draw(issues(max_issues, max_options)))
    for j, issue in enumerate(out):
        if draw(st.integers(0, 2)) == 0:
            low = draw(st.integers(0, 5))
            options = tuple(float(x) for x in range(low, low + issue.size))
            out[j] = Issue(issue.id, issue.name, options, numeric=True)
    return tuple(out)


def genius_evaluator(issue: Issue, slope: float, offset: float) -> PiecewiseLinear:
    """GENIUS's integer evaluator ``clamp(offset + slope * (x - low), 0, 1)`` at every value."""
    low = float(issue.options[0])
    return PiecewiseLinear(
        tuple(
            (float(x), min(1.0, max(0.0, offset + slope * (float(x) - low)))) for x in issue.options
        )
    )


@st.composite
def value_function(draw: st.DrawFn, issue: Issue) -> ValueFunction:
    """Decimal values per option; on an integer issue, a GENIUS integer evaluator or
    decimal values at each integer (a numeric issue's values are piecewise linear)."""
    if not issue.numeric:
        return DiscreteValues({o: draw(DECIMALS) for o in issue.options})
    if draw(st.booleans()):
        return genius_evaluator(issue, draw(SLOPES), draw(DECIMALS))
    return PiecewiseLinear(tuple((float(x), draw(DECIMALS)) for x in issue.options))


@st.composite
def preferences(draw: st.DrawFn, space: tuple[Issue, ...], max_lines: int = 2) -> Preferences:
    """Raw decimal weights normalised by their sum, decimal values or GENIUS integer
    evaluators, a decimal reservation, and sometimes a few constraint-based
    (hyper-rectangle) terms worth decimal utilities."""
    raw = {issue.id: draw(RAW_WEIGHTS) for issue in space}
    if not any(raw.values()):
        raw[space[0].id] = draw(RAW_WEIGHTS.filter(bool))
    weights = normalise_weights(raw, [issue.id for issue in space])
    values = {issue.id: draw(value_function(issue)) for issue in space}
    rectangles = tuple(
        Rectangle(draw(conditions(space)), draw(DECIMALS)) for _ in range(draw(st.integers(0, 2)))
    )
    return Preferences(
        weights=weights,
        values=values,
        reservation=draw(RESERVATIONS),
        red_lines=draw(red_lines(space, max_lines)),
        rectangles=rectangles,
    )


@st.composite
def scenarios(
    draw: st.DrawFn,
    max_parties: int = 3,
    max_lines: int = 2,
    *,
    min_parties: int = 1,
    max_issues: int = 4,
) -> Scenario:
    """Small random scenarios with red lines, reservations, float noise and plenty of ties."""
    space = draw(genius_issues(max_issues))
    n_parties = draw(st.integers(min_parties, max_parties))
    parties = tuple(Actor(f"p{p}", f"Party {p}") for p in range(n_parties))
    prefs = {a.id: draw(preferences(space, max_lines)) for a in parties}
    return Scenario("random", parties, space, prefs)


CAPS = st.sampled_from([None, 0.6, 0.75, 0.9])


@st.composite
def boxed_scenarios(
    draw: st.DrawFn, max_parties: int = 3, *, min_parties: int = 1, max_issues: int = 4
) -> Scenario:
    """Random scenarios with EXCLUDES rectangles and binding caps added."""
    scenario = draw(
        scenarios(max_parties=max_parties, min_parties=min_parties, max_issues=max_issues)
    )
    prefs = {}
    for pid, p in scenario.preferences.items():
        extra = tuple(
            Rectangle(
                draw(conditions(scenario.issues)),
                draw(st.sampled_from([0.1, 0.25, -0.15])),
                draw(st.booleans()),
            )
            for _ in range(draw(st.integers(0, 3)))
        )
        prefs[pid] = replace(p, rectangles=p.rectangles + extra, cap=draw(CAPS))
    return replace(scenario, preferences=prefs)


NOISY_UTILITIES = [
    0.0,
    0.1,
    0.3,
    0.6,
    1.0,
    0.485,
    0.48500000000000004,
    0.94,
    0.95,
    0.15238095238095234,
    0.15238095238095237,
    0.1 + 0.2,
    0.3,
]
"""Decimal utilities, with pairs equal but for float noise (the same tick)."""


def point_sets(max_parties: int = 4, max_points: int = 200) -> st.SearchStrategy[np.ndarray]:
    """Utility vectors from a few decimal values, some equal but for float noise, so
    duplicates and ties (on ticks) are common."""
    return st.integers(1, max_parties).flatmap(
        lambda k: hnp.arrays(
            np.float64,
            st.tuples(st.integers(0, max_points), st.just(k)),
            elements=st.sampled_from(NOISY_UTILITIES),
        )
    )


# -- scenarios as the loader produces them, for round trips through the file format

LABELS = st.text(min_size=1, max_size=6) | st.sampled_from(
    ["yes", "no", "on", "null", "~", "true", "1", "2.5", "0o17", "1e3", "1_000", "<<", "- x"]
)
"""Ids and option names, including text that looks like numbers, booleans or null."""

TEXT = st.text(max_size=20) | st.sampled_from(["", "Two lines\nof text\n", "Folded text.\n"])
FINITE = st.floats(allow_nan=False, allow_infinity=False)
UNIT = st.floats(min_value=0.0, max_value=1.0)


@st.composite
def numeric_issue_grid(draw: st.DrawFn) -> tuple[float, ...]:
    """A grid as a numeric issue's range gives it: decimal, fractional or arbitrary steps."""
    kind = draw(st.sampled_from(["decimal", "fraction", "arbitrary"]))
    if kind == "decimal":
        step = draw(st.sampled_from([0.001, 0.05, 0.1, 0.25, 0.3, 0.5, 1.0, 2.0, 5.0, 1000.0]))
        low = draw(st.integers(-1000, 1000)) * draw(st.sampled_from([1.0, 0.1, 0.5, 0.01]))
    elif kind == "fraction":
        step = draw(st.sampled_from([1 / 3, 2 / 3, 1 / 7, 10 / 3]))
        low = draw(st.integers(-100, 100)) * draw(st.sampled_from([1.0, 1 / 3, 0.1]))
    else:
        step = draw(st.floats(min_value=1e-3, max_value=100.0))
        low = draw(st.floats(min_value=-1000.0, max_value=1000.0))
    count = draw(st.integers(1, 6))
    high = low + step * (count - 1) + draw(st.floats(min_value=0.0, max_value=0.9)) * step
    return numeric_grid(low, high, step)


@st.composite
def loadable_issues(draw: st.DrawFn, max_issues: int = 4) -> tuple[Issue, ...]:
    """Discrete issues with awkward option names and numeric issues with grids."""
    ids = draw(st.lists(LABELS, min_size=1, max_size=max_issues, unique=True))
    out = []
    for issue_id in ids:
        name = draw(st.just(issue_id) | st.text(min_size=1, max_size=10))
        if draw(st.booleans()):
            out.append(Issue(issue_id, name, draw(numeric_issue_grid()), numeric=True))
        else:
            options = draw(st.lists(LABELS, min_size=1, max_size=4, unique=True))
            out.append(Issue(issue_id, name, tuple(options)))
    return tuple(out)


@st.composite
def loadable_evidence(draw: st.DrawFn, source_ids: list[str]) -> tuple[Evidence, ...]:
    """Evidence citing the scenario's sources by id, or free text when it has none."""
    cite = st.sampled_from(source_ids) if source_ids else LABELS
    items = draw(st.lists(st.tuples(TEXT, st.none() | cite), max_size=2))
    return tuple(Evidence(says, source) for says, source in items)


@st.composite
def loadable_preferences(
    draw: st.DrawFn, space: tuple[Issue, ...], source_ids: list[str]
) -> Preferences:
    """Additive, constraint-based or mixed preferences, weights normalised as on loading."""
    style = draw(st.sampled_from(["additive", "rectangles", "both"]))
    weights: dict[str, float] = {}
    values: dict[str, ValueFunction] = {}
    if style != "rectangles":
        raw = {
            issue.id: draw(st.sampled_from([0.0, 1.0, 2.0, 3.0]) | st.floats(0.0, 1e6))
            for issue in space
        }
        if not any(w > 0 for w in raw.values()):
            raw[space[0].id] = 1.0
        weights = normalise_weights(raw, [issue.id for issue in space])
        for issue in space:
            if issue.id not in weights and draw(st.booleans()):
                continue
            if issue.numeric:
                xs = draw(st.lists(FINITE, min_size=1, max_size=3, unique=True))
                xs = sorted({0.0 if x == 0 else x for x in xs})
                values[issue.id] = PiecewiseLinear(tuple((x, draw(UNIT)) for x in xs))
            else:
                values[issue.id] = DiscreteValues({o: draw(UNIT) for o in issue.options})
    rectangles: tuple[Rectangle, ...] = ()
    if style != "additive":
        rectangles = tuple(
            Rectangle(draw(conditions(space)), draw(FINITE)) for _ in range(draw(st.integers(1, 3)))
        )
    lines = []
    line_ids = st.lists(LABELS.filter(lambda x: x != "reservation"), max_size=3, unique=True)
    for line_id in draw(line_ids):
        kind = draw(st.sampled_from(list(RuleKind)))
        then = draw(conditions(space)) if kind is RuleKind.IMPLIES else None
        text = draw(TEXT)
        evidence = draw(loadable_evidence(source_ids))
        lines.append(RedLine(line_id, kind, draw(conditions(space)), then, text, evidence))
    return Preferences(
        weights=weights,
        values=values,
        reservation=draw(FINITE if rectangles else UNIT),
        red_lines=tuple(lines),
        evidence=draw(loadable_evidence(source_ids)),
        rectangles=rectangles,
        discount=draw(st.just(1.0) | st.floats(0.0, 1.0, exclude_min=True)),
    )


@st.composite
def loadable_scenarios(draw: st.DrawFn, max_parties: int = 3) -> Scenario:
    """Scenarios that loading a file can produce, with every kind of field filled in.

    Unlike :func:`scenarios`, these have numeric issues, piecewise-linear values,
    purely constraint-based parties, negative and large rectangle utilities,
    discounts, mediators, sources, evidence, proposals and history.
    """
    space = draw(loadable_issues())
    actor_ids = draw(
        st.lists(
            LABELS.filter(lambda x: "." not in x), min_size=1, max_size=max_parties + 2, unique=True
        )
    )
    n_parties = draw(st.integers(1, min(max_parties, len(actor_ids))))

    def actor(actor_id: str) -> Actor:
        name = draw(st.just(actor_id) | st.text(min_size=1, max_size=10))
        return Actor(actor_id, name, draw(TEXT))

    parties = tuple(actor(a) for a in actor_ids[:n_parties])
    mediators = tuple(actor(a) for a in actor_ids[n_parties:])
    source_ids = draw(st.lists(LABELS, max_size=2, unique=True))
    sources = tuple(
        Source(s, draw(st.just(s) | st.text(min_size=1, max_size=10)), draw(TEXT), draw(TEXT))
        for s in source_ids
    )
    prefs = {p.id: draw(loadable_preferences(space, source_ids)) for p in parties}
    proposals = []
    for proposal_id in draw(st.lists(LABELS, max_size=2, unique=True)):
        by = draw(st.lists(st.sampled_from(actor_ids), min_size=1, max_size=2, unique=True))
        outcome = {issue.id: draw(st.sampled_from(issue.options)) for issue in space}
        evidence = draw(loadable_evidence(source_ids))
        proposals.append(Proposal(proposal_id, tuple(by), outcome, draw(TEXT), evidence))
    proposal_ids = [p.id for p in proposals]
    history = tuple(
        Event(
            draw(st.sampled_from(actor_ids)),
            draw(st.sampled_from(ACTIONS)),
            draw(st.none() | st.sampled_from(proposal_ids)) if proposal_ids else None,
            draw(loadable_evidence(source_ids)),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    return Scenario(
        name=draw(st.text(min_size=1, max_size=12)),
        parties=parties,
        issues=space,
        preferences=prefs,
        mediators=mediators,
        description=draw(TEXT),
        sources=sources,
        proposals=tuple(proposals),
        history=history,
    )


@st.composite
def price_scenarios(draw: st.DrawFn, max_options: int = 12) -> Scenario:
    """Two parties with strictly opposed interests in one numeric issue (a price).

    The seller's value rises with the price and the buyer's falls, strictly, in
    sixty-fourths; reservations are quarters and a party may also have a red
    line keeping the price on its side of a threshold. Either may move first,
    and a second issue neither party cares about is sometimes on the table.
    """
    size = draw(st.integers(2, max_options))
    price = Issue("price", "Price", tuple(float(x) for x in range(size)), numeric=True)
    space: tuple[Issue, ...] = (price,)
    if draw(st.booleans()):
        space = (price, Issue("venue", "Venue", ("here", "there")))
    steps = st.lists(st.integers(0, 64), min_size=size, max_size=size, unique=True).map(sorted)
    rising = [v / 64 for v in draw(steps)]
    falling = [v / 64 for v in reversed(draw(steps))]
    prefs = {}
    for party, values in (("seller", rising), ("buyer", falling)):
        lines: tuple[RedLine, ...] = ()
        if draw(st.booleans()):
            edge = draw(st.integers(0, size - 1))
            side = range(edge, size) if party == "seller" else range(edge + 1)
            lines = (RedLine("floor", RuleKind.REQUIRE, Condition({"price": frozenset(side)})),)
        prefs[party] = Preferences(
            weights={"price": 1.0},
            values={"price": DiscreteValues(dict(zip(price.options, values, strict=True)))},
            reservation=draw(st.sampled_from([0.0, 0.25, 0.5, 0.75])),
            red_lines=lines,
        )
    order = draw(st.permutations(["seller", "buyer"]))
    parties = tuple(Actor(p, p.title()) for p in order)
    return Scenario("price", parties, space, prefs)


@st.composite
def bidding_scenarios(
    draw: st.DrawFn, max_parties: int = 3
) -> tuple[Scenario, str, dict[str, str | float]]:
    """A numeric issue to bid on among a few discrete ones, with a package fixing the rest.

    Returns ``(scenario, issue id, fixed package)``; preferences are as in
    :func:`scenarios`, so values along the numeric issue need not be monotone.
    """
    size = draw(st.integers(1, 6))
    amount = Issue("amount", "Amount", tuple(float(5 * x) for x in range(size)), numeric=True)
    others = draw(issues(max_issues=2, max_options=3))
    space = (*others[: draw(st.integers(0, len(others)))], amount)
    n_parties = draw(st.integers(1, max_parties))
    parties = tuple(Actor(f"p{p}", f"Party {p}") for p in range(n_parties))
    prefs = {a.id: draw(preferences(space, max_lines=1)) for a in parties}
    fixed: dict[str, str | float] = {
        issue.id: draw(st.sampled_from(issue.options)) for issue in space if issue is not amount
    }
    return Scenario("bidding", parties, space, prefs), "amount", fixed


# -- uncertain preferences: ranges, distributions and red-line probabilities

SPREADS = st.sampled_from([0.0, 0.05, 0.1, 0.3])
PROBABILITIES = st.sampled_from([0.0, 0.3, 0.5, 0.75, 0.9])


@st.composite
def quantities(draw: st.DrawFn, centre: float, low: float, high: float) -> Quantity:
    """A fixed number, a uniform range or a clipped normal around ``centre``, within
    ``[low, high]`` (a uniform range is kept inside it, a normal is clipped to it)."""
    kind = draw(st.sampled_from(["fixed", "uniform", "normal"]))
    if kind == "fixed":
        return Fixed(centre)
    width = draw(SPREADS)
    if kind == "uniform" and abs(centre) < 1e6:
        return Uniform(max(low, centre - width), min(high, centre + width))
    return Normal(centre, width, low, high)


@st.composite
def uncertain_preferences(
    draw: st.DrawFn, prefs: Preferences, space: tuple[Issue, ...]
) -> UncertainPreferences:
    """Uncertainty around ``prefs``; the point profile is rebuilt from the quantities'
    points the way loading a file does, so the result is what a file would give."""
    issues = {issue.id: issue for issue in space}
    valid = (-np.inf, np.inf) if prefs.rectangles else (0.0, 1.0)
    reservation = draw(quantities(prefs.reservation, *valid))
    weights: dict[str, Quantity] = {}
    point_weights = dict(prefs.weights)
    if prefs.weights and draw(st.booleans()):
        weights = {
            i: draw(quantities(draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])), 0.0, np.inf))
            for i in issues
            if i in prefs.values
        }
        point_weights = normalise_weights({i: point(q) for i, q in weights.items()}, issues)
        if not point_weights:
            weights, point_weights = {}, dict(prefs.weights)
    values: dict[str, UncertainValues] = {}
    point_values = dict(prefs.values)
    for issue_id, function in prefs.values.items():
        if not draw(st.booleans()):
            continue
        if isinstance(function, DiscreteValues):
            table = {o: draw(quantities(v, 0.0, 1.0)) for o, v in function.by_option.items()}
            values[issue_id] = UncertainDiscrete(table)
            point_values[issue_id] = DiscreteValues({o: point(q) for o, q in table.items()})
        else:
            anchors = tuple((x, draw(quantities(v, 0.0, 1.0))) for x, v in function.anchors)
            values[issue_id] = UncertainPiecewise(anchors)
            point_values[issue_id] = PiecewiseLinear(tuple((x, point(q)) for x, q in anchors))
    probabilities = {
        line.id: p for line in prefs.red_lines if (p := draw(PROBABILITIES | st.just(1.0))) < 1.0
    }
    point_prefs = replace(
        prefs, weights=point_weights, values=point_values, reservation=point(reservation)
    )
    # As a file reads: weights and value tables are kept only when something in them is
    # not a plain number.
    if all(isinstance(q, Fixed) for q in weights.values()):
        weights = {}
    values = {i: v for i, v in values.items() if not all(isinstance(q, Fixed) for q in _qs(v))}
    return UncertainPreferences(
        point_prefs,
        weights,
        values,
        None if isinstance(reservation, Fixed) else reservation,
        probabilities,
    )


def _qs(values: UncertainValues) -> list[Quantity]:
    if isinstance(values, UncertainDiscrete):
        return list(values.by_option.values())
    return [q for _, q in values.anchors]


@st.composite
def uncertain_scenarios(draw: st.DrawFn, max_parties: int = 3) -> Scenario:
    """Small scenarios (as :func:`scenarios`) whose parties' preferences are uncertain."""
    scenario = draw(scenarios(max_parties=max_parties))
    uncertainty = {
        p: draw(uncertain_preferences(scenario.preferences[p], scenario.issues))
        for p in scenario.party_ids
    }
    return replace(
        scenario,
        preferences={p: u.point for p, u in uncertainty.items()},
        uncertainty=uncertainty,
    )


@st.composite
def loadable_uncertain_scenarios(draw: st.DrawFn) -> Scenario:
    """Loadable scenarios with uncertain preferences and a beliefs section, as read from
    a file: only parties with something uncertain are listed under ``uncertainty``."""
    scenario = draw(loadable_scenarios())
    uncertainty: dict[str, UncertainPreferences] = {}
    beliefs: dict[str, UncertainPreferences] = {}
    for party in scenario.party_ids:
        prefs = scenario.preferences[party]
        if prefs.weights or prefs.rectangles:
            found = draw(uncertain_preferences(prefs, scenario.issues))
            if _written_uncertain(found):
                uncertainty[party] = found
        if draw(st.booleans()):
            other = draw(loadable_preferences(scenario.issues, [s.id for s in scenario.sources]))
            beliefs[party] = draw(uncertain_preferences(other, scenario.issues))
    preferences = dict(scenario.preferences)
    preferences.update({p: u.point for p, u in uncertainty.items()})
    return replace(scenario, preferences=preferences, uncertainty=uncertainty, beliefs=beliefs)


def _written_uncertain(prefs: UncertainPreferences) -> bool:
    """Would a file write a range, a distribution or a probability for these preferences?"""
    return bool(
        prefs.reservation is not None or prefs.weights or prefs.values or prefs.probabilities
    )


# --------------------------------------------------------------------------- #
# Conflicts (Graph Model for Conflict Resolution)
# --------------------------------------------------------------------------- #


@st.composite
def conflicts(draw: st.DrawFn, max_dms: int = 4, max_options: int = 7) -> object:
    """Small conflicts: 2-4 decision makers with 1-3 options each, random feasibility
    rules and irreversibilities, and preferences as rankings with ties or as statements."""
    from accord.conflict.model import (
        Conflict,
        DecisionMaker,
        Irreversible,
        Ranking,
        Rule,
        Statements,
    )
    from accord.conflict.states import key_of

    n_dms = draw(st.integers(2, max_dms))
    sizes = [draw(st.integers(1, 3)) for _ in range(n_dms)]
    while sum(sizes) > max_options:
        sizes[sizes.index(max(sizes))] -= 1
    names = [f"o{j}" for j in range(sum(sizes))]
    dms, start = [], 0
    for d, size in enumerate(sizes):
        dms.append(DecisionMaker(f"d{d}", tuple(names[start : start + size])))
        start += size
    some = st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)
    rules = []
    for kind in draw(st.lists(st.sampled_from(["mx", "alo", "req", "states"]), max_size=3)):
        if kind == "mx":
            rules.append(Rule("mutually_exclusive", tuple(draw(some))))
        elif kind == "alo":
            rules.append(Rule("at_least_one", tuple(draw(some))))
        elif kind == "req":
            rules.append(Rule("requires", (draw(st.sampled_from(names)),), tuple(draw(some))))
        else:
            rules.append(Rule("states", states=(tuple(draw(some)),)))
    irreversible = tuple(
        Irreversible(o, draw(st.sampled_from(["yes_to_no_forbidden", "no_to_yes_forbidden"])))
        for o in draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    )
    codes = [c for c in range(1 << len(names)) if _feasible_by_hand(c, names, rules)]
    if not codes:
        codes_for_rank: list[int] = []
    else:
        codes_for_rank = codes
    prefs: dict[str, object] = {}
    for dm in dms:
        if draw(st.booleans()) or not codes_for_rank:
            words = st.sampled_from(names)
            atoms = st.one_of(words, words.map(lambda w: f"not {w}"))
            ops = st.sampled_from(["and", "or", "if", "iff"])
            statement = st.one_of(atoms, st.tuples(atoms, ops, atoms).map(lambda t: " ".join(t)))
            prefs[dm.id] = Statements(tuple(draw(st.lists(statement, min_size=1, max_size=4))))
        else:
            tier_of = [draw(st.integers(0, 4)) for _ in codes_for_rank]
            pairs = list(zip(codes_for_rank, tier_of, strict=True))
            tiers = tuple(
                tuple(key_of(tuple(names), c) for c, t in pairs if t == k) for k in range(5)
            )
            prefs[dm.id] = Ranking(tuple(t for t in tiers if t))
    return Conflict(tuple(dms), prefs, tuple(rules), irreversible)  # type: ignore[arg-type]


def _feasible_by_hand(code: int, names: list[str], rules: list[object]) -> bool:
    yes = {n for j, n in enumerate(names) if code >> j & 1}
    for rule in rules:
        kind = rule.kind  # type: ignore[attr-defined]
        options = set(rule.options)  # type: ignore[attr-defined]
        if kind == "mutually_exclusive" and len(yes & options) > 1:
            return False
        if kind == "at_least_one" and not yes & options:
            return False
        if kind == "requires" and options <= yes and not set(rule.needs) <= yes:  # type: ignore[attr-defined]
            return False
        if kind == "states" and any(set(s) == yes for s in rule.states):  # type: ignore[attr-defined]
            return False
    return True


@st.composite
def additive_truths(
    draw: st.DrawFn, max_issues: int = 4, max_options: int = 5
) -> tuple[tuple[Issue, ...], np.ndarray, tuple[np.ndarray, ...]]:
    """A party's true additive preferences as the copilot must learn them: issues, weights
    (decimal, non-dyadic: drawn from 4, 1, 2, 3, 0.5, then normalised) and option values
    (0.1, 0.3, 0.6, 1 with ties; the best option of each issue worth 1)."""
    sizes = draw(st.lists(st.integers(2, max_options), min_size=2, max_size=max_issues))
    space = tuple(
        Issue(f"i{j}", f"Issue {j}", tuple(f"o{x}" for x in range(size)))
        for j, size in enumerate(sizes)
    )
    raw = draw(
        st.lists(
            st.sampled_from([4.0, 1.0, 2.0, 3.0, 0.5]), min_size=len(sizes), max_size=len(sizes)
        )
    )
    weights = np.array(raw) / sum(raw)
    values = []
    for size in sizes:
        table = draw(st.lists(st.sampled_from([0.1, 0.3, 0.6, 1.0]), min_size=size, max_size=size))
        table[draw(st.integers(0, size - 1))] = 1.0
        values.append(np.array(table))
    return space, weights, tuple(values)
