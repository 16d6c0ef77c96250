"""Reading a package as a person writes it: ``{issue id: option}`` with options as written.

A scenario file may write option labels as numbers (``options: [20, 22, 25, 28]``),
which the file format reads as the labels ``"20"``, ``"22"``, ... A proposal sent as
JSON may give either form, ``22`` or ``"22"`` (or ``22.0``); a numeric issue
(``range:``) takes a number or a number written as text. Every problem names the
issue and the options that exist, never an internal message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from accord.io.scenario.numbers import as_number
from accord.model.issues import Issue
from accord.model.scenario import Scenario

SHOWN_OPTIONS = 12
"""Options listed in a message before it says how many more there are."""


class OutcomeError(ValueError):
    """A package that does not name one existing option per issue (one paragraph)."""


def _shown(value: object) -> str:
    if isinstance(value, str):
        return repr(value[:60] + ("…" if len(value) > 60 else ""))
    if isinstance(value, bool | int | float):
        return repr(value)
    return f"a {type(value).__name__}"


def options_text(issue: Issue) -> str:
    """The options of ``issue`` as a message lists them."""
    if issue.numeric:
        first, last = float(issue.options[0]), float(issue.options[-1])
        step = float(issue.options[1]) - first if issue.size > 1 else 0.0
        return f"numbers from {first:g} to {last:g} in steps of {step:g}"
    shown = ", ".join(str(o) for o in issue.options[:SHOWN_OPTIONS])
    more = issue.size - SHOWN_OPTIONS
    return shown + (f" and {more} more" if more > 0 else "")


def option_position(issue: Issue, value: object) -> int:
    """Position of ``value`` among the options of ``issue``; :class:`OutcomeError` if none."""
    number = as_number(value)
    if issue.numeric:
        if number is not None:
            grid = [float(o) for o in issue.options]
            for position, option in enumerate(grid):
                if math.isclose(option, number, rel_tol=0.0, abs_tol=1e-9):
                    return position
        raise OutcomeError(
            f"issue {issue.id!r} has no option {_shown(value)}; "
            f"its options are {options_text(issue)}"
        )
    if isinstance(value, str) and value in issue.options:
        return issue.options.index(value)
    if number is not None:
        matches = [
            position
            for position, option in enumerate(issue.options)
            if (found := as_number(option)) is not None
            and math.isclose(found, number, rel_tol=0.0, abs_tol=1e-9)
        ]
        if len(matches) == 1:
            return matches[0]
    raise OutcomeError(
        f"issue {issue.id!r} has no option {_shown(value)}; its options are {options_text(issue)}"
    )


def outcome_index(scenario: Scenario, outcome: Mapping[str, Any]) -> int:
    """Outcome index of a complete package written ``{issue id: option}``.

    Raises :class:`OutcomeError` naming the missing or unknown issues, or the
    issue whose option does not exist and the options it has.
    """
    if not isinstance(outcome, Mapping):
        raise OutcomeError("must map each issue to one of its options")
    ids = [issue.id for issue in scenario.issues]
    missing = [i for i in ids if i not in outcome]
    unknown = sorted(str(k) for k in outcome if k not in ids)
    if unknown:
        raise OutcomeError(
            f"no issue {', '.join(repr(u) for u in unknown[:5])} in this scenario; "
            f"its issues are {', '.join(ids)}"
        )
    if missing:
        raise OutcomeError(
            f"must give one option for each issue; missing {', '.join(missing)} "
            f"(issues: {', '.join(ids)})"
        )
    index = 0
    for issue in scenario.issues:
        index = index * issue.size + option_position(issue, outcome[issue.id])
    return index
