"""What-if analysis: change the model a little and see which equilibria appear or vanish.

Changes are written as short commands (see ``docs/conflict.md``):

* ``add DM.OPTION`` gives ``DM`` a new option; ranked preferences are indifferent to it,
  statements can then mention it (``statement ...``);
* ``remove DM.OPTION`` takes the option away: it is never taken, statements about it read
  it as "no";
* ``statement DM.K = TEXT`` replaces ``DM``'s K-th statement (K counted from 1; one past the
  last appends), ``drop DM.K`` deletes it;
* ``irreversible OPTION`` (or ``irreversible OPTION no_to_yes``) forbids undoing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from accord.conflict.model import (
    Conflict,
    ConflictError,
    DecisionMaker,
    Irreversible,
    Ranking,
    Rule,
    Statements,
)
from accord.conflict.stability import CONCEPTS, StabilityResult

_ADD = re.compile(r"^\s*(add|remove)\s+([^\s.]+)\.([^\s]+)\s*$")
_STATEMENT = re.compile(r"^\s*statement\s+([^\s.]+)\.(\d+)\s*=\s*(.+?)\s*$")
_DROP = re.compile(r"^\s*drop\s+([^\s.]+)\.(\d+)\s*$")
_IRREVERSIBLE = re.compile(r"^\s*irreversible\s+(\S+)(?:\s+(yes_to_no|no_to_yes))?\s*$")
SYNTAX = (
    "expected 'add DM.OPTION', 'remove DM.OPTION', 'statement DM.K = TEXT', 'drop DM.K' "
    "or 'irreversible OPTION [yes_to_no|no_to_yes]'"
)


def _dm(conflict: Conflict, dm: str, change: str) -> DecisionMaker:
    for item in conflict.decision_makers:
        if item.id == dm:
            return item
    raise ConflictError(
        change, f"unknown decision maker {dm!r}; expected one of: " + ", ".join(conflict.dm_ids)
    )


def _statements(conflict: Conflict, dm: str, change: str) -> list[str]:
    spec = conflict.preferences[dm]
    if not isinstance(spec, Statements):
        raise ConflictError(change, f"{dm}'s preferences are a ranking, not statements")
    return list(spec.statements)


def apply_change(conflict: Conflict, change: str) -> Conflict:
    """The conflict after one what-if ``change``; raises :class:`ConflictError` if bad."""
    prefs = dict(conflict.preferences)
    if match := _ADD.match(change):
        verb, dm, option = match.groups()
        owner = _dm(conflict, dm, change)
        if verb == "add":
            if option in conflict.owner:
                raise ConflictError(change, f"option {option!r} already exists")
            dms = tuple(
                replace(d, options=(*d.options, option)) if d.id == dm else d
                for d in conflict.decision_makers
            )
            for who, spec in prefs.items():
                if isinstance(spec, Ranking):
                    prefs[who] = Ranking(
                        tuple(
                            tuple(k for key in tier for k in (key, _with(key, option)))
                            for tier in spec.tiers
                        )
                    )
            return replace(conflict, decision_makers=dms, preferences=prefs)
        if option not in owner.options:
            raise ConflictError(change, f"{dm} has no option {option!r}")
        for who, spec in prefs.items():
            if isinstance(spec, Ranking):
                prefs[who] = Ranking(
                    tuple(
                        kept
                        for tier in spec.tiers
                        if (kept := tuple(k for k in tier if option not in k.split(",")))
                    )
                )
        status_quo = conflict.status_quo
        if status_quo is not None:
            status_quo = tuple(o for o in status_quo if o != option)
        return replace(
            conflict,
            rules=(*conflict.rules, Rule("never", (option,))),
            preferences=prefs,
            status_quo=status_quo,
        )
    if match := _STATEMENT.match(change):
        dm, number, text = match.groups()
        _dm(conflict, dm, change)
        statements = _statements(conflict, dm, change)
        k = int(number)
        if not 1 <= k <= len(statements) + 1:
            raise ConflictError(
                change,
                f"{dm} has {len(statements)} statements; K must be "
                f"between 1 and {len(statements) + 1}",
            )
        statements[k - 1 : k] = [text]
        prefs[dm] = Statements(tuple(statements))
        return replace(conflict, preferences=prefs)
    if match := _DROP.match(change):
        dm, number = match.groups()
        _dm(conflict, dm, change)
        statements = _statements(conflict, dm, change)
        k = int(number)
        if not 1 <= k <= len(statements):
            raise ConflictError(change, f"{dm} has {len(statements)} statements")
        del statements[k - 1]
        prefs[dm] = Statements(tuple(statements))
        return replace(conflict, preferences=prefs)
    if match := _IRREVERSIBLE.match(change):
        option, way = match.groups()
        item = Irreversible(option, "no_to_yes_forbidden" if way else "yes_to_no_forbidden")
        if way == "yes_to_no":
            item = Irreversible(option)
        return replace(conflict, irreversible=(*conflict.irreversible, item))
    raise ConflictError(change, SYNTAX)


def _with(key: str, option: str) -> str:
    return ",".join(sorted([*(p for p in key.split(",") if p), option]))


@dataclass(frozen=True)
class Comparison:
    """Equilibria before and after a change, per concept (state keys)."""

    before: dict[str, tuple[str, ...]]
    after: dict[str, tuple[str, ...]]

    def appear(self, concept: str) -> tuple[str, ...]:
        """Equilibria under ``concept`` that exist only after the change."""
        return tuple(k for k in self.after[concept] if k not in self.before[concept])

    def vanish(self, concept: str) -> tuple[str, ...]:
        """Equilibria under ``concept`` that exist only before the change."""
        return tuple(k for k in self.before[concept] if k not in self.after[concept])


def compare(before: StabilityResult, after: StabilityResult) -> Comparison:
    """Which equilibria appear and vanish between two analyses."""
    return Comparison(
        {c: tuple(before.equilibrium_keys(c)) for c in CONCEPTS},
        {c: tuple(after.equilibrium_keys(c)) for c in CONCEPTS},
    )
