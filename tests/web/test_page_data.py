"""What the pages show, worked out from the views: labels, state, timeline, slider positions."""

from __future__ import annotations

from typing import Any

from accord.web import page_data as shown

from live import plant


def test_option_labels_read_as_words_and_numbers_stay_as_written() -> None:
    assert shown.option_label("temporary_truce") == "Temporary truce"
    assert shown.option_label("no_compulsory_redundancies") == "No compulsory redundancies"
    assert shown.option_label(3.5) == "3.5"
    assert shown.option_label(4.0) == "4"
    assert shown.option_label(22) == "22"


def test_issues_carry_names_descriptions_and_labels() -> None:
    issues = {i["id"]: i for i in shown.issues(plant())}
    assert issues["wage"]["numeric"] and issues["wage"]["options"][:3] == [0, 0.5, 1]
    assert issues["pension"]["labels"]["defined_benefit"] == "Defined benefit"
    assert issues["job_security"]["description"].startswith("What protects jobs")
    rows = shown.outcome_rows(list(issues.values()), plant()["proposals"][2]["outcome"])
    assert [r["label"] for r in rows] == [
        "3.5",
        "Hybrid",
        "Three years",
        "No compulsory redundancies",
        "Flexible rota",
    ]


def _answer(party: str, response: str) -> dict[str, Any]:
    return {"party": party, "response": response, "decision": None, "reason": "", "at": ""}


def test_state_comes_from_the_view_or_from_the_answers() -> None:
    proposal = {"id": "p1", "outcome": {"wage": 3}, "responses": []}
    view: dict[str, Any] = {"role": "mediator", "proposals": [proposal]}
    assert shown.session_state(view, ["a", "b"])["status"] == "open"
    proposal["responses"] = [_answer("a", "accept"), _answer("b", "request_time")]
    assert shown.session_state(view, ["a", "b"])["status"] == "open"
    proposal["responses"].append(_answer("b", "accept"))
    state = shown.session_state(view, ["a", "b"])
    assert state["status"] == "agreed" and state["label"] == "Agreed"
    assert state["agreement"] == {"proposal": "p1", "outcome": {"wage": 3}}
    # A party sees only its own answers: without an explicit state it cannot tell.
    assert shown.session_state({**view, "role": "party"}, ["a", "b"])["status"] == "open"
    explicit = {**view, "status": "broken_down", "agreement": None}
    assert shown.session_state(explicit, ["a", "b"]) == {
        "status": "broken_down",
        "label": "Broken down",
        "agreement": None,
    }


def test_timeline_tells_the_log_in_words() -> None:
    events = [
        {"kind": "session_created", "at": "2025-01-01T12:00:00+00:00", "payload": {}},
        {"kind": "proposal_made", "at": "2025-01-01T12:05:00+00:00", "payload": {"proposal": "p"}},
        {
            "kind": "response",
            "at": "2025-01-01T12:06:00+00:00",
            "payload": {"proposal": "p", "party": "u", "response": "reject", "reason": "too low"},
        },
        {
            "kind": "time_granted",
            "at": "2025-01-01T12:07:00+00:00",
            "payload": {"proposal": "p", "party": "u", "extra_seconds": 7200},
        },
        {"kind": "session_closed", "at": "2025-01-01T12:08:00+00:00", "payload": {}},
    ]
    told = shown.timeline(events, {"u": "Workers' union"}, {"p": 1})
    assert [t["text"] for t in told] == [
        "The session opened.",
        "The mediator tabled proposal 1.",
        "Workers' union rejected proposal 1: “too low”",
        "The mediator gave Workers' union 120 minutes more on proposal 1.",
        "Session closed.",
    ]
    assert told[0]["at"] == "1 Jan 12:00 UTC"
    assert [t["tone"] for t in told] == ["neutral", "info", "bad", "info", "neutral"]


def test_sliders_start_from_the_submission() -> None:
    issues = shown.issues(plant())
    union = plant()["preferences"]["union"]
    form = shown.preference_form(issues, union)
    by_issue = {entry["issue"]["id"]: entry for entry in form["issues"]}
    assert by_issue["wage"]["importance"] == 4 and by_issue["term"]["importance"] == 1
    assert [(r["option"], r["value"]) for r in by_issue["wage"]["rows"]] == [
        ("0", 0),
        ("2", 30),
        ("4", 70),
        ("8", 100),
    ]
    assert by_issue["pension"]["rows"][2] == {"option": "hybrid", "label": "Hybrid", "value": 75}
    assert form["reservation"] == 50
    # Uncertain numbers read as their midpoints; large weights are scaled into the slider.
    wide = {"weights": {"wage": {"low": 10, "high": 30}, "pension": 10}, "reservation": 0.2}
    form = shown.preference_form(issues, wide)
    importance = {e["issue"]["id"]: e["importance"] for e in form["issues"]}
    assert importance["wage"] == 10 and importance["pension"] == 5 and importance["term"] == 0
    assert form["reservation"] == 20


def test_sliders_without_a_submission_sit_in_the_middle() -> None:
    form = shown.preference_form(shown.issues(plant()), {})
    wage = form["issues"][0]
    assert [r["option"] for r in wage["rows"]] == ["0", "2", "4", "6", "8"]
    assert {r["value"] for e in form["issues"] for r in e["rows"]} == {50}
    assert {e["importance"] for e in form["issues"]} == {5}
