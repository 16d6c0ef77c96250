"""The copilot route and panel: mediator only, learned from answers, updated as they come."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from live import bearer, new_session, plant


def _answered(client: TestClient) -> dict[str, object]:
    made = new_session(client)
    sid, tokens = made["id"], made["party_tokens"]
    med = bearer(made["mediator_token"])
    for proposal in plant()["proposals"][:2]:
        pid = client.post(
            f"/api/sessions/{sid}/proposals", json={"outcome": proposal["outcome"]}, headers=med
        ).json()["id"]
        url = f"/api/sessions/{sid}/proposals/{pid}/responses"
        for party, answer in (("union", "reject"), ("management", "accept")):
            body = {"response": answer, "reason": "the wage is too low" if party == "union" else ""}
            assert client.post(url, json=body, headers=bearer(tokens[party])).status_code == 201
    return made


def test_only_the_mediator_may_ask_the_copilot(client: TestClient) -> None:
    made = _answered(client)
    other = new_session(client)
    url = f"/api/sessions/{made['id']}/copilot"
    refused = {
        **{p: bearer(t) for p, t in made["party_tokens"].items()},  # type: ignore[attr-defined]
        "other-session": bearer(other["mediator_token"]),
    }
    for who, headers in refused.items():
        assert client.get(url, headers=headers).status_code == 403, who
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer("y" * 43)).status_code == 401
    doc = client.get(url, headers=bearer(made["mediator_token"])).json()  # type: ignore[arg-type]
    assert doc["proposals"] == 2
    assert len(doc["suggestions"]) == 3
    for s in doc["suggestions"]:
        assert set(s["forecast"]) == {"union", "management"}
        assert 0 <= s["all_accept"] <= 1
        assert set(s["outcome"]) == {i["id"] for i in plant()["issues"]}
    union = doc["parties"]["union"]
    assert union["answers"] == 4  # two rejections and two reasons naming the wage
    for band in (*union["weights"].values(), union["reservation"], union["threshold"]):
        assert band["low"] <= band["mean"] <= band["high"]


def test_the_copilot_updates_as_answers_come_in(client: TestClient) -> None:
    made = new_session(client)
    sid, med = made["id"], bearer(made["mediator_token"])
    before = client.get(f"/api/sessions/{sid}/copilot", headers=med).json()
    assert before["proposals"] == 0
    assert client.get(f"/api/sessions/{sid}/copilot", headers=med).json() == before
    outcome = plant()["proposals"][0]["outcome"]
    pid = client.post(f"/api/sessions/{sid}/proposals", json={"outcome": outcome}, headers=med)
    url = f"/api/sessions/{sid}/proposals/{pid.json()['id']}/responses"
    token = made["party_tokens"]["management"]
    assert client.post(url, json={"response": "reject"}, headers=bearer(token)).status_code == 201
    after = client.get(f"/api/sessions/{sid}/copilot", headers=med).json()
    assert after["parties"]["management"]["answers"] == 1
    assert after["parties"]["union"]["answers"] == 0
    assert after["parties"]["management"] != before["parties"]["management"]


def test_the_mediator_page_shows_the_copilot(client: TestClient) -> None:
    made = _answered(client)
    page = client.get(f"/s/{made['id']}/mediator", params={"token": made["mediator_token"]})
    assert page.status_code == 200
    html = page.text
    assert 'id="copilot"' in html and "use-suggestion" in html
    assert html.count('data-forecast="union"') == 3
    assert 'id="copilot-parties"' in html
    party = client.get(
        f"/s/{made['id']}/party/union",
        params={"token": made["party_tokens"]["union"]},  # type: ignore[index]
    )
    assert 'id="copilot"' not in party.text and "use-suggestion" not in party.text
    assert json.loads(html.split('data-outcome="')[1].split('"')[0].replace("&#34;", '"'))
