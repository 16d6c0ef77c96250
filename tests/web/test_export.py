"""The export of a live session, read back by ``accord analyze`` and ``accord replay``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.cli.app import app

from live import Clock, bearer, new_session, plant

MEDIATOR_TEXT = plant()["proposals"][2]["outcome"]
UNION_TEXT = plant()["proposals"][0]["outcome"]


def _post(client: TestClient, url: str, body: dict[str, Any], token: str) -> Any:
    response = client.post(url, json=body, headers=bearer(token))
    assert response.is_success, response.text
    return response.json()


def _talks(client: TestClient, clock: Clock) -> dict[str, Any]:
    """Two rounds: a rejection, then a request for time, granted, and agreement."""
    made = new_session(client)
    sid, med, tokens = made["id"], made["mediator_token"], made["party_tokens"]
    for party, token in tokens.items():
        prefs = plant()["preferences"][party]
        prefs["reservation"] = 0.4
        put = client.put(
            f"/api/sessions/{sid}/preferences", json={"preferences": prefs}, headers=bearer(token)
        )
        assert put.status_code == 200
    first = _post(client, f"/api/sessions/{sid}/proposals", {"outcome": UNION_TEXT}, med)["id"]
    _post(
        client,
        f"/api/sessions/{sid}/proposals/{first}/responses",
        {"response": "reject", "reason": "wages"},
        tokens["management"],
    )
    clock.advance(60)
    second = _post(client, f"/api/sessions/{sid}/proposals", {"outcome": MEDIATOR_TEXT}, med)["id"]
    answers = f"/api/sessions/{sid}/proposals/{second}/responses"
    _post(client, answers, {"response": "request_time"}, tokens["management"])
    _post(
        client,
        f"/api/sessions/{sid}/proposals/{second}/time",
        {"grant": True, "extra_seconds": 600},
        med,
    )
    _post(client, answers, {"response": "accept"}, tokens["union"])
    _post(client, answers, {"response": "accept"}, tokens["management"])
    return made


def _export(client: TestClient, made: dict[str, Any]) -> Any:
    response = client.get(
        f"/api/sessions/{made['id']}/export", headers=bearer(made["mediator_token"])
    )
    assert response.status_code == 200, response.text
    return response.json()


def _files(export: dict[str, Any], folder: Path, suffix: str = ".json") -> tuple[Path, Path]:
    scenario, log = folder / f"scenario{suffix}", folder / "talks.jsonl"
    if suffix == ".json":
        scenario.write_text(json.dumps(export["scenario"]), encoding="utf-8")
    else:
        scenario.write_text(yaml.safe_dump(export["scenario"]), encoding="utf-8")
    log.write_text(export["log"], encoding="utf-8")
    return scenario, log


def test_export_is_mediator_only(client: TestClient) -> None:
    made = new_session(client)
    url = f"/api/sessions/{made['id']}/export"
    for token in made["party_tokens"].values():
        assert client.get(url, headers=bearer(token)).status_code == 403
    assert client.get(url).status_code == 401


def test_analyze_and_replay_read_the_export(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    made = _talks(client, clock)
    export = _export(client, made)
    assert export["status"] == "agreed"
    assert [s["party"] for s in export["submissions"]] == ["management", "union"]
    assert export["scenario"]["preferences"]["union"]["reservation"] == 0.4
    kinds = [e["kind"] for e in export["events"]]
    assert kinds[0] == "session_created" and kinds[-1] == "agreement"
    assert all(e["prev_hash"] and e["hash"] for e in export["events"])

    runner = CliRunner()
    for suffix in (".json", ".yaml"):
        scenario, log = _files(export, tmp_path, suffix)
        analysed = runner.invoke(app, ["analyze", str(scenario), "--json"])
        assert analysed.exit_code == 0, analysed.output
        api = client.get(
            f"/api/sessions/{made['id']}/analysis", headers=bearer(made["mediator_token"])
        )
        assert json.loads(analysed.output) == api.json()
        replayed = runner.invoke(app, ["replay", str(log), "--scenario", str(scenario)])
        assert replayed.exit_code == 0, replayed.output
        assert "replayed exactly: 8 events of a live session (agreement)" in replayed.output

    lines = [json.loads(line) for line in export["log"].splitlines()]
    assert lines[0]["protocol"] == "live"
    assert lines[0]["agents"] == {"union": "human", "management": "human"}
    assert [(e["round"], e["sender"], e["kind"]) for e in lines[1:]] == [
        (1, "state", "propose"),
        (1, "management", "reject"),
        (2, "state", "propose"),
        (2, "management", "request_time"),
        (2, "state", "grant_time"),
        (2, "union", "accept"),
        (2, "management", "accept"),
        (2, "state", "agreement"),
    ]


def test_replay_refuses_a_changed_log(client: TestClient, clock: Clock, tmp_path: Path) -> None:
    export = _export(client, _talks(client, clock))
    scenario, log = _files(export, tmp_path)
    lines = export["log"].splitlines()
    runner = CliRunner()

    changed = [*lines[:-2], lines[-2].replace('"accept"', '"reject"'), lines[-1]]
    log.write_text("\n".join(changed) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["replay", str(log), "--scenario", str(scenario)])
    assert result.exit_code == 1
    assert (
        "the log has round 2: state" in result.output
        and "the rules give nothing more" in result.output
    )

    log.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["replay", str(log), "--scenario", str(scenario)])
    assert result.exit_code == 1
    assert "at event 8" in result.output

    twice = [*lines, lines[-2]]
    log.write_text("\n".join(twice) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["replay", str(log), "--scenario", str(scenario)])
    assert result.exit_code == 1
    assert (
        "does not follow the rules of a live session: an answer after the talks ended"
        in result.output
    )

    other = plant()
    scenario.write_text(json.dumps(other), encoding="utf-8")
    log.write_text(export["log"], encoding="utf-8")
    result = runner.invoke(app, ["replay", str(log), "--scenario", str(scenario)])
    assert result.exit_code == 2
    assert "holds different data" in result.output


def test_each_version_and_a_breakdown(client: TestClient, tmp_path: Path) -> None:
    made = new_session(client)
    sid, med = made["id"], made["mediator_token"]
    _post(client, f"/api/sessions/{sid}/proposals", {"outcome": UNION_TEXT}, med)
    revised = plant()
    revised["issues"][2]["options"].append("four_years")
    for party in ("union", "management"):
        revised["preferences"][party]["values"]["term"]["four_years"] = 0.5
    put = client.put(
        f"/api/sessions/{sid}/scenario", json={"scenario": revised}, headers=bearer(med)
    )
    assert put.status_code == 200
    pid = _post(
        client,
        f"/api/sessions/{sid}/proposals",
        {"outcome": {**MEDIATOR_TEXT, "term": "four_years"}},
        med,
    )["id"]
    _post(
        client,
        f"/api/sessions/{sid}/proposals/{pid}/responses",
        {"response": "reject"},
        made["party_tokens"]["union"],
    )
    _post(client, f"/api/sessions/{sid}/breakdown", {"reason": "wages"}, med)
    export = _export(client, made)
    assert [v["version"] for v in export["versions"]] == [1, 2]
    assert export["log"] == export["versions"][1]["log"]
    runner = CliRunner()
    outputs = []
    for version in export["versions"]:
        folder = tmp_path / str(version["version"])
        folder.mkdir()
        scenario, log = _files(version, folder)
        result = runner.invoke(app, ["replay", str(log), "--scenario", str(scenario)])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert "replayed exactly: 1 event of a live session (no agreement)" in outputs[0]
    assert "replayed exactly: 3 events of a live session (no agreement)" in outputs[1]
    last = json.loads(export["log"].splitlines()[-1])
    assert (last["kind"], last["payload"]) == (
        "breakdown",
        {"reason": "declared by the mediator: wages"},
    )
