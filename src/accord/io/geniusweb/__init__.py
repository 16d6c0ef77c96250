"""GeniusWeb profiles: read a scenario from them, write a scenario as them.

GeniusWeb (the negotiation platform of TU Delft) describes each party by a
*profile*, one JSON file. Accord reads and writes the linear additive kind::

    {"LinearAdditiveUtilitySpace": {
        "issueUtilities": {
            "salary": {"NumberValueSetUtilities": {
                "lowValue": 2000, "lowUtility": 0, "highValue": 4000, "highUtility": 1}},
            "lease car": {"DiscreteValueSetUtilities": {
                "valueUtilities": {"yes": 1, "no": 0}}}},
        "issueWeights": {"salary": 0.7, "lease car": 0.3},
        "domain": {"name": "jobs", "issuesValues": {
            "salary": {"range": {"low": 2000, "high": 4000, "step": 500}},
            "lease car": {"values": ["yes", "no"]}}},
        "name": "employee",
        "reservationBid": {"issuevalues": {"salary": 2500, "lease car": "no"}}}}

:func:`read_geniusweb` turns a folder of such profiles (one per party, all on
the same domain) into a :class:`~accord.model.scenario.Scenario`;
:func:`write_geniusweb` writes a scenario as one profile per party plus the
domain file. Both raise nothing but :class:`~accord.io.errors.ScenarioError`.
The mapping, and what is lost each way, is described in ``docs/geniusweb.md``.

The work is done in :mod:`accord.io.geniusweb.format` (the format's keys, exact
decimals, JSON), :mod:`accord.io.geniusweb.parse` (checking a profile),
:mod:`accord.io.geniusweb.read`, :mod:`accord.io.geniusweb.write` and
:mod:`accord.io.geniusweb.reservation` (choosing a reservation bid).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from accord.io.errors import ScenarioError, names
from accord.io.geniusweb.format import (
    PROFILE_TYPE,
    Profile,
    ValueSet,
    json_kind,
    only_scenario_errors,
    parse_json,
    quoted,
)
from accord.io.geniusweb.parse import Parser, parse_profile
from accord.io.geniusweb.read import (
    domain_difference,
    is_domain,
    is_profile,
    issue_of,
    json_files,
    party_ids_of,
    paths_label,
    preferences_of,
)
from accord.io.geniusweb.write import plan_files
from accord.io.limits import MAX_CONSTRAINTS
from accord.io.reading import read_file, source_label
from accord.model.scenario import Actor, Scenario

__all__ = ["read_geniusweb", "write_geniusweb"]

MAX_PROFILES = MAX_CONSTRAINTS
"""At most this many profiles (one reservation constraint per party must fit a mask)."""
SEARCH_LIMIT = 4_000_000
"""Largest half of the outcome space enumerated when choosing a reservation bid."""


def read_geniusweb(paths: Sequence[Path | str] | Path | str) -> Scenario:
    """Read GeniusWeb profiles, one per party, into a scenario.

    ``paths`` is a folder (every ``.json`` file in it is read, in name order) or
    a list of profile files. Every profile must be a ``LinearAdditiveUtilitySpace``
    on the same domain. A domain file (``{"name": ..., "issuesValues": ...}``)
    may sit among the profiles; it must match them. In a folder, JSON files that
    are neither a profile nor a domain are skipped.

    Each party's id is its file name without ``.json`` and its name is the
    profile's ``name``. Its reservation value is its own utility of its
    ``reservationBid`` (0 without one). Raises :class:`ScenarioError` for every
    kind of bad input.
    """
    label = paths_label(paths)
    with only_scenario_errors(label):
        files, in_folder = json_files(paths, label)
        profiles: list[Profile] = []
        domains: list[tuple[str, dict[str, ValueSet]]] = []
        for path in files:
            source = source_label(path)
            data = parse_json(read_file(path, source), source)
            if is_profile(data):
                assert isinstance(data, dict)
                if len(profiles) >= MAX_PROFILES:
                    raise ScenarioError(label, "", f"more than {MAX_PROFILES} profiles")
                profiles.append(parse_profile(data, source, path.stem))
            elif is_domain(data):
                domains.append((source, Parser(source).domain(data, "")[1]))
            elif not in_folder:
                raise ScenarioError(
                    source,
                    "",
                    f'is not a GeniusWeb profile: expected {{"{PROFILE_TYPE}": {{...}}}}, '
                    f"got {json_kind(data)}"
                    + (f" with the fields {quoted(list(data))}" if isinstance(data, dict) else ""),
                )
        if not profiles:
            raise ScenarioError(
                label, "", f"holds no GeniusWeb profile (a JSON file with a {PROFILE_TYPE})"
            )
        first = profiles[0]
        others = [(p.source, f"{PROFILE_TYPE}.domain", p.issues) for p in profiles[1:]]
        others += [(source, "", values) for source, values in domains]
        for source, where, values in others:
            difference = domain_difference(first.issues, values)
            if difference:
                raise ScenarioError(
                    source,
                    where,
                    f"the domain differs from the one in {first.source}: {difference}; "
                    "all profiles must share one domain",
                )
        party_ids = party_ids_of(profiles, label)
        issues = [issue_of(issue_id, values) for issue_id, values in first.issues.items()]
        return Scenario(
            name=first.domain_name,
            parties=tuple(
                Actor(id=party, name=profile.name)
                for party, profile in zip(party_ids, profiles, strict=True)
            ),
            issues=tuple(issues),
            preferences={
                party: preferences_of(profile, issues)
                for party, profile in zip(party_ids, profiles, strict=True)
            },
        )


def write_geniusweb(
    scenario: Scenario,
    directory: Path | str,
    *,
    legacy_keys: bool = False,
    complete_bids: bool = False,
) -> list[str]:
    """Write ``scenario`` as GeniusWeb profiles in ``directory`` and return warnings.

    Writes ``<party id>.json`` for every party (a ``LinearAdditiveUtilitySpace``)
    and ``<domain name>.json`` for the domain, creating ``directory`` if needed
    and replacing files of the same names. Utilities of every outcome read back
    unchanged (to within float rounding).

    Returns one warning per thing GeniusWeb cannot express and that is dropped
    or changed: red lines, mediators, proposals, history, display names, a
    reservation value no outcome has exactly (see ``docs/geniusweb.md``).
    Raises :class:`ScenarioError`, writing nothing, for what cannot be written
    without changing utilities (constraint-based utility, unnormalised weights).

    A reservation value becomes a reservation bid: the outcome (or, unless
    ``complete_bids``, partial bid) of lowest utility at or above it.
    ``legacy_keys`` writes the early key names ``discreteutils`` and
    ``numberutils`` instead of ``DiscreteValueSetUtilities`` and
    ``NumberValueSetUtilities``. Both options serve readers that know only the
    early form, such as the GeniusWeb reader of NegMAS 0.16.
    """
    label = source_label(directory)
    with only_scenario_errors(label, writing=True):
        plan = plan_files(scenario, legacy_keys, complete_bids, SEARCH_LIMIT)
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise ScenarioError(label, "", "exists and is not a folder")
        target.mkdir(parents=True, exist_ok=True)
        others = sorted(
            p.name
            for p in target.iterdir()
            if p.suffix.lower() == ".json" and p.name not in plan.files
        )
        if others:
            plan.warnings.append(
                f"the folder also holds {names(others, limit=4)}; reading the folder back "
                "reads those too"
            )
        for name, text in plan.files.items():
            (target / name).write_text(text, encoding="utf-8")
        return plan.warnings
