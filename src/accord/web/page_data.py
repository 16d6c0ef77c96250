"""What the live pages show, worked out from a role's session view: labels, state, timeline.

Pure functions over the JSON views of :mod:`accord.store.views`, so that the pages
show nothing the same role could not read from the API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

STATES = {
    "open": "Open",
    "agreed": "Agreed",
    "broken_down": "Broken down",
    "closed": "Closed",
}
"""A session's state as the pages name it."""


def option_label(option: Any) -> str:
    """An option as people read it: ``temporary_truce`` -> ``Temporary truce``.

    Numbers stay as written.
    """
    if isinstance(option, bool) or not isinstance(option, str):
        return number_text(option) if isinstance(option, int | float) else str(option)
    text = option.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else option


def number_text(value: float) -> str:
    """A number without a trailing ``.0``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def issue_options(issue: dict[str, Any]) -> list[Any]:
    """The options of an issue as the scenario data gives them (a range gives its grid)."""
    if "options" in issue:
        return list(issue["options"])
    span = issue.get("range") or {}
    low, high = float(span.get("min", 0)), float(span.get("max", 0))
    step = float(span.get("step") or 1)
    count = round((high - low) / step) + 1
    grid = [low + k * step for k in range(count)]
    return [int(x) if float(x).is_integer() else round(x, 10) for x in grid]


def issues(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    """Each issue with its name, description and options, each option with its label."""
    out = []
    for issue in scenario.get("issues") or []:
        options = issue_options(issue)
        out.append(
            {
                "id": str(issue["id"]),
                "name": issue.get("name") or option_label(str(issue["id"])),
                "description": (issue.get("description") or "").strip(),
                "options": options,
                "labels": {str(o): option_label(o) for o in options},
                "numeric": "range" in issue,
            }
        )
    return out


def outcome_rows(issue_list: list[dict[str, Any]], outcome: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a package's table: issue, option id and option label."""
    rows = []
    for issue in issue_list:
        value = outcome.get(issue["id"])
        label = issue["labels"].get(str(value)) or option_label(value)
        if issue["numeric"] and isinstance(value, int | float):
            label = number_text(value)
        rows.append({"issue": issue, "value": value, "label": label})
    return rows


def final_answers(proposal: dict[str, Any]) -> dict[str, str]:
    """Each party's accept or reject of a proposal (requests for time are not answers)."""
    return {
        r["party"]: r["response"]
        for r in proposal.get("responses") or []
        if r["response"] in ("accept", "reject")
    }


def proposal_status(proposal: dict[str, Any], parties: list[str]) -> str:
    """``agreed`` when every party accepted, ``rejected`` when one rejected, else ``open``."""
    final = final_answers(proposal)
    if any(answer == "reject" for answer in final.values()):
        return "rejected"
    if parties and all(final.get(p) == "accept" for p in parties):
        return "agreed"
    return "open"


def session_state(view: dict[str, Any], parties: list[str]) -> dict[str, Any]:
    """The session's state and agreement: the view's own when it says, else from the answers.

    A party sees only its own answers, so for a party without an explicit state in
    the view the session reads as ``open``.
    """
    proposals = view.get("proposals") or []
    status = view.get("status")
    agreement = view.get("agreement")
    if status is None:
        status = "open"
        if view.get("role") == "mediator":
            for proposal in proposals:
                if proposal_status(proposal, parties) == "agreed":
                    status = "agreed"
                    agreement = {"proposal": proposal["id"], "outcome": proposal["outcome"]}
    label = STATES.get(status, option_label(status))
    return {"status": status, "label": label, "agreement": agreement}


