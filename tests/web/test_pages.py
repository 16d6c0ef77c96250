"""The live-session pages without a browser: they render, stay private and refuse bad links."""

from __future__ import annotations

from fastapi.testclient import TestClient

from live import ROOT, bearer, new_session, plant

UNION_MARK = "MARKER-union-7f3a"
MANAGEMENT_MARK = "MARKER-management-c91e"


def _marked(party: str, mark: str) -> dict[str, object]:
    prefs = plant()["preferences"][party]
    prefs["red_lines"][0]["text"] = f"{mark} red line"
    return prefs


def _session_with_marks(client: TestClient) -> dict[str, object]:
    made = new_session(client)
    sid, tokens = made["id"], made["party_tokens"]
    for party, mark in (("union", UNION_MARK), ("management", MANAGEMENT_MARK)):
        body = {"preferences": _marked(party, mark)}
        put = client.put(
            f"/api/sessions/{sid}/preferences", json=body, headers=bearer(tokens[party])
        )
        assert put.status_code == 200, put.text
    outcome = plant()["proposals"][2]["outcome"]
    pid = client.post(
        f"/api/sessions/{sid}/proposals",
        json={"outcome": outcome},
        headers=bearer(made["mediator_token"]),
    ).json()["id"]
    url = f"/api/sessions/{sid}/proposals/{pid}/responses"
    reject = {"response": "reject", "reason": f"{MANAGEMENT_MARK} reason"}
    assert client.post(url, json=reject, headers=bearer(tokens["management"])).status_code == 201
    ask = {"response": "request_time", "reason": f"{UNION_MARK} reason"}
    assert client.post(url, json=ask, headers=bearer(tokens["union"])).status_code == 201
    return made


def test_create_page_opens_a_session_from_yaml(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "<h1>Open a live session</h1>" in page.text
    text = (ROOT / "examples" / "plant-contract.yaml").read_text("utf-8")
    made = client.post("/s", json={"text": text})
    assert made.status_code == 201, made.text
    links = made.json()
    assert set(links["parties"]) == {"union", "management"}
    assert client.get(links["mediator"]).status_code == 200
    for link in links["parties"].values():
        assert client.get(link).status_code == 200


def test_create_refuses_bad_scenarios(client: TestClient) -> None:
    assert client.post("/s", json={"text": "name: [unclosed"}).status_code == 422
    bad = client.post("/s", json={"text": "name: x\nparties: 3\n"})
    assert bad.status_code == 422
    assert "parties" in bad.json()["detail"]


def test_party_pages_never_show_the_other_party(client: TestClient) -> None:
    made = _session_with_marks(client)
    sid, tokens = made["id"], made["party_tokens"]
    union = client.get(f"/s/{sid}/party/union", params={"token": tokens["union"]})
    management = client.get(f"/s/{sid}/party/management", params={"token": tokens["management"]})
    assert union.status_code == management.status_code == 200
    assert UNION_MARK in union.text and MANAGEMENT_MARK not in union.text
    assert MANAGEMENT_MARK in management.text and UNION_MARK not in management.text
    assert "Accept" in union.text and "waiting for the mediator" in union.text
    assert tokens["management"] not in union.text and made["mediator_token"] not in union.text


def test_mediator_page_shows_status_answers_requests_and_analysis(client: TestClient) -> None:
    made = _session_with_marks(client)
    sid = made["id"]
    page = client.get(f"/s/{sid}/mediator", params={"token": made["mediator_token"]})
    assert page.status_code == 200
    text = page.text
    assert "No agreement" in text
    assert "ZOPA:" in text and 'id="nash"' in text
    assert f"{MANAGEMENT_MARK} reason" in text
    assert "Grant more time to Workers" in text and "Refuse more time" in text
    assert f"/s/{sid}/chart.png?token=" in text
    chart = client.get(f"/s/{sid}/chart.png", params={"token": made["mediator_token"]})
    assert chart.status_code == 200
    assert chart.content.startswith(b"\x89PNG")
    # The proposal form starts from the recommended package: one choice per issue.
    assert "starts from the recommended (Nash) package" in text
    assert text.count(" selected>") == 5


def test_mediator_page_before_submissions(client: TestClient) -> None:
    made = new_session(client)
    page = client.get(f"/s/{made['id']}/mediator", params={"token": made["mediator_token"]})
    assert page.status_code == 200
    assert "not submitted" in page.text and "waiting for preferences" in page.text
    chart = client.get(f"/s/{made['id']}/chart.png", params={"token": made["mediator_token"]})
    assert chart.status_code == 409


def test_bad_tokens_get_403_pages(client: TestClient) -> None:
    made = new_session(client)
    other = new_session(client)
    sid, tokens = made["id"], made["party_tokens"]
    refused = [
        f"/s/{sid}/mediator",
        f"/s/{sid}/mediator?token=nonsense",
        f"/s/{sid}/mediator?token={tokens['union']}",
        f"/s/{sid}/mediator?token={other['mediator_token']}",
        f"/s/{sid}/party/union?token={tokens['management']}",
        f"/s/{sid}/party/union?token={made['mediator_token']}",
        f"/s/{sid}/party/union?token={other['party_tokens']['union']}",
        f"/s/{sid}/chart.png?token={tokens['union']}",
        f"/s/nosuch/party/union?token={tokens['union']}",
    ]
    for url in refused:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Access refused" in response.text
        assert "text/html" in response.headers["content-type"]


def test_static_files(client: TestClient) -> None:
    assert client.get("/static/accord.js").status_code == 200
    assert client.get("/static/accord.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../pages.py").status_code == 404


def test_pages_need_no_inline_script_and_follow_the_stream(client: TestClient) -> None:
    import re

    made = _session_with_marks(client)
    sid, tokens = made["id"], made["party_tokens"]
    pages = [
        client.get("/"),
        client.get(f"/s/{sid}/mediator", params={"token": made["mediator_token"]}),
        client.get(f"/s/{sid}/party/union", params={"token": tokens["union"]}),
        client.get(f"/s/{sid}/party/management", params={"token": tokens["management"]}),
        client.get(f"/s/{sid}/mediator"),
    ]
    for page in pages:
        html = page.text
        # Scripts come from /static only, with no inline handlers or styles, so a strict
        # Content-Security-Policy works.
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/accord.js">']
        assert not re.search(r"\son[a-z]+=", html)
        assert not re.search(r"\sstyle=", html)
    log = client.get(f"/api/sessions/{sid}/events", headers=bearer(made["mediator_token"]))
    for page in pages[1:4]:
        assert 'id="connection"' in page.text
        position = re.search(r'data-position="(-?\d+)"', page.text)
        # The page's stream starts after the last entry of the log when it was rendered.
        assert position is not None and int(position.group(1)) == log.json()[-1]["position"]
    # Labels, not ids.
    assert "No compulsory redundancies" in pages[2].text
    assert ">no_compulsory_redundancies<" not in pages[2].text
