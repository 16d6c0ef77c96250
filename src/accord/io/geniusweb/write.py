"""Planning how a scenario is written as GeniusWeb profiles.

:func:`plan_files` checks the scenario, decides how each issue is written (a
number range or discrete values), and renders every profile and the domain as
JSON text, collecting warnings for what GeniusWeb cannot hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from accord.io.errors import ScenarioError, names
from accord.io.geniusweb.format import (
    DISCRETE_UTILITIES,
    NUMBER_UTILITIES,
    PROFILE_TYPE,
    WEIGHT_TOLERANCE,
    IssuePlan,
    decimal_grid,
    decimal_of,
    json_text,
    label_of,
)
from accord.io.geniusweb.reservation import reservation_bid
from accord.model.issues import Option
from accord.model.scenario import Scenario

LINEAR_TOLERANCE = 1e-12
"""How close a value function must be to a straight line to be written as one."""
_UNSAFE_FILE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass
class Plan:
    files: dict[str, str] = field(default_factory=dict)
    """File name to JSON text."""
    warnings: list[str] = field(default_factory=list)


def _simple_name(text: str, fallback: str) -> str:
    """A GeniusWeb name (letters and digits): ``"Plant deal (2024)"`` becomes ``PlantDeal``."""
    if re.fullmatch(r"[A-Za-z0-9]+", text):
        return text
    head = re.split(r"[(:;,\u2013\u2014]| - ", text)[0]
    words = re.findall(r"[A-Za-z0-9]+", head) or re.findall(r"[A-Za-z0-9]+", text)
    simple = "".join(word[:1].upper() + word[1:] for word in words)
    return simple[:40] or fallback


def _as_range(options: Sequence[Option]) -> tuple[Decimal, Decimal, Decimal] | None:
    """``(low, high, step)`` whose GeniusWeb range is exactly these grid numbers, if any."""
    if len(options) < 2:
        return None  # GeniusWeb number utilities need highValue above lowValue
    numbers = [float(o) for o in options]
    low, high = decimal_of(numbers[0]), decimal_of(numbers[-1])
    step = decimal_of(numbers[1]) - low
    if step <= 0 or (high - low) // step + 1 != len(numbers):
        return None
    if decimal_grid(low, step, len(numbers)) != tuple(numbers):
        return None
    return low, high, step


def _straight(options: Sequence[Option], table: np.ndarray) -> np.ndarray | None:
    """The table as GeniusWeb's line between its end points, if it is one."""
    x = np.asarray(options, dtype=float)
    line = np.interp(x, [x[0], x[-1]], [table[0], table[-1]])
    if float(np.max(np.abs(line - table))) <= LINEAR_TOLERANCE:
        return line
    return None


def _check_file_name(party: str, source: str) -> None:
    if (
        not party
        or party != party.strip()
        or party in (".", "..")
        or _UNSAFE_FILE_CHARACTERS.search(party)
    ):
        raise ScenarioError(
            source,
            f"parties.{party}",
            f"party id {party!r} cannot be a file name (it becomes {party}.json); "
            "use letters, digits, '-' or '_'",
        )


