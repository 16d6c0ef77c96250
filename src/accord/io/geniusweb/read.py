"""The steps of reading GeniusWeb profiles into Accord's model.

Finding the files, telling profiles from domain files, comparing domains, party
ids, and a profile's issues and preferences as :class:`~accord.model.issues.Issue`
and :class:`~accord.model.preferences.Preferences`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from accord.io.errors import ScenarioError, brief, names
from accord.io.geniusweb.format import (
    OTHER_PROFILE_TYPES,
    PROFILE_TYPE,
    NumberUtilities,
    Profile,
    Utilities,
    ValueSet,
    decimal_grid,
    quoted,
)
from accord.io.reading import source_label
from accord.model.issues import Issue, OutcomeSpace
from accord.model.preferences import DiscreteValues, PiecewiseLinear, Preferences, ValueFunction

MAX_FOLDER_FILES = 256
"""A folder may hold at most this many ``.json`` files."""


def is_profile(data: object) -> bool:
    if not isinstance(data, dict) or len(data) != 1:
        return False
    kind, value = next(iter(data.items()))
    return kind in (PROFILE_TYPE, *OTHER_PROFILE_TYPES) or (
        isinstance(value, dict) and "domain" in value
    )


def is_domain(data: object) -> bool:
    return isinstance(data, dict) and "issuesValues" in data


def json_files(paths: object, label: str) -> tuple[list[Path], bool]:
    """The files to read and whether they were found in a folder."""
    if isinstance(paths, str | os.PathLike):
        path = Path(paths)
        if not path.is_dir():
            return [path], False
        try:
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json")
        except OSError as exc:
            reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
            raise ScenarioError(label, "", f"cannot list the folder: {reason}") from None
        found = [p for p in found if not p.is_dir()]
        if len(found) > MAX_FOLDER_FILES:
            raise ScenarioError(
                label, "", f"holds {len(found)} .json files; at most {MAX_FOLDER_FILES} are read"
            )
        if not found:
            raise ScenarioError(label, "", "holds no .json files (GeniusWeb profiles)")
        return found, True
    if not isinstance(paths, Sequence) or isinstance(paths, bytes):
        raise ScenarioError(label, "", "expected a folder, a file, or a list of files")
    files: list[Path] = []
    for position, item in enumerate(paths):
        if not isinstance(item, str | os.PathLike):
            raise ScenarioError(label, f"[{position}]", f"is not a file name: {brief(item)}")
        path = Path(item)
        if path.is_dir():
            raise ScenarioError(source_label(item), "", "is a folder; list profile files only")
        files.append(path)
    if not files:
        raise ScenarioError(label, "", "no files given")
    if len(files) > MAX_FOLDER_FILES:
        raise ScenarioError(label, "", f"at most {MAX_FOLDER_FILES} files are read")
    return files, False


def paths_label(paths: object) -> str:
    if isinstance(paths, str | os.PathLike):
        return source_label(paths)
    if isinstance(paths, Sequence) and not isinstance(paths, str | bytes):
        return names([source_label(p) for p in paths], limit=3) or "no files"
    return brief(paths)


def domain_difference(first: Mapping[str, ValueSet], other: Mapping[str, ValueSet]) -> str:
    """How ``other`` differs from ``first`` (the empty string if it does not)."""
    missing = [issue for issue in first if issue not in other]
    if missing:
        return f"issue {quoted(missing)} is missing"
    extra = [issue for issue in other if issue not in first]
    if extra:
        return f"it has the extra issue {quoted(extra)}"
    for issue, values in first.items():
        theirs = other[issue]
        if not values.same_as(theirs):
            return f"issue {issue!r} has {theirs.describe()} here but {values.describe()} there"
    return ""


def party_ids_of(profiles: Sequence[Profile], label: str) -> list[str]:
    """The file name without ``.json``, or the profile name if the file name has a dot."""
    ids: list[str] = []
    taken: dict[str, str] = {}
    for profile in profiles:
        candidates = [c for c in (profile.stem, profile.name) if c and "." not in c]
        if not candidates:
            raise ScenarioError(
                profile.source,
                "",
                "cannot make a party id: the file name and the profile name both contain '.'",
            )
        party = candidates[0]
        if party in taken:
            raise ScenarioError(
                label,
                "",
                f"two profiles would be the same party {party!r}: {taken[party]} and "
                f"{profile.source}; rename one of the files",
            )
        taken[party] = profile.source
        ids.append(party)
    return ids


def issue_of(issue_id: str, values: ValueSet) -> Issue:
    if values.step is not None:
        grid = decimal_grid(values.low, values.step, values.count)
        return Issue(id=issue_id, name=issue_id, options=grid, numeric=True)
    return Issue(id=issue_id, name=issue_id, options=values.labels, numeric=False)


def _value_function(issue: Issue, utilities: Utilities) -> ValueFunction:
    if isinstance(utilities, NumberUtilities):
        return PiecewiseLinear(
            (
                (float(utilities.low), float(utilities.low_utility)),
                (float(utilities.high), float(utilities.high_utility)),
            )
        )
    return DiscreteValues({label: float(utilities.by_label[str(label)]) for label in issue.options})


def preferences_of(profile: Profile, issues: Sequence[Issue]) -> Preferences:
    weights = {
        issue.id: float(profile.weights[issue.id])
        for issue in issues
        if profile.weights[issue.id] > 0
    }
    values = {issue.id: _value_function(issue, profile.utilities[issue.id]) for issue in issues}
    preferences = Preferences(weights=weights, values=values)
    if profile.reservation_bid is None:
        return preferences
    # The reservation value is the party's own utility of its reservation bid; an
    # issue the (partial) bid leaves open adds nothing, as in GeniusWeb.
    tables = preferences.utility_tables(OutcomeSpace(tuple(issues)))
    reservation = 0.0
    for position, issue in enumerate(issues):
        if issue.id in profile.reservation_bid:
            reservation += float(tables[position][profile.reservation_bid[issue.id]])
    return Preferences(weights=weights, values=values, reservation=reservation)