def when(stamp: str | None) -> str:
    """A stored ISO time as people read it: ``3 Dec 14:05 UTC``."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %H:%M} UTC"


def _minutes(seconds: Any) -> str:
    minutes = round(float(seconds or 0) / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def timeline(
    events: list[dict[str, Any]], names: dict[str, str], numbers: dict[str, int]
) -> list[dict[str, str]]:
    """The event log told in plain words, oldest first.

    ``numbers`` gives each proposal's number in the session (1, 2, ...).
    """
    told = []
    for event in events:
        payload = event.get("payload") or {}
        party = names.get(payload.get("party", ""), payload.get("party", ""))
        number = numbers.get(payload.get("proposal", ""))
        proposal = f"proposal {number}" if number else "a proposal"
        kind = event.get("kind", "")
        if kind == "session_created":
            text, tone = "The session opened.", "neutral"
        elif kind == "preferences_submitted":
            text, tone = f"{party} submitted its preferences.", "neutral"
        elif kind == "proposal_made":
            due = payload.get("respond_by")
            text = f"The mediator tabled {proposal}"
            text += f", answers due {when(due)}." if due else "."
            tone = "info"
        elif kind == "response":
            answer = payload.get("response", "")
            verbs = {"accept": "accepted", "reject": "rejected"}
            verb = verbs.get(answer, "asked for more time on")
            reason = (payload.get("reason") or "").strip()
            text = f"{party} {verb} {proposal}" + (f": “{reason}”" if reason else ".")
            tone = {"accept": "good", "reject": "bad"}.get(answer, "warn")
        elif kind == "time_granted":
            extra = _minutes(payload.get("extra_seconds"))
            text, tone = f"The mediator gave {party} {extra} more on {proposal}.", "info"
        elif kind == "time_refused":
            text, tone = f"The mediator refused {party} more time on {proposal}.", "warn"
        elif kind == "released":
            what = payload.get("what", "")
            to = ", ".join(names.get(p, p) for p in payload.get("to") or [])
            text, tone = f"The mediator released {party}'s {what} to {to}.", "neutral"
        else:
            text, tone = option_label(kind) + ".", "neutral"
        told.append({"at": when(event.get("at")), "text": text, "tone": tone, "kind": kind})
    return told


def point(value: Any) -> float | None:
    """A number as a form shows it: a range ``{low, high}`` by its midpoint, ``{mean, sd}`` by
    its mean (the point profile the analysis uses); ``None`` when it is not a number."""
    if isinstance(value, dict):
        if "mean" in value:
            return point(value["mean"])
        if "low" in value and "high" in value:
            low, high = point(value["low"]), point(value["high"])
            return None if low is None or high is None else (low + high) / 2
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


IMPORTANCE_MAX = 10
"""The top of the importance sliders (weights are relative, so the scale is free)."""


def preference_form(issue_list: list[dict[str, Any]], submission: dict[str, Any]) -> dict[str, Any]:
    """The starting positions of a party's sliders: its submission, or the middle of each scale.

    Importance runs 0 to :data:`IMPORTANCE_MAX` in half steps, values and the walk-away
    point 0 to 100 (the form sends them divided by 100).
    """
    weights = {str(k): point(v) for k, v in (submission.get("weights") or {}).items()}
    given = [w for w in weights.values() if w is not None and w > 0]
    scale = IMPORTANCE_MAX / max(given) if given and max(given) > IMPORTANCE_MAX else 1.0
    tables = {str(k): v for k, v in (submission.get("values") or {}).items() if isinstance(v, dict)}
    out = []
    for issue in issue_list:
        weight = weights.get(issue["id"])
        if submission and weight is None:
            weight = 0.0 if submission.get("weights") else 1.0
        importance = IMPORTANCE_MAX / 2 if weight is None else round(weight * scale * 2) / 2
        table = {str(k): point(v) for k, v in tables.get(issue["id"], {}).items()}
        if issue["numeric"]:
            grid = issue["options"]
            marks = sorted({m for m in map(_number, table) if m is not None})
            if not marks:
                picks = {round(q * (len(grid) - 1)) for q in (0, 0.25, 0.5, 0.75, 1)}
                marks = [float(grid[i]) for i in sorted(picks)]
            points = [(number_text(m), _percent(table.get(_key(table, m)))) for m in marks]
            rows = [{"option": p, "label": p, "value": v} for p, v in points]
        else:
            rows = [
                {
                    "option": str(o),
                    "label": issue["labels"][str(o)],
                    "value": _percent(table.get(str(o))),
                }
                for o in issue["options"]
            ]
        out.append({"issue": issue, "importance": min(importance, IMPORTANCE_MAX), "rows": rows})
    reservation = point(submission.get("reservation"))
    return {
        "issues": out,
        "reservation": _percent(reservation or 0.0) if submission else 50,
        "importance_max": IMPORTANCE_MAX,
    }


def _number(key: str) -> float | None:
    try:
        return float(key)
    except ValueError:
        return None


def _key(table: dict[str, float | None], mark: float) -> str:
    return next((k for k in table if _number(k) == mark), "")


def _percent(value: float | None) -> int:
    return 50 if value is None else max(0, min(100, round(100 * value)))