def plan_files(
    scenario: Scenario, legacy_keys: bool, complete_bids: bool, search_limit: int
) -> Plan:
    """The files that write ``scenario`` (see :func:`~accord.io.geniusweb.write_geniusweb`)."""
    source = f"scenario {scenario.name!r}" if scenario.name else "scenario"
    plan = Plan()
    warn = plan.warnings.append
    if not scenario.parties or not scenario.issues:
        raise ScenarioError(source, "", "needs at least one party and one issue")
    seen: dict[str, str] = {}
    for party in scenario.party_ids:
        _check_file_name(party, source)
        if party.casefold() in seen:
            raise ScenarioError(
                source,
                f"parties.{party}",
                f"the file names {seen[party.casefold()]}.json and {party}.json differ only "
                "in case and would collide on some systems",
            )
        seen[party.casefold()] = party
    discrete_key, number_key = (
        (DISCRETE_UTILITIES[1], NUMBER_UTILITIES[1])
        if legacy_keys
        else (DISCRETE_UTILITIES[0], NUMBER_UTILITIES[0])
    )

    # Each party's weight and unweighted value table per issue.
    weights: dict[str, list[float]] = {}
    tables: dict[str, list[np.ndarray]] = {}
    for party in scenario.party_ids:
        prefs = scenario.preferences[party]
        where = f"preferences.{party}"
        if prefs.rectangles:
            raise ScenarioError(
                source,
                f"{where}.rectangles",
                "constraint-based utility (rectangles) cannot be written as a GeniusWeb "
                "LinearAdditiveUtilitySpace; remove it or keep the scenario in Accord's format",
            )
        party_weights = [float(prefs.weights.get(issue.id, 0.0)) for issue in scenario.issues]
        if not all(math.isfinite(w) and w >= 0 for w in party_weights):
            raise ScenarioError(
                source, f"{where}.weights", "weights must be finite and not negative"
            )
        if abs(math.fsum(party_weights) - 1) > float(WEIGHT_TOLERANCE):
            raise ScenarioError(
                source,
                f"{where}.weights",
                f"the weights sum to {math.fsum(party_weights):g}, not 1; GeniusWeb needs "
                "normalised weights",
            )
        party_tables = []
        for issue, weight in zip(scenario.issues, party_weights, strict=True):
            function = prefs.values.get(issue.id)
            if function is None:
                if weight > 0:
                    raise ScenarioError(
                        source, f"{where}.values.{issue.id}", "missing for a weighted issue"
                    )
                party_tables.append(np.zeros(issue.size))
                continue
            try:
                table = np.asarray(function.table(issue.options), dtype=float)
            except (KeyError, ValueError, TypeError):
                raise ScenarioError(
                    source, f"{where}.values.{issue.id}", "does not give a value for every option"
                ) from None
            if not np.all(np.isfinite(table)) or table.min() < 0 or table.max() > 1:
                raise ScenarioError(
                    source,
                    f"{where}.values.{issue.id}",
                    "values must lie between 0 and 1 for GeniusWeb",
                )
            party_tables.append(table + 0.0)
        weights[party] = party_weights
        tables[party] = party_tables

    # How each issue is written; the tables as reading the files back will give them.
    issue_plans: list[IssuePlan] = []
    read_back: dict[str, list[np.ndarray]] = {party: [] for party in scenario.party_ids}
    for position, issue in enumerate(scenario.issues):
        if not issue.numeric:
            labels = tuple(str(o) for o in issue.options)
            if len(set(labels)) != len(labels):
                raise ScenarioError(
                    source, f"issues.{issue.id}", "two options have the same name as text"
                )
            issue_plans.append(IssuePlan(issue, labels))
            for party in scenario.party_ids:
                read_back[party].append(tables[party][position])
            continue
        bounds = _as_range(issue.options)
        lines = [_straight(issue.options, tables[p][position]) for p in scenario.party_ids]
        if bounds is not None and all(line is not None for line in lines):
            low, high, step = bounds
            issue_plans.append(IssuePlan(issue, None, low, high, step))
            for party, line in zip(scenario.party_ids, lines, strict=True):
                assert line is not None
                read_back[party].append(line)
            continue
        labels = tuple(label_of(float(o)) for o in issue.options)
        if bounds is None:
            reason = (
                "it has a single value"
                if issue.size < 2
                else "its grid is not an exact decimal range"
            )
        else:
            bent = [p for p, line in zip(scenario.party_ids, lines, strict=True) if line is None]
            reason = f"the values of {names(bent)} are not a straight line over it"
        warn(
            f"numeric issue {issue.id!r} is written as the discrete values "
            f"{names(labels, limit=4)} because {reason}; utilities are unchanged, "
            "but reading the files back gives a discrete issue"
        )
        issue_plans.append(IssuePlan(issue, labels))
        for party in scenario.party_ids:
            read_back[party].append(tables[party][position])

    domain_name = _simple_name(scenario.name, "domain")
    domain = {
        "name": domain_name,
        "issuesValues": {p.issue.id: p.value_set() for p in issue_plans},
    }
    used_names: set[str] = set()
    renamed: list[str] = []
    unnamed: list[str] = []
    for party_index, party in enumerate(scenario.party_ids):
        actor = scenario.parties[party_index]
        prefs = scenario.preferences[party]
        decimals = [decimal_of(w) for w in weights[party]]
        gap = Decimal(1) - sum(decimals, Decimal(0))
        if gap:
            heaviest = int(np.argmax(weights[party]))
            decimals[heaviest] += gap
            if abs(gap) > Decimal("1e-15"):
                warn(
                    f"{party}: the weights summed to {1 - gap} and were adjusted to sum to "
                    "exactly 1, as GeniusWeb requires"
                )
        written = [float(d) * table for d, table in zip(decimals, read_back[party], strict=True)]
        utilities: dict[str, object] = {}
        for issue_plan, table in zip(issue_plans, tables[party], strict=True):
            if issue_plan.labels is not None:
                utilities[issue_plan.issue.id] = {
                    discrete_key: {
                        "valueUtilities": {
                            label: decimal_of(v)
                            for label, v in zip(issue_plan.labels, table.tolist(), strict=True)
                        }
                    }
                }
            else:
                utilities[issue_plan.issue.id] = {
                    number_key: {
                        "lowValue": issue_plan.low,
                        "lowUtility": decimal_of(float(table[0])),
                        "highValue": issue_plan.high,
                        "highUtility": decimal_of(float(table[-1])),
                    }
                }
        bid = reservation_bid(
            party, prefs.reservation, written, issue_plans, warn, complete_bids, search_limit
        )
        name = _simple_name(party, f"party{party_index + 1}")
        while name in used_names:
            name += str(party_index + 1)
        used_names.add(name)
        if name != party:
            renamed.append(f"{party} as {name!r}")
        if actor.name and actor.name != party:
            unnamed.append(f"{party} ({actor.name!r})")
        if prefs.red_lines:
            ids = [line.id for line in prefs.red_lines]
            warn(
                f"{party}: red line{'s' if len(ids) > 1 else ''} {names(ids)} dropped "
                "(GeniusWeb profiles have no hard constraints); utilities are unaffected"
            )
        if prefs.discount != 1.0:
            warn(f"{party}: discount factor {prefs.discount:g} dropped (GeniusWeb has none)")
        profile = {
            PROFILE_TYPE: {
                "issueUtilities": utilities,
                "issueWeights": {p.issue.id: d for p, d in zip(issue_plans, decimals, strict=True)},
                "domain": domain,
                "name": name,
                **({"reservationBid": bid} if bid is not None else {}),
            }
        }
        plan.files[f"{party}.json"] = json_text(profile) + "\n"

    if renamed:
        warn(
            f"profile names must be letters and digits in GeniusWeb: {', '.join(renamed)} "
            "(the file names keep the party ids)"
        )
    if unnamed:
        warn(f"display names not kept (GeniusWeb has no place for them): {', '.join(unnamed)}")
    taken = {name.casefold() for name in plan.files}
    domain_file = f"{domain_name}.json"
    while domain_file.casefold() in taken:
        domain_file = f"{domain_file[:-5]}domain.json"
    plan.files[domain_file] = json_text(domain) + "\n"

    dropped = [
        what
        for what, present in (
            (f"mediator {names([m.id for m in scenario.mediators])}", scenario.mediators),
            (f"{len(scenario.proposals)} proposal(s)", scenario.proposals),
            (f"{len(scenario.history)} history event(s)", scenario.history),
            (f"{len(scenario.sources)} source(s)", scenario.sources),
            ("the description", scenario.description),
            (
                "evidence",
                any(scenario.preferences[p].evidence for p in scenario.party_ids),
            ),
        )
        if present
    ]
    if dropped:
        warn(f"not written (GeniusWeb profiles have no place for them): {', '.join(dropped)}")
    return plan
