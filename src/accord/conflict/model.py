"""The conflict model: decision makers, their options, feasibility rules, irreversible
moves, the status quo and each decision maker's preferences.

Everything here is plain frozen data, checked when built: a :class:`ConflictError` names the
field (``decision_makers.israel.options``) and what is wrong with it, so that the file
reader can report it in one paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RuleKind = Literal["mutually_exclusive", "at_least_one", "requires", "states", "never"]
Direction = Literal["yes_to_no_forbidden", "no_to_yes_forbidden"]
MAX_OPTIONS = 24
"""Most options a conflict may have (2^24 candidate states are enumerated)."""


class ConflictError(ValueError):
    """A conflict model is inconsistent; ``field`` is a dotted path, ``problem`` the reason."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


@dataclass(frozen=True)
class DecisionMaker:
    """A decision maker and the options it controls (each either taken or not)."""

    id: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A feasibility rule that removes states.

    ``mutually_exclusive``: at most one of ``options`` is taken; ``at_least_one``: one or
    more is; ``requires``: ``options[0]`` only together with every one of ``needs``;
    ``states``: each of ``states`` (its "yes" options) is removed; ``never``: none of
    ``options`` is ever taken (what a removed option becomes in a what-if).
    """

    kind: RuleKind
    options: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    states: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Irreversible:
    """A move that cannot happen: ``option`` never goes from yes to no (or no to yes)."""

    option: str
    direction: Direction = "yes_to_no_forbidden"


@dataclass(frozen=True)
class Statements:
    """Option prioritisation: statements in priority order, the first the most important."""

    statements: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    """An explicit preference: tiers of state keys, best first (ties within a tier)."""

    tiers: tuple[tuple[str, ...], ...]


Preference = Statements | Ranking


@dataclass(frozen=True)
class Conflict:
    """A graph model of a conflict in option form."""

    decision_makers: tuple[DecisionMaker, ...]
    preferences: dict[str, Preference]
    rules: tuple[Rule, ...] = ()
    irreversible: tuple[Irreversible, ...] = ()
    status_quo: tuple[str, ...] | None = None
    coalitions: tuple[tuple[str, ...], ...] = ()
    options: tuple[str, ...] = field(init=False)
    owner: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        options: list[str] = []
        owner: dict[str, str] = {}
        seen_dm: set[str] = set()
        if len(self.decision_makers) < 2:
            raise ConflictError("decision_makers", "a conflict needs at least two decision makers")
        for dm in self.decision_makers:
            if dm.id in seen_dm:
                raise ConflictError(f"decision_makers.{dm.id}", "this id is used twice")
            seen_dm.add(dm.id)
            if not dm.options:
                raise ConflictError(f"decision_makers.{dm.id}.options", "must not be empty")
            for option in dm.options:
                if option in owner:
                    raise ConflictError(
                        f"decision_makers.{dm.id}.options",
                        f"option {option!r} is already controlled by {owner[option]}; "
                        "option names must be unique across decision makers",
                    )
                if "," in option or not option.strip() or option in _WORDS:
                    raise ConflictError(
                        f"decision_makers.{dm.id}.options",
                        f"{option!r} cannot be an option name (no commas, not empty, "
                        f"not one of {', '.join(sorted(_WORDS))})",
                    )
                owner[option] = dm.id
                options.append(option)
        if len(options) > MAX_OPTIONS:
            raise ConflictError(
                "decision_makers", f"{len(options)} options; at most {MAX_OPTIONS} are supported"
            )
        object.__setattr__(self, "options", tuple(options))
        object.__setattr__(self, "owner", owner)
        self._check_references()

    def _check_references(self) -> None:
        known = set(self.options)

        def check(where: str, names: tuple[str, ...]) -> None:
            for name in names:
                if name not in known:
                    raise ConflictError(where, _unknown(name, self.options))

        for position, rule in enumerate(self.rules):
            where = f"infeasible[{position}]"
            check(where, rule.options + rule.needs)
            for state in rule.states:
                check(where, state)
            if rule.kind in ("mutually_exclusive", "at_least_one") and len(rule.options) < 1:
                raise ConflictError(where, "list at least one option")
        for position, item in enumerate(self.irreversible):
            check(f"irreversible[{position}]", (item.option,))
        if self.status_quo is not None:
            check("status_quo", self.status_quo)
        ids = self.dm_ids
        for position, coalition in enumerate(self.coalitions):
            for member in coalition:
                if member not in ids:
                    raise ConflictError(
                        f"coalitions[{position}]", _unknown(member, ids, "decision maker")
                    )
            if len(set(coalition)) < 2:
                raise ConflictError(
                    f"coalitions[{position}]", "a coalition needs two or more members"
                )
        for dm in ids:
            if dm not in self.preferences:
                raise ConflictError(f"preferences.{dm}", "required but missing")
        for dm in self.preferences:
            if dm not in ids:
                raise ConflictError(f"preferences.{dm}", _unknown(dm, ids, "decision maker"))

    @property
    def dm_ids(self) -> tuple[str, ...]:
        """The decision makers' ids, in file order."""
        return tuple(dm.id for dm in self.decision_makers)


_WORDS = frozenset({"and", "or", "not", "if", "iff"})


def _unknown(name: str, choices: tuple[str, ...], what: str = "option") -> str:
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"unknown {what} {name!r}; expected one of: {shown}"


def state_key(yes: tuple[str, ...] | list[str]) -> str:
    """A state's name: its "yes" options sorted alphabetically and joined by ``,``."""
    return ",".join(sorted(yes))
