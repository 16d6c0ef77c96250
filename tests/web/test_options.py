"""Options are taken as the scenario writes them; errors name the issue and its options."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from live import bearer, plant

MEDIATOR_TEXT = plant()["proposals"][2]["outcome"]


def _vacation_scenario() -> dict[str, Any]:
    """The plant contract with a discrete issue whose options are written as numbers."""
    scenario = plant()
    scenario["issues"].append(
        {"id": "vacation", "name": "Vacation days", "options": [20, 22, 25, 28]}
    )
    for party, worth in (("union", [0, 0.3, 0.7, 1]), ("management", [1, 0.8, 0.4, 0])):
        prefs = scenario["preferences"][party]
        prefs["weights"]["vacation"] = 1
        prefs["values"]["vacation"] = dict(zip([20, 22, 25, 28], worth, strict=True))
    for proposal in scenario["proposals"]:
        proposal["outcome"]["vacation"] = 22
    return scenario


@pytest.fixture
def session(client: TestClient) -> dict[str, Any]:
    made = client.post("/api/sessions", json={"scenario": _vacation_scenario()})
    assert made.status_code == 201, made.text
    created: dict[str, Any] = made.json()
    return created


@pytest.mark.parametrize(
    ("wage", "vacation"),
    [(3.5, 22), (3.5, "22"), ("3.5", 22.0), (3.5, " 22 "), ("3.50", "22.0")],
)
def test_either_form_of_a_label(
    client: TestClient, session: dict[str, Any], wage: Any, vacation: Any
) -> None:
    outcome = {**MEDIATOR_TEXT, "wage": wage, "vacation": vacation}
    url = f"/api/sessions/{session['id']}/proposals"
    made = client.post(url, json={"outcome": outcome}, headers=bearer(session["mediator_token"]))
    assert made.status_code == 201, made.text
    view = client.get(
        f"/api/sessions/{session['id']}", headers=bearer(session["mediator_token"])
    ).json()
    stored = view["proposals"][-1]["outcome"]
    assert stored["vacation"] == "22"
    assert stored["wage"] == 3.5


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"vacation": 21}, "issue 'vacation' has no option 21; its options are 20, 22, 25, 28"),
        ({"vacation": "twenty"}, "issue 'vacation' has no option 'twenty'"),
        ({"vacation": True}, "issue 'vacation' has no option"),
        ({"wage": 3.7}, "issue 'wage' has no option 3.7; its options are numbers from 0 to 8"),
        ({"wage": "lots"}, "issue 'wage' has no option 'lots'"),
        ({"pension": "gold"}, "its options are frozen, defined_contribution, hybrid"),
        ({"bonus": 1}, "no issue 'bonus' in this scenario; its issues are wage, pension"),
    ],
)
def test_errors_name_the_issue_and_its_options(
    client: TestClient, session: dict[str, Any], change: dict[str, Any], expected: str
) -> None:
    outcome = {**MEDIATOR_TEXT, "vacation": 22, **change}
    url = f"/api/sessions/{session['id']}/proposals"
    made = client.post(url, json={"outcome": outcome}, headers=bearer(session["mediator_token"]))
    assert made.status_code == 422
    detail = made.json()["detail"]
    assert detail.startswith("outcome: ")
    assert expected in detail
    assert "tuple" not in detail and "index" not in detail


def test_a_missing_issue_is_named(client: TestClient, session: dict[str, Any]) -> None:
    url = f"/api/sessions/{session['id']}/proposals"
    made = client.post(
        url, json={"outcome": MEDIATOR_TEXT}, headers=bearer(session["mediator_token"])
    )
    assert made.status_code == 422
    assert made.json()["detail"] == (
        "outcome: must give one option for each issue; missing vacation "
        "(issues: wage, pension, term, job_security, scheduling, vacation)"
    )


def test_preferences_take_options_as_written(client: TestClient, session: dict[str, Any]) -> None:
    union = bearer(session["party_tokens"]["union"])
    url = f"/api/sessions/{session['id']}/preferences"
    preferences = _vacation_scenario()["preferences"]["union"]
    preferences["values"]["vacation"] = {"20": 0, "22": 0.3, "25": 0.7, "28": 1}
    preferences["red_lines"].append({"id": "days", "forbid": {"vacation": [20, "22"]}})
    assert client.put(url, json={"preferences": preferences}, headers=union).status_code == 200
    preferences["red_lines"][-1] = {"id": "days", "forbid": {"vacation": [21]}}
    refused = client.put(url, json={"preferences": preferences}, headers=union)
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail == (
        "preferences: preferences.union.red_lines.days.forbid.vacation: unknown option of "
        "issue 'vacation': '21'; expected one of: 20, 22, 25, 28"
    )
